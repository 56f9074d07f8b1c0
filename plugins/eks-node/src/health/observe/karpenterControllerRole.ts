import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  paginateListAttachedRolePolicies,
  paginateListRolePolicies,
} from '@aws-sdk/client-iam';
import type { PodIdentityAssociationSummary } from '@backstage-eks/plugin-eks-common';
import {
  allowedPolicyActions,
  parsePolicyDocument,
} from '../../provisioning/policies';
import { findKarpenterController } from '../sources/karpenter';
import type {
  DeploymentObservation,
  KarpenterControllerRoleObservation,
} from '../types';
import {
  allPages,
  awsCall,
  describeEach,
  type ObserveContext,
} from './context';

/**
 * The Pod Identity association of the cluster's own Karpenter controller:
 * the one for the controller Deployment's namespace and service account.
 * A controller Deployment in the cluster is the cluster's own Karpenter
 * (EKS Auto Mode runs its Karpenter outside the cluster), so the
 * Deployments alone decide it, without waiting for Karpenter's section.
 */
export function karpenterControllerAssociation(
  deployments: DeploymentObservation[],
  associations: PodIdentityAssociationSummary[],
): PodIdentityAssociationSummary | undefined {
  const controller = findKarpenterController(deployments);
  if (!controller) return undefined;
  const serviceAccount = controller.serviceAccountName ?? 'karpenter';
  return associations.find(
    a =>
      a.namespace === controller.namespace &&
      a.serviceAccount === serviceAccount &&
      Boolean(a.roleArn),
  );
}

function roleName(roleArn: string): string {
  return roleArn.split('/').pop() ?? roleArn;
}

/**
 * What an IAM role's policies allow: its inline policies (ListRolePolicies,
 * GetRolePolicy each) and its attached ones (ListAttachedRolePolicies, then
 * GetPolicy and GetPolicyVersion of the default version each), at most
 * `describeConcurrency` calls in flight per kind, each with the AWS time
 * limit. A read that fails fails the whole observation, naming the call.
 */
export async function observeRoleAllowedActions(
  ctx: ObserveContext,
  roleArn: string,
): Promise<KarpenterControllerRoleObservation> {
  const { iam } = ctx.aws;
  const RoleName = roleName(roleArn);
  const [inlineNames, attached] = await Promise.all([
    allPages(
      ctx,
      'iam:ListRolePolicies',
      () => paginateListRolePolicies({ client: iam }, { RoleName }),
      page => page.PolicyNames,
    ),
    allPages(
      ctx,
      'iam:ListAttachedRolePolicies',
      () => paginateListAttachedRolePolicies({ client: iam }, { RoleName }),
      page => page.AttachedPolicies,
    ),
  ]);
  const attachedArns = attached
    .map(p => p.PolicyArn)
    .filter((arn): arn is string => Boolean(arn));
  const [inlineDocuments, attachedDocuments] = await Promise.all([
    describeEach(ctx, inlineNames, async PolicyName => {
      const policy = await awsCall(ctx, 'iam:GetRolePolicy', signal =>
        iam.send(new GetRolePolicyCommand({ RoleName, PolicyName }), {
          abortSignal: signal,
        }),
      );
      return parsePolicyDocument(policy.PolicyDocument);
    }),
    describeEach(ctx, attachedArns, async PolicyArn => {
      const { Policy } = await awsCall(ctx, 'iam:GetPolicy', signal =>
        iam.send(new GetPolicyCommand({ PolicyArn }), { abortSignal: signal }),
      );
      if (!Policy?.DefaultVersionId) return undefined;
      const { PolicyVersion } = await awsCall(
        ctx,
        'iam:GetPolicyVersion',
        signal =>
          iam.send(
            new GetPolicyVersionCommand({
              PolicyArn,
              VersionId: Policy.DefaultVersionId,
            }),
            { abortSignal: signal },
          ),
      );
      return parsePolicyDocument(PolicyVersion?.Document);
    }),
  ]);
  return {
    roleArn,
    policyNames: [...attachedArns, ...inlineNames],
    allowedActions: [
      ...new Set(
        [...inlineDocuments, ...attachedDocuments].flatMap(
          allowedPolicyActions,
        ),
      ),
    ],
  };
}

/**
 * The role of the cluster's own Karpenter controller and what it allows;
 * undefined without a controller in the cluster (no Karpenter, or EKS Auto
 * Mode's) or when its service account has no Pod Identity association.
 */
export async function observeKarpenterControllerRole(
  ctx: ObserveContext,
  input: {
    deployments: DeploymentObservation[];
    associations: PodIdentityAssociationSummary[];
  },
): Promise<KarpenterControllerRoleObservation | undefined> {
  const association = karpenterControllerAssociation(
    input.deployments,
    input.associations,
  );
  return association
    ? observeRoleAllowedActions(ctx, association.roleArn)
    : undefined;
}
