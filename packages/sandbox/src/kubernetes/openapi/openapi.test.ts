import { karpenterCrds } from '../karpenterCrds.ts';
import { KubernetesCluster } from '../KubernetesCluster.ts';
import { signEksToken, startTestKubernetesServer } from '../testing.ts';

describe('/openapi/v2 and /openapi/v3', () => {
  const cluster = new KubernetesCluster({
    name: 'demo',
    recordWrite: () => {},
  });
  let server: Awaited<ReturnType<typeof startTestKubernetesServer>>;

  async function get(path: string, accept = 'application/json') {
    const response = await server.fetch(`${server.endpoint('demo')}${path}`, {
      headers: {
        authorization: `Bearer ${signEksToken({ clusterName: 'demo' })}`,
        accept,
      },
    });
    return { status: response.status, body: (await response.json()) as any };
  }

  beforeAll(async () => {
    server = await startTestKubernetesServer([cluster]);
    for (const crd of karpenterCrds()) cluster.apply(crd);
  });

  afterAll(() => server.stop());

  /** Every `$ref` of a document, which must name a schema it holds. */
  function refsOf(node: unknown, into: string[] = []): string[] {
    if (Array.isArray(node)) node.forEach(n => refsOf(n, into));
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') into.push(value);
        else refsOf(value, into);
      }
    }
    return into;
  }

  it('indexes one v3 document per served group version, each self-consistent', async () => {
    const index = await get('/openapi/v3');
    expect(index.status).toBe(200);
    expect(Object.keys(index.body.paths)).toEqual(
      expect.arrayContaining([
        'api/v1',
        'apis/apps/v1',
        'apis/karpenter.sh/v1',
        'apis/karpenter.k8s.aws/v1',
      ]),
    );
    for (const [key, { serverRelativeURL }] of Object.entries<any>(
      index.body.paths,
    )) {
      expect(serverRelativeURL).toMatch(
        new RegExp(`^/openapi/v3/${key}\\?hash=[0-9A-F]{128}$`),
      );
      const document = await get(serverRelativeURL);
      expect(document.status).toBe(200);
      const schemas = document.body.components.schemas;
      for (const ref of refsOf(document.body)) {
        expect(schemas[ref.replace('#/components/schemas/', '')]).toBeDefined();
      }
    }
  });

  it('serves the NodePool schema with its GVK, its CEL rules and the query parameters kubectl looks for', async () => {
    const { body } = await get('/openapi/v3/apis/karpenter.sh/v1');
    const pool = body.components.schemas['sh.karpenter.v1.NodePool'];
    expect(pool['x-kubernetes-group-version-kind']).toEqual([
      { group: 'karpenter.sh', kind: 'NodePool', version: 'v1' },
    ]);
    const requirements =
      pool.properties.spec.properties.template.properties.spec.properties
        .requirements;
    expect(requirements['x-kubernetes-validations']).toContainEqual({
      rule: "self.all(x, x.operator == 'In' ? x.values.size() != 0 : true)",
      message: "requirements with operator 'In' must have a value defined",
    });
    const patch = body.paths['/apis/karpenter.sh/v1/nodepools/{name}'].patch;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({
      group: 'karpenter.sh',
      kind: 'NodePool',
      version: 'v1',
    });
    expect(patch.parameters.map((p: any) => p.name)).toEqual([
      'dryRun',
      'fieldManager',
      'fieldValidation',
      'force',
    ]);
  });

  it('serves the Deployment schema with the field types kubectl explain shows', async () => {
    const { body } = await get('/openapi/v3/apis/apps/v1');
    const schemas = body.components.schemas;
    const deployment = schemas['io.k8s.api.apps.v1.Deployment'];
    expect(deployment['x-kubernetes-group-version-kind']).toEqual([
      { group: 'apps', kind: 'Deployment', version: 'v1' },
    ]);
    const spec = schemas['io.k8s.api.apps.v1.DeploymentSpec'];
    expect(spec.properties.replicas).toMatchObject({ type: 'integer' });
    expect(spec.properties.replicas.description).toMatch(/desired pods/);
    expect(spec.required).toEqual(
      expect.arrayContaining(['selector', 'template']),
    );
    // the list strategies strategic merge patch and server-side apply use
    expect(
      schemas['io.k8s.api.core.v1.PodSpec'].properties.containers,
    ).toMatchObject({
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-patch-strategy': 'merge',
    });
    expect(
      schemas['io.k8s.api.core.v1.Container'].properties.ports,
    ).toMatchObject({
      'x-kubernetes-list-map-keys': ['containerPort', 'protocol'],
      'x-kubernetes-patch-merge-key': 'containerPort',
    });
  });

  it('serves one swagger 2.0 document whose references all resolve', async () => {
    const { status, body } = await get('/openapi/v2');
    expect(status).toBe(200);
    expect(body.swagger).toBe('2.0');
    for (const ref of refsOf(body)) {
      expect(ref).toMatch(/^#\/definitions\//);
      expect(body.definitions[ref.replace('#/definitions/', '')]).toBeDefined();
    }
    expect(
      body.definitions['io.k8s.api.core.v1.Pod'][
        'x-kubernetes-group-version-kind'
      ],
    ).toEqual([{ group: '', kind: 'Pod', version: 'v1' }]);
  });

  it('answers 406 to a request that accepts only protobuf, as a server without it', async () => {
    const { status, body } = await get(
      '/openapi/v2',
      'application/com.github.proto-openapi.spec.v2@v1.0+protobuf',
    );
    expect(status).toBe(406);
    expect(body.reason).toBe('NotAcceptable');
  });
});
