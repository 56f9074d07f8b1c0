import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { startSandbox, type Sandbox } from '@backstage-eks/sandbox';
import request from 'supertest';
import {
  openApiRoutes,
  routeRequest,
  type OpenApiRoute,
} from './__testUtils__/badInputsCorpus';
import { startEksBackend } from './__testUtils__/eksBackend';

jest.setTimeout(120_000);

/**
 * Recognisable credentials of the one configured account, which the sandbox
 * is started with (it checks every signature), so every AWS call of the
 * backend is signed with these.
 */
const ACCESS_KEY_ID = 'AKIARELIABILITY0TEST';
const SECRET_ACCESS_KEY = 'reliabilitySecret/DoNotLeak+0123456789abcdef';

/** What must never appear in a response body or header. */
const SECRETS = [
  SECRET_ACCESS_KEY,
  ACCESS_KEY_ID,
  'k8s-aws-v1.', // EKS Kubernetes bearer tokens
  'X-Amz-Signature', // presigned URLs (the token wraps one)
  'X-Amz-Credential',
  'X-Amz-Security-Token', // session tokens
  'AWS4-HMAC-SHA256', // SigV4 Authorization headers
  'secretAccessKey',
  'sessionToken',
  'Bearer ',
  'mock-user-token', // the caller's own token
  'mock-service-token',
];

const routes = openApiRoutes();

/** A response as text: status, headers and body. */
function responseText(res: request.Response): string {
  return `${res.status}\n${JSON.stringify(res.headers)}\n${res.text}`;
}

function leaks(res: request.Response): string[] {
  const text = responseText(res).toLowerCase();
  return SECRETS.filter(secret => text.includes(secret.toLowerCase()));
}

