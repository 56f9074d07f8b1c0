import { ValidationRule } from './validation';

/**
 * EKS Capabilities: managed Argo CD, AWS Controllers for Kubernetes (ACK) and
 * Kube Resource Orchestrator (kro) that EKS runs outside the cluster
 * (https://docs.aws.amazon.com/eks/latest/userguide/capabilities.html). The
 * vocabulary the action, the health model and the entity page share, and
 * the input rules a request is checked against before any AWS call.
 *
 * @packageDocumentation
 */

/** The capability types EKS offers (CreateCapability's `type`). @public */
export const CAPABILITY_TYPES = ['ARGOCD', 'ACK', 'KRO'] as const;

/** One of {@link CAPABILITY_TYPES}. @public */
export type CapabilityType = (typeof CAPABILITY_TYPES)[number];

/** What each type is, as a person reads it. @public */
export const CAPABILITY_TYPE_TITLES: Record<CapabilityType, string> = {
  ARGOCD: 'Argo CD (GitOps continuous delivery)',
  ACK: 'AWS Controllers for Kubernetes (AWS resources from Kubernetes)',
  KRO: 'kro, Kube Resource Orchestrator (custom resource composition)',
};

/** The service principal a capability role must trust. @public */
export const CAPABILITY_SERVICE_PRINCIPAL = 'capabilities.eks.amazonaws.com';

/** The delete propagation policies EKS accepts (only RETAIN today). @public */
export const CAPABILITY_DELETE_PROPAGATION_POLICIES = ['RETAIN'] as const;

/** One of {@link CAPABILITY_DELETE_PROPAGATION_POLICIES}. @public */
export type CapabilityDeletePropagationPolicy =
  (typeof CAPABILITY_DELETE_PROPAGATION_POLICIES)[number];

/** Argo CD's roles an Identity Center identity can be mapped to. @public */
export const ARGOCD_RBAC_ROLES = ['ADMIN', 'EDITOR', 'VIEWER'] as const;

/** Identity Center identity types a role mapping names. @public */
export const SSO_IDENTITY_TYPES = ['SSO_USER', 'SSO_GROUP'] as const;

/** One Argo CD role mapped to Identity Center users or groups. @public */
export interface ArgoCdRoleMapping {
  role: (typeof ARGOCD_RBAC_ROLES)[number];
  identities: { id: string; type: (typeof SSO_IDENTITY_TYPES)[number] }[];
}

/** Argo CD's configuration: its Identity Center instance and role mappings. @public */
export interface ArgoCdCapabilityConfig {
  /** The IAM Identity Center instance users sign in to Argo CD with. */
  awsIdc: { idcInstanceArn: string; idcRegion?: string };
  /** The namespace Argo CD watches for Applications (EKS's default: argocd). */
  namespace?: string;
  rbacRoleMappings?: ArgoCdRoleMapping[];
  /** VPC endpoints for private access to the Argo CD server. */
  networkAccess?: { vpceIds: string[] };
}

/** A capability as the health model and the entity page show it. @public */
export interface EksCapabilityHealth {
  name: string;
  type: CapabilityType | string;
  status: string;
  /** The capability software version EKS runs. */
  version?: string;
  roleArn?: string;
  /** Argo CD's server URL, for ARGOCD. */
  serverUrl?: string;
  deletePropagationPolicy?: string;
  issues: { code: string; message: string }[];
}

/** Capability names: CreateCapability's rule. @public */
export const validateCapabilityName: ValidationRule = Object.assign(
  (value: string): string | undefined => {
    if (!value) return 'must not be empty';
    if (value.length > 100) {
      return `must be at most 100 characters (got ${value.length})`;
    }
    return /^[0-9A-Za-z][A-Za-z0-9\-_]*$/.test(value)
      ? undefined
      : 'must start with a letter or digit and contain only letters, digits, hyphens and underscores';
  },
  {
    statement:
      'must start with a letter or digit and contain only letters, digits, hyphens and underscores; at most 100 characters',
    pattern: /^[0-9A-Za-z][A-Za-z0-9\-_]*$/,
    maxLength: 100,
  },
);

const IDC_INSTANCE_ARN =
  /^arn:(aws|aws-cn|aws-us-gov):sso:::instance\/(sso)?ins-[a-zA-Z0-9-.]{16}$/;

/** IAM Identity Center instance ARNs (`arn:aws:sso:::instance/ssoins-...`). @public */
export const validateIdcInstanceArn: ValidationRule = Object.assign(
  (value: string): string | undefined =>
    IDC_INSTANCE_ARN.test(value ?? '')
      ? undefined
      : 'must be an IAM Identity Center instance ARN such as "arn:aws:sso:::instance/ssoins-1234567890abcdef"',
  {
    statement:
      'must be an IAM Identity Center instance ARN such as "arn:aws:sso:::instance/ssoins-1234567890abcdef"',
    pattern: IDC_INSTANCE_ARN,
  },
);

