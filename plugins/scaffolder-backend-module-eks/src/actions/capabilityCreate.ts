import { createCapability } from '@backstage-eks/plugin-eks-node';
import {
  ARGOCD_RBAC_ROLES,
  CAPABILITY_DELETE_PROPAGATION_POLICIES,
  CAPABILITY_SERVICE_PRINCIPAL,
  CAPABILITY_TYPES,
  eksClusterCreatePermission,
  SSO_IDENTITY_TYPES,
  validateCapabilityName,
  validateClusterName,
  validateIamPolicyArn,
  validateIamRoleArn,
  validateIamRoleName,
  validateIdcInstanceArn,
  validateRegion,
} from '@backstage-eks/plugin-eks-common';
import { z as zod } from 'zod/v3';
import { examples } from './capabilityCreate.examples';
import { awsTags, ruleString, ruleStrings } from './inputSchema';
import {
  adoptInput,
  EksActionOptions,
  planOutput,
  targetInput,
} from './shared';
import { createEksAction } from './createEksAction';

/** Id of the EKS Capabilities action. @public */
export const CAPABILITY_CREATE_ACTION_ID = 'aws:eks:capability:create';

/** The input of `aws:eks:capability:create`, each field with its rule. */
const inputFields = {
  clusterName: (z: typeof zod) =>
    ruleString(z, validateClusterName, 'Name of the EKS cluster'),
  ...targetInput,
  ...adoptInput,
  type: (z: typeof zod) =>
    z.enum(CAPABILITY_TYPES, {
      description:
        'The capability: ARGOCD (managed Argo CD), ACK (AWS Controllers for Kubernetes) or KRO (Kube Resource Orchestrator); a cluster has at most one of each type',
    }),
  capabilityName: (z: typeof zod) =>
    ruleString(
      z,
      validateCapabilityName,
      'Name of the capability in the cluster (default: the type in lower case)',
    ).optional(),
  roleArn: (z: typeof zod) =>
    ruleString(
      z,
      validateIamRoleArn,
      `An existing capability role in the cluster's account, trusting ${CAPABILITY_SERVICE_PRINCIPAL} for sts:AssumeRole and sts:TagSession (then no roleName or managedPolicyArns)`,
    ).optional(),
  roleName: (z: typeof zod) =>
    ruleString(
      z,
      validateIamRoleName,
      'Name of the capability role to create (default <cluster>-<type>-capability)',
    ).optional(),
  managedPolicyArns: (z: typeof zod) =>
    ruleStrings(
      z,
      validateIamPolicyArn,
      'Managed policies for the new capability role: the AWS resources ACK may manage, what Argo CD reads (Secrets Manager, CodeConnections)',
    ).optional(),
  argoCd: (z: typeof zod) =>
    z
      .object(
        {
          awsIdc: z.object(
            {
              idcInstanceArn: ruleString(
                z,
                validateIdcInstanceArn,
                'The IAM Identity Center instance users sign in to Argo CD with',
              ),
              idcRegion: ruleString(
                z,
                validateRegion,
                "The Identity Center instance's region (default: the cluster's)",
              ).optional(),
            },
            { description: 'IAM Identity Center integration (required)' },
          ),
          namespace: z
            .string({
              description:
                'The namespace Argo CD watches for Applications (default argocd)',
            })
            .optional(),
          rbacRoleMappings: z
            .array(
              z.object({
                role: z.enum(ARGOCD_RBAC_ROLES, {
                  description: 'The Argo CD role',
                }),
                identities: z.array(
                  z.object({
                    id: z.string({
                      description: 'The Identity Center user or group id',
                    }),
                    type: z.enum(SSO_IDENTITY_TYPES, {
                      description: 'SSO_USER or SSO_GROUP',
                    }),
                  }),
                  { description: 'Who gets the role' },
                ),
              }),
              {
                description:
                  'Argo CD roles (ADMIN, EDITOR, VIEWER) mapped to Identity Center users and groups; on a re-run the capability is changed to exactly these',
              },
            )
            .optional(),
          networkAccess: z
            .object({
              vpceIds: z.array(z.string(), {
                description:
                  'VPC endpoint ids: the Argo CD server is then reachable only through them',
              }),
            })
            .optional(),
        },
        {
          description:
            "Argo CD's configuration: required for ARGOCD, refused for the other types",
        },
      )
      .optional(),
  deletePropagationPolicy: (z: typeof zod) =>
    z
      .enum(CAPABILITY_DELETE_PROPAGATION_POLICIES, {
        description:
          'What deleting the capability does to the Kubernetes resources it manages: RETAIN (the only policy EKS offers) keeps them; default RETAIN',
      })
      .optional(),
  tags: (z: typeof zod) =>
    awsTags(z, 'Tags for the capability and its role').optional(),
};

