import {
  ApiregistrationV1Api,
  AutoscalingV2Api,
  type V1Pod,
} from '@kubernetes/client-node';
import type { KubernetesClients } from '../../kubernetes/KubernetesClientFactory';
import type { MetricsApiObservations } from '../types';
import {
  AUTO_MODE_NODE_CLASS_GROUP,
  findKarpenterController,
  type CustomObject,
} from './karpenter';
import {
  toApiServiceObservation,
  toDeploymentObservation,
  toHorizontalPodAutoscalerObservation,
  toIngressObservations,
  toLoadBalancerServiceObservations,
  toNodesSummary,
  toPodObservation,
} from './kubernetes';
import { fromSource } from './section';

const KARPENTER_GROUP = 'karpenter.sh';
const KARPENTER_AWS_GROUP = 'karpenter.k8s.aws';

/** The APIService of the resource metrics API that metrics-server serves. */
export const RESOURCE_METRICS_API_SERVICE = 'v1beta1.metrics.k8s.io';

function isNotFound(error: unknown): boolean {
  const e = error as { code?: number; statusCode?: number };
  return e?.code === 404 || e?.statusCode === 404;
}

/**
 * The Kubernetes reads of a health document, all started at once as soon as
 * the clients exist. A missing Karpenter CRD (404) reads as no objects.
 */
export function readKubernetes(
  k8sP: Promise<KubernetesClients>,
  timeoutMs: number,
  /** Whether EKS Auto Mode is on: its NodeClasses are read only then. */
  autoModeP: Promise<boolean>,
) {
  const k8sCall = <T>(
    source: string,
    fn: (k: KubernetesClients) => Promise<T>,
  ) => k8sP.then(k => fromSource(source, timeoutMs, () => fn(k)));
  const customObjects = (group: string, plural: string) =>
    k8sCall(`kubernetes:${plural}`, async k => {
      try {
        const list = await k.customObjects.listClusterCustomObject({
          group,
          version: 'v1',
          plural,
        });
        return (list?.items ?? []) as CustomObject[];
      } catch (error) {
        if (isNotFound(error)) return [] as CustomObject[];
        throw error;
      }
    });

  const nodesP = k8sCall('kubernetes:nodes', async k =>
    toNodesSummary((await k.core.listNode()).items),
  );
  const deploymentsP = k8sCall('kubernetes:deployments', async k =>
    (await k.apps.listDeploymentForAllNamespaces()).items.map(
      toDeploymentObservation,
    ),
  );
  const servicesP = k8sCall('kubernetes:services', async k =>
    toLoadBalancerServiceObservations(
      (await k.core.listServiceForAllNamespaces()).items,
    ),
  );
  const ingressesP = k8sCall('kubernetes:ingresses', async k =>
    toIngressObservations(
      (await k.networking.listIngressForAllNamespaces()).items,
    ),
  );
  const pendingPodsP = k8sCall('kubernetes:pods', async k => {
    const pods = await k.core.listPodForAllNamespaces({
      fieldSelector: 'status.phase=Pending',
    });
    return pods.items.filter((p: V1Pod) => p.status?.phase === 'Pending')
      .length;
  });
  const karpenterControllerPodsP = deploymentsP.then(deployments => {
    const controller = findKarpenterController(deployments);
    const selector = Object.entries(controller?.podSelector ?? {});
    if (!controller || selector.length === 0) return [];
    return k8sCall('kubernetes:pods', async k =>
      (
        await k.core.listNamespacedPod({
          namespace: controller.namespace,
          labelSelector: selector.map(([key, v]) => `${key}=${v}`).join(','),
        })
      ).items.map(toPodObservation),
    );
  });
  const metricsApiP = k8sCall(
    'kubernetes:horizontalpodautoscalers',
    async (k): Promise<MetricsApiObservations> => {
      const autoscaling = k.kubeConfig.makeApiClient(AutoscalingV2Api);
      const registration = k.kubeConfig.makeApiClient(ApiregistrationV1Api);
      const [hpas, apiService] = await Promise.all([
        autoscaling.listHorizontalPodAutoscalerForAllNamespaces(),
        registration
          .readAPIService({ name: RESOURCE_METRICS_API_SERVICE })
          .catch(error => {
            if (isNotFound(error)) return undefined;
            throw error;
          }),
      ]);
      return {
        horizontalPodAutoscalers: hpas.items.map(
          toHorizontalPodAutoscalerObservation,
        ),
        resourceMetricsApi: apiService
          ? toApiServiceObservation(apiService)
          : undefined,
      };
    },
  );
  const nodePoolsP = customObjects(KARPENTER_GROUP, 'nodepools');
  const nodeClaimsP = customObjects(KARPENTER_GROUP, 'nodeclaims');
  const nodeClassesP = customObjects(KARPENTER_AWS_GROUP, 'ec2nodeclasses');
  /** EKS Auto Mode's NodeClasses; undefined when Auto Mode is off. */
  const autoModeNodeClassesP = autoModeP.then(on =>
    on ? customObjects(AUTO_MODE_NODE_CLASS_GROUP, 'nodeclasses') : undefined,
  );

  return {
    nodesP,
    deploymentsP,
    servicesP,
    ingressesP,
    pendingPodsP,
    karpenterControllerPodsP,
    metricsApiP,
    nodePoolsP,
    nodeClaimsP,
    nodeClassesP,
    autoModeNodeClassesP,
  };
}
