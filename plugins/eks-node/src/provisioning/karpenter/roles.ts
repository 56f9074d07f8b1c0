import { ensureAccessEntry } from '../cluster/accessEntries';
import { ensureNodeRole } from '../cluster/nodeGroup';
import { ensureInstanceProfile, ensureRole, roleNameFromArn } from '../iam';
import { awsManagedPolicyArn, podIdentityTrustPolicy } from '../policies';
import { ProvisioningRun } from '../ProvisioningRun';
import { karpenterControllerPolicy } from './controllerPolicy';
import { ExistingKarpenter } from './existingKarpenter';
import { KarpenterRequest } from './request';

/** The node role Karpenter's nodes run with. */
export interface KarpenterNodeRole {
  nodeRoleArn: string;
  nodeRoleName: string;
  instanceProfileName?: string;
}

/**
 * The node role step: the given role, the existing EC2NodeClass's, or
 * `<cluster>-karpenter-node` made with the node policies and SSM; its
 * instance profile when asked; and its EC2_LINUX access entry.
 */
export async function ensureKarpenterNodeRole(
  run: ProvisioningRun,
  request: KarpenterRequest,
  existing: ExistingKarpenter,
  clusterMissing: boolean,
): Promise<KarpenterNodeRole> {
  const { opts, clusterName, tags } = request;
  if (!opts.nodeRoleArn && existing.nodeRoleArn) {
    run.logger.info(
      `Using the node role of the existing EC2NodeClass default: ${existing.nodeRoleArn}`,
    );
  }
  const nodeRoleArn =
    opts.nodeRoleArn ??
    existing.nodeRoleArn ??
    (await ensureNodeRole(run, {
      name: `${clusterName}-karpenter-node`.slice(0, 64),
      tags,
      extraPolicyArns: [
        awsManagedPolicyArn(request.partition, 'AmazonSSMManagedInstanceCore'),
      ],
    }));
  const nodeRoleName = roleNameFromArn(nodeRoleArn);
  const instanceProfileName = opts.createInstanceProfile
    ? await ensureInstanceProfile(run, {
        name: nodeRoleName,
        roleName: nodeRoleName,
        tags,
      })
    : undefined;
  await ensureAccessEntry(run, {
    clusterName,
    principalArn: nodeRoleArn,
    type: 'EC2_LINUX',
    tags,
    clusterMissing,
  });
  return { nodeRoleArn, nodeRoleName, instanceProfileName };
}

/**
 * The controller role step: the role of another's association that can
 * serve, as it is; otherwise `<cluster>-karpenter-controller` with the Pod
 * Identity trust and the controller policy scoped to the cluster, its queue
 * and node role.
 */
export async function ensureControllerRole(
  run: ProvisioningRun,
  request: KarpenterRequest,
  existing: ExistingKarpenter,
  scope: { queueArn: string; nodeRoleArn: string },
): Promise<string> {
  const { clusterName, namespace, serviceAccount, chartVersion } = request;
  if (existing.controllerRoleArn) {
    run.logger.info(
      `Using the role of the existing Pod Identity association ${namespace}/${serviceAccount} as it is: ${existing.controllerRoleArn} (its trust and permissions serve Karpenter ${chartVersion})`,
    );
    return existing.controllerRoleArn;
  }
  return ensureRole(run, {
    name: request.controllerRoleName,
    description: `Karpenter controller of ${clusterName}`,
    trustPolicy: podIdentityTrustPolicy(),
    inlinePolicies: {
      KarpenterController: karpenterControllerPolicy({
        clusterName,
        region: run.region,
        accountId: run.accountId,
        queueArn: scope.queueArn,
        nodeRoleArn: scope.nodeRoleArn,
        chartVersion,
        enableZonalShift: request.enableZonalShift,
      }),
    },
    tags: request.tags,
  });
}
