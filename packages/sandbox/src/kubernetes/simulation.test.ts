import { CoreV1Api, KubeConfig, Watch } from '@kubernetes/client-node';
import { KubernetesCluster } from './KubernetesCluster.ts';
import { createNodeGroupNodes } from './nodeGroups.ts';
import { seedDemoKubernetes } from './seed.ts';
import { signEksToken, startTestKubernetesServer } from './testing.ts';
import type { KubeObject } from './types.ts';
import { eventually } from '../__testUtils__/clients';

const ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];

type Pod = KubeObject & {
  spec: { nodeName?: string };
  status: {
    phase: string;
    conditions?: Array<{ type: string; status: string; reason?: string }>;
    containerStatuses?: Array<{ ready: boolean; restartCount: number }>;
  };
};

function newCluster(
  agentActive: () => boolean = () => true,
  probeIntervalMs = 10_000,
) {
  return new KubernetesCluster({
    name: 'demo',
    recordWrite: () => {},
    hooks: { podIdentityAgentActive: agentActive },
    probeIntervalMs,
  });
}

function pods(
  cluster: KubernetesCluster,
  namespace: string,
  prefix: string,
): Pod[] {
  return cluster
    .list('v1', 'Pod', namespace)
    .filter(p => p.metadata.name.startsWith(`${prefix}-`)) as Pod[];
}

function isReady(pod: Pod): boolean {
  return Boolean(
    pod.status.conditions?.some(c => c.type === 'Ready' && c.status === 'True'),
  );
}

function zoneOf(cluster: KubernetesCluster, pod: Pod): string | undefined {
  const node = cluster.get('v1', 'Node', undefined, pod.spec.nodeName ?? '');
  return node?.metadata.labels?.['topology.kubernetes.io/zone'];
}

function nginx(name: string, replicas: number): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.29' }] },
      },
    },
  };
}

describe('workload simulation', () => {
  it('runs a Deployment as owned, Running, Ready pods and follows scaling and deletion', () => {
    const cluster = newCluster();
    cluster.apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'default' },
    });
    createNodeGroupNodes(cluster, { nodeGroup: 'workers', zones: ZONES });
    const deployment = cluster.apply(nginx('web', 3));

    const running = pods(cluster, 'default', 'web');
    expect(running).toHaveLength(3);
    const [replicaSet] = cluster.list('apps/v1', 'ReplicaSet', 'default');
    expect(replicaSet.metadata.ownerReferences).toEqual([
      expect.objectContaining({
        kind: 'Deployment',
        name: 'web',
        uid: deployment.metadata.uid,
        controller: true,
      }),
    ]);
    for (const pod of running) {
      expect(pod.metadata.ownerReferences).toEqual([
        expect.objectContaining({
          kind: 'ReplicaSet',
          name: replicaSet.metadata.name,
          uid: replicaSet.metadata.uid,
          controller: true,
        }),
      ]);
      expect(pod.status.phase).toBe('Running');
      expect(isReady(pod)).toBe(true);
      expect(pod.metadata.labels?.['pod-template-hash']).toMatch(
        /^[a-z0-9]{10}$/,
      );
    }
    expect(
      cluster.get('apps/v1', 'Deployment', 'default', 'web')?.status,
    ).toMatchObject({
      replicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      observedGeneration: 1,
    });

    cluster.apply(nginx('web', 1));
    expect(pods(cluster, 'default', 'web')).toHaveLength(1);

    cluster.remove('apps/v1', 'Deployment', 'default', 'web');
    expect(pods(cluster, 'default', 'web')).toHaveLength(0);
    expect(cluster.list('apps/v1', 'ReplicaSet', 'default')).toEqual([]);
  });

  it('runs one DaemonSet pod per Ready node, including new nodes', () => {
    const cluster = newCluster();
    cluster.apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'kube-system' },
    });
    createNodeGroupNodes(cluster, { nodeGroup: 'a', zones: ZONES.slice(0, 2) });
    cluster.apply({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'kube-system' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: {
          metadata: { labels: { app: 'agent' } },
          spec: { containers: [{ name: 'agent', image: 'agent:1' }] },
        },
      },
    });
    const nodesOf = () =>
      pods(cluster, 'kube-system', 'agent')
        .map(p => p.spec.nodeName)
        .sort();
    expect(nodesOf()).toEqual(
      cluster
        .list('v1', 'Node')
        .map(n => n.metadata.name)
        .sort(),
    );
    createNodeGroupNodes(cluster, { nodeGroup: 'b', zones: ['eu-west-1c'] });
    expect(nodesOf()).toHaveLength(3);
    expect(
      cluster.get('apps/v1', 'DaemonSet', 'kube-system', 'agent')?.status,
    ).toMatchObject({
      desiredNumberScheduled: 3,
      numberReady: 3,
    });
  });

  it('keeps pods Pending and Unschedulable when no node admits them', () => {
    const cluster = newCluster();
    cluster.apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'default' },
    });
    createNodeGroupNodes(cluster, {
      nodeGroup: 'system',
      zones: ZONES,
      taints: [
        { key: 'CriticalAddonsOnly', value: 'true', effect: 'NoSchedule' },
      ],
    });
    cluster.apply(nginx('web', 1));
    const [pod] = pods(cluster, 'default', 'web');
    expect(pod.spec.nodeName).toBeUndefined();
    expect(pod.status.phase).toBe('Pending');
    expect(pod.status.conditions).toEqual([
      expect.objectContaining({
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
      }),
    ]);
  });
});

