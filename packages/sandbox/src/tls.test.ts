import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { DescribeClusterCommand } from '@aws-sdk/client-eks';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { eksClient } from './__testUtils__/clients';
import {
  clientsPresent,
  isolatedClientEnv,
  missingClients,
  runClient as run,
} from './__testUtils__/realClients';
import { SANDBOX_HELM_PATH } from './helmPath';
import { fetchWithCa, signEksToken } from './kubernetes/testing';
import { startSandbox } from './sandbox';
import { useSandbox } from './__testUtils__/useSandbox';

/** Raw bytes over one TCP connection (so keep-alive and raw answers are visible). */
function rawExchange(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.on('data', chunk => {
      answer += chunk;
    });
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('the HTTPS Kubernetes endpoint of a sandbox', () => {
  const sandbox = useSandbox({ latencyFactor: 0 });
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sandbox-tls-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** The demo cluster's endpoint: the root of its own listener, as on EKS. */
  const demoEndpoint = () => sandbox.clusterEndpoint('demo')!;

  it('has a per-sandbox CA that DescribeCluster returns and that signs the serving certificate', async () => {
    const { cluster } = await eksClient(sandbox).send(
      new DescribeClusterCommand({ name: 'demo' }),
    );
    expect(cluster?.endpoint).toBe(demoEndpoint());
    expect(cluster?.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const caPem = Buffer.from(
      cluster?.certificateAuthority?.data ?? '',
      'base64',
    ).toString();
    expect(caPem).toBe(sandbox.certificateAuthority);
    const ca = new X509Certificate(caPem);
    expect(ca.ca).toBe(true);
    expect(ca.subject).toBe('CN=kubernetes');

    const other = await startSandbox({ seed: false });
    try {
      expect(other.certificateAuthority).not.toBe(sandbox.certificateAuthority);
    } finally {
      await other.stop();
    }

    const served = await new Promise<X509Certificate>((resolve, reject) => {
      const socket = tlsConnect(
        {
          host: '127.0.0.1',
          port: Number(new URL(sandbox.kubernetesUrl).port),
          ca: sandbox.certificateAuthority,
          servername: 'localhost',
        },
        () => {
          const cert = socket.getPeerX509Certificate();
          socket.end();
          if (cert) resolve(cert);
          else reject(new Error('no peer certificate'));
        },
      );
      socket.on('error', reject);
    });
    expect(served.verify(ca.publicKey)).toBe(true);
    expect(served.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(served.checkIP('::1')).toBe('::1');
    expect(served.checkHost('localhost')).toBe('localhost');
    expect(served.keyUsage ?? []).toContain('1.3.6.1.5.5.7.3.1');
  });

  it('serves @kubernetes/client-node verified with the cluster CA, and no one without it', async () => {
    const client = (caData?: string) => {
      const kc = new KubeConfig();
      kc.loadFromOptions({
        clusters: [{ name: 'demo', server: demoEndpoint(), caData }],
        users: [{ name: 'demo', token: signEksToken({ clusterName: 'demo' }) }],
        contexts: [{ name: 'demo', cluster: 'demo', user: 'demo' }],
        currentContext: 'demo',
      });
      return kc.makeApiClient(CoreV1Api);
    };
    const caData = Buffer.from(sandbox.certificateAuthority).toString('base64');
    const nodes = await client(caData).listNode();
    expect(nodes.items.length).toBeGreaterThan(0);
    await expect(client(undefined).listNode()).rejects.toMatchObject({
      cause: { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' },
    });
    const other = await startSandbox({ seed: false });
    try {
      const foreign = Buffer.from(other.certificateAuthority).toString(
        'base64',
      );
      await expect(client(foreign).listNode()).rejects.toMatchObject({
        cause: { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' },
      });
    } finally {
      await other.stop();
    }
  });

  it('refuses plain http to a Kubernetes path as the Go API server does, and keeps AWS on http', async () => {
    const port = Number(new URL(sandbox.url).port);
    const answer = await rawExchange(
      port,
      `GET /k8s/${sandbox.accountId}/${
        sandbox.region
      }/demo/api HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${signEksToken(
        { clusterName: 'demo' },
      )}\r\n\r\n`,
    );
    expect(answer).toBe(
      'HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n',
    );
    // and so does the cluster's own endpoint
    const clusterAnswer = await rawExchange(
      Number(new URL(demoEndpoint()).port),
      `GET /api HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`,
    );
    expect(clusterAnswer).toBe(
      'HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n',
    );
    // over the same port, the AWS APIs answer plain http
    const { cluster } = await eksClient(sandbox).send(
      new DescribeClusterCommand({ name: 'demo' }),
    );
    expect(cluster?.status).toBe('ACTIVE');
  });

  it('shrugs off connections that close at once, broken handshakes and clients that reject its certificate', async () => {
    const port = Number(new URL(sandbox.url).port);
    // connect and close before a byte
    await new Promise<void>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.end());
      socket.on('close', () => resolve());
      socket.on('error', reject);
    });
    // a TLS record header followed by garbage
    await new Promise<void>(resolve => {
      const socket = connect(port, '127.0.0.1', () =>
        socket.write(
          Buffer.from([0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5]),
        ),
      );
      socket.on('close', () => resolve());
      socket.on('error', () => {});
      socket.resume();
    });
    // a client that does not trust the CA aborts the handshake
    await expect(
      new Promise((resolve, reject) => {
        const socket = tlsConnect({ host: '127.0.0.1', port }, () =>
          resolve(socket.end()),
        );
        socket.on('error', reject);
      }),
    ).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    // and both protocols still answer
    const { cluster } = await eksClient(sandbox).send(
      new DescribeClusterCommand({ name: 'demo' }),
    );
    expect(cluster?.status).toBe('ACTIVE');
    const res = await fetchWithCa(sandbox.certificateAuthority)(
      `${demoEndpoint()}/version`,
      {
        headers: {
          authorization: `Bearer ${signEksToken({ clusterName: 'demo' })}`,
        },
      },
    );
    expect(res.status).toBe(200);
  });

  it('keeps connections alive on both protocols of the shared port', async () => {
    const port = Number(new URL(sandbox.url).port);
    // two plain-http requests on one connection
    const agent = new HttpAgent({
      keepAlive: true,
      maxSockets: 1,
    });
    const sockets = new Set<unknown>();
    for (let i = 0; i < 2; i++) {
      await new Promise<void>((resolve, reject) => {
        const req = httpRequest(
          { host: '127.0.0.1', port, path: '/', agent },
          res => {
            sockets.add(res.socket);
            res.resume();
            res.on('end', resolve);
          },
        );
        req.on('error', reject);
        req.end();
      });
    }
    agent.destroy();
    expect(sockets.size).toBe(1);
    // two HTTPS requests on one TLS connection
    const tlsAgent = new HttpsAgent({
      keepAlive: true,
      maxSockets: 1,
      ca: sandbox.certificateAuthority,
    });
    const tlsSockets = new Set<unknown>();
    const statuses: number[] = [];
    for (let i = 0; i < 2; i++) {
      await new Promise<void>((resolve, reject) => {
        const req = httpsRequest(
          `${demoEndpoint()}/api`,
          {
            agent: tlsAgent,
            headers: {
              authorization: `Bearer ${signEksToken({ clusterName: 'demo' })}`,
            },
          },
          res => {
            tlsSockets.add(res.socket);
            statuses.push(res.statusCode ?? 0);
            res.resume();
            res.on('end', resolve);
          },
        );
        req.on('error', reject);
        req.end();
      });
    }
    tlsAgent.destroy();
    expect(statuses).toEqual([200, 200]);
    expect(tlsSockets.size).toBe(1);
  });

  it('serves kubectl with a kubeconfig that `aws eks update-kubeconfig` wrote, with full TLS verification', async () => {
    const env = isolatedClientEnv(sandbox, dir);
    if (!clientsPresent(await missingClients(env), 'the kubectl TLS proof')) {
      return;
    }
    const kubeconfig = join(dir, 'kubeconfig');
    const update = await run(
      'aws',
      [
        'eks',
        'update-kubeconfig',
        '--name',
        'demo',
        '--endpoint-url',
        sandbox.url,
        '--region',
        sandbox.region,
        '--kubeconfig',
        kubeconfig,
      ],
      env,
    );
    expect(update.stderr).toBe('');
    expect(update.code).toBe(0);

    const view = await run(
      'kubectl',
      ['--kubeconfig', kubeconfig, 'config', 'view', '--raw', '-o', 'json'],
      env,
    );
    const config = JSON.parse(view.stdout);
    expect(config.clusters[0].cluster).toEqual({
      server: demoEndpoint(),
      'certificate-authority-data': Buffer.from(
        sandbox.certificateAuthority,
      ).toString('base64'),
    });
    expect(config.users[0].user.exec.command).toBe('aws');

    const nodes = await run(
      'kubectl',
      ['--kubeconfig', kubeconfig, 'get', 'nodes', '-o', 'json'],
      env,
    );
    expect(nodes.stderr).toBe('');
    expect(nodes.code).toBe(0);
    const list = JSON.parse(nodes.stdout);
    expect(list.kind).toBe('List');
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items[0].kind).toBe('Node');

    // kubectl's raw requests replace the server URL's path (client-go's
    // RequestURI), so they reach the cluster only at a host's root, as on EKS
    const raw = await run(
      'kubectl',
      ['--kubeconfig', kubeconfig, 'get', '--raw', '/apis/apps/v1'],
      env,
    );
    expect(raw).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(raw.stdout)).toMatchObject({
      kind: 'APIResourceList',
      groupVersion: 'apps/v1',
    });

    // the stand-in helm reads the same kubeconfig: CA data and `aws eks get-token`
    const helm = await run(
      process.execPath,
      [
        SANDBOX_HELM_PATH,
        'list',
        '-A',
        '-o',
        'json',
        '--kubeconfig',
        kubeconfig,
      ],
      env,
    );
    expect(helm).toMatchObject({ code: 0, stderr: '' });
    // the seeded Karpenter was not installed by helm: no releases, but an answer
    expect(JSON.parse(helm.stdout)).toEqual([]);

    // with the CA of another sandbox, kubectl refuses the server
    const other = await startSandbox({ seed: false });
    try {
      const foreign = join(dir, 'foreign-kubeconfig');
      const rewrite = await run(
        'kubectl',
        [
          '--kubeconfig',
          kubeconfig,
          'config',
          'view',
          '--raw',
          '--flatten',
          '-o',
          'json',
        ],
        env,
      );
      const foreignConfig = JSON.parse(rewrite.stdout);
      foreignConfig.clusters[0].cluster['certificate-authority-data'] =
        Buffer.from(other.certificateAuthority).toString('base64');
      writeFileSync(foreign, JSON.stringify(foreignConfig));
      const refused = await run(
        'kubectl',
        ['--kubeconfig', foreign, 'get', 'nodes', '-o', 'json'],
        env,
      );
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toMatch(
        /x509: certificate signed by unknown authority/,
      );
    } finally {
      await other.stop();
    }
  }, 60_000);
});
