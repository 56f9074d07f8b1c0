import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { eksApiRoutes } from '@backstage-eks/plugin-eks-common';
import { startSandbox, type Sandbox } from '@backstage-eks/sandbox';
import request from 'supertest';
import { eksPlugin } from './plugin';

const ARN = 'arn:aws:eks:eu-west-1:000000000000:cluster/demo';
const entityHealthPath = `/api/eks${eksApiRoutes.entityHealth({
  namespace: 'default',
  kind: 'resource',
  name: 'demo',
})}`;

// Every case starts a backend; the 5xx case also waits out the SDK's retries
// of the injected server errors. Both outlast jest's 5 s on a loaded machine.
jest.setTimeout(30_000);

describe('eks backend against the sandbox', () => {
  let sandbox: Sandbox;
  const log: string[] = [];
  /** AWS and Kubernetes requests the sandbox answered since the last reset. */
  const requests = () => [...log];

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, log: line => log.push(line) });
  });
  afterAll(async () => {
    await sandbox.stop();
  });
  beforeEach(async () => {
    await sandbox.reset();
    log.length = 0;
  });

  async function startBackend(eks: Record<string, unknown> = {}) {
    const { server } = await startTestBackend({
      features: [
        eksPlugin,
        mockServices.rootConfig.factory({
          data: {
            eks: {
              endpoint: sandbox.url,
              sandbox: { enabled: true },
              defaultRegion: 'eu-west-1',
              cache: { ttlSeconds: 60 },
              ...eks,
            },
          },
        }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Resource',
              metadata: {
                name: 'demo',
                namespace: 'default',
                annotations: { 'amazonaws.com/arn': ARN },
              },
              spec: { type: 'kubernetes-cluster', owner: 'platform' },
            },
          ],
        }),
      ],
    });
    return server;
  }

  it('serves the complete document of the demo cluster', async () => {
    const server = await startBackend();
    const res = await request(server).get(entityHealthPath);
    expect(res.status).toBe(200);
    expect(res.body.cluster.data).toMatchObject({ name: 'demo', arn: ARN });
    expect(res.body.nodes.data.total).toBe(3);
    expect(
      res.body.addons.data.find(
        (a: { name: string }) => a.name === 'aws-ebs-csi-driver',
      ).status,
    ).toBe('DEGRADED');
    expect(res.body.karpenter.data).toMatchObject({
      installed: true,
      nodePools: [expect.objectContaining({ name: 'default' })],
      interruptionQueue: { name: 'Karpenter-demo', exists: true },
    });
    expect(
      res.body.karpenter.data.interruptionQueue.rules.map(
        (r: { present: boolean }) => r.present,
      ),
    ).toEqual([true, true, true, true, true]);
    const ids = res.body.diagnostics.map((d: { id: string }) => d.id);
    expect(ids).not.toContain('karpenter-interruption-rules-missing');
    expect(ids).not.toContain('karpenter-interruption-queue-unchecked');
    expect(ids).toContain('addon-degraded');
    // the seeded add-on compatibility insight is in ERROR, but it is about
    // the next Kubernetes version: an insight of the document, not a finding
    expect(res.body.insights.data).toContainEqual(
      expect.objectContaining({
        category: 'UPGRADE_READINESS',
        status: 'ERROR',
      }),
    );
    expect(ids).not.toContainEqual(expect.stringMatching(/^insight-/));
    expect(res.body.verdict).toMatchObject({
      kind: 'failing',
      counts: expect.objectContaining({ critical: 1 }),
    });
    expect(ids).not.toContain('pod-identity-on-fargate');
    expect(ids).not.toContain('karpenter-without-pod-identity-agent');
  });

  it('answers from the cache without any AWS or Kubernetes call', async () => {
    const server = await startBackend();
    await request(server).get(entityHealthPath).expect(200);
    const afterFirst = requests().length;
    expect(afterFirst).toBeGreaterThan(10);
    await request(server).get(entityHealthPath).expect(200);
    await request(server)
      .get(`/api/eks${eksApiRoutes.arnHealth}`)
      .query({ arn: ARN })
      .expect(200);
    expect(requests().length).toBe(afterFirst);
    // a refresh makes the whole set again but for the Kubernetes versions EKS
    // offers and the add-on versions, which the health service keeps per
    // account and region (and Kubernetes version) for an hour
    const keptCalls = requests().filter(
      line =>
        line.includes(' eks DescribeAddonVersions ') ||
        line.includes(' eks DescribeClusterVersions '),
    ).length;
    expect(keptCalls).toBeGreaterThanOrEqual(2);
    await request(server).get(`${entityHealthPath}?refresh=true`).expect(200);
    expect(requests().length).toBe(afterFirst * 2 - keptCalls);
  });

  it('coalesces concurrent cold requests into one set of calls', async () => {
    const server = await startBackend();
    const responses = await Promise.all(
      Array.from({ length: 4 }, () => request(server).get(entityHealthPath)),
    );
    expect(responses.map(r => r.status)).toEqual([200, 200, 200, 200]);
    expect(
      requests().filter(line => line.includes(' eks DescribeCluster ')),
    ).toHaveLength(1);
  });

  it('degrades the section of a failing source and keeps the rest', async () => {
    sandbox.faults.set({
      service: 'eks',
      operation: 'ListAddons',
      serverErrorRate: 1,
    });
    const server = await startBackend({ retry: { maxAttempts: 1 } });
    const res = await request(server).get(entityHealthPath);
    expect(res.status).toBe(200);
    expect(res.body.addons).toEqual({
      error: { source: 'eks:ListAddons', message: expect.any(String) },
    });
    expect(res.body.cluster.data.status).toBe('ACTIVE');
  });

  it('never returns a credential or token', async () => {
    sandbox.faults.set({ service: 'kubernetes', serverErrorRate: 1 });
    const server = await startBackend({ retry: { maxAttempts: 1 } });
    const res = await request(server).get(entityHealthPath);
    expect(res.status).toBe(200);
    for (const secret of [
      'k8s-aws-v1.',
      'secretAccessKey',
      'X-Amz-Signature',
    ]) {
      expect(res.text).not.toContain(secret);
    }
  });

  it('serves the add-on catalog and the cluster list', async () => {
    const server = await startBackend();
    const versions = await request(server)
      .get(`/api/eks${eksApiRoutes.addonVersions}`)
      .query({ kubernetesVersion: '1.33', addonName: 'vpc-cni' });
    expect(versions.status).toBe(200);
    expect(versions.body.addons).toEqual([
      expect.objectContaining({
        name: 'vpc-cni',
        versions: expect.arrayContaining([
          expect.objectContaining({ default: true }),
        ]),
      }),
    ]);
    const configuration = await request(server)
      .get(`/api/eks${eksApiRoutes.addonConfiguration('aws-ebs-csi-driver')}`)
      .query({ version: 'default', kubernetesVersion: '1.33' });
    expect(configuration.status).toBe(200);
    expect(configuration.body).toMatchObject({
      addonName: 'aws-ebs-csi-driver',
      addonVersion: expect.stringMatching(/^v/),
      configurationSchema: expect.objectContaining({}),
    });
    const k8s = await request(server).get(
      `/api/eks${eksApiRoutes.kubernetesVersions}`,
    );
    expect(
      k8s.body.versions.map((v: { version: string }) => v.version),
    ).toContain('1.33');
    const clusters = await request(server)
      .get(`/api/eks${eksApiRoutes.clusters}`)
      .query({ region: 'eu-west-1', accountId: '000000000000' });
    expect(clusters.body.clusters).toEqual([
      expect.objectContaining({
        name: 'demo',
        arn: ARN,
        status: 'ACTIVE',
        entityRef: 'resource:default/demo',
      }),
    ]);
  });

  it("serves the account's IAM principals, VPCs, subnets and instance types for the pickers", async () => {
    const server = await startBackend();
    const principals = await request(server)
      .get(`/api/eks${eksApiRoutes.iamPrincipals}`)
      .query({ search: 'Demo-' });
    expect(principals.status).toBe(200);
    expect(principals.body.truncated).toBe(false);
    expect(
      principals.body.principals.map((p: { arn: string }) => p.arn),
    ).toEqual(
      expect.arrayContaining([
        'arn:aws:iam::000000000000:role/demo-cluster',
        'arn:aws:iam::000000000000:role/demo-node',
      ]),
    );
    const vpcs = await request(server).get(`/api/eks${eksApiRoutes.vpcs}`);
    expect(vpcs.body.vpcs[0]).toMatchObject({
      name: 'default',
      cidrBlock: '10.0.0.0/16',
      isDefault: true,
    });
    const subnets = await request(server)
      .get(`/api/eks${eksApiRoutes.subnets}`)
      .query({ vpcId: vpcs.body.vpcs[0].vpcId });
    expect(subnets.body.subnets).toHaveLength(6);
    expect(subnets.body.subnets[0]).toMatchObject({
      availabilityZone: 'eu-west-1a',
      visibility: expect.stringMatching(/^(public|private)$/),
    });
    const types = await request(server)
      .get(`/api/eks${eksApiRoutes.instanceTypes}`)
      .query({ region: 'eu-west-1' });
    expect(types.body.region).toBe('eu-west-1');
    expect(types.body.instanceTypes).toContain('m5.large');
  });

  it('answers 404 for an unknown add-on version', async () => {
    const server = await startBackend();
    const res = await request(server)
      .get(`/api/eks${eksApiRoutes.addonConfiguration('vpc-cni')}`)
      .query({ version: 'v0.0.1-eksbuild.1' });
    expect(res.status).toBe(404);
  });

  it.each([
    [
      'an add-on that does not exist',
      eksApiRoutes.addonVersions,
      { addonName: 'not-an-addon' },
      404,
      /^AWS answered ResourceNotFoundException: addonName: add-on not-an-addon does not exist/,
    ],
    [
      'a Kubernetes version EKS does not offer',
      eksApiRoutes.addonVersions,
      { kubernetesVersion: '1.10' },
      400,
      /^AWS answered InvalidParameterException: kubernetesVersion: unsupported version 1.10/,
    ],
    [
      'the latest version of an add-on that does not exist',
      eksApiRoutes.addonConfiguration('not-an-addon'),
      { version: 'latest' },
      404,
      /not-an-addon/,
    ],
    [
      'a Kubernetes version EKS does not offer, for the configuration',
      eksApiRoutes.addonConfiguration('vpc-cni'),
      { version: 'default', kubernetesVersion: '1.10' },
      400,
      /kubernetesVersion: unsupported version 1.10/,
    ],
  ])(
    'answers %s with a 4xx naming it, not a 500',
    async (_what, path, query, status, message) => {
      const server = await startBackend();
      const res = await request(server).get(`/api/eks${path}`).query(query);
      expect({ status: res.status, name: res.body.error?.name }).toEqual({
        status,
        name: status === 404 ? 'NotFoundError' : 'InputError',
      });
      expect(res.body.error.message).toMatch(message);
    },
  );

  it('still answers 5xx when AWS itself fails', async () => {
    const server = await startBackend();
    sandbox.faults.set({
      service: 'eks',
      operation: 'DescribeAddonVersions',
      serverErrorRate: 1,
    });
    const res = await request(server)
      .get(`/api/eks${eksApiRoutes.addonVersions}`)
      .query({ addonName: 'vpc-cni' });
    sandbox.faults.clear();
    expect(res.status).toBeGreaterThanOrEqual(500);
  });
});
