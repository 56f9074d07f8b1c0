import { createHash } from 'node:crypto';
import { kubeTimestamp } from '../time.ts';
import type { KubeObject } from '../types.ts';
import { recordEvent } from './events.ts';
import { keepTransitionTimes, updateStatus } from './status.ts';
import {
  isTerminating,
  owningDeployment,
  podSpecOf,
  type Condition,
  type Container,
  type SimulatedCluster,
} from './types.ts';

/** The annotation IRSA puts on a service account. */
export const IRSA_ROLE_ANNOTATION = 'eks.amazonaws.com/role-arn';

interface ContainerStatus {
  name: string;
  image?: string;
  imageID: string;
  containerID: string;
  ready: boolean;
  started: boolean;
  restartCount: number;
  state: { running: { startedAt: string } };
  lastState: {
    terminated?: {
      exitCode: number;
      reason: string;
      startedAt: string;
      finishedAt: string;
    };
  };
}

interface PodStatus {
  phase?: string;
  startTime?: string;
  podIP?: string;
  hostIP?: string;
  conditions?: Condition[];
  containerStatuses?: ContainerStatus[];
}

function hashBytes(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** A pod IP in the node's VPC range, stable for the pod. */
function podIpFor(pod: KubeObject, nodeIp: string): string {
  const [a, b] = nodeIp.split('.');
  const bytes = hashBytes(pod.metadata.uid ?? pod.metadata.name);
  return `${a}.${b}.${128 + (bytes[0] % 64)}.${1 + (bytes[1] % 254)}`;
}

function nodeIpOf(node: KubeObject): string {
  const addresses =
    (
      (node.status ?? {}) as {
        addresses?: Array<{ type: string; address: string }>;
      }
    ).addresses ?? [];
  return addresses.find(a => a.type === 'InternalIP')?.address ?? '10.0.0.10';
}

/** Whether the pod belongs to the Karpenter controller Deployment. */
export function isKarpenterControllerPod(
  cluster: Pick<SimulatedCluster, 'byUid'>,
  pod: KubeObject,
): boolean {
  return owningDeployment(cluster, pod)?.metadata.name === 'karpenter';
}

/**
 * The field-notes lesson: without the EKS Pod Identity agent (and without an
 * IRSA role on its service account) Karpenter gets no AWS credentials,
 * prints no logs and fails its readiness and liveness probes.
 */
export function karpenterLacksCredentials(
  cluster: SimulatedCluster,
  pod: KubeObject,
): boolean {
  if (!isKarpenterControllerPod(cluster, pod)) return false;
  if (cluster.podIdentityAgentActive()) return false;
  const serviceAccount = cluster.get(
    'v1',
    'ServiceAccount',
    pod.metadata.namespace,
    podSpecOf(pod).serviceAccountName ?? 'default',
  );
  return !serviceAccount?.metadata.annotations?.[IRSA_ROLE_ANNOTATION];
}

function probeMessages(pod: KubeObject, ip: string) {
  return [
    `Readiness probe failed: Get "http://${ip}:8081/readyz": dial tcp ${ip}:8081: connect: connection refused`,
    `Liveness probe failed: Get "http://${ip}:8081/healthz": dial tcp ${ip}:8081: connect: connection refused`,
  ].map(message => ({ pod, message }));
}

function failingPods(cluster: SimulatedCluster): KubeObject[] {
  return cluster
    .view('v1', 'Pod')
    .filter(
      p =>
        podSpecOf(p).nodeName &&
        !isTerminating(p) &&
        (p.status as PodStatus | undefined)?.phase === 'Running' &&
        karpenterLacksCredentials(cluster, p),
    );
}

function recordProbeFailures(cluster: SimulatedCluster, pod: KubeObject) {
  const status = (pod.status ?? {}) as PodStatus;
  for (const { message } of probeMessages(pod, status.podIP ?? '')) {
    recordEvent(cluster, pod, {
      type: 'Warning',
      reason: 'Unhealthy',
      message,
      component: 'kubelet',
      host: podSpecOf(pod).nodeName,
      fieldPath: `spec.containers{${
        podSpecOf(pod).containers?.[0]?.name ?? 'controller'
      }}`,
    });
  }
}

/**
 * One probe period for failing containers: the liveness probe kills them,
 * so their restart count rises and the probe events count up.
 */
function probeTick(cluster: SimulatedCluster): void {
  const now = kubeTimestamp();
  for (const pod of failingPods(cluster)) {
    const status = (pod.status ?? {}) as PodStatus;
    const containerStatuses = (status.containerStatuses ?? []).map(c => ({
      ...c,
      restartCount: c.restartCount + 1,
      lastState: {
        terminated: {
          exitCode: 2,
          reason: 'Error',
          startedAt: c.state.running.startedAt,
          finishedAt: now,
        },
      },
      state: { running: { startedAt: now } },
    }));
    cluster.apply({ ...pod, status: { ...status, containerStatuses } });
    recordProbeFailures(cluster, pod);
  }
}

function containerStatus(
  pod: KubeObject,
  container: Container,
  ready: boolean,
  previous: ContainerStatus | undefined,
  startedAt: string,
): ContainerStatus {
  return {
    name: container.name,
    image: container.image,
    imageID: '',
    containerID: `containerd://${hashBytes(
      `${pod.metadata.uid}/${container.name}`,
    ).toString('hex')}`,
    ready,
    started: true,
    restartCount: previous?.restartCount ?? 0,
    state: previous?.state ?? { running: { startedAt } },
    lastState: previous?.lastState ?? {},
  };
}

/**
 * The kubelets: pods bound to a node start Running; their containers are
 * Ready unless the simulation says their probes fail.
 */
export function kubeletController(cluster: SimulatedCluster): void {
  const nodes = new Map(
    cluster.view('v1', 'Node').map(n => [n.metadata.name, n]),
  );
  for (const pod of cluster.view('v1', 'Pod')) {
    const spec = podSpecOf(pod);
    const node = spec.nodeName ? nodes.get(spec.nodeName) : undefined;
    if (!node || isTerminating(pod)) continue;
    const previous = (pod.status ?? {}) as PodStatus;
    const failing = karpenterLacksCredentials(cluster, pod);
    const now = kubeTimestamp();
    const startTime = previous.startTime ?? now;
    const hostIP = nodeIpOf(node);
    const podIP = previous.podIP ?? podIpFor(pod, hostIP);
    const containers = spec.containers ?? [];
    const ready = !failing;
    const conditions = keepTransitionTimes(
      previous.conditions,
      [
        { type: 'PodReadyToStartContainers', status: 'True' },
        { type: 'Initialized', status: 'True' },
        {
          type: 'Ready',
          status: ready ? 'True' : 'False',
          ...(ready
            ? {}
            : {
                reason: 'ContainersNotReady',
                message: `containers with unready status: [${containers
                  .map(c => c.name)
                  .join(' ')}]`,
              }),
        },
        {
          type: 'ContainersReady',
          status: ready ? 'True' : 'False',
          ...(ready ? {} : { reason: 'ContainersNotReady' }),
        },
        { type: 'PodScheduled', status: 'True' },
      ].map(c => ({
        ...c,
        lastProbeTime: null,
        lastTransitionTime: now,
      })) as Condition[],
    );
    const wasFailing =
      previous.phase === 'Running' &&
      previous.conditions?.some(
        c => c.type === 'Ready' && c.status === 'False',
      );
    updateStatus(cluster, pod, {
      ...previous,
      phase: 'Running',
      hostIP,
      hostIPs: [{ ip: hostIP }],
      podIP,
      podIPs: [{ ip: podIP }],
      startTime,
      conditions,
      containerStatuses: containers.map(c =>
        containerStatus(
          pod,
          c,
          ready,
          previous.containerStatuses?.find(s => s.name === c.name),
          startTime,
        ),
      ),
    });
    if (failing && !wasFailing) {
      const stored = cluster.get(
        'v1',
        'Pod',
        pod.metadata.namespace,
        pod.metadata.name,
      );
      if (stored) recordProbeFailures(cluster, stored);
    }
  }
  cluster.scheduleProbes(
    () => failingPods(cluster).length > 0,
    () => probeTick(cluster),
  );
}
