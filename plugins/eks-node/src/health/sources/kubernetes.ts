import type {
  V1APIService,
  V1Deployment,
  V1Ingress,
  V1Node,
  V1Pod,
  V1Service,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import type {
  NodeSummary,
  NodesSummary,
} from '@backstage-eks/plugin-eks-common';
import type {
  ApiServiceObservation,
  DeploymentObservation,
  HorizontalPodAutoscalerObservation,
  IngressObservation,
  LoadBalancerServiceObservation,
  PodObservation,
} from '../types';

const ZONE_LABEL = 'topology.kubernetes.io/zone';

function managedBy(labels: Record<string, string>): NodeSummary['managedBy'] {
  if (labels['eks.amazonaws.com/compute-type'] === 'fargate') {
    return { kind: 'fargate' };
  }
  if (labels['eks.amazonaws.com/compute-type'] === 'auto') {
    return { kind: 'auto-mode', name: labels['karpenter.sh/nodepool'] };
  }
  if (labels['eks.amazonaws.com/nodegroup']) {
    return { kind: 'nodegroup', name: labels['eks.amazonaws.com/nodegroup'] };
  }
  if (labels['karpenter.sh/nodepool']) {
    return { kind: 'karpenter', name: labels['karpenter.sh/nodepool'] };
  }
  return { kind: 'self-managed' };
}

function toIsoString(value: unknown): string | undefined {
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'string' ? value : undefined;
}

export function toNodeSummary(node: V1Node): NodeSummary {
  const labels = node.metadata?.labels ?? {};
  const ready =
    node.status?.conditions?.some(
      c => c.type === 'Ready' && c.status === 'True',
    ) ?? false;
  return {
    name: node.metadata?.name ?? '',
    ready,
    kubeletVersion: node.status?.nodeInfo?.kubeletVersion,
    instanceType: labels['node.kubernetes.io/instance-type'],
    zone: labels[ZONE_LABEL],
    capacityType:
      labels['eks.amazonaws.com/capacityType'] ??
      labels['karpenter.sh/capacity-type'],
    os: labels['kubernetes.io/os'] ?? node.status?.nodeInfo?.operatingSystem,
    managedBy: managedBy(labels),
    createdAt: toIsoString(node.metadata?.creationTimestamp),
  };
}

export function toNodesSummary(nodes: V1Node[]): NodesSummary {
  return summarizeNodes(nodes.map(toNodeSummary));
}

/** The nodes section from its nodes: counts ready and not, and by zone. */
export function summarizeNodes(items: NodeSummary[]): NodesSummary {
  const byZone: Record<string, number> = {};
  for (const node of items) {
    const zone = node.zone ?? 'unknown';
    byZone[zone] = (byZone[zone] ?? 0) + 1;
  }
  const ready = items.filter(n => n.ready).length;
  return {
    total: items.length,
    ready,
    notReady: items.length - ready,
    byZone,
    items,
  };
}

function spreadsOverZones(deployment: V1Deployment): boolean {
  const spec = deployment.spec?.template?.spec;
  if (
    spec?.topologySpreadConstraints?.some(c => c.topologyKey === ZONE_LABEL)
  ) {
    return true;
  }
  const antiAffinity = spec?.affinity?.podAntiAffinity;
  return [
    ...(antiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
    ...(
      antiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []
    ).map(p => p.podAffinityTerm),
  ].some(term => term?.topologyKey === ZONE_LABEL);
}

export function toDeploymentObservation(
  deployment: V1Deployment,
): DeploymentObservation {
  const containers = deployment.spec?.template?.spec?.containers ?? [];
  const queueEnv = containers
    .flatMap(c => c.env ?? [])
    .find(e => e.name === 'INTERRUPTION_QUEUE' && e.value);
  const zonalShiftEnv = containers
    .flatMap(c => c.env ?? [])
    .find(e => e.name === 'ENABLE_ZONAL_SHIFT');
  return {
    namespace: deployment.metadata?.namespace ?? 'default',
    name: deployment.metadata?.name ?? '',
    labels: deployment.metadata?.labels ?? {},
    replicas: deployment.spec?.replicas ?? 1,
    readyReplicas: deployment.status?.readyReplicas ?? 0,
    serviceAccountName:
      deployment.spec?.template?.spec?.serviceAccountName ?? undefined,
    images: containers.map(c => c.image ?? '').filter(Boolean),
    args: containers.flatMap(c => [...(c.command ?? []), ...(c.args ?? [])]),
    spreadsOverZones: spreadsOverZones(deployment),
    interruptionQueue: queueEnv?.value,
    ...(zonalShiftEnv
      ? { enableZonalShift: zonalShiftEnv.value?.toLowerCase() === 'true' }
      : {}),
    podSelector: deployment.spec?.selector?.matchLabels,
  };
}

/** A pod's containers' states: ready, restarts, waiting reason, last termination. */
export function toPodObservation(pod: V1Pod): PodObservation {
  return {
    namespace: pod.metadata?.namespace ?? 'default',
    name: pod.metadata?.name ?? '',
    phase: pod.status?.phase,
    containers: (pod.status?.containerStatuses ?? []).map(c => {
      const terminated = c.lastState?.terminated;
      return {
        name: c.name,
        ready: c.ready,
        restartCount: c.restartCount,
        waitingReason: c.state?.waiting?.reason,
        lastTermination: terminated
          ? {
              reason: terminated.reason,
              exitCode: terminated.exitCode,
              message: terminated.message,
            }
          : undefined,
      };
    }),
  };
}

export function toHorizontalPodAutoscalerObservation(
  hpa: V2HorizontalPodAutoscaler,
): HorizontalPodAutoscalerObservation {
  const metrics = hpa.spec?.metrics ?? [];
  const target = hpa.spec?.scaleTargetRef;
  return {
    namespace: hpa.metadata?.namespace ?? 'default',
    name: hpa.metadata?.name ?? '',
    target: `${target?.kind ?? ''}/${target?.name ?? ''}`,
    // without metrics, an HPA scales on 80% average CPU utilisation
    usesResourceMetrics:
      metrics.length === 0 ||
      metrics.some(
        m => m.type === 'Resource' || m.type === 'ContainerResource',
      ),
  };
}

export function toApiServiceObservation(
  apiService: V1APIService,
): ApiServiceObservation {
  const available = apiService.status?.conditions?.find(
    c => c.type === 'Available',
  );
  const service = apiService.spec?.service;
  return {
    name: apiService.metadata?.name ?? '',
    available: available?.status === 'True',
    reason: available?.status === 'True' ? undefined : available?.reason,
    message: available?.status === 'True' ? undefined : available?.message,
    service: service ? `${service.namespace}/${service.name}` : undefined,
  };
}

function hostnames(
  ingress: { hostname?: string; ip?: string }[] | undefined,
): string[] {
  return (ingress ?? []).map(i => i.hostname ?? i.ip ?? '').filter(Boolean);
}

export function toLoadBalancerServiceObservations(
  services: V1Service[],
): LoadBalancerServiceObservation[] {
  return services
    .filter(s => s.spec?.type === 'LoadBalancer')
    .map(s => ({
      namespace: s.metadata?.namespace ?? 'default',
      name: s.metadata?.name ?? '',
      loadBalancerClass: s.spec?.loadBalancerClass,
      annotations: s.metadata?.annotations ?? {},
      hostnames: hostnames(s.status?.loadBalancer?.ingress),
    }));
}

export function toIngressObservations(
  ingresses: V1Ingress[],
): IngressObservation[] {
  return ingresses.map(i => ({
    namespace: i.metadata?.namespace ?? 'default',
    name: i.metadata?.name ?? '',
    ingressClassName: i.spec?.ingressClassName,
    annotations: i.metadata?.annotations ?? {},
    hostnames: hostnames(i.status?.loadBalancer?.ingress),
  }));
}
