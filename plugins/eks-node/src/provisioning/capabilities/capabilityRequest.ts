import {
  ArgoCdRoleMapping as SdkRoleMapping,
  Capability,
  UpdateCapabilityCommand,
} from '@aws-sdk/client-eks';
import { InputError } from '@backstage/errors';
import {
  ArgoCdCapabilityConfig,
  ArgoCdRoleMapping,
  CAPABILITY_SERVICE_PRINCIPAL,
  capabilityRequestProblems,
  CapabilityDeletePropagationPolicy,
  CapabilityType,
  validateClusterName,
  validateIamPolicyArn,
  validateIamRoleName,
} from '@backstage-eks/plugin-eks-common';
import { createHash } from 'node:crypto';
import { checkRoleArn } from '../cluster/createClusterInput';
import { checkField, checkFields, checkTags } from '../inputRules';
import { TrustRequirement } from '../preflight';

/*
 * What a capability request is: its options and result, its rules before
 * any call, and how an existing capability differs from it.
 */

/** The trust EKS requires of a capability role. @public */
export const CAPABILITY_ROLE_TRUST: TrustRequirement = {
  service: CAPABILITY_SERVICE_PRINCIPAL,
  actions: ['sts:AssumeRole', 'sts:TagSession'],
};

/** Input of {@link createCapability}. @public */
export interface CreateCapabilityOptions {
  clusterName: string;
  type: CapabilityType;
  /** Default: the type in lower case (`argocd`, `ack`, `kro`). */
  capabilityName?: string;
  /** An existing capability role; otherwise `roleName` is created. */
  roleArn?: string;
  /** The role to create (default `<cluster>-<type>-capability`). */
  roleName?: string;
  /** Managed policies for the new role (what ACK may manage, what Argo CD reads). */
  managedPolicyArns?: string[];
  /** Argo CD's Identity Center instance, role mappings, namespace, VPC endpoints. */
  argoCd?: ArgoCdCapabilityConfig;
  /** What happens to the managed Kubernetes resources on delete (RETAIN). */
  deletePropagationPolicy?: CapabilityDeletePropagationPolicy;
  tags?: Record<string, string>;
}

/** Outcome of {@link createCapability}. @public */
export interface CreateCapabilityResult {
  capabilityName: string;
  capabilityArn: string;
  type: string;
  status: string;
  version?: string;
  roleArn: string;
  roleCreated: boolean;
  /** Argo CD's server URL (ARGOCD only). */
  serverUrl?: string;
  issues: string[];
  /** What this run did to the capability. */
  action: 'created' | 'updated' | 'unchanged' | 'planned';
  notes: string[];
}

/** The capability's name a request means. @public */
export function capabilityNameOf(opts: CreateCapabilityOptions): string {
  return opts.capabilityName ?? opts.type.toLowerCase();
}

/** The capability role a request creates: the given name or `<cluster>-<type>-capability`. */
export function capabilityRoleName(opts: CreateCapabilityOptions): string {
  return (
    opts.roleName ?? `${opts.clusterName}-${opts.type.toLowerCase()}-capability`
  ).slice(0, 64);
}

/** Checks {@link CreateCapabilityOptions} before any call. @public */
export function validateCreateCapabilityOptions(
  opts: CreateCapabilityOptions,
  target: { accountId: string; region: string },
): void {
  checkField('clusterName', opts.clusterName, validateClusterName);
  const problems = capabilityRequestProblems({
    type: opts.type,
    capabilityName: capabilityNameOf(opts),
    deletePropagationPolicy: opts.deletePropagationPolicy,
    argoCd: opts.argoCd,
  });
  if (problems.length > 0) throw new InputError(problems.join('; '));
  // the capability role must be in the cluster's account
  checkRoleArn('roleArn', opts.roleArn, target);
  checkField('roleName', opts.roleName, validateIamRoleName);
  checkFields(
    'managedPolicyArns',
    opts.managedPolicyArns,
    validateIamPolicyArn,
  );
  checkTags('tags', opts.tags);
  if (opts.roleArn && (opts.roleName || opts.managedPolicyArns?.length)) {
    throw new InputError(
      'roleArn must not be combined with roleName or managedPolicyArns: either use an existing capability role or describe the one to create',
    );
  }
}

