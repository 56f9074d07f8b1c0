import { fetchWithCa, signEksToken } from './kubernetes/testing';
import { useSandbox } from './__testUtils__/useSandbox';

describe('the Kubernetes routes of a sandbox', () => {
  const sandbox = useSandbox({ latencyFactor: 0 });
  afterEach(() => sandbox.faults.clear());

  const get = (path: string, cluster = 'demo') =>
    fetchWithCa(sandbox.certificateAuthority)(
      `${sandbox.kubernetesUrl}/k8s/000000000000/eu-west-1/${cluster}${path}`,
      {
        headers: {
          authorization: `Bearer ${signEksToken({ clusterName: cluster })}`,
        },
      },
    );

  it('routes /k8s/<account>/<region>/<name> on the sandbox port to that cluster', async () => {
    const res = await get(
      '/api/v1/nodes?labelSelector=eks.amazonaws.com%2Fnodegroup%3Dsystem',
    );
    expect(res.status).toBe(200);
    const list = await res.json();
    expect(list.kind).toBe('NodeList');
    expect(list.items).toHaveLength(3);
  });

  it("serves the same API at the root of the cluster's own endpoint, for its tokens only", async () => {
    const endpoint = sandbox.clusterEndpoint('demo')!;
    expect(new URL(endpoint).pathname).toBe('/');
    const fetchTls = fetchWithCa(sandbox.certificateAuthority);
    const nodes = (token: string) =>
      fetchTls(`${endpoint}/api/v1/nodes`, {
        headers: { authorization: `Bearer ${token}` },
      });
    const own = await nodes(signEksToken({ clusterName: 'demo' }));
    expect(own.status).toBe(200);
    expect((await own.json()).items).toHaveLength(3);
    // EKS binds the token to the cluster by the signed x-k8s-aws-id header
    const other = await nodes(signEksToken({ clusterName: 'other' }));
    expect(other.status).toBe(401);
    expect(await other.json()).toMatchObject({ reason: 'Unauthorized' });
    expect(other.headers.get('x-sandbox-auth-error')).toMatch(
      /SignatureDoesNotMatch/,
    );
    const wrongSecret = await nodes(
      signEksToken({ clusterName: 'demo', secretAccessKey: 'guess' }),
    );
    expect(wrongSecret.status).toBe(401);
    const unknownKey = await nodes(
      signEksToken({
        clusterName: 'demo',
        accessKeyId: 'AKIANOTKNOWN00000000',
      }),
    );
    expect(unknownKey.status).toBe(401);
    expect(unknownKey.headers.get('x-sandbox-auth-error')).toMatch(
      /InvalidClientTokenId/,
    );
  });

  it('answers a Status 404 for clusters that do not exist', async () => {
    const res = await get('/api/v1/nodes', 'nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'NotFound',
      code: 404,
    });
  });

  it('injects Kubernetes faults: 429 and 503, both with Retry-After', async () => {
    sandbox.faults.set({
      service: 'kubernetes',
      operation: 'GET',
      throttleRate: 1,
      count: 1,
    });
    const throttled = await get('/api/v1/nodes');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('1');
    expect(await throttled.json()).toMatchObject({ reason: 'TooManyRequests' });
    sandbox.faults.set({ service: 'kubernetes', serverErrorRate: 1, count: 1 });
    const unavailable = await get('/api/v1/nodes');
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('retry-after')).toBe('1');
    expect(await unavailable.json()).toMatchObject({
      reason: 'ServiceUnavailable',
    });
    expect((await get('/api/v1/nodes')).status).toBe(200);
  });

  it('records Kubernetes writes in the write log', async () => {
    sandbox.clearWrites();
    const res = await fetchWithCa(sandbox.certificateAuthority)(
      `${sandbox.kubernetesUrl}/k8s/000000000000/eu-west-1/demo/api/v1/namespaces`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${signEksToken({ clusterName: 'demo' })}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: 'payments' },
        }),
      },
    );
    expect(res.status).toBe(201);
    expect(sandbox.writes).toEqual([
      expect.objectContaining({
        service: 'kubernetes',
        accountId: '000000000000',
        region: 'eu-west-1',
        params: expect.objectContaining({ cluster: 'demo' }),
      }),
    ]);
  });
});
