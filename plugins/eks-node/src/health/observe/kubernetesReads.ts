import {
  ApiregistrationV1Api,
  AutoscalingV2Api,
  type V1Pod,
} from '@kubernetes/client-node';
import type { NodesSummary } from '@backstage-eks/plugin-eks-common';
import type { Cluster } from '@aws-sdk/client-eks';
import type {
  EksClusterEndpoint,
  KubernetesClients,
} from '../../kubernetes/KubernetesClientFactory';
import { isNotFoundError } from '../../provisioning/waiters';
import {
  findKarpenterController,
  type CustomObject,
} from '../sources/karpenter';
import {
  toApiServiceObservation,
  toDeploymentObservation,
  toHorizontalPodAutoscalerObservation,
  toIngressObservations,
  toLoadBalancerServiceObservations,
  toNodesSummary,
  toPodObservation,
} from '../sources/kubernetes';
import { fromSource, SourceError } from '../sources/section';
import type {
  DeploymentObservation,
  GatewayObservation,
  IngressObservation,
  LoadBalancerServiceObservation,
  MetricsApiObservations,
  PodObservation,
} from '../types';
import type { ObserveContext } from './context';

// The Kubernetes reads of a health document: each one call (two for the
// metrics API), with its time limit, failing as its source.

/** The APIService of the resource metrics API that metrics-server serves. */
export const RESOURCE_METRICS_API_SERVICE = 'v1beta1.metrics.k8s.io';

/** Clients for one cluster's Kubernetes API and the time limit per call. */
export interface KubernetesReader {
  clients: KubernetesClients;
  timeoutMs: number;
  /** Runs each read when its turn comes (outside its time limit); all at once without it. */
  gate?: <T>(read: () => Promise<T>) => Promise<T>;
  /**
   * For clients connected before DescribeCluster answered (to where the
   * cluster was last reached): settles when it answers, to undefined when
   * the cluster is still there, to a reader of the API server it names when
   * that is another one, or rejects with its error.
   */
  confirmed?: Promise<KubernetesReader | undefined>;
}

/**
 * The Kubernetes API of a cluster, reachable once DescribeCluster named its
 * endpoint (which the client factory keeps for the next view: see
 * {@link connectKubernetesEarly}).
 */
export async function connectKubernetes(
  ctx: ObserveContext,
  cluster: Cluster,
): Promise<KubernetesReader> {
  if (!cluster.endpoint) {
    throw new SourceError({
      source: 'kubernetes',
      message: `the cluster is ${
        cluster.status ?? 'not ready'
      } and has no Kubernetes API endpoint yet`,
    });
  }
  const apiServer = {
    name: cluster.name ?? ctx.target.clusterName,
    endpoint: cluster.endpoint,
    certificateAuthorityData: cluster.certificateAuthority?.data,
  };
  ctx.kubernetes.rememberApiServer(ctx.aws, apiServer);
  return readerFor(ctx, apiServer);
}

/**
 * The Kubernetes API of a cluster without waiting for DescribeCluster when
 * the client factory has reached the cluster before, so that the Kubernetes
 * reads go out with the first round of AWS calls instead of after it (a
 * health view's slowest reads to take in, 11 of them, then no longer come
 * back after the add-ons' details). Each read's answer is used only once
 * DescribeCluster confirms the cluster's endpoint and CA: when it names
 * others (the cluster was made again under its name), the read is made again
 * there; when it fails, the read fails with its error. A cluster not reached
 * before is connected to once DescribeCluster answers, as by
 * {@link connectKubernetes}.
 */
export async function connectKubernetesEarly(
  ctx: ObserveContext,
  described: Promise<Cluster>,
): Promise<KubernetesReader> {
  const known = ctx.kubernetes.knownApiServer(ctx.aws, ctx.target.clusterName);
  if (!known) return connectKubernetes(ctx, await described);
  const confirmed = described.then(cluster =>
    cluster.endpoint === known.endpoint &&
    cluster.certificateAuthority?.data === known.certificateAuthorityData
      ? undefined
      : connectKubernetes(ctx, cluster),
  );
  // a reader whose reads all failed before it answered is never asked
  confirmed.catch(() => undefined);
  // the first round's AWS calls, which the second round waits for, go out first
  await new Promise(resolve => setImmediate(resolve));
  return { ...(await readerFor(ctx, known)), confirmed };
}

async function readerFor(
  ctx: ObserveContext,
  apiServer: EksClusterEndpoint,
): Promise<KubernetesReader> {
  const clients = await ctx.kubernetes.forCluster(ctx.aws, apiServer);
  const gate = ctx.kubernetesReadGate;
  return {
    clients,
    timeoutMs: ctx.kubernetesTimeoutMs,
    ...(gate ? { gate: read => gate(ctx.target, read) } : {}),
  };
}

async function k8sCall<T>(
  reader: KubernetesReader,
  source: string,
  fn: (k: KubernetesClients) => Promise<T>,
): Promise<T> {
  const read = () =>
    fromSource(source, reader.timeoutMs, () => fn(reader.clients));
  const answer = reader.gate ? reader.gate(read) : read();
  if (!reader.confirmed) return answer;
  // not awaited when the cluster turns out to be elsewhere
  answer.catch(() => undefined);
  const moved = await reader.confirmed;
  return moved ? k8sCall(moved, source, fn) : answer;
}

