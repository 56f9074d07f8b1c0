import {
  CreateClusterCommand,
  DeleteClusterCommand,
  DescribeClusterCommand,
  ListClustersCommand,
  ListAddonsCommand,
} from '@aws-sdk/client-eks';
import { startSandbox } from './index';
import { eksClient } from './__testUtils__/clients';
import { fetchWithCa } from './kubernetes/testing';
import { useSandbox } from './__testUtils__/useSandbox';

describe('startSandbox', () => {
  const sandbox = useSandbox({ latencyFactor: 0.0001 });
  beforeEach(() => sandbox.reset());

  const createShop = () =>
    eksClient(sandbox).send(
      new CreateClusterCommand({
        name: 'shop',
        roleArn: 'arn:aws:iam::000000000000:role/demo-cluster',
        resourcesVpcConfig: {
          subnetIds: sandbox
            .snapshot()
            .accounts['000000000000'].regions['eu-west-1'].ec2.subnets.slice(
              0,
              2,
            ),
        },
      }),
    );

  it('listens on an ephemeral port and serves the seeded demo cluster', async () => {
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const eks = eksClient(sandbox);
    expect((await eks.send(new ListClustersCommand({}))).clusters).toEqual([
      'demo',
    ]);
    const { cluster } = await eks.send(
      new DescribeClusterCommand({ name: 'demo' }),
    );
    expect(cluster?.status).toBe('ACTIVE');
    expect(cluster?.version).toBe('1.33');
    expect(sandbox.kubernetesUrl).toBe(sandbox.url.replace(/^http:/, 'https:'));
    // the root of the cluster's own listener, as an EKS endpoint is a host's root
    expect(cluster?.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(cluster?.endpoint).not.toBe(sandbox.kubernetesUrl);
    expect(cluster?.endpoint).toBe(sandbox.clusterEndpoint('demo'));
    expect(cluster?.certificateAuthority?.data).toBe(
      Buffer.from(sandbox.certificateAuthority).toString('base64'),
    );
    expect(cluster?.accessConfig?.authenticationMode).toBe('API');
    const { addons } = await eks.send(
      new ListAddonsCommand({ clusterName: 'demo' }),
    );
    expect(addons?.sort()).toEqual([
      'aws-ebs-csi-driver',
      'coredns',
      'eks-pod-identity-agent',
      'kube-proxy',
      'vpc-cni',
    ]);
  });

  /** GET /version on an endpoint: its status, or the connection error's code. */
  const versionAt = (endpoint: string, ca = sandbox.certificateAuthority) =>
    fetchWithCa(ca)(`${endpoint}/version`).then(
      res => res.status,
      (e: NodeJS.ErrnoException) => e.code,
    );

  it('gives each cluster a listener of its own, from ACTIVE until it is deleted or the sandbox resets or stops', async () => {
    const eks = eksClient(sandbox);
    await createShop();
    let shop: string | undefined;
    while (!shop) {
      const { cluster } = await eks.send(
        new DescribeClusterCommand({ name: 'shop' }),
      );
      shop = cluster?.endpoint;
      if (!shop) await new Promise(resolve => setTimeout(resolve, 20));
    }
    const demo = sandbox.clusterEndpoint('demo')!;
    expect(shop).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(shop).not.toBe(demo);
    expect(await versionAt(shop)).toBe(200);
    // the sandbox's own port serves the same API under /k8s/<account>/<region>/<name>
    expect(
      await versionAt(
        `${sandbox.kubernetesUrl}/k8s/000000000000/eu-west-1/shop`,
      ),
    ).toBe(200);

    await eks.send(new DeleteClusterCommand({ name: 'shop' }));
    while ((await eks.send(new ListClustersCommand({}))).clusters?.length !== 1)
      await new Promise(resolve => setTimeout(resolve, 20));
    expect(await versionAt(shop)).toBe('ECONNREFUSED');
    expect(await versionAt(demo)).toBe(200);

    // a reset closes the old world's listeners and opens the new one's
    await sandbox.reset();
    expect(await versionAt(demo)).toBe('ECONNREFUSED');
    expect(await versionAt(sandbox.clusterEndpoint('demo')!)).toBe(200);

    const other = await startSandbox({ latencyFactor: 0 });
    const otherDemo = other.clusterEndpoint('demo')!;
    try {
      expect(await versionAt(otherDemo, other.certificateAuthority)).toBe(200);
    } finally {
      await other.stop();
    }
    expect(await versionAt(otherDemo, other.certificateAuthority)).toBe(
      'ECONNREFUSED',
    );
  });

  it('seeds the demo cluster as the contract says', () => {
    const region =
      sandbox.snapshot().accounts['000000000000'].regions['eu-west-1'];
    const demo = region.eks.clusters.demo;
    expect(demo.nodegroups.system).toEqual({
      status: 'ACTIVE',
      desiredSize: 3,
      instances: 3,
    });
    expect(demo.addons['aws-ebs-csi-driver'].status).toBe('DEGRADED');
    for (const name of [
      'vpc-cni',
      'coredns',
      'kube-proxy',
      'eks-pod-identity-agent',
    ]) {
      expect(demo.addons[name].status).toBe('ACTIVE');
    }
    expect(demo.kubernetes?.['v1/Node']).toHaveLength(3);
    expect(demo.kubernetes?.['karpenter.sh/v1/NodePool']).toEqual(['default']);
    expect(demo.kubernetes?.['karpenter.k8s.aws/v1/EC2NodeClass']).toEqual([
      'default',
    ]);
    expect(demo.kubernetes?.['apps/v1/Deployment']).toEqual(
      expect.arrayContaining([
        'kube-system/aws-load-balancer-controller',
        'kube-system/karpenter',
        'kube-system/coredns',
      ]),
    );
    expect(demo.kubernetes?.['apps/v1/DaemonSet']).toContain(
      'kube-system/eks-pod-identity-agent',
    );
    expect(demo.podIdentityAssociations).toContainEqual({
      namespace: 'kube-system',
      serviceAccount: 'karpenter',
      roleArn: 'arn:aws:iam::000000000000:role/KarpenterController-demo',
    });
    expect(
      region.sqs.queues['Karpenter-demo'].attributes.SqsManagedSseEnabled,
    ).toBe('true');
    expect(Object.keys(region.events.rules)).toHaveLength(5);
    expect(region.ec2.subnets).toHaveLength(6);
  });

  it('logs writes (not reads) with their parameters, and clears them', async () => {
    await createShop();
    await eksClient(sandbox).send(new DescribeClusterCommand({ name: 'shop' }));
    expect(sandbox.writes).toEqual([
      expect.objectContaining({
        service: 'eks',
        operation: 'CreateCluster',
        accountId: '000000000000',
        region: 'eu-west-1',
        params: expect.objectContaining({ name: 'shop' }),
        at: expect.stringMatching(/^\d{4}-/),
      }),
    ]);
    sandbox.clearWrites();
    expect(sandbox.writes).toEqual([]);
  });

  it('resets to the seeded state', async () => {
    await createShop();
    sandbox.faults.set({ service: 'eks', throttleRate: 1 });
    await sandbox.reset();
    expect(
      (await eksClient(sandbox).send(new ListClustersCommand({}))).clusters,
    ).toEqual(['demo']);
    expect(sandbox.writes).toEqual([]);
    expect(sandbox.faults.list()).toEqual([]);
  });

  it('keeps accounts apart by access key id', async () => {
    const other = eksClient(sandbox, '111122223333');
    expect((await other.send(new ListClustersCommand({}))).clusters).toEqual(
      [],
    );
    expect(Object.keys(sandbox.snapshot().accounts).sort()).toEqual([
      '000000000000',
      '111122223333',
    ]);
  });

  it('checks the latency factor', () => {
    expect(() => {
      sandbox.latencyFactor = -1;
    }).toThrow(/latencyFactor must be a finite number >= 0/);
    sandbox.latencyFactor = 0.5;
    expect(sandbox.latencyFactor).toBe(0.5);
    sandbox.latencyFactor = 0.0001;
  });

  it('answers an unsigned request as the service it was meant for does (403, MissingAuthenticationToken)', async () => {
    const sts = await fetch(sandbox.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(sts.status).toBe(403);
    const xml = await sts.text();
    expect(xml).toContain('<Code>MissingAuthenticationToken</Code>');
    expect(xml).toContain(
      '<Message>Request is missing Authentication Token</Message>',
    );
    const eks = await fetch(`${sandbox.url}/clusters`);
    expect(eks.status).toBe(403);
    expect(eks.headers.get('x-amzn-errortype')).toMatch(
      /^MissingAuthenticationTokenException/,
    );
    expect(await eks.json()).toMatchObject({
      message: 'Missing Authentication Token',
    });
  });

  it('serves /version and the health endpoints of a cluster without credentials, as EKS does, and nothing else', async () => {
    const fetchTls = fetchWithCa(sandbox.certificateAuthority);
    const base = `${sandbox.kubernetesUrl}/k8s/000000000000/eu-west-1/demo`;
    const version = await fetchTls(`${base}/version`);
    expect(version.status).toBe(200);
    expect(await version.json()).toMatchObject({ major: '1' });
    expect((await fetchTls(`${base}/readyz`)).status).toBe(200);
    expect((await fetchTls(`${base}/api/v1/namespaces`)).status).toBe(401);
    const badToken = await fetchTls(`${base}/version`, {
      headers: { authorization: 'Bearer not-a-token' },
    });
    expect(badToken.status).toBe(401);
  });
});