describe('Karpenter without the Pod Identity agent (field notes, as corrected)', () => {
  type ContainerState = {
    ready: boolean;
    restartCount: number;
    state: { running?: object; waiting?: { reason: string; message: string } };
    lastState: {
      terminated?: { exitCode: number; reason: string; message?: string };
    };
  };
  const containerOf = (pod: Pod) =>
    (pod.status.containerStatuses as unknown as ContainerState[])[0];

  it('crash-loops: "ec2 api connectivity check failed", a panic, CrashLoopBackOff, rising restarts and BackOff events', async () => {
    let agent = false;
    const cluster = newCluster(() => agent, 20);
    seedDemoKubernetes(cluster, { zones: ZONES, nodeGroup: 'system' });

    const karpenter = pods(cluster, 'kube-system', 'karpenter');
    expect(karpenter).toHaveLength(2);
    for (const pod of karpenter) {
      expect(pod.status.phase).toBe('Running');
      expect(isReady(pod)).toBe(false);
      const container = containerOf(pod);
      expect(container).toMatchObject({
        ready: false,
        state: {
          waiting: {
            reason: 'CrashLoopBackOff',
            message: expect.stringMatching(
              /^back-off 10s restarting failed container=controller pod=karpenter-/,
            ),
          },
        },
        lastState: { terminated: { exitCode: 2, reason: 'Error' } },
      });
      expect(container.restartCount).toBeGreaterThanOrEqual(1);
      // the default terminationMessagePolicy (File) leaves no message
      expect(container.lastState.terminated?.message).toBeUndefined();
    }
    const events = cluster
      .list('v1', 'Event', 'kube-system')
      .filter(
        e =>
          (e.involvedObject as { name: string }).name ===
          karpenter[0].metadata.name,
      );
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'Warning',
        reason: 'BackOff',
        message: expect.stringMatching(
          /^Back-off restarting failed container controller in pod karpenter-/,
        ),
      }),
    );
    await eventually(() =>
      pods(cluster, 'kube-system', 'karpenter').every(
        p => containerOf(p).restartCount >= 3,
      ),
    );

    // nothing provisions: the shop pods wait
    expect(
      pods(cluster, 'shop', 'storefront').every(p => !p.spec.nodeName),
    ).toBe(true);
    expect(cluster.list('karpenter.sh/v1', 'NodeClaim')).toEqual([]);
    expect(
      cluster.get('apps/v1', 'Deployment', 'kube-system', 'karpenter')?.status,
    ).toMatchObject({
      readyReplicas: 0,
      unavailableReplicas: 2,
    });

    agent = true;
    cluster.reconcile();
    const recovered = pods(cluster, 'kube-system', 'karpenter');
    expect(recovered.every(isReady)).toBe(true);
    for (const pod of recovered) {
      expect(containerOf(pod).state.running).toBeDefined();
      expect(containerOf(pod).lastState.terminated?.reason).toBe('Error');
    }
    cluster.stopProbes();
  });

  it('puts the end of the log in the termination message with FallbackToLogsOnError', () => {
    const cluster = newCluster(() => false);
    seedDemoKubernetes(cluster, { zones: ZONES, nodeGroup: 'system' });
    const deployment = cluster.get(
      'apps/v1',
      'Deployment',
      'kube-system',
      'karpenter',
    )!;
    const spec = deployment.spec as {
      template: { spec: { containers: Array<Record<string, unknown>> } };
    };
    cluster.apply({
      ...deployment,
      spec: {
        ...spec,
        template: {
          ...spec.template,
          spec: {
            ...spec.template.spec,
            containers: spec.template.spec.containers.map(c => ({
              ...c,
              terminationMessagePolicy: 'FallbackToLogsOnError',
            })),
          },
        },
      },
    });
    const fallback = pods(cluster, 'kube-system', 'karpenter').filter(
      p =>
        (
          p.spec as {
            containers?: Array<{ terminationMessagePolicy?: string }>;
          }
        ).containers?.[0].terminationMessagePolicy === 'FallbackToLogsOnError',
    );
    expect(fallback.length).toBeGreaterThan(0);
    const log = containerOf(fallback[0]).lastState.terminated?.message ?? '';
    expect(log).toMatch(/ec2 api connectivity check failed/);
    expect(JSON.parse(log.split('\n')[0])).toMatchObject({
      level: 'ERROR',
      message: 'ec2 api connectivity check failed',
      error: expect.stringContaining('get credentials'),
    });
    expect(log).toMatch(/^panic: ec2 api connectivity check failed/m);
    cluster.stopProbes();
  });

  it('is healthy with an IRSA role on its service account even without the agent', () => {
    const cluster = newCluster(() => false);
    seedDemoKubernetes(cluster, { zones: ZONES, nodeGroup: 'system' });
    const sa = cluster.get('v1', 'ServiceAccount', 'kube-system', 'karpenter')!;
    cluster.apply({
      ...sa,
      metadata: {
        ...sa.metadata,
        annotations: {
          'eks.amazonaws.com/role-arn':
            'arn:aws:iam::000000000000:role/karpenter',
        },
      },
    });
    expect(pods(cluster, 'kube-system', 'karpenter').every(isReady)).toBe(true);
    cluster.stopProbes();
  });
});