describe('route security', () => {
  let sandbox: Sandbox;
  const savedNodeEnv = process.env.NODE_ENV;

  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      latencyFactor: 0.0005,
      credentials: [
        {
          accessKeyId: ACCESS_KEY_ID,
          secretAccessKey: SECRET_ACCESS_KEY,
          accountId: '000000000000',
        },
      ],
    });
  });
  afterAll(async () => {
    await sandbox.stop();
  });
  afterEach(() => {
    sandbox.faults.clear();
    process.env.NODE_ENV = savedNodeEnv;
  });

  /**
   * A backend on the fake account. startTestBackend's mock httpAuth treats a
   * request without an Authorization header as a signed-in user unless told
   * otherwise; here it gets no credentials, as in production. The error
   * handler shows stack traces (NODE_ENV=development), so that error bodies
   * are checked at their most talkative.
   */
  async function startBackend(permission: AuthorizeResult) {
    process.env.NODE_ENV = 'development';
    return startEksBackend(sandbox, {
      permission: permission as AuthorizeResult.ALLOW | AuthorizeResult.DENY,
      defaultCredentials: mockCredentials.none(),
      config: {
        aws: {
          accounts: [
            {
              accountId: '000000000000',
              accessKeyId: ACCESS_KEY_ID,
              secretAccessKey: SECRET_ACCESS_KEY,
            },
          ],
        },
        eks: {
          endpoint: sandbox.url,
          defaultRegion: 'eu-west-1',
          defaultAccountId: '000000000000',
          retry: { maxAttempts: 1 },
        },
      },
    });
  }

  function get(
    server: Awaited<ReturnType<typeof startBackend>>,
    route: OpenApiRoute,
    authorization?: string,
  ) {
    const { path, query } = routeRequest(route);
    const req = request(server).get(path).query(query);
    return authorization ? req.set('Authorization', authorization) : req;
  }

  it('enumerates every route of openapi.yaml', () => {
    expect(routes.map(r => r.id)).toEqual(
      expect.arrayContaining([
        'GET /clusters/{namespace}/{kind}/{name}/health',
        'GET /clusters/by-arn/health',
        'GET /clusters',
        'GET /kubernetes-versions',
        'GET /addons/versions',
        'GET /addons/{name}/configuration',
      ]),
    );
  });

  it('answers 401 without credentials and 200 to a permitted user, leaking nothing', async () => {
    const server = await startBackend(AuthorizeResult.ALLOW);
    for (const route of routes) {
      const anonymous = await get(server, route);
      const user = await get(server, route, mockCredentials.user.header());
      expect({
        route: route.id,
        anonymous: anonymous.status,
        user: user.status,
        leaks: [...leaks(anonymous), ...leaks(user)],
      }).toEqual({ route: route.id, anonymous: 401, user: 200, leaks: [] });
    }
  });

  it('answers 403 to a user without eks.cluster.read and to services, leaking nothing', async () => {
    const server = await startBackend(AuthorizeResult.DENY);
    for (const route of routes) {
      const user = await get(server, route, mockCredentials.user.header());
      const service = await get(
        server,
        route,
        mockCredentials.service.header(),
      );
      expect({
        route: route.id,
        user: user.status,
        service: service.status,
        leaks: [...leaks(user), ...leaks(service)],
      }).toEqual({ route: route.id, user: 403, service: 403, leaks: [] });
    }
  });

  it('leaks nothing in errors: failing AWS and Kubernetes calls, 400 and 404', async () => {
    const server = await startBackend(AuthorizeResult.ALLOW);
    const user = mockCredentials.user.header();
    sandbox.faults.set({ serverErrorRate: 1 });
    const failing = await Promise.all(
      routes.map(route => get(server, route, user)),
    );
    // Health documents degrade per section; the fleet answers from its
    // snapshot, never calling AWS on the request path; the inventory
    // routes fail.
    expect(failing.map(res => res.status)).toEqual(
      routes.map(route =>
        route.path.endsWith('/health') || route.path.startsWith('/fleet')
          ? 200
          : 500,
      ),
    );
    const errorTexts = failing.map(res => res.text).join('\n');
    expect(errorTexts).toContain('"error"');
    sandbox.faults.clear();

    const badRequest = await request(server)
      .get('/api/eks/clusters')
      .query({ region: 'mars-1' })
      .set('Authorization', user);
    expect(badRequest.status).toBe(400);
    const notFound = await request(server)
      .get('/api/eks/addons/coredns/configuration')
      .query({ version: 'v0.0.1-eksbuild.1' })
      .set('Authorization', user);
    expect(notFound.status).toBe(404);
    const unknownEntity = await request(server)
      .get('/api/eks/clusters/default/resource/missing/health')
      .set('Authorization', user);
    expect(unknownEntity.status).toBe(404);

    expect(
      [...failing, badRequest, notFound, unknownEntity].flatMap(res =>
        leaks(res).map(secret => `${res.status}: ${secret}`),
      ),
    ).toEqual([]);
  });

  it('answers 4xx, never 5xx, to well-formed values AWS refuses or does not know, naming them, leaking nothing', async () => {
    const server = await startBackend(AuthorizeResult.ALLOW);
    const user = mockCredentials.user.header();
    const cases: Array<[string, Record<string, string>, number, RegExp]> = [
      [
        '/addons/versions',
        { addonName: 'not-an-addon' },
        404,
        /^AWS answered ResourceNotFoundException: addonName: add-on not-an-addon does not exist/,
      ],
      [
        '/addons/versions',
        { kubernetesVersion: '1.10' },
        400,
        /^AWS answered InvalidParameterException: kubernetesVersion: unsupported version 1.10/,
      ],
      [
        '/addons/not-an-addon/configuration',
        { version: 'latest' },
        404,
        /add-on not-an-addon does not exist/,
      ],
      [
        '/addons/not-an-addon/configuration',
        { version: 'v1.0.0-eksbuild.1' },
        404,
        /add-on not-an-addon version v1.0.0-eksbuild.1 not found/,
      ],
      [
        '/addons/vpc-cni/configuration',
        { version: 'default', kubernetesVersion: '1.10' },
        400,
        /kubernetesVersion: unsupported version 1.10/,
      ],
      [
        '/clusters',
        { accountId: '111111111111' },
        400,
        /^accountId 111111111111 has no AWS credentials in this portal: add it to aws\.accounts/,
      ],
      [
        '/kubernetes-versions',
        { accountId: '111111111111' },
        400,
        /^accountId 111111111111 has no AWS credentials/,
      ],
    ];
    const answers = [];
    for (const [path, query] of cases) {
      const res = await request(server)
        .get(`/api/eks${path}`)
        .query(query)
        .set('Authorization', user);
      answers.push({
        request: `${path}?${new URLSearchParams(query)}`,
        status: res.status,
        message: res.body?.error?.message,
        leaks: leaks(res),
      });
    }
    expect(answers).toEqual(
      cases.map(([path, query, status, message]) => ({
        request: `${path}?${new URLSearchParams(query)}`,
        status,
        message: expect.stringMatching(message),
        leaks: [],
      })),
    );

    // A health document of a cluster that does not exist degrades: the
    // cluster section says so, the route does not fail.
    const missing = await request(server)
      .get('/api/eks/clusters/by-arn/health')
      .query({ arn: 'arn:aws:eks:eu-west-1:000000000000:cluster/missing' })
      .set('Authorization', user);
    expect(missing.status).toBe(200);
    expect(missing.body.cluster.error.message).toMatch(/missing/);
    expect(leaks(missing)).toEqual([]);
  });
});
