import { Cluster } from '@aws-sdk/client-eks';
import { formatEksClusterArn } from '@backstage-eks/plugin-eks-common';
import { CreateClusterPreflight } from '../preflight';
import { ProvisioningRun } from '../ProvisioningRun';
import { resourceTags } from '../tags';
import { clusterResourceEntity } from './clusterEntity';
import { wantsDeletionProtection } from './eksCluster';
import type { ClusterRoles } from './clusterRoles';
import type {
  CreateClusterOptions,
  CreateClusterResult,
} from './createCluster';

/**
 * The outcome of {@link createCluster}: what EKS describes (in a dry run,
 * what would be made: status PLANNED, the ARN the cluster will have), the
 * catalog entity, and the run's plan and drift.
 */
export function clusterResult(
  run: ProvisioningRun,
  opts: CreateClusterOptions,
  parts: {
    checked: CreateClusterPreflight;
    roles: ClusterRoles;
    cluster?: Cluster;
    created: boolean;
    nodeGroupName?: string;
  },
): CreateClusterResult {
  const { clusterName } = opts;
  const { cluster, checked, roles } = parts;
  const arn =
    cluster?.arn ??
    formatEksClusterArn({
      region: run.region,
      accountId: run.accountId,
      clusterName,
    });
  const endpoint = cluster?.endpoint ?? '';
  const certificateAuthorityData = cluster?.certificateAuthority?.data ?? '';
  return {
    clusterName,
    arn,
    status: cluster?.status ?? 'PLANNED',
    kubernetesVersion: cluster?.version ?? checked.kubernetesVersion,
    endpoint,
    certificateAuthorityData,
    oidcIssuer: cluster?.identity?.oidc?.issuer ?? '',
    clusterSecurityGroupId:
      cluster?.resourcesVpcConfig?.clusterSecurityGroupId ?? '',
    vpcId: cluster?.resourcesVpcConfig?.vpcId ?? checked.subnets.vpcId,
    subnetIds: checked.subnets.subnetIds,
    availabilityZones: checked.subnets.availabilityZones,
    clusterRoleArn: roles.clusterRoleArn,
    nodeRoleArn: roles.nodeRoleArn,
    nodeGroupName: parts.nodeGroupName,
    deletionProtection:
      cluster?.deletionProtection ??
      wantsDeletionProtection(opts, resourceTags(clusterName, opts.tags)),
    created: parts.created,
    entity: clusterResourceEntity({
      clusterName,
      arn,
      accountId: run.accountId,
      region: run.region,
      endpoint,
      certificateAuthorityData,
      owner: opts.owner,
      system: opts.system,
    }),
    plan: run.plan,
    drift: run.drift,
  };
}