describe('Karpenter provisioning', () => {
  it('launches NodeClaims and Nodes for pending pods, spreading only pods that ask for it', () => {
    const cluster = newCluster();
    seedDemoKubernetes(cluster, { zones: ZONES, nodeGroup: 'system' });

    const storefront = pods(cluster, 'shop', 'storefront');
    const cart = pods(cluster, 'shop', 'cart');
    expect(
      [...storefront, ...cart].every(
        p => p.status.phase === 'Running' && isReady(p),
      ),
    ).toBe(true);
    expect(storefront.map(p => zoneOf(cluster, p)).sort()).toEqual(ZONES);
    const cartZones = new Set(cart.map(p => zoneOf(cluster, p)));
    expect(cartZones.size).toBe(1);

    const claims = cluster.list('karpenter.sh/v1', 'NodeClaim');
    expect(claims.length).toBeGreaterThanOrEqual(3);
    for (const claim of claims) {
      const nodeName = (claim.status as { nodeName: string }).nodeName;
      const node = cluster.get('v1', 'Node', undefined, nodeName)!;
      expect(node.metadata.labels).toMatchObject({
        'karpenter.sh/nodepool': 'default',
        'karpenter.sh/capacity-type': 'spot',
        'topology.kubernetes.io/zone':
          expect.stringMatching(/^eu-west-1[abc]$/),
        'node.kubernetes.io/instance-type': expect.stringMatching(/^[cmr]6i\./),
      });
      expect(claim.metadata.labels?.['topology.kubernetes.io/zone']).toBe(
        node.metadata.labels?.['topology.kubernetes.io/zone'],
      );
    }
    const pool = cluster.get(
      'karpenter.sh/v1',
      'NodePool',
      undefined,
      'default',
    )!;
    expect(pool.status).toMatchObject({
      resources: { nodes: String(claims.length) },
      conditions: expect.arrayContaining([
        expect.objectContaining({ type: 'Ready', status: 'True' }),
      ]),
    });
    // system pods stay on the tainted system nodes
    for (const pod of pods(cluster, 'kube-system', 'coredns')) {
      const node = cluster.get('v1', 'Node', undefined, pod.spec.nodeName!)!;
      expect(node.metadata.labels?.['eks.amazonaws.com/nodegroup']).toBe(
        'system',
      );
    }
    // the load balancer controller gave the LoadBalancer Service its NLB
    const service = cluster.get('v1', 'Service', 'shop', 'storefront')!;
    expect(service.status).toEqual({
      loadBalancer: {
        ingress: [
          {
            hostname: expect.stringMatching(
              /^k8s-shop-storefro-[0-9a-f]{10}\.elb\.eu-west-1\.amazonaws\.com$/,
            ),
          },
        ],
      },
    });
  });

  it('respects NodePool limits, leaving the rest Pending with an event', () => {
    const cluster = newCluster();
    seedDemoKubernetes(cluster, { zones: ZONES, nodeGroup: 'system' });
    for (const claim of cluster.list('karpenter.sh/v1', 'NodePool')) {
      cluster.remove(
        'karpenter.sh/v1',
        'NodePool',
        undefined,
        claim.metadata.name,
      );
    }
    expect(cluster.list('karpenter.sh/v1', 'NodeClaim')).toEqual([]);
    expect(
      pods(cluster, 'shop', 'storefront').every(p => !p.spec.nodeName),
    ).toBe(true);

    cluster.apply({
      apiVersion: 'karpenter.sh/v1',
      kind: 'NodePool',
      metadata: { name: 'small' },
      spec: {
        template: {
          spec: {
            nodeClassRef: {
              group: 'karpenter.k8s.aws',
              kind: 'EC2NodeClass',
              name: 'default',
            },
            requirements: [
              {
                key: 'topology.kubernetes.io/zone',
                operator: 'In',
                values: ['eu-west-1b'],
              },
              {
                key: 'karpenter.sh/capacity-type',
                operator: 'In',
                values: ['on-demand'],
              },
            ],
          },
        },
        limits: { cpu: '2' },
      },
    });
    const cart = cluster.get('apps/v1', 'Deployment', 'shop', 'cart')!;
    cluster.apply({ ...cart, spec: { ...(cart.spec as object), replicas: 8 } });
    const claims = cluster.list('karpenter.sh/v1', 'NodeClaim');
    expect(claims).toHaveLength(1);
    expect(claims[0].metadata.labels).toMatchObject({
      'karpenter.sh/nodepool': 'small',
      'karpenter.sh/capacity-type': 'on-demand',
      'topology.kubernetes.io/zone': 'eu-west-1b',
    });
    const waiting = cluster
      .list('v1', 'Pod', 'shop')
      .filter(p => !(p.spec as { nodeName?: string }).nodeName);
    expect(waiting.length).toBeGreaterThan(0);
    const events = cluster.list('v1', 'Event', 'shop').map(e => e.message);
    expect(events).toContain(
      'Failed to schedule pod, all available instance types exceed limits for nodepool: "small"',
    );
  });

  it('is observable through @kubernetes/client-node: a watch sees a new node appear', async () => {
    const cluster = newCluster();
    seedDemoKubernetes(cluster, { zones: ZONES, nodeGroup: 'system' });
    const server = await startTestKubernetesServer([cluster]);
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: 'c',
          server: server.endpoint('demo'),
          caData: server.caData,
        },
      ],
      users: [{ name: 'u', token: signEksToken({ clusterName: 'demo' }) }],
      contexts: [{ name: 'c', cluster: 'c', user: 'u' }],
      currentContext: 'c',
    });
    const core = kc.makeApiClient(CoreV1Api);
    try {
      const before = await core.listNode({
        labelSelector: 'karpenter.sh/nodepool=default',
      });
      const added: string[] = [];
      const watch = await new Watch(kc).watch(
        '/api/v1/nodes',
        {
          labelSelector: 'karpenter.sh/nodepool',
          resourceVersion: before.metadata?.resourceVersion,
        },
        (phase, node) => {
          if (phase === 'ADDED') added.push(node.metadata.name);
        },
        () => {},
      );
      const apps = cluster.get('apps/v1', 'Deployment', 'shop', 'cart')!;
      cluster.apply({
        ...apps,
        spec: { ...(apps.spec as object), replicas: 12 },
      });
      await eventually(() => added.length > 0);
      watch.abort();
      const pending = await core.listNamespacedPod({
        namespace: 'shop',
        fieldSelector: 'status.phase=Pending',
      });
      expect(pending.items).toEqual([]);
      const cartPods = await core.listNamespacedPod({
        namespace: 'shop',
        labelSelector: 'app=cart',
      });
      expect(cartPods.items).toHaveLength(12);
      const zones = new Set(
        cartPods.items.map(p =>
          zoneOf(cluster, { spec: { nodeName: p.spec?.nodeName } } as Pod),
        ),
      );
      expect(zones.size).toBe(1);
    } finally {
      await server.stop();
    }
  });
});
