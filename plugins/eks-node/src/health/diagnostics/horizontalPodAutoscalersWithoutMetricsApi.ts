import { RESOURCE_METRICS_API_SERVICE } from '../observe/kubernetesReads';
import type { ApiServiceObservation } from '../types';
import type { DiagnosticCheck } from './types';

export const METRICS_SERVER_ADDON = 'metrics-server';

const LINK =
  'https://docs.aws.amazon.com/eks/latest/userguide/metrics-server.html';

/** Why the metrics API is not served, and what fixes that cause. */
function causeAndFix(
  clusterName: string,
  apiService: ApiServiceObservation | undefined,
  addonStatus: string | undefined,
): { what: string; fix: string } {
  const install = `Install the ${METRICS_SERVER_ADDON} EKS add-on (aws:eks:addon:install, or aws eks create-addon --cluster-name ${clusterName} --addon-name ${METRICS_SERVER_ADDON}). EKS does not deploy metrics-server by default, and EKS Auto Mode does not include it either.`;
  if (!apiService) {
    return {
      what: `The ${RESOURCE_METRICS_API_SERVICE} APIService is not registered: nothing serves the resource metrics API${
        addonStatus
          ? ` (the ${METRICS_SERVER_ADDON} add-on is ${addonStatus})`
          : ''
      }.`,
      fix: addonStatus
        ? `The ${METRICS_SERVER_ADDON} add-on is ${addonStatus} but has not registered its APIService: update it with resolveConflicts=OVERWRITE (aws eks update-addon --cluster-name ${clusterName} --addon-name ${METRICS_SERVER_ADDON} --resolve-conflicts OVERWRITE), or delete and install it again.`
        : install,
    };
  }
  const state = `The ${apiService.name} APIService${
    apiService.service ? ` (service ${apiService.service})` : ''
  } is not Available: ${apiService.reason ?? 'no reason given'}${
    apiService.message ? ` (${apiService.message})` : ''
  }.`;
  switch (apiService.reason) {
    case 'ServiceNotFound':
      return {
        what: state,
        fix: addonStatus
          ? `The APIService points at a Service that does not exist. Update the ${METRICS_SERVER_ADDON} add-on with resolveConflicts=OVERWRITE so that EKS recreates its Service.`
          : `The APIService points at a Service that does not exist, usually left behind by a metrics-server that was uninstalled by hand. Delete the stale APIService (kubectl delete apiservice ${
              apiService.name
            }), then ${install.charAt(0).toLowerCase()}${install.slice(1)}`,
      };
    case 'MissingEndpoints':
      return {
        what: state,
        fix: `The Service has no ready pods behind it. Look at the metrics-server pods (kubectl -n ${
          apiService.service?.split('/')[0] ?? 'kube-system'
        } get pods -l app.kubernetes.io/name=metrics-server; kubectl describe on a pod that is not Ready) and fix what keeps them Pending or not Ready${
          addonStatus ? `; the add-on's health issues name the cause` : ''
        }.`,
      };
    case 'FailedDiscoveryCheck':
      return {
        what: state,
        fix: 'The control plane cannot reach metrics-server. Allow inbound traffic from the cluster security group to the metrics-server pods on their port (10250, or 10251 for the EKS add-on on Fargate) in the nodes\u2019 security groups and network ACLs.',
      };
    default:
      return {
        what: state,
        fix: `kubectl describe apiservice ${
          apiService.name
        } names the cause; make its Service and the metrics-server pods behind it ready${
          addonStatus
            ? ''
            : `, or ${install.charAt(0).toLowerCase()}${install.slice(1)}`
        }`,
      };
  }
}

/**
 * HorizontalPodAutoscalers that scale on CPU or memory, on a cluster where
 * the resource metrics API (`metrics.k8s.io`, served by metrics-server) is
 * not registered or not Available: they cannot compute a replica count and
 * never scale. On any cluster, Auto Mode or not.
 */
export const horizontalPodAutoscalersWithoutMetricsApi: DiagnosticCheck =
  obs => {
    const metrics = obs.metricsApi.data;
    if (!metrics) return [];
    const hpas = metrics.horizontalPodAutoscalers.filter(
      h => h.usesResourceMetrics,
    );
    const apiService = metrics.resourceMetricsApi;
    if (hpas.length === 0 || apiService?.available) return [];
    const addon = (obs.addons.data ?? []).find(
      a => a.name === METRICS_SERVER_ADDON,
    );
    const { what, fix } = causeAndFix(
      obs.target.clusterName,
      apiService,
      addon?.status,
    );
    return [
      {
        id: 'horizontal-pod-autoscalers-without-metrics-api',
        severity: 'warning',
        title: 'HorizontalPodAutoscalers exist but no metrics API is served',
        what: `${hpas.length} HorizontalPodAutoscaler${
          hpas.length === 1 ? '' : 's'
        } scale${hpas.length === 1 ? 's' : ''} on CPU or memory (${hpas
          .map(h => `${h.namespace}/${h.name} \u2192 ${h.target}`)
          .join(', ')}). ${what}`,
        why: 'A HorizontalPodAutoscaler reads CPU and memory usage from the resource metrics API (metrics.k8s.io), which metrics-server serves. Without it the autoscaler reports FailedGetResourceMetric and never changes the replica count; kubectl top fails too.',
        fix,
        link: LINK,
        resources: [
          `apiservice/${RESOURCE_METRICS_API_SERVICE}`,
          ...(addon ? [`addon/${METRICS_SERVER_ADDON}`] : []),
          ...hpas.map(h => `horizontalpodautoscaler/${h.namespace}/${h.name}`),
        ],
      },
    ];
  };