/** The request of a capability as the rules below see it. @public */
export interface CapabilityRequestShape {
  type: string;
  capabilityName: string;
  deletePropagationPolicy?: string;
  argoCd?: Partial<ArgoCdCapabilityConfig>;
}

/**
 * Every problem of a capability request, each naming its field: the type,
 * the name, the delete propagation policy, and Argo CD's configuration
 * (required for ARGOCD: its Identity Center instance; refused for the other
 * types; role mappings with an Argo CD role and at least one identity each,
 * and each role mapped once).
 *
 * @public
 */
export function capabilityRequestProblems(
  request: CapabilityRequestShape,
): string[] {
  const problems: string[] = [];
  if (!(CAPABILITY_TYPES as readonly string[]).includes(request.type)) {
    problems.push(
      `type must be one of ${CAPABILITY_TYPES.join(', ')} (got "${
        request.type
      }")`,
    );
  }
  const name = validateCapabilityName(request.capabilityName);
  if (name) problems.push(`capabilityName ${name}`);
  const policy = request.deletePropagationPolicy;
  if (
    policy !== undefined &&
    !(CAPABILITY_DELETE_PROPAGATION_POLICIES as readonly string[]).includes(
      policy,
    )
  ) {
    problems.push(
      `deletePropagationPolicy must be one of ${CAPABILITY_DELETE_PROPAGATION_POLICIES.join(
        ', ',
      )} (EKS retains the Kubernetes resources a capability made when it is deleted; got "${policy}")`,
    );
  }
  const argoCd = request.argoCd;
  if (request.type === 'ARGOCD') {
    if (!argoCd?.awsIdc?.idcInstanceArn) {
      problems.push(
        'argoCd.awsIdc.idcInstanceArn is required for an ARGOCD capability: Argo CD signs users in with IAM Identity Center (give the instance ARN, arn:aws:sso:::instance/ssoins-...)',
      );
    } else {
      const arn = validateIdcInstanceArn(argoCd.awsIdc.idcInstanceArn);
      if (arn) problems.push(`argoCd.awsIdc.idcInstanceArn ${arn}`);
    }
    problems.push(...roleMappingProblems(argoCd?.rbacRoleMappings));
    argoCd?.networkAccess?.vpceIds?.forEach((id, i) => {
      if (!/^vpce-[0-9a-f]{8,17}$/.test(id)) {
        problems.push(
          `argoCd.networkAccess.vpceIds[${i}] must be a VPC endpoint id such as "vpce-0123456789abcdef0" (got "${id}")`,
        );
      }
    });
    if (
      argoCd?.namespace !== undefined &&
      !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(argoCd.namespace)
    ) {
      problems.push(
        `argoCd.namespace must be a Kubernetes namespace name (lower-case letters, digits and hyphens; got "${argoCd.namespace}")`,
      );
    }
  } else if (argoCd !== undefined) {
    problems.push(
      `argoCd is only for ARGOCD capabilities; a ${request.type} capability takes no configuration`,
    );
  }
  return problems;
}

function roleMappingProblems(
  mappings: ArgoCdRoleMapping[] | undefined,
): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  (mappings ?? []).forEach((m, i) => {
    const field = `argoCd.rbacRoleMappings[${i}]`;
    if (!(ARGOCD_RBAC_ROLES as readonly string[]).includes(m.role)) {
      problems.push(
        `${field}.role must be one of ${ARGOCD_RBAC_ROLES.join(', ')}`,
      );
    } else if (seen.has(m.role)) {
      problems.push(
        `${field}.role ${m.role} is mapped twice: list all its identities in one mapping`,
      );
    }
    seen.add(m.role);
    if (!m.identities?.length) {
      problems.push(`${field}.identities must list at least one identity`);
    }
    m.identities?.forEach((identity, j) => {
      if (!identity.id) {
        problems.push(`${field}.identities[${j}].id must not be empty`);
      }
      if (!(SSO_IDENTITY_TYPES as readonly string[]).includes(identity.type)) {
        problems.push(
          `${field}.identities[${j}].type must be one of ${SSO_IDENTITY_TYPES.join(
            ', ',
          )}`,
        );
      }
    });
  });
  return problems;
}

/** The name of the "EKS Capability" template. @public */
export const CAPABILITY_TEMPLATE_NAME = 'eks-capability';

/**
 * The portal path of the EKS Capability template with its form prefilled
 * for a capability of a cluster (a re-run restores the role it created and
 * the configuration the form gives).
 *
 * @public
 */
export function capabilityTemplatePath(values: {
  cluster: string;
  region: string;
  accountId?: string;
  type: string;
  capabilityName?: string;
}): string {
  const formData: Record<string, unknown> = {
    cluster: values.cluster,
    region: values.region,
    ...(values.accountId ? { accountId: values.accountId } : {}),
    type: values.type,
    ...(values.capabilityName ? { capabilityName: values.capabilityName } : {}),
  };
  return `/create/templates/default/${CAPABILITY_TEMPLATE_NAME}?formData=${encodeURIComponent(
    JSON.stringify(formData),
  )}`;
}
