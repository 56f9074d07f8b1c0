import tls from 'node:tls';
import { DescribeClusterCommand } from '@aws-sdk/client-eks';
import { ConfigReader } from '@backstage/config';
import { startSandbox, type Sandbox } from '@backstage-eks/sandbox';
import { AwsClientFactory } from '../aws/AwsClientFactory';
import { clusterEndpoint } from '../provisioning/clusterLookup';
import { KubernetesClientFactory } from './KubernetesClientFactory';

describe('KubernetesClientFactory', () => {
  const awsClients = () =>
    AwsClientFactory.fromConfig(
      new ConfigReader({
        aws: {
          accounts: [
            {
              accountId: '111111111111',
              accessKeyId: 'AKIDEXAMPLE',
              secretAccessKey: 'secret',
            },
          ],
        },
      }),
    ).forTarget({ region: 'eu-west-1', accountId: '111111111111' });

  it('verifies TLS against the cluster CA for https endpoints', async () => {
    const kubeConfig = await new KubernetesClientFactory().kubeConfig(
      await awsClients(),
      {
        name: 'prod',
        endpoint: 'https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com',
        certificateAuthorityData: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t',
      },
    );
    const cluster = kubeConfig.getCurrentCluster()!;
    expect(cluster.skipTLSVerify).toBeFalsy();
    expect(cluster.caData).toBe('LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t');
    expect(cluster.server).toBe(
      'https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com',
    );
    const opts: { headers?: Record<string, string> } = {};
    await kubeConfig.applyToHTTPSOptions(opts);
    expect(opts.headers?.Authorization).toMatch(/^Bearer k8s-aws-v1\./);
    expect(kubeConfig.currentContext).toBe('111111111111/eu-west-1/prod');
  });

  describe('against a sandbox cluster (HTTPS with a CA of its own)', () => {
    let sandbox: Sandbox;
    const target = { region: 'eu-west-1', accountId: '000000000000' };
    const sandboxAws = () =>
      AwsClientFactory.fromConfig(
        new ConfigReader({
          eks: { endpoint: sandbox.url, sandbox: { enabled: true } },
        }),
      ).forTarget(target);
    beforeAll(async () => {
      sandbox = await startSandbox({ port: 0, latencyFactor: 0 });
    });
    afterAll(() => sandbox.stop());

    it('reaches the cluster as DescribeCluster describes it, verifying its CA', async () => {
      const aws = await sandboxAws();
      const { cluster } = await aws.eks.send(
        new DescribeClusterCommand({ name: 'demo' }),
      );
      const clients = await new KubernetesClientFactory().forCluster(
        aws,
        clusterEndpoint(cluster!),
      );
      const current = clients.kubeConfig.getCurrentCluster()!;
      expect(current.server).toMatch(/^https:\/\//);
      expect(current.skipTLSVerify).toBeFalsy();
      expect((await clients.core.listNode()).items.length).toBeGreaterThan(0);
      // the kubeconfig helm gets carries the CA, and no TLS bypass
      const exported = JSON.parse(clients.kubeConfig.exportConfig());
      expect(exported.clusters[0].cluster).toEqual({
        server: cluster!.endpoint,
        'certificate-authority-data': cluster!.certificateAuthority!.data,
      });
    });

    it("reuses a cluster's connections between requests and between clients", async () => {
      const aws = await sandboxAws();
      const { cluster } = await aws.eks.send(
        new DescribeClusterCommand({ name: 'demo' }),
      );
      const factory = new KubernetesClientFactory();
      const handshakes = jest.spyOn(tls, 'connect');
      try {
        // two views of the cluster: clients made for each, as the health service does
        for (let view = 0; view < 2; view++) {
          const clients = await factory.forCluster(
            aws,
            clusterEndpoint(cluster!),
          );
          await clients.core.listNode();
          await clients.apps.listDeploymentForAllNamespaces();
          await clients.core.listServiceForAllNamespaces();
        }
        // six reads, without the shared connections six handshakes; the
        // sandbox's API server keeps the second connection, not always the first
        const made = handshakes.mock.calls.length;
        expect(made).toBeLessThanOrEqual(2);
        // a gated copy of the factory shares the connections too
        const gated = await factory
          .withRequestGate(async () => {})
          .forCluster(aws, clusterEndpoint(cluster!));
        await gated.core.listNode();
        await gated.core.listNode();
        expect(handshakes).toHaveBeenCalledTimes(made);
        // another factory has connections of its own
        const other = await new KubernetesClientFactory().forCluster(
          aws,
          clusterEndpoint(cluster!),
        );
        await other.core.listNode();
        expect(handshakes.mock.calls.length).toBeGreaterThan(made);
      } finally {
        handshakes.mockRestore();
      }
    });

    /** Moves only Date (what token signing and the EKS token check read), not timers. */
    const withClock = async (
      fn: (advance: (ms: number) => void) => Promise<void>,
    ) => {
      jest.useFakeTimers({
        now: Date.now(),
        doNotFake: [
          'hrtime',
          'nextTick',
          'performance',
          'queueMicrotask',
          'requestAnimationFrame',
          'cancelAnimationFrame',
          'requestIdleCallback',
          'cancelIdleCallback',
          'setImmediate',
          'clearImmediate',
          'setInterval',
          'clearInterval',
          'setTimeout',
          'clearTimeout',
        ],
      });
      try {
        await fn(ms => jest.setSystemTime(Date.now() + ms));
      } finally {
        jest.useRealTimers();
      }
    };

    it('keeps a long-lived client authenticated past the 15 minutes an EKS token lives', async () => {
      const aws = await sandboxAws();
      const { cluster } = await aws.eks.send(
        new DescribeClusterCommand({ name: 'demo' }),
      );
      await withClock(async advance => {
        const clients = await new KubernetesClientFactory().forCluster(
          aws,
          clusterEndpoint(cluster!),
        );
        expect((await clients.core.listNode()).items.length).toBeGreaterThan(0);
        // a provisioning wait polls with the same clients for up to 30 minutes
        advance(20 * 60 * 1000);
        expect((await clients.core.listNode()).items.length).toBeGreaterThan(0);
      });
    });

    it('gives helm a kubeconfig with a freshly signed token each time', async () => {
      const aws = await sandboxAws();
      const { cluster } = await aws.eks.send(
        new DescribeClusterCommand({ name: 'demo' }),
      );
      const factory = new KubernetesClientFactory();
      const signedAt = (kubeconfig: string) => {
        const token: string = JSON.parse(kubeconfig).users[0].user.token;
        const url = new URL(
          Buffer.from(
            token.slice('k8s-aws-v1.'.length),
            'base64url',
          ).toString(),
        );
        return url.searchParams.get('X-Amz-Date');
      };
      await withClock(async advance => {
        // the clients' token is cached for 10 minutes
        await factory.forCluster(aws, clusterEndpoint(cluster!));
        advance(9 * 60 * 1000);
        const now = new Date()
          .toISOString()
          .replace(/[-:]/g, '')
          .replace(/\.\d{3}/, '');
        const kubeconfig = await factory.helmKubeconfig(
          aws,
          clusterEndpoint(cluster!),
        );
        expect(signedAt(kubeconfig)).toBe(now);
        expect(JSON.parse(kubeconfig).clusters[0].cluster).toEqual({
          server: cluster!.endpoint,
          'certificate-authority-data': cluster!.certificateAuthority!.data,
        });
      });
    });

    it('refuses a server its CA did not sign, and a plain-http endpoint', async () => {
      const aws = await sandboxAws();
      const endpoint = sandbox.clusterEndpoint('demo')!;
      const other = await startSandbox({ port: 0, seed: false });
      try {
        const foreign = await new KubernetesClientFactory().forCluster(aws, {
          name: 'demo',
          endpoint,
          certificateAuthorityData: Buffer.from(
            other.certificateAuthority,
          ).toString('base64'),
        });
        await expect(foreign.core.listNode()).rejects.toMatchObject({
          cause: { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' },
        });
      } finally {
        await other.stop();
      }
      const plain = await new KubernetesClientFactory().forCluster(aws, {
        name: 'demo',
        endpoint: endpoint.replace(/^https:/, 'http:'),
      });
      await expect(plain.core.listNode()).rejects.toThrow(
        'HTTP protocol is not allowed when skipTLSVerify is not set or false',
      );
    });
  });
});
