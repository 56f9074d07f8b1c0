import type { KubernetesCluster } from './KubernetesCluster.ts';
import { INSTANCE_TYPES } from './simulation/instanceTypes.ts';
import { nodeNameFor, nodeObject } from './simulation/nodes.ts';
import { randomHex } from './simulation/names.ts';
import type { Taint } from './simulation/types.ts';
import type { KubeObject } from './types.ts';

/** The taint of a system node group: only critical add-ons run there. */
export const CRITICAL_ADDONS_ONLY_TAINT: Taint = {
  key: 'CriticalAddonsOnly',
  value: 'true',
  effect: 'NoSchedule',
};

/**
 * Registers the Nodes of an EKS managed node group, spread over the zones
 * in turn, with the labels EKS puts on them. Returns the created nodes.
 */
export function createNodeGroupNodes(
  cluster: KubernetesCluster,
  opts: {
    nodeGroup: string;
    zones: string[];
    count?: number;
    instanceType?: string;
    capacityType?: 'ON_DEMAND' | 'SPOT';
    taints?: Taint[];
  },
): KubeObject[] {
  if (opts.zones.length === 0) {
    throw new Error('createNodeGroupNodes: zones must name at least one zone');
  }
  const instanceType = opts.instanceType ?? 'm6i.large';
  const type = INSTANCE_TYPES.find(t => t.name === instanceType);
  if (!type) {
    throw new Error(
      `createNodeGroupNodes: instanceType "${instanceType}" is not one of ${INSTANCE_TYPES.map(
        t => t.name,
      ).join(', ')}`,
    );
  }
  const count = opts.count ?? opts.zones.length;
  const nodes: KubeObject[] = [];
  for (let i = 0; i < count; i++) {
    const zone = opts.zones[i % opts.zones.length];
    const zoneIndex = zone.charCodeAt(zone.length - 1) - 97;
    const ip = `10.0.${
      zoneIndex * 32 + 1 + Math.floor(i / opts.zones.length)
    }.${10 + i}`;
    nodes.push(
      cluster.apply(
        nodeObject({
          name: nodeNameFor(ip, zone),
          zone,
          instanceType,
          capacity: type.capacity,
          labels: {
            'eks.amazonaws.com/nodegroup': opts.nodeGroup,
            'eks.amazonaws.com/capacityType': opts.capacityType ?? 'ON_DEMAND',
            'eks.amazonaws.com/nodegroup-image': 'ami-0c1d2e3f4a5b6c7d8',
            'eks.amazonaws.com/sourceLaunchTemplateVersion': '1',
          },
          taints: opts.taints ?? [],
          kubernetesVersion: cluster.kubernetesVersion,
          internalIp: ip,
          providerId: `aws:///${zone}/i-0${randomHex(16)}`,
        }),
      ),
    );
  }
  return nodes;
}
