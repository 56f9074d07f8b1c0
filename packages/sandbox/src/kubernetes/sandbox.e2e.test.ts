import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
} from '@kubernetes/client-node';
import { startSandbox, type Sandbox } from '../sandbox';
import { fetchWithCa, signEksToken } from './testing.ts';

describe('the Kubernetes API of the sandbox demo cluster', () => {
  let sandbox: Sandbox;
  let kc: KubeConfig;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: 'demo',
          server: `${sandbox.kubernetesUrl}/k8s/000000000000/eu-west-1/demo`,
          caData: Buffer.from(sandbox.certificateAuthority).toString('base64'),
        },
      ],
      users: [{ name: 'demo', token: signEksToken({ clusterName: 'demo' }) }],
      contexts: [{ name: 'demo', cluster: 'demo', user: 'demo' }],
      currentContext: 'demo',
    });
  });
  afterAll(() => sandbox.stop());

  it('serves nodes, a Ready Karpenter and its NodePool to @kubernetes/client-node', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const nodes = await core.listNode();
    expect(nodes.items.length).toBeGreaterThan(0);
    for (const node of nodes.items) {
      expect(node.metadata?.labels?.['topology.kubernetes.io/zone']).toMatch(
        /^eu-west-1[abc]$/,
      );
    }
    // the sandbox's add-ons and node groups settle after start: wait for Karpenter
    const apps = kc.makeApiClient(AppsV1Api);
    let ready = false;
    for (let attempt = 0; attempt < 100 && !ready; attempt++) {
      const karpenter = await apps.readNamespacedDeployment({
        name: 'karpenter',
        namespace: 'kube-system',
      });
      ready = karpenter.status?.readyReplicas === karpenter.spec?.replicas;
      if (!ready) await new Promise(resolve => setTimeout(resolve, 50));
    }
    expect(ready).toBe(true);
    const pools = await kc
      .makeApiClient(CustomObjectsApi)
      .listClusterCustomObject({
        group: 'karpenter.sh',
        version: 'v1',
        plural: 'nodepools',
      });
    expect(
      pools.items.map((p: { metadata: { name: string } }) => p.metadata.name),
    ).toContain('default');
  });

  it('rejects a token signed for another cluster name carried in the query', async () => {
    const res = await fetchWithCa(sandbox.certificateAuthority)(
      `${sandbox.kubernetesUrl}/k8s/000000000000/eu-west-1/demo/api/v1/nodes`,
      {
        headers: {
          Authorization: `Bearer ${signEksToken({
            clusterName: 'other',
            extraQuery: { 'x-k8s-aws-id': 'other' },
          })}`,
        },
      },
    );
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      kind: 'Status',
      reason: 'Unauthorized',
      code: 401,
    });
  });
});
