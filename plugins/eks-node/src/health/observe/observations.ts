import type { SectionError } from '@backstage-eks/plugin-eks-common';
import { withAddonRemedies } from '../diagnostics/addonIssueRemedies';
import { toNodeClassObservation } from '../sources/karpenter';
import { toSection } from '../sources/section';
import type { ClusterHealthTarget, ClusterObservations } from '../types';
import { ClusterNotFoundError } from './eksLists';
import type { HealthReads } from './healthReads';
import type { Reads } from './readGraph';

type SectionKey = Exclude<
  keyof ClusterObservations,
  'target' | 'interruptionQueueError' | 'clusterNotFound'
>;

/** Every section failed with the same error (e.g. no AWS credentials for the account). */
export function failedObservations(
  target: ClusterHealthTarget,
  error: SectionError,
): ClusterObservations {
  const failed = { error };
  return {
    target,
    cluster: failed,
    insights: failed,
    nodeGroups: failed,
    nodes: failed,
    addons: failed,
    podIdentityAssociations: failed,
    capabilities: failed,
    karpenter: failed,
    upgrade: failed,
    workloads: failed,
    fargateProfiles: failed,
    rolePolicies: failed,
    karpenterNodeClasses: failed,
    karpenterControllerPods: failed,
    metricsApi: failed,
    gateways: failed,
    karpenterControllerRole: failed,
  };
}

/** Each section from its read, failing as the source its section names. */
function sectionsOf(reads: Reads<HealthReads>): {
  [K in SectionKey]: Promise<ClusterObservations[K]>;
} {
  return {
    cluster: toSection('eks:DescribeCluster', reads.clusterSummary),
    insights: toSection('eks:ListInsights', reads.insights),
    nodeGroups: toSection('eks:ListNodegroups', reads.nodeGroups),
    nodes: toSection('kubernetes:nodes', reads.nodes),
    addons: toSection('eks:ListAddons', reads.addons),
    podIdentityAssociations: toSection(
      'eks:ListPodIdentityAssociations',
      reads.associations,
    ),
    capabilities: toSection('eks:ListCapabilities', reads.capabilities),
    karpenter: toSection(
      'kubernetes:karpenter',
      reads.karpenter.then(k => k.summary),
    ),
    upgrade: toSection('eks:DescribeCluster', reads.upgrade),
    workloads: toSection('kubernetes:workloads', reads.workloads),
    fargateProfiles: toSection(
      'eks:ListFargateProfiles',
      reads.fargateProfiles,
    ),
    rolePolicies: toSection('iam:ListRolePolicies', reads.rolePolicies),
    karpenterNodeClasses: toSection(
      'kubernetes:ec2nodeclasses',
      reads.nodeClasses.then(classes => classes.map(toNodeClassObservation)),
    ),
    karpenterControllerPods: toSection(
      'kubernetes:pods',
      reads.karpenterControllerPods,
    ),
    metricsApi: toSection(
      'kubernetes:horizontalpodautoscalers',
      reads.metricsApi,
    ),
    gateways: toSection('kubernetes:gateways', reads.gateways),
    karpenterControllerRole: toSection(
      'iam:ListRolePolicies',
      reads.karpenterControllerRole,
    ),
  };
}

/** The values of an object of promises, once all are settled (none rejects here). */
async function awaitAll<T extends Record<string, Promise<unknown>>>(
  promises: T,
): Promise<{ [K in keyof T]: Awaited<T[K]> }> {
  const keys = Object.keys(promises) as (keyof T)[];
  const values = await Promise.all(keys.map(key => promises[key]));
  return Object.fromEntries(keys.map((key, i) => [key, values[i]])) as {
    [K in keyof T]: Awaited<T[K]>;
  };
}

/**
 * The observations of a cluster from its reads: every section, why the
 * interruption queue could not be checked, whether the cluster is missing,
 * and the add-ons' remedies (chosen once the rest of the document is known).
 */
export async function toObservations(
  target: ClusterHealthTarget,
  reads: Reads<HealthReads>,
): Promise<ClusterObservations> {
  const sections = await awaitAll(sectionsOf(reads));
  const observations: ClusterObservations = {
    target,
    ...sections,
    interruptionQueueError: await reads.karpenter.then(
      k => k.interruptionQueueError,
      () => undefined,
    ),
    clusterNotFound: await reads.cluster.then(
      () => false,
      error => error instanceof ClusterNotFoundError,
    ),
  };
  if (sections.addons.data) {
    observations.addons = {
      data: withAddonRemedies(sections.addons.data, observations),
    };
  }
  return observations;
}
