import { kubeTimestamp } from '../time.ts';
import type { KubeObject } from '../types.ts';
import { keepTransitionTimes, updateStatus } from './status.ts';
import { isTerminating, isTrue, type SimulatedCluster } from './types.ts';

interface ApiServiceSpec {
  service?: { namespace?: string; name?: string; port?: number } | null;
}

interface AvailableCondition {
  type: 'Available';
  status: 'True' | 'False';
  reason: string;
  message: string;
  lastTransitionTime: string;
}

function matches(
  labels: Record<string, string> | undefined,
  selector: Record<string, string>,
): boolean {
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

/** The `Available` condition kube-aggregator's availability controller sets. */
function availability(
  cluster: SimulatedCluster,
  apiService: KubeObject,
): Omit<AvailableCondition, 'lastTransitionTime'> {
  const service = (apiService.spec as ApiServiceSpec | undefined)?.service;
  if (!service?.name) {
    return {
      type: 'Available',
      status: 'True',
      reason: 'Local',
      message: 'Local APIServices are always available',
    };
  }
  const namespace = service.namespace ?? 'default';
  const target = cluster.get('v1', 'Service', namespace, service.name);
  if (!target) {
    return {
      type: 'Available',
      status: 'False',
      reason: 'ServiceNotFound',
      message: `service/${service.name} in "${namespace}" is not present`,
    };
  }
  const selector =
    (target.spec as { selector?: Record<string, string> } | undefined)
      ?.selector ?? {};
  const ready = cluster
    .view('v1', 'Pod', namespace)
    .some(
      p =>
        Object.keys(selector).length > 0 &&
        matches(p.metadata.labels, selector) &&
        !isTerminating(p) &&
        isTrue(p, 'Ready'),
    );
  if (!ready) {
    return {
      type: 'Available',
      status: 'False',
      reason: 'MissingEndpoints',
      message: `endpoints for service/${service.name} in "${namespace}" have no addresses with port name "https"`,
    };
  }
  return {
    type: 'Available',
    status: 'True',
    reason: 'Passed',
    message: 'all checks passed',
  };
}

/**
 * kube-aggregator's availability controller: each APIService is Available
 * when it is local, or when its Service exists and has ready pods behind it
 * (ServiceNotFound, MissingEndpoints otherwise). The sandbox does not proxy
 * aggregated APIs; it keeps their registrations' state.
 */
export function apiServiceController(cluster: SimulatedCluster): void {
  const now = kubeTimestamp();
  for (const apiService of cluster.view(
    'apiregistration.k8s.io/v1',
    'APIService',
  )) {
    const previous = (apiService.status ?? {}) as {
      conditions?: AvailableCondition[];
    };
    const conditions = keepTransitionTimes(previous.conditions, [
      { ...availability(cluster, apiService), lastTransitionTime: now },
    ]);
    updateStatus(cluster, apiService, { ...previous, conditions });
  }
}
