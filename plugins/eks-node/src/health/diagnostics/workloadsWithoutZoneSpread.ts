import type { DiagnosticCheck } from './types';

const SYSTEM_NAMESPACES = new Set([
  'kube-system',
  'kube-node-lease',
  'kube-public',
]);

/**
 * Karpenter does not spread pods over zones by default: Deployments with
 * several replicas need a topology spread constraint (or zone anti-affinity).
 */
export const workloadsWithoutZoneSpread: DiagnosticCheck = obs => {
  const deployments = obs.workloads.data?.deployments;
  if (!deployments) return [];
  const karpenter = obs.karpenter.data?.installed === true;
  const autoMode = obs.cluster.data?.autoMode === true;
  const zones = Object.keys(obs.nodes.data?.byZone ?? {}).filter(
    z => z !== 'unknown',
  );
  if (!karpenter && !autoMode && zones.length < 2) return [];
  const unspread = deployments.filter(
    d =>
      d.replicas > 1 &&
      !d.spreadsOverZones &&
      !SYSTEM_NAMESPACES.has(d.namespace),
  );
  if (unspread.length === 0) return [];
  return [
    {
      id: 'workloads-without-zone-spread',
      severity: 'warning',
      title: 'Workloads are not spread over availability zones',
      what: `${unspread.length} Deployment${
        unspread.length === 1 ? ' has' : 's have'
      } several replicas but no topology spread constraint on topology.kubernetes.io/zone.`,
      why: `${
        karpenter || autoMode ? 'Karpenter' : 'The scheduler'
      } does not spread pods over zones by default: all replicas can land in one zone, and that zone's outage takes the whole workload down.`,
      fix: 'Add to the pod template: topologySpreadConstraints: [{ maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: ScheduleAnyway, labelSelector: { matchLabels: <the pod labels> } }]. Karpenter then provisions nodes in the zones needed.',
      link: 'https://karpenter.sh/docs/concepts/scheduling/#topology-spread',
      resources: unspread.map(d => `deployment/${d.namespace}/${d.name}`),
    },
  ];
};