/** The nodes and how many are ready. */
export function listNodes(reader: KubernetesReader): Promise<NodesSummary> {
  return k8sCall(reader, 'kubernetes:nodes', async k =>
    toNodesSummary((await k.core.listNode()).items),
  );
}

/** Every Deployment of the cluster. */
export function listDeployments(
  reader: KubernetesReader,
): Promise<DeploymentObservation[]> {
  return k8sCall(reader, 'kubernetes:deployments', async k =>
    (await k.apps.listDeploymentForAllNamespaces()).items.map(
      toDeploymentObservation,
    ),
  );
}

/** The Services of type LoadBalancer. */
export function listLoadBalancerServices(
  reader: KubernetesReader,
): Promise<LoadBalancerServiceObservation[]> {
  return k8sCall(reader, 'kubernetes:services', async k =>
    toLoadBalancerServiceObservations(
      (await k.core.listServiceForAllNamespaces()).items,
    ),
  );
}

/** The Ingresses. */
export function listIngresses(
  reader: KubernetesReader,
): Promise<IngressObservation[]> {
  return k8sCall(reader, 'kubernetes:ingresses', async k =>
    toIngressObservations(
      (await k.networking.listIngressForAllNamespaces()).items,
    ),
  );
}

const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

/**
 * Every Gateway API Gateway (v1, all namespaces) with the controllerName of
 * its GatewayClass, which says who provisions it; none when the Gateway API
 * CRDs are not installed (404). The GatewayClasses are read only when there
 * are Gateways.
 */
export function listGateways(
  reader: KubernetesReader,
): Promise<GatewayObservation[]> {
  return k8sCall(reader, 'kubernetes:gateways', async k => {
    const list = async (plural: string) => {
      try {
        const result = await k.customObjects.listClusterCustomObject({
          group: GATEWAY_API_GROUP,
          version: 'v1',
          plural,
        });
        return (result?.items ?? []) as CustomObject[];
      } catch (error) {
        if (isNotFoundError(error)) return [] as CustomObject[];
        throw error;
      }
    };
    const gateways = await list('gateways');
    if (gateways.length === 0) return [];
    const controllers = new Map(
      (await list('gatewayclasses')).map(c => [
        c.metadata?.name ?? '',
        c.spec?.controllerName as string | undefined,
      ]),
    );
    return gateways.map(g => {
      const gatewayClassName: string | undefined = g.spec?.gatewayClassName;
      return {
        namespace: g.metadata?.namespace ?? 'default',
        name: g.metadata?.name ?? '',
        gatewayClassName,
        controllerName: gatewayClassName
          ? controllers.get(gatewayClassName)
          : undefined,
      };
    });
  });
}

/** How many pods are Pending. */
export function countPendingPods(reader: KubernetesReader): Promise<number> {
  return k8sCall(reader, 'kubernetes:pods', async k => {
    const pods = await k.core.listPodForAllNamespaces({
      fieldSelector: 'status.phase=Pending',
    });
    return pods.items.filter((p: V1Pod) => p.status?.phase === 'Pending')
      .length;
  });
}

/** The pods of the Karpenter controller among `deployments`; none without one. */
export async function listKarpenterControllerPods(
  reader: KubernetesReader,
  deployments: DeploymentObservation[],
): Promise<PodObservation[]> {
  const controller = findKarpenterController(deployments);
  const selector = Object.entries(controller?.podSelector ?? {});
  if (!controller || selector.length === 0) return [];
  return k8sCall(reader, 'kubernetes:pods', async k =>
    (
      await k.core.listNamespacedPod({
        namespace: controller.namespace,
        labelSelector: selector.map(([key, v]) => `${key}=${v}`).join(','),
      })
    ).items.map(toPodObservation),
  );
}

/** The HorizontalPodAutoscalers and the resource metrics API's APIService. */
export function readMetricsApi(
  reader: KubernetesReader,
): Promise<MetricsApiObservations> {
  return k8sCall(reader, 'kubernetes:horizontalpodautoscalers', async k => {
    const autoscaling = k.kubeConfig.makeApiClient(AutoscalingV2Api);
    const registration = k.kubeConfig.makeApiClient(ApiregistrationV1Api);
    const [hpas, apiService] = await Promise.all([
      autoscaling.listHorizontalPodAutoscalerForAllNamespaces(),
      registration
        .readAPIService({ name: RESOURCE_METRICS_API_SERVICE })
        .catch(error => {
          if (isNotFoundError(error)) return undefined;
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
  });
}

/** The objects of a cluster-scoped custom resource (v1); none when its CRD is missing (404). */
export function listCustomObjects(
  reader: KubernetesReader,
  group: string,
  plural: string,
): Promise<CustomObject[]> {
  return k8sCall(reader, `kubernetes:${plural}`, async k => {
    try {
      const list = await k.customObjects.listClusterCustomObject({
        group,
        version: 'v1',
        plural,
      });
      return (list?.items ?? []) as CustomObject[];
    } catch (error) {
      if (isNotFoundError(error)) return [] as CustomObject[];
      throw error;
    }
  });
}