/** The output of `aws:eks:capability:create`. */
const outputFields = {
  capabilityName: (z: typeof zod) =>
    z.string({ description: 'Name of the capability' }),
  capabilityArn: (z: typeof zod) =>
    z.string({ description: 'ARN of the capability (empty in a dry run)' }),
  status: (z: typeof zod) =>
    z.string({
      description: 'Its status: ACTIVE, DEGRADED (see issues), or PLANNED',
    }),
  version: (z: typeof zod) =>
    z
      .string({ description: 'The capability software version EKS runs' })
      .optional(),
  roleArn: (z: typeof zod) => z.string({ description: 'The capability role' }),
  roleCreated: (z: typeof zod) =>
    z.boolean({ description: 'Whether this run created the role' }),
  serverUrl: (z: typeof zod) =>
    z.string({ description: "Argo CD's server URL (ARGOCD)" }).optional(),
  issues: (z: typeof zod) =>
    z.array(z.string(), {
      description: "The capability's health issues, each with its fix",
    }),
  action: (z: typeof zod) =>
    z.string({
      description: 'What this run did: created, updated, unchanged or planned',
    }),
  notes: (z: typeof zod) =>
    z.array(z.string(), {
      description: 'Caveats, e.g. what deleting the capability keeps',
    }),
  ...planOutput,
};

/**
 * `aws:eks:capability:create`: an EKS Capability (managed Argo CD, ACK or
 * kro) with its IAM capability role, waited for until ACTIVE.
 *
 * @public
 */
export function createEksCapabilityCreateAction(options: EksActionOptions) {
  return createEksAction(options, {
    id: CAPABILITY_CREATE_ACTION_ID,
    description: `Creates an EKS Capability (managed Argo CD, AWS Controllers for Kubernetes or kro, run by EKS outside the cluster) with an existing capability role or a new one (trusting ${CAPABILITY_SERVICE_PRINCIPAL}, with the given managed policies) and, for Argo CD, its IAM Identity Center instance and role mappings; waits until it is ACTIVE and reports its issues. One capability of each type per cluster; a re-run changes the role, the role mappings and the VPC endpoints in place.`,
    examples,
    input: inputFields,
    output: outputFields,
    permission: () => ({ permission: eksClusterCreatePermission }),
    async work(run, input) {
      const result = await createCapability(run, {
        clusterName: input.clusterName,
        type: input.type,
        capabilityName: input.capabilityName,
        roleArn: input.roleArn,
        roleName: input.roleName,
        managedPolicyArns: input.managedPolicyArns,
        argoCd: input.argoCd,
        deletePropagationPolicy: input.deletePropagationPolicy,
        tags: input.tags,
      });
      return {
        capabilityName: result.capabilityName,
        capabilityArn: result.capabilityArn,
        status: result.status,
        version: result.version,
        roleArn: result.roleArn,
        roleCreated: result.roleCreated,
        serverUrl: result.serverUrl,
        issues: result.issues,
        action: result.action,
        notes: result.notes,
      };
    },
  });
}
