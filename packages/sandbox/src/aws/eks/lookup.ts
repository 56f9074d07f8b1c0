import type { AwsContext } from '../context';
import { AwsError } from '../AwsError';
import { EksCluster } from './model';
import { notFound } from './request';

export function requireCluster(ctx: AwsContext, name: string): EksCluster {
  const cluster = ctx.regional.eks.clusters.get(name);
  if (!cluster) throw notFound(`No cluster found for name: ${name}.`);
  return cluster;
}

/** The cluster, which must be ACTIVE (or UPDATING) for changes to its resources. */
export function requireUsableCluster(
  ctx: AwsContext,
  name: string,
): EksCluster {
  const cluster = requireCluster(ctx, name);
  if (cluster.status !== 'ACTIVE' && cluster.status !== 'UPDATING') {
    throw new AwsError(
      'InvalidRequestException',
      `Cluster '${name}' is in ${cluster.status} state; it must be ACTIVE for this operation.`,
    );
  }
  return cluster;
}

export function arnPrefix(ctx: AwsContext) {
  return `arn:aws:eks:${ctx.region}:${ctx.accountId}`;
}
