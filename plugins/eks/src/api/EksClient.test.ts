import { http, HttpResponse } from 'msw';
import { ResponseError } from '@backstage/errors';
import { EksClient } from './EksClient';
import { demoClusterHealth } from '../__fixtures__/clusterHealth';
import { largeFleet } from '../__fixtures__/fleet';
import { setupEksBackend } from '../__testUtils__/eksTestApp';

const baseUrl = 'http://localhost:7007/api/eks';
const server = setupEksBackend();

describe('EksClient', () => {
  const client = new EksClient({
    discoveryApi: {
      getBaseUrl: async (pluginId: string) =>
        `http://localhost:7007/api/${pluginId}`,
    },
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });

  it('fetches the health of an entity by its ref, without refresh by default', async () => {
    const requests: URL[] = [];
    server.use(
      http.get(
        `${baseUrl}/clusters/:namespace/:kind/:name/health`,
        ({ request }) => {
          requests.push(new URL(request.url));
          return HttpResponse.json(demoClusterHealth);
        },
      ),
    );

    const health = await client.getClusterHealth('resource:default/demo');

    expect(health.cluster.data?.name).toBe('demo');
    expect(requests[0].pathname).toBe(
      '/api/eks/clusters/default/resource/demo/health',
    );
    expect(requests[0].search).toBe('');
  });

  it('asks for a refresh and encodes the ref parts', async () => {
    const requests: URL[] = [];
    server.use(
      http.get(
        `${baseUrl}/clusters/:namespace/:kind/:name/health`,
        ({ request }) => {
          requests.push(new URL(request.url));
          return HttpResponse.json(demoClusterHealth);
        },
      ),
    );

    await client.getClusterHealth(
      { kind: 'Resource', namespace: 'team a', name: 'demo' },
      { refresh: true },
    );

    expect(requests[0].pathname).toBe(
      '/api/eks/clusters/team%20a/Resource/demo/health',
    );
    expect(requests[0].searchParams.get('refresh')).toBe('true');
  });

  it('passes account and region to the cluster list and leaves out empty values', async () => {
    const requests: URL[] = [];
    server.use(
      http.get(`${baseUrl}/clusters`, ({ request }) => {
        requests.push(new URL(request.url));
        return HttpResponse.json({ clusters: [] });
      }),
    );

    await client.listClusters({ region: 'eu-west-1', accountId: '' });

    expect(requests[0].searchParams.get('region')).toBe('eu-west-1');
    expect(requests[0].searchParams.has('accountId')).toBe(false);
  });

  it('queries Kubernetes versions, add-on versions and add-on configuration', async () => {
    const requests: URL[] = [];
    const record = ({ request }: { request: Request }) => {
      requests.push(new URL(request.url));
      return HttpResponse.json({});
    };
    server.use(
      http.get(`${baseUrl}/kubernetes-versions`, record),
      http.get(`${baseUrl}/addons/versions`, record),
      http.get(`${baseUrl}/addons/:name/configuration`, record),
    );

    await client.getKubernetesVersions({ accountId: '000000000000' });
    await client.getAddonVersions({
      kubernetesVersion: '1.33',
      addonName: 'coredns',
    });
    await client.getAddonConfiguration('external-dns', {
      version: 'v0.19.0-eksbuild.1',
      region: 'eu-west-1',
    });
    await client.getAddonConfiguration('coredns', {
      version: 'default',
      kubernetesVersion: '1.33',
    });

    expect(requests.map(u => `${u.pathname}${u.search}`)).toEqual([
      '/api/eks/kubernetes-versions?accountId=000000000000',
      '/api/eks/addons/versions?kubernetesVersion=1.33&addonName=coredns',
      '/api/eks/addons/external-dns/configuration?version=v0.19.0-eksbuild.1&region=eu-west-1',
      '/api/eks/addons/coredns/configuration?version=default&kubernetesVersion=1.33',
    ]);
  });

  it("queries the account's IAM principals, VPCs, subnets and instance types", async () => {
    const requests: URL[] = [];
    const record = ({ request }: { request: Request }) => {
      requests.push(new URL(request.url));
      return HttpResponse.json({});
    };
    server.use(
      http.get(`${baseUrl}/account/iam-principals`, record),
      http.get(`${baseUrl}/account/vpcs`, record),
      http.get(`${baseUrl}/account/subnets`, record),
      http.get(`${baseUrl}/account/instance-types`, record),
    );

    await client.listIamPrincipals({ search: 'admin/ops', accountId: '' });
    await client.listVpcs({ region: 'eu-west-1', accountId: '000000000000' });
    await client.listSubnets({ vpcId: 'vpc-0123456789abcdef0' });
    await client.listInstanceTypes({ region: 'us-east-1' });

    expect(requests.map(u => `${u.pathname}${u.search}`)).toEqual([
      '/api/eks/account/iam-principals?search=admin%2Fops',
      '/api/eks/account/vpcs?region=eu-west-1&accountId=000000000000',
      '/api/eks/account/subnets?vpcId=vpc-0123456789abcdef0',
      '/api/eks/account/instance-types?region=us-east-1',
    ]);
  });

  it("sends only the route's parameters, in the spec's order, whatever else the options hold", async () => {
    const requests: URL[] = [];
    server.use(
      http.get(`${baseUrl}/addons/versions`, ({ request }) => {
        requests.push(new URL(request.url));
        return HttpResponse.json({ addons: [] });
      }),
    );
    const formValues = {
      accountId: '000000000000',
      clusterName: 'demo',
      addonName: 'coredns',
      region: 'eu-west-1',
      kubernetesVersion: '1.33',
    };

    await client.getAddonVersions(formValues);

    expect(`${requests[0].search}`).toBe(
      '?kubernetesVersion=1.33&addonName=coredns&region=eu-west-1&accountId=000000000000',
    );
  });

  it('throws a ResponseError carrying the backend error', async () => {
    server.use(
      http.get(`${baseUrl}/clusters/:namespace/:kind/:name/health`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotFoundError',
              message: 'Entity resource:default/nope not found',
            },
            request: {
              method: 'GET',
              url: '/clusters/default/resource/nope/health',
            },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
    );

    const error = await client
      .getClusterHealth('resource:default/nope')
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ResponseError);
    expect((error as ResponseError).response.status).toBe(404);
    expect((error as ResponseError).body.error.name).toBe('NotFoundError');
    expect((error as ResponseError).body.error.message).toBe(
      'Entity resource:default/nope not found',
    );
  });
  it('reads the insights refresh with GET and starts one with POST, on the entity route', async () => {
    const requests: string[] = [];
    const answer = (status: string) => () =>
      HttpResponse.json({ refresh: { status }, canRefresh: true });
    server.use(
      http.get(
        `${baseUrl}/clusters/:namespace/:kind/:name/insights-refresh`,
        ({ request }) => {
          requests.push(`GET ${new URL(request.url).pathname}`);
          return answer('NONE')();
        },
      ),
      http.post(
        `${baseUrl}/clusters/:namespace/:kind/:name/insights-refresh`,
        ({ request }) => {
          requests.push(`POST ${new URL(request.url).pathname}`);
          return answer('IN_PROGRESS')();
        },
      ),
    );

    expect(
      (await client.getInsightsRefresh('resource:default/demo')).refresh.status,
    ).toBe('NONE');
    expect(
      (
        await client.startInsightsRefresh({
          kind: 'Resource',
          namespace: 'default',
          name: 'demo',
        })
      ).refresh.status,
    ).toBe('IN_PROGRESS');
    expect(requests).toEqual([
      'GET /api/eks/clusters/default/resource/demo/insights-refresh',
      'POST /api/eks/clusters/default/Resource/demo/insights-refresh',
    ]);
  });

  it('throws a ResponseError when the refresh is not allowed', async () => {
    server.use(
      http.post(
        `${baseUrl}/clusters/:namespace/:kind/:name/insights-refresh`,
        () =>
          HttpResponse.json(
            {
              error: {
                name: 'NotAllowedError',
                message:
                  'permission eks.cluster.insights.refresh is required to refresh the insights of resource:default/demo',
              },
            },
            { status: 403 },
          ),
      ),
    );
    const error = await client
      .startInsightsRefresh('resource:default/demo')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect((error as ResponseError).response.status).toBe(403);
  });

  it('reads the fleet and its CSV, and the CSV URL', async () => {
    const requests: string[] = [];
    const fleet = largeFleet(3);
    server.use(
      http.get(`${baseUrl}/fleet`, ({ request }) => {
        requests.push(new URL(request.url).pathname);
        return HttpResponse.json(fleet);
      }),
      http.get(`${baseUrl}/fleet.csv`, ({ request }) => {
        requests.push(new URL(request.url).pathname);
        return new HttpResponse('account,region,name\r\n', {
          headers: { 'content-type': 'text/csv' },
        });
      }),
    );

    expect(await client.getFleet()).toEqual(fleet);
    expect(await (await client.getFleetCsv()).text()).toBe(
      'account,region,name\r\n',
    );
    expect(await client.getFleetCsvUrl()).toBe(`${baseUrl}/fleet.csv`);
    expect(requests).toEqual(['/api/eks/fleet', '/api/eks/fleet.csv']);
  });

  it('throws a ResponseError when the fleet is not allowed', async () => {
    const denied = () =>
      HttpResponse.json(
        { error: { name: 'NotAllowedError', message: 'denied' } },
        { status: 403 },
      );
    server.use(
      http.get(`${baseUrl}/fleet`, denied),
      http.get(`${baseUrl}/fleet.csv`, denied),
    );
    for (const call of [() => client.getFleet(), () => client.getFleetCsv()]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ResponseError);
      expect((error as ResponseError).response.status).toBe(403);
    }
  });
});
