import type { V1Pod } from '@kubernetes/client-node';
import type { KubernetesClients } from '../../kubernetes/KubernetesClientFactory';
import type { CustomObject } from './karpenter';
import {
  toDeploymentObservation,
  toIngressObservations,
  toLoadBalancerServiceObservations,
  toNodesSummary,
} from './kubernetes';
import { fromSource } from './section';

const KARPENTER_GROUP = 'karpenter.sh';
const KARPENTER_AWS_GROUP = 'karpenter.k8s.aws';

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
  const nodePoolsP = customObjects(KARPENTER_GROUP, 'nodepools');
  const nodeClaimsP = customObjects(KARPENTER_GROUP, 'nodeclaims');
  const nodeClassesP = customObjects(KARPENTER_AWS_GROUP, 'ec2nodeclasses');

  return {
    nodesP,
    deploymentsP,
    servicesP,
    ingressesP,
    pendingPodsP,
    nodePoolsP,
    nodeClaimsP,
    nodeClassesP,
  };
}
