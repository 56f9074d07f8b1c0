import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { KubernetesCluster } from './KubernetesCluster.ts';
import { signEksToken, startTestKubernetesServer } from './testing.ts';
import { checkEksToken } from './token.ts';

const NOW = new Date('2026-11-21T12:00:00Z');

function tokenFromUrl(url: string): string {
  return `k8s-aws-v1.${Buffer.from(url).toString('base64url')}`;
}

function reasonOf(
  token: string,
  cluster = 'demo',
  now = NOW,
): string | undefined {
  const result = checkEksToken(`Bearer ${token}`, cluster, now);
  return result.valid ? undefined : result.reason;
}

describe('checkEksToken', () => {
  it('accepts a token signed like `aws eks get-token`', () => {
    expect(
      checkEksToken(
        `Bearer ${signEksToken({ clusterName: 'demo', now: NOW })}`,
        'demo',
        NOW,
      ),
    ).toEqual({
      valid: true,
    });
  });

  it('accepts a token signed with session credentials', () => {
    const token = signEksToken({
      clusterName: 'demo',
      now: NOW,
      extraQuery: { 'X-Amz-Security-Token': 'FwoGZXIvYXdzEBYaDH' },
    });
    expect(reasonOf(token)).toBeUndefined();
  });

  it('accepts a padded token and a token from a China region', () => {
    const token = signEksToken({ clusterName: 'demo', now: NOW });
    expect(reasonOf(`${token}==`)).toBeUndefined();
    const url = new URL(Buffer.from(token.slice(11), 'base64url').toString());
    url.hostname = 'sts.cn-north-1.amazonaws.com.cn';
    expect(reasonOf(tokenFromUrl(url.toString()))).toBeUndefined();
  });

  it('rejects what is not an EKS token, naming the rule', () => {
    const good = signEksToken({ clusterName: 'demo', now: NOW });
    const url = () =>
      new URL(Buffer.from(good.slice(11), 'base64url').toString());
    expect(checkEksToken(undefined, 'demo', NOW)).toEqual({
      valid: false,
      reason: 'no Authorization header',
    });
    expect(checkEksToken(`Basic abc`, 'demo', NOW)).toEqual({
      valid: false,
      reason: 'not a Bearer token',
    });
    expect(reasonOf('eyJhbGciOi.jwt')).toBe(
      'token is missing expected "k8s-aws-v1." prefix',
    );
    expect(reasonOf('k8s-aws-v1.!!!')).toBe('illegal base64url data in token');
    expect(reasonOf(`k8s-aws-v1.${'A'.repeat(5000)}`)).toBe(
      'token is too large',
    );

    const http = url();
    http.protocol = 'http:';
    expect(reasonOf(tokenFromUrl(http.toString()))).toBe(
      'unexpected scheme http:',
    );
    const host = url();
    host.hostname = 'evil.example.com';
    expect(reasonOf(tokenFromUrl(host.toString()))).toBe(
      'unexpected hostname evil.example.com',
    );
    const path = url();
    path.pathname = '/other';
    expect(reasonOf(tokenFromUrl(path.toString()))).toBe(
      'unexpected path /other',
    );
    const action = url();
    action.searchParams.set('Action', 'AssumeRole');
    expect(reasonOf(tokenFromUrl(action.toString()))).toBe(
      'unexpected action (not GetCallerIdentity)',
    );
    const extra = url();
    extra.searchParams.set('Foo', 'bar');
    expect(reasonOf(tokenFromUrl(extra.toString()))).toBe(
      'non-whitelisted query parameter Foo',
    );
    for (const param of [
      'X-Amz-Algorithm',
      'X-Amz-Credential',
      'X-Amz-Signature',
      'X-Amz-Date',
    ]) {
      const missing = url();
      missing.searchParams.delete(param);
      expect(reasonOf(tokenFromUrl(missing.toString()))).toMatch(param);
    }
  });

  it('requires the cluster name to be a signed header', () => {
    const unsigned = signEksToken({
      clusterName: 'demo',
      now: NOW,
      signedHeaders: 'host',
    });
    expect(reasonOf(unsigned)).toBe(
      'client did not sign the x-k8s-aws-id header in the pre-signed URL',
    );
  });

  it('checks the cluster name when the query carries it', () => {
    const forDemo = signEksToken({
      clusterName: 'demo',
      now: NOW,
      extraQuery: { 'x-k8s-aws-id': 'demo' },
    });
    expect(reasonOf(forDemo)).toBeUndefined();
    const forOther = signEksToken({
      clusterName: 'other',
      now: NOW,
      extraQuery: { 'X-Amz-X-K8s-Aws-Id': 'other' },
    });
    expect(reasonOf(forOther)).toBe('token is for cluster "other", not "demo"');
  });

  it('expires tokens 15 minutes after X-Amz-Date', () => {
    const token = signEksToken({ clusterName: 'demo', now: NOW });
    expect(
      reasonOf(token, 'demo', new Date(NOW.getTime() + 14 * 60_000)),
    ).toBeUndefined();
    expect(reasonOf(token, 'demo', new Date(NOW.getTime() + 16 * 60_000))).toBe(
      'X-Amz-Date parameter is expired (15 minute expiration)',
    );
  });
});

describe('the bearer token check over HTTPS', () => {
  const cluster = new KubernetesCluster({
    name: 'demo',
    recordWrite: () => {},
  });
  let server: Awaited<ReturnType<typeof startTestKubernetesServer>>;
  beforeAll(async () => {
    server = await startTestKubernetesServer([cluster]);
  });
  afterAll(() => server.stop());

  it('answers 401 with an Unauthorized Status', async () => {
    const res = await server.fetch(
      `${server.endpoint('demo')}/api/v1/namespaces`,
      {
        headers: { Authorization: 'Bearer not-a-token' },
      },
    );
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });
    expect(res.headers.get('x-sandbox-auth-error')).toBe(
      'token is missing expected "k8s-aws-v1." prefix',
    );
  });

  it('lets @kubernetes/client-node through with a token over TLS verified with the cluster CA', async () => {
    const config = (caData: string | undefined) => {
      const kc = new KubeConfig();
      kc.loadFromOptions({
        clusters: [{ name: 'c', server: server.endpoint('demo'), caData }],
        users: [{ name: 'u', token: signEksToken({ clusterName: 'demo' }) }],
        contexts: [{ name: 'c', cluster: 'c', user: 'u' }],
        currentContext: 'c',
      });
      return kc.makeApiClient(CoreV1Api);
    };
    await expect(config(server.caData).listNamespace()).resolves.toMatchObject({
      items: [],
    });
    // without the CA (only the system's roots) the server's certificate is not trusted
    await expect(config(undefined).listNamespace()).rejects.toMatchObject({
      cause: { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' },
    });
  });
});
