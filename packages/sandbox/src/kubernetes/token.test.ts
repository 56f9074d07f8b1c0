import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { KubernetesCluster } from './KubernetesCluster.ts';
import { signEksToken, startTestKubernetesServer } from './testing.ts';
import { checkEksToken } from './token.ts';
import { presignedSignature } from '../aws/sigv4.ts';
import { AccessKeys } from '../aws/sts/accessKeys.ts';

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

describe('the token signature, checked as STS checks it', () => {
  const keys = new AccessKeys([
    {
      accessKeyId: 'AKIACONFIGURED000001',
      secretAccessKey: 'configured/Secret+1',
    },
  ]);
  const check = (token: string, cluster = 'demo', now = NOW) =>
    checkEksToken(`Bearer ${token}`, cluster, now, keys.lookup);
  const stsError = (code: string) =>
    expect.stringMatching(
      new RegExp(`^sts getCallerIdentity failed: .*${code}: `),
    );

  it('computes SigV4 presigned signatures as AWS documents them', () => {
    // the presigned-URL example of the S3 SigV4 documentation
    expect(
      presignedSignature(
        {
          host: 'examplebucket.s3.amazonaws.com',
          path: '/test.txt',
          query: [
            ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
            [
              'X-Amz-Credential',
              'AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request',
            ],
            ['X-Amz-Date', '20130524T000000Z'],
            ['X-Amz-Expires', '86400'],
            ['X-Amz-SignedHeaders', 'host'],
          ],
          headers: {},
          signedHeaders: 'host',
          amzDate: '20130524T000000Z',
          scope: '20130524/us-east-1/s3/aws4_request',
          payloadHash: 'UNSIGNED-PAYLOAD',
        },
        'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      ),
    ).toBe('aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404');
  });

  it("accepts a token signed with an account's own key or a configured one", () => {
    expect(check(signEksToken({ clusterName: 'demo', now: NOW }))).toEqual({
      valid: true,
    });
    expect(
      check(
        signEksToken({
          clusterName: 'demo',
          now: NOW,
          accessKeyId: '111111111111',
        }),
      ),
    ).toEqual({ valid: true });
    expect(
      check(
        signEksToken({
          clusterName: 'demo',
          now: NOW,
          accessKeyId: 'AKIACONFIGURED000001',
          secretAccessKey: 'configured/Secret+1',
        }),
      ),
    ).toEqual({ valid: true });
  });

  it('refuses a token presigned for another cluster: the signed x-k8s-aws-id differs', () => {
    const forOther = signEksToken({ clusterName: 'other', now: NOW });
    expect(check(forOther, 'other')).toEqual({ valid: true });
    expect(check(forOther, 'demo')).toEqual({
      valid: false,
      reason: stsError('SignatureDoesNotMatch'),
    });
  });

  it('refuses a wrong secret, an unknown access key and a tampered URL', () => {
    expect(
      check(
        signEksToken({ clusterName: 'demo', now: NOW, secretAccessKey: 'x' }),
      ),
    ).toEqual({ valid: false, reason: stsError('SignatureDoesNotMatch') });
    expect(
      check(
        signEksToken({
          clusterName: 'demo',
          now: NOW,
          accessKeyId: 'AKIAUNKNOWN000000000',
        }),
      ),
    ).toEqual({ valid: false, reason: stsError('InvalidClientTokenId') });
    const good = signEksToken({ clusterName: 'demo', now: NOW });
    const url = new URL(Buffer.from(good.slice(11), 'base64url').toString());
    url.searchParams.set('X-Amz-Expires', '900');
    expect(
      check(`k8s-aws-v1.${Buffer.from(url.toString()).toString('base64url')}`),
    ).toEqual({ valid: false, reason: stsError('SignatureDoesNotMatch') });
  });

  it('wants the session token of temporary credentials, until they expire', () => {
    const session = keys.issueSession('222222222222', 900);
    expect(session.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(keys.accountOf(session.accessKeyId)).toBe('222222222222');
    const now = new Date();
    const signed = (sessionToken?: string, at = now) =>
      signEksToken({
        clusterName: 'demo',
        now: at,
        accessKeyId: session.accessKeyId,
        secretAccessKey: session.secretAccessKey,
        extraQuery: sessionToken
          ? { 'X-Amz-Security-Token': sessionToken }
          : {},
      });
    expect(check(signed(session.sessionToken), 'demo', now)).toEqual({
      valid: true,
    });
    expect(check(signed(), 'demo', now)).toEqual({
      valid: false,
      reason: stsError('InvalidClientTokenId'),
    });
    const later = new Date(now.getTime() + 901_000);
    expect(check(signed(session.sessionToken, later), 'demo', later)).toEqual({
      valid: false,
      reason: stsError('InvalidClientTokenId'),
    });
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

  it('answers 401 to a token for another cluster and to one signed with a wrong secret', async () => {
    for (const token of [
      signEksToken({ clusterName: 'other' }),
      signEksToken({ clusterName: 'demo', secretAccessKey: 'not-the-secret' }),
    ]) {
      const res = await server.fetch(
        `${server.endpoint('demo')}/api/v1/namespaces`,
        { headers: { Authorization: `Bearer ${token}` } },
      );
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ reason: 'Unauthorized' });
      expect(res.headers.get('x-sandbox-auth-error')).toContain(
        'SignatureDoesNotMatch',
      );
    }
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
