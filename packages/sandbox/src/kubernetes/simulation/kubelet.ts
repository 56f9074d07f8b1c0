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

interface TerminatedState {
  exitCode: number;
  reason: string;
  message?: string;
  startedAt: string;
  finishedAt: string;
  containerID?: string;
}

interface ContainerStatus {
  name: string;
  image?: string;
  imageID: string;
  containerID: string;
  ready: boolean;
  started: boolean;
  restartCount: number;
  state: {
    running?: { startedAt: string };
    waiting?: { reason: string; message?: string };
  };
  lastState: { terminated?: TerminatedState };
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
 * Without the EKS Pod Identity agent (and without an IRSA role on its
 * service account) Karpenter gets no AWS credentials: its start-up check of
 * EC2 access fails, it logs "ec2 api connectivity check failed", panics and
 * crash-loops (CrashLoopBackOff).
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

/** Why the AWS SDK found no credentials: the Pod Identity agent's endpoint does not answer. */
const NO_CREDENTIALS_ERROR =
  'operation error EC2: DescribeInstanceTypes, get identity: get credentials: failed to refresh cached credentials, failed to load credentials, exceeded maximum number of attempts, 3, request send failed, Get "http://169.254.170.23/v1/credentials": dial tcp 169.254.170.23:80: connect: connection refused';

/** The exit code of a Go panic. */
const PANIC_EXIT_CODE = 2;

/**
 * What a Karpenter controller without credentials prints before it exits:
 * the failed EC2 connectivity check, then the panic.
 */
function karpenterNoCredentialsLog(time: string): string {
  return [
    JSON.stringify({
      level: 'ERROR',
      time,
      logger: 'controller',
      message: 'ec2 api connectivity check failed',
      commit: 'c2b3d5a',
      error: NO_CREDENTIALS_ERROR,
    }),
    `panic: ec2 api connectivity check failed, ${NO_CREDENTIALS_ERROR}`,
    '',
  ].join('\n');
}

/** The kubelet's restart back-off after `restarts` restarts: 10s doubling, at most 5m. */
function backOff(restarts: number): string {
  const seconds = Math.min(10 * 2 ** Math.max(0, restarts - 1), 300);
  const minutes = Math.floor(seconds / 60);
  return minutes ? `${minutes}m${seconds % 60}s` : `${seconds}s`;
}

function crashingPods(cluster: SimulatedCluster): KubeObject[] {
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

/**
 * A container that exited with a panic and waits to be restarted. Its
 * termination message is the end of its log only with
 * `terminationMessagePolicy: FallbackToLogsOnError` (the default, `File`,
 * reads /dev/termination-log, which Karpenter does not write).
 */
function crashedStatus(
  pod: KubeObject,
  container: Container,
  previous: ContainerStatus | undefined,
  restartCount: number,
  startedAt: string,
  finishedAt: string,
): ContainerStatus {
  const containerID = `containerd://${hashBytes(
    `${pod.metadata.uid}/${container.name}/${restartCount}`,
  ).toString('hex')}`;
  const fallbackToLogs =
    (container as { terminationMessagePolicy?: string })
      .terminationMessagePolicy === 'FallbackToLogsOnError';
  return {
    name: container.name,
    image: container.image,
    imageID: previous?.imageID ?? '',
    containerID,
    ready: false,
    started: false,
    restartCount,
    state: {
      waiting: {
        reason: 'CrashLoopBackOff',
        message: `back-off ${backOff(
          restartCount,
        )} restarting failed container=${container.name} pod=${
          pod.metadata.name
        }_${pod.metadata.namespace}(${pod.metadata.uid})`,
      },
    },
    lastState: {
      terminated: {
        exitCode: PANIC_EXIT_CODE,
        reason: 'Error',
        ...(fallbackToLogs
          ? { message: karpenterNoCredentialsLog(startedAt) }
          : {}),
        startedAt,
        finishedAt,
        containerID,
      },
    },
  };
}

function recordBackOff(cluster: SimulatedCluster, pod: KubeObject) {
  const container = podSpecOf(pod).containers?.[0]?.name ?? 'controller';
  recordEvent(cluster, pod, {
    type: 'Warning',
    reason: 'BackOff',
    message: `Back-off restarting failed container ${container} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`,
    component: 'kubelet',
    host: podSpecOf(pod).nodeName,
    fieldPath: `spec.containers{${container}}`,
  });
}

/** One back-off period: crashed containers run again, fail again, and their restart count rises. */
function restartTick(cluster: SimulatedCluster): void {
  const now = kubeTimestamp();
  for (const pod of crashingPods(cluster)) {
    const status = (pod.status ?? {}) as PodStatus;
    const containers = podSpecOf(pod).containers ?? [];
    const containerStatuses = containers.map(c => {
      const previous = status.containerStatuses?.find(s => s.name === c.name);
      return crashedStatus(
        pod,
        c,
        previous,
        (previous?.restartCount ?? 0) + 1,
        now,
        now,
      );
    });
    cluster.apply({ ...pod, status: { ...status, containerStatuses } });
    recordBackOff(cluster, pod);
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
    // a container waiting after a crash is restarted (and now runs)
    restartCount:
      (previous?.restartCount ?? 0) + (previous?.state.waiting ? 1 : 0),
    state: previous?.state.running
      ? previous.state
      : { running: { startedAt: previous ? kubeTimestamp() : startedAt } },
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
    const crashing = karpenterLacksCredentials(cluster, pod);
    const now = kubeTimestamp();
    const startTime = previous.startTime ?? now;
    const hostIP = nodeIpOf(node);
    const podIP = previous.podIP ?? podIpFor(pod, hostIP);
    const containers = spec.containers ?? [];
    const ready = !crashing;
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
    const wasCrashing = previous.containerStatuses?.some(
      s => s.state.waiting?.reason === 'CrashLoopBackOff',
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
      containerStatuses: containers.map(c => {
        const before = previous.containerStatuses?.find(s => s.name === c.name);
        if (!crashing) return containerStatus(pod, c, ready, before, startTime);
        // crashed once on start; the back-off ticks restart it
        return before?.state.waiting
          ? before
          : crashedStatus(
              pod,
              c,
              before,
              Math.max(1, before?.restartCount ?? 0),
              before?.state.running?.startedAt ?? startTime,
              now,
            );
      }),
    });
    if (crashing && !wasCrashing) {
      const stored = cluster.get(
        'v1',
        'Pod',
        pod.metadata.namespace,
        pod.metadata.name,
      );
      if (stored) recordBackOff(cluster, stored);
    }
  }
  cluster.scheduleProbes(
    () => crashingPods(cluster).length > 0,
    () => restartTick(cluster),
  );
}
