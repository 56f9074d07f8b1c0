import { gatewayApiCrds } from '@backstage-eks/sandbox';
import {
  sandboxObserveContext,
  useSandbox,
} from '../__testUtils__/sandboxContext';
import { SourceError } from '../sources/section';
import type { ObserveContext } from './context';
import { describeCluster } from './eksLists';
import {
  connectKubernetes,
  countPendingPods,
  listCustomObjects,
  listDeployments,
  listGateways,
  listIngresses,
  listKarpenterControllerPods,
  listLoadBalancerServices,
  listNodes,
  readMetricsApi,
  type KubernetesReader,
} from './kubernetesReads';

/** The Kubernetes reads of the health view, each on its own against the seeded demo cluster. */
describe('health reads of the Kubernetes API (sandbox)', () => {
  const env = useSandbox({ reset: false });
  let ctx: ObserveContext;
  let reader: KubernetesReader;

  beforeAll(async () => {
    ctx = await sandboxObserveContext(env.sandbox);
    reader = await connectKubernetes(ctx, await describeCluster(ctx));
  });

  it('connectKubernetes: clients with the context time limit; none for a cluster without an endpoint', async () => {
    expect(reader.timeoutMs).toBe(10000);
    const error = await connectKubernetes(ctx, {
      name: 'new',
      status: 'CREATING',
    }).catch(e => e);
    expect(error).toBeInstanceOf(SourceError);
    expect(error.sectionError).toEqual({
      source: 'kubernetes',
      message: 'the cluster is CREATING and has no Kubernetes API endpoint yet',
    });
  });

  it('listNodes: the nodes and how many are ready', async () => {
    expect(await listNodes(reader)).toMatchObject({ total: 3, ready: 3 });
  });

  it('listDeployments: every Deployment, Karpenter with its interruption queue', async () => {
    const deployments = await listDeployments(reader);
    expect(deployments.find(d => d.name === 'karpenter')).toMatchObject({
      namespace: 'kube-system',
      interruptionQueue: 'Karpenter-demo',
    });
  });

  it('listLoadBalancerServices and listIngresses: what a load balancer serves', async () => {
    const services = await listLoadBalancerServices(reader);
    expect(services.map(s => `${s.namespace}/${s.name}`)).toEqual([
      'shop/storefront',
    ]);
    const ingresses = await listIngresses(reader);
    expect(ingresses.map(i => `${i.namespace}/${i.name}`)).toEqual([
      'shop/storefront',
    ]);
  });

  it('countPendingPods: the pods in phase Pending, not the others', async () => {
    const all = (await reader.clients.core.listPodForAllNamespaces()).items;
    const pending = all.filter(p => p.status?.phase === 'Pending').length;
    expect(all.length).toBeGreaterThan(pending);
    expect(await countPendingPods(reader)).toBe(pending);
  });

  it("listKarpenterControllerPods: the controller's pods by its selector; no call without a controller", async () => {
    const deployments = await listDeployments(reader);
    const pods = await listKarpenterControllerPods(reader, deployments);
    expect(pods.length).toBeGreaterThan(0);
    for (const pod of pods) {
      expect(pod).toMatchObject({ namespace: 'kube-system' });
      expect(pod.name).toMatch(/^karpenter-/);
    }
    env.log.length = 0;
    const without = deployments.filter(d => d.name !== 'karpenter');
    expect(await listKarpenterControllerPods(reader, without)).toEqual([]);
    expect(env.log).toEqual([]);
  });

  it('readMetricsApi: the HPAs, and no resource metrics API without metrics-server', async () => {
    expect(await readMetricsApi(reader)).toEqual({
      horizontalPodAutoscalers: expect.any(Array),
      resourceMetricsApi: undefined,
    });
  });

  it('listCustomObjects: Karpenter objects; none when the CRD is missing', async () => {
    const pools = await listCustomObjects(reader, 'karpenter.sh', 'nodepools');
    expect(pools.map(p => p.metadata?.name)).toEqual(['default']);
    expect(
      await listCustomObjects(reader, 'eks.amazonaws.com', 'nodeclasses'),
    ).toEqual([]);
  });

  it("listGateways: none without the Gateway API CRDs (404); each Gateway with its class's controller", async () => {
    expect(await listGateways(reader)).toEqual([]);
    const kube = env.sandbox.state
      .region(env.sandbox.accountId, env.sandbox.region)
      .eks.clusters.get('demo')!.kube!;
    for (const crd of gatewayApiCrds()) kube.apply(crd);
    expect(await listGateways(reader)).toEqual([]);
    const gatewayApi = { group: 'gateway.networking.k8s.io', version: 'v1' };
    await reader.clients.customObjects.createClusterCustomObject({
      ...gatewayApi,
      plural: 'gatewayclasses',
      body: {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'GatewayClass',
        metadata: { name: 'aws-nlb' },
        spec: { controllerName: 'gateway.k8s.aws/nlb' },
      },
    });
    for (const [name, gatewayClassName] of [
      ['tcp', 'aws-nlb'],
      ['orphan', 'missing'],
    ]) {
      await reader.clients.customObjects.createNamespacedCustomObject({
        ...gatewayApi,
        namespace: 'shop',
        plural: 'gateways',
        body: {
          apiVersion: 'gateway.networking.k8s.io/v1',
          kind: 'Gateway',
          metadata: { name },
          spec: {
            gatewayClassName,
            listeners: [{ name: 'tcp', protocol: 'TCP', port: 5432 }],
          },
        },
      });
    }
    const gateways = await listGateways(reader);
    expect(gateways).toEqual(
      expect.arrayContaining([
        {
          namespace: 'shop',
          name: 'tcp',
          gatewayClassName: 'aws-nlb',
          controllerName: 'gateway.k8s.aws/nlb',
        },
        {
          namespace: 'shop',
          name: 'orphan',
          gatewayClassName: 'missing',
          controllerName: undefined,
        },
      ]),
    );
    expect(gateways).toHaveLength(2);
  });

  it('gives up after the time limit, naming the read', async () => {
    env.sandbox.faults.set({ service: 'kubernetes', latencyMs: 2000 });
    try {
      const error = await listNodes({ ...reader, timeoutMs: 200 }).catch(
        e => e,
      );
      expect(error.sectionError).toEqual({
        source: 'kubernetes:nodes',
        message: 'SourceTimeoutError: no answer within 200 ms',
      });
    } finally {
      env.sandbox.faults.clear();
    }
  });
});
