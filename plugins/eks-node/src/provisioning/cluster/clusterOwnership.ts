import { Cluster, TagResourceCommand } from '@aws-sdk/client-eks';
import { existingRoleCheck } from '../iam';
import { checkOwnership, refuseForeignResources } from '../ownership';
import { ProvisioningRun } from '../ProvisioningRun';
import { findNodeGroup, nodeGroupScalingChanges } from './nodeGroup';

/** What a cluster create is asked to make (the fields the check reads). */
export interface ClusterCreateRequest {
  clusterName: string;
  clusterRoleArn?: string;
  nodeRoleArn?: string;
  autoMode?: boolean;
  nodeGroup?: {
    name: string;
    minSize: number;
    maxSize: number;
    desiredSize: number;
  };
}

/**
 * The ownership rule for a cluster create, before its first write: the
 * cluster, its node group and the IAM roles the create would make under
 * their default names (`<cluster>-cluster`, `<cluster>-node`) must be this
 * request's when they exist. Anything else is listed in one refusal (what
 * exists, who owns it, what the run would change), unless the run adopts;
 * an adopting run tags the cluster here (the node group and roles are
 * tagged by their ensure steps, which apply the same rule).
 *
 * @public
 */
export async function checkClusterCreateOwnership(
  run: ProvisioningRun,
  request: ClusterCreateRequest,
  existing: Cluster | undefined,
): Promise<void> {
  const { clusterName } = request;
  const { eks } = run.aws;
  const checks: Parameters<typeof refuseForeignResources>[2] = [];
  if (existing) {
    checks.push({
      existing: { resource: `EKS cluster ${clusterName}`, tags: existing.tags },
    });
    const spec = request.nodeGroup;
    const nodegroup = spec
      ? await findNodeGroup(run, clusterName, spec.name)
      : undefined;
    if (spec && nodegroup) {
      checks.push({
        existing: { resource: `node group ${spec.name}`, tags: nodegroup.tags },
        opts: { changes: nodeGroupScalingChanges(nodegroup, spec) },
      });
    }
  }
  const roleNames = [
    !existing && !request.clusterRoleArn
      ? `${clusterName}-cluster`.slice(0, 64)
      : undefined,
    (request.autoMode || request.nodeGroup) && !request.nodeRoleArn
      ? `${clusterName}-node`.slice(0, 64)
      : undefined,
  ].filter((name): name is string => Boolean(name));
  for (const roleName of roleNames) {
    const check = await existingRoleCheck(run, roleName);
    if (check) checks.push(check);
  }
  refuseForeignResources(run, clusterName, checks);
  if (existing?.arn) {
    const arn = existing.arn;
    await checkOwnership(
      run,
      {
        resource: `EKS cluster ${clusterName}`,
        tags: existing.tags,
        writeTags: async tags => {
          await eks.send(new TagResourceCommand({ resourceArn: arn, tags }));
        },
        keyParts: ['cluster', clusterName],
      },
      { clusterName },
    );
  }
}