/** What differs between an existing capability and the request, and whether EKS can change it. */
export interface CapabilityDiff {
  /** UpdateCapability's input for what it can change (undefined: nothing). */
  update?: Omit<
    ConstructorParameters<typeof UpdateCapabilityCommand>[0],
    'clusterName' | 'capabilityName'
  >;
  changes: string[];
  /** What only a delete and re-create changes. */
  fixed: string[];
}

function mappingKey(m: { role?: string; identities?: unknown[] }): string {
  const ids = ((m.identities ?? []) as { id?: string; type?: string }[])
    .map(i => `${i.type}:${i.id}`)
    .sort();
  return `${m.role}=${ids.join(',')}`;
}

/** How an existing capability differs from the request, and whether EKS can change it. */
export function diffCapability(
  current: Capability,
  opts: CreateCapabilityOptions,
  roleArn: string,
): CapabilityDiff {
  const changes: string[] = [];
  const fixed: string[] = [];
  const update: NonNullable<CapabilityDiff['update']> = {};
  if (current.type !== opts.type) {
    fixed.push(`its type is ${current.type}, not ${opts.type}`);
  }
  if (current.roleArn !== roleArn) {
    changes.push(`role ${current.roleArn} -> ${roleArn}`);
    update.roleArn = roleArn;
  }
  const argo = current.configuration?.argoCd;
  const wanted = opts.argoCd;
  if (wanted && current.type === 'ARGOCD') {
    if (argo?.awsIdc?.idcInstanceArn !== wanted.awsIdc.idcInstanceArn) {
      fixed.push(
        `its Identity Center instance is ${argo?.awsIdc?.idcInstanceArn}, not ${wanted.awsIdc.idcInstanceArn}`,
      );
    }
    if (wanted.namespace && argo?.namespace !== wanted.namespace) {
      fixed.push(
        `its namespace is ${argo?.namespace}, not ${wanted.namespace}`,
      );
    }
    const argoUpdate: NonNullable<
      NonNullable<CapabilityDiff['update']>['configuration']
    >['argoCd'] = {};
    if (wanted.rbacRoleMappings) {
      const have = new Map(
        (argo?.rbacRoleMappings ?? []).map(m => [m.role ?? '', m]),
      );
      const want = new Map(wanted.rbacRoleMappings.map(m => [m.role, m]));
      const addOrUpdate = wanted.rbacRoleMappings.filter(
        m =>
          !have.has(m.role) || mappingKey(have.get(m.role)!) !== mappingKey(m),
      );
      const remove = [...have.values()].filter(m => !want.has(m.role as any));
      if (addOrUpdate.length || remove.length) {
        changes.push(
          `Argo CD role mappings: ${[
            ...addOrUpdate.map(m => `set ${m.role}`),
            ...remove.map(m => `remove ${m.role}`),
          ].join(', ')}`,
        );
        argoUpdate.rbacRoleMappings = {
          addOrUpdateRoleMappings: addOrUpdate.length
            ? (addOrUpdate as SdkRoleMapping[])
            : undefined,
          removeRoleMappings: remove.length ? remove : undefined,
        };
      }
    }
    if (wanted.networkAccess) {
      const have = [...(argo?.networkAccess?.vpceIds ?? [])].sort().join(',');
      const want = [...wanted.networkAccess.vpceIds].sort().join(',');
      if (have !== want) {
        changes.push(`Argo CD VPC endpoints [${have}] -> [${want}]`);
        argoUpdate.networkAccess = { vpceIds: wanted.networkAccess.vpceIds };
      }
    }
    if (Object.keys(argoUpdate).length) {
      update.configuration = { argoCd: argoUpdate };
    }
  }
  return {
    update: Object.keys(update).length ? update : undefined,
    changes,
    fixed,
  };
}

/** CreateCapability's configuration from the request's Argo CD settings. */
export function argoCdRequest(argoCd: ArgoCdCapabilityConfig | undefined) {
  if (!argoCd) return undefined;
  return {
    argoCd: {
      awsIdc: argoCd.awsIdc,
      namespace: argoCd.namespace,
      rbacRoleMappings: argoCd.rbacRoleMappings as
        | ArgoCdRoleMapping[]
        | undefined,
      networkAccess: argoCd.networkAccess,
    },
  };
}

/** A short, stable digest of a change, for its checkpoint key. */
export function digest(value: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(value))
    .digest('hex')
    .slice(0, 12);
}
