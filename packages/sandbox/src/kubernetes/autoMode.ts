import { autoModeCrds } from './karpenterCrds.ts';
import type { KubernetesCluster } from './KubernetesCluster.ts';
import type { KubeObject } from './types.ts';

/** EKS Auto Mode's built-in NodePools (computeConfig.nodePools). */
export type AutoModeNodePool = 'general-purpose' | 'system';

const MANAGED_BY_EKS = { 'app.kubernetes.io/managed-by': 'eks' };

function ready(types: string[]) {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  return types.map(type => ({
    type,
    status: 'True',
    reason: type,
    message: '',
    lastTransitionTime: now,
  }));
}

/**
 * A built-in NodePool as EKS documents it: the `default` NodeClass,
 * on-demand only, C, M and R families of generation 5 or newer; `system`
 * tainted CriticalAddonsOnly on amd64 and arm64, `general-purpose` on amd64.
 */
function builtInNodePool(name: AutoModeNodePool): KubeObject {
  const system = name === 'system';
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name, labels: { ...MANAGED_BY_EKS } },
    spec: {
      disruption: {
        budgets: [{ nodes: '10%' }],
        consolidateAfter: '30s',
        consolidationPolicy: 'WhenEmptyOrUnderutilized',
      },
      template: {
        metadata: {},
        spec: {
          expireAfter: '336h',
          nodeClassRef: {
            group: 'eks.amazonaws.com',
            kind: 'NodeClass',
            name: 'default',
          },
          requirements: [
            {
              key: 'karpenter.sh/capacity-type',
              operator: 'In',
              values: ['on-demand'],
            },
            {
              key: 'eks.amazonaws.com/instance-category',
              operator: 'In',
              values: ['c', 'm', 'r'],
            },
            {
              key: 'eks.amazonaws.com/instance-generation',
              operator: 'Gt',
              values: ['4'],
            },
            {
              key: 'kubernetes.io/arch',
              operator: 'In',
              values: system ? ['amd64', 'arm64'] : ['amd64'],
            },
            { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
          ],
          ...(system
            ? {
                taints: [
                  {
                    key: 'CriticalAddonsOnly',
                    value: 'true',
                    effect: 'NoSchedule',
                  },
                ],
              }
            : {}),
          terminationGracePeriod: '24h0m0s',
        },
      },
    },
    status: {
      resources: { cpu: '0', memory: '0', pods: '0', nodes: '0' },
      conditions: ready(['ValidationSucceeded', 'NodeClassReady', 'Ready']),
    },
  };
}

/** The NodeClass `default` EKS makes when a built-in NodePool is enabled. */
function defaultNodeClass(opts: {
  nodeRoleName: string;
  subnetIds: string[];
  clusterSecurityGroupId?: string;
}): KubeObject {
  return {
    apiVersion: 'eks.amazonaws.com/v1',
    kind: 'NodeClass',
    metadata: { name: 'default', labels: { ...MANAGED_BY_EKS } },
    spec: {
      role: opts.nodeRoleName,
      subnetSelectorTerms: opts.subnetIds.map(id => ({ id })),
      securityGroupSelectorTerms: opts.clusterSecurityGroupId
        ? [{ id: opts.clusterSecurityGroupId }]
        : [],
      networkPolicy: 'DefaultAllow',
      networkPolicyEventLogs: 'Disabled',
      snatPolicy: 'Random',
      ephemeralStorage: { size: '80Gi', iops: 3000, throughput: 125 },
    },
    status: {
      conditions: ready([
        'SubnetsReady',
        'SecurityGroupsReady',
        'InstanceProfileReady',
        'Ready',
      ]),
    },
  };
}

/**
 * What EKS Auto Mode puts in a cluster for its compute: the NodePool,
 * NodeClaim and NodeClass CRDs, the enabled built-in NodePools and, when one
 * is enabled, the NodeClass `default` they use. A built-in NodePool no longer
 * enabled is deleted, as EKS does. Auto Mode's controller runs outside the
 * cluster: nothing here provisions nodes.
 */
export function applyAutoModeCompute(
  kube: KubernetesCluster,
  opts: {
    nodePools: AutoModeNodePool[];
    nodeRoleName?: string;
    subnetIds: string[];
    clusterSecurityGroupId?: string;
  },
): void {
  kube.batch(() => {
    for (const crd of autoModeCrds()) {
      if (!kube.get(crd.apiVersion, crd.kind, undefined, crd.metadata.name)) {
        kube.apply(crd);
      }
    }
    for (const name of ['general-purpose', 'system'] as const) {
      const existing = kube.get('karpenter.sh/v1', 'NodePool', undefined, name);
      if (opts.nodePools.includes(name)) {
        if (!existing) kube.apply(builtInNodePool(name));
      } else if (existing) {
        kube.remove('karpenter.sh/v1', 'NodePool', undefined, name);
      }
    }
    if (
      opts.nodePools.length > 0 &&
      opts.nodeRoleName &&
      !kube.get('eks.amazonaws.com/v1', 'NodeClass', undefined, 'default')
    ) {
      kube.apply(
        defaultNodeClass({
          nodeRoleName: opts.nodeRoleName,
          subnetIds: opts.subnetIds,
          clusterSecurityGroupId: opts.clusterSecurityGroupId,
        }),
      );
    }
  });
}
