import type { KubernetesCluster } from './KubernetesCluster.ts';
import { karpenterNoCredentialsLog } from './simulation/kubelet.ts';
import type { ResourceRequest } from './routing.ts';
import { badRequest, notFound } from './status.ts';
import type { Json } from './types.ts';

interface ContainerStatus {
  name: string;
  ready?: boolean;
  state?: {
    running?: { startedAt?: string };
    waiting?: { reason?: string };
  };
  lastState?: { terminated?: { startedAt?: string } };
}

/**
 * `GET .../pods/<name>/log`: the container's output. The sandbox simulates
 * only what a person looks for: a running container's start, and the last
 * run of a Karpenter controller that crash-loops because it cannot get AWS
 * credentials ("ec2 api connectivity check failed", then a panic), which is
 * what the kubelet serves for a container waiting to restart.
 */
export function podLog(
  cluster: KubernetesCluster,
  request: ResourceRequest,
  query: URLSearchParams,
): string {
  const pod = cluster.get('v1', 'Pod', request.namespace, request.name!);
  const podType = request.type;
  if (!pod) throw notFound(podType, request.name!);
  const spec = (pod.spec ?? {}) as Json;
  const containers = (spec.containers ?? []) as Array<{
    name: string;
    image?: string;
  }>;
  const wanted = query.get('container');
  if (!wanted && containers.length > 1) {
    throw badRequest(
      `a container name must be specified for pod ${
        pod.metadata.name
      }, choose one of: [${containers.map(c => c.name).join(' ')}]`,
    );
  }
  const container = wanted
    ? containers.find(c => c.name === wanted)
    : containers[0];
  if (!container) {
    throw badRequest(
      `container ${wanted} is not valid for pod ${pod.metadata.name}`,
    );
  }
  const status = (pod.status ?? {}) as Json;
  const containerStatus = (
    (status.containerStatuses ?? []) as ContainerStatus[]
  ).find(c => c.name === container.name);
  const isKarpenter = (container.image ?? '').includes('karpenter/controller');
  const crashedAt = containerStatus?.lastState?.terminated?.startedAt;
  if (
    isKarpenter &&
    containerStatus?.state?.waiting?.reason === 'CrashLoopBackOff' &&
    crashedAt
  ) {
    return karpenterNoCredentialsLog(crashedAt);
  }
  const startedAt = containerStatus?.state?.running?.startedAt;
  if (!startedAt) {
    throw badRequest(
      `container "${container.name}" in pod "${pod.metadata.name}" is waiting to start: ContainerCreating`,
    );
  }
  if (isKarpenter) {
    return [
      {
        level: 'INFO',
        time: startedAt,
        logger: 'controller',
        message: 'starting server',
        commit: 'c2b3d5a',
      },
      {
        level: 'INFO',
        time: startedAt,
        logger: 'controller',
        message:
          'attempting to acquire leader lease kube-system/karpenter-leader-election...',
      },
      {
        level: 'INFO',
        time: startedAt,
        logger: 'controller',
        message: 'Starting workers',
        controller: 'provisioner.trigger.pod',
      },
    ]
      .map(line => JSON.stringify(line))
      .join('\n')
      .concat('\n');
  }
  return `${startedAt} started container ${container.name} (${
    container.image ?? 'unknown image'
  })\n`;
}
