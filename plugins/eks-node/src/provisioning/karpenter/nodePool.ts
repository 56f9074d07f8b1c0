import { Cluster } from '@aws-sdk/client-eks';
import { DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import { KubernetesObject } from '@kubernetes/client-node';
import { KubernetesClientFactory } from '../../kubernetes/KubernetesClientFactory';
import { provisioningKubernetesClients } from '../kubernetesAccess';
import { applyIfChanged } from '../kubernetesApply';
import { ProvisioningRun } from '../ProvisioningRun';
import { KARPENTER_DISCOVERY_TAG } from './discoveryTags';

/** Options of the default Karpenter NodePool. @public */
export interface DefaultNodePoolOptions {
  clusterName: string;
  nodeRoleName: string;
  zones: string[];
  /** Default: both on-demand and spot. */
  capacityTypes?: ('on-demand' | 'spot')[];
  architectures?: ('amd64' | 'arm64')[];
  /** Total vCPU limit of the pool (default "100"). */
  cpuLimit?: string;
  /**
   * Subnets selected by id besides those with the discovery tag: subnets
   * shared with another cluster, whose tag names that cluster.
   */
  sharedSubnetIds?: string[];
}

/**
 * The default EC2NodeClass: AL2023, subnets and security groups found by
 * the discovery tag (and shared subnets by id), IMDSv2 with hop limit 2.
 *
 * @public
 */
export function defaultEc2NodeClass(
  opts: DefaultNodePoolOptions,
): KubernetesObject & { spec: unknown } {
  const selector = [{ tags: { [KARPENTER_DISCOVERY_TAG]: opts.clusterName } }];
  // Karpenter ORs selector terms: tagged subnets, plus shared ones by id.
  const subnetSelector = [
    ...selector,
    ...(opts.sharedSubnetIds ?? []).map(id => ({ id })),
  ];
  return {
    apiVersion: 'karpenter.k8s.aws/v1',
    kind: 'EC2NodeClass',
    metadata: { name: 'default' },
    spec: {
      role: opts.nodeRoleName,
      amiSelectorTerms: [{ alias: 'al2023@latest' }],
      subnetSelectorTerms: subnetSelector,
      securityGroupSelectorTerms: selector,
      metadataOptions: {
        httpEndpoint: 'enabled',
        httpTokens: 'required',
        httpPutResponseHopLimit: 2,
      },
      tags: { [KARPENTER_DISCOVERY_TAG]: opts.clusterName },
    },
  };
}

/**
 * The wanted EC2NodeClass with the identity (role or instanceProfile) of the
 * live one: Karpenter's CRD makes `spec.role` immutable (rule
 * `self == oldSelf`, "immutable field changed") and refuses to switch from
 * instanceProfile to role, so a node class that exists keeps its identity;
 * `onKept` is told which, to explain it.
 *
 * @public
 */
export function keepNodeClassIdentity(
  onKept: (identity: string) => void,
): (
  live: KubernetesObject & { spec?: unknown },
  wanted: KubernetesObject & { spec?: unknown },
) => KubernetesObject & { spec?: unknown } {
  return (live, wanted) => {
    const liveSpec = (live.spec ?? {}) as {
      role?: string;
      instanceProfile?: string;
    };
    const spec = { ...(wanted.spec as Record<string, unknown>) };
    if (liveSpec.instanceProfile !== undefined) {
      delete spec.role;
      spec.instanceProfile = liveSpec.instanceProfile;
      onKept(`instance profile ${liveSpec.instanceProfile}`);
    } else if (liveSpec.role !== undefined && liveSpec.role !== spec.role) {
      spec.role = liveSpec.role;
      onKept(`role ${liveSpec.role}`);
    } else {
      return wanted;
    }
    return { ...wanted, spec };
  };
}

/**
 * The default NodePool: nodes allowed in every zone of the cluster's subnets
 * (Karpenter does not spread by itself: workloads still need topology spread
 * constraints), consolidation WhenEmptyOrUnderutilized after one minute.
 *
 * @public
 */
export function defaultNodePool(
  opts: DefaultNodePoolOptions,
): KubernetesObject & { spec: unknown } {
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name: 'default' },
    spec: {
      template: {
        spec: {
          nodeClassRef: {
            group: 'karpenter.k8s.aws',
            kind: 'EC2NodeClass',
            name: 'default',
          },
          requirements: [
            {
              key: 'kubernetes.io/arch',
              operator: 'In',
              values: opts.architectures ?? ['amd64'],
            },
            { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
            {
              key: 'karpenter.sh/capacity-type',
              operator: 'In',
              values: opts.capacityTypes ?? ['on-demand', 'spot'],
            },
            {
              key: 'topology.kubernetes.io/zone',
              operator: 'In',
              values: [...opts.zones].sort(),
            },
            {
              key: 'karpenter.k8s.aws/instance-category',
              operator: 'In',
              values: ['c', 'm', 'r'],
            },
          ],
          expireAfter: '720h',
        },
      },
      limits: { cpu: opts.cpuLimit ?? '100' },
      disruption: {
        consolidationPolicy: 'WhenEmptyOrUnderutilized',
        consolidateAfter: '1m',
      },
    },
  };
}

/** The Availability Zones of the cluster's subnets, sorted. */
export async function clusterZones(
  run: ProvisioningRun,
  cluster: Cluster | undefined,
): Promise<string[]> {
  const subnetIds = cluster?.resourcesVpcConfig?.subnetIds ?? [];
  if (subnetIds.length === 0) return [];
  const subnets = await run.aws.ec2.send(
    new DescribeSubnetsCommand({ SubnetIds: subnetIds }),
  );
  return [
    ...new Set((subnets.Subnets ?? []).map(s => s.AvailabilityZone ?? '')),
  ]
    .filter(Boolean)
    .sort();
}

/**
 * The node pool step: server-side applies the default EC2NodeClass (which
 * keeps the identity of one that exists: Karpenter will not change it) and
 * NodePool over the cluster's zones, keeping another's as they are unless
 * the run adopts; for a cluster a dry run has not made yet, plans them.
 */
export async function applyDefaultNodePool(
  run: ProvisioningRun,
  kubernetes: KubernetesClientFactory,
  cluster: Cluster | undefined,
  opts: Omit<DefaultNodePoolOptions, 'zones'> & { create: boolean },
): Promise<void> {
  if (!cluster) {
    run.plan.push({
      action: 'apply',
      resource: 'EC2NodeClass default, NodePool default',
      detail: 'server-side apply',
    });
    return;
  }
  if (!opts.create) {
    run.logger.info('Not creating them (createDefaultNodePool: false)');
    return;
  }
  const { clusterName, nodeRoleName } = opts;
  const k8s = await provisioningKubernetesClients(run, kubernetes, cluster);
  const poolOptions = { ...opts, zones: await clusterZones(run, cluster) };
  const ownership = { clusterName, keepForeign: true };
  await applyIfChanged(
    run,
    k8s.objects,
    defaultEc2NodeClass(poolOptions),
    [clusterName],
    keepNodeClassIdentity(identity =>
      run.logger.warn(
        `EC2NodeClass default keeps its ${identity}: Karpenter does not let a node class change its role (delete the EC2NodeClass to have it re-created with ${nodeRoleName})`,
      ),
    ),
    ownership,
  );
  await applyIfChanged(
    run,
    k8s.objects,
    defaultNodePool(poolOptions),
    [clusterName],
    undefined,
    ownership,
  );
}
