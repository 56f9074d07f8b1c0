import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  type V1Status,
} from '@kubernetes/client-node';
import { KubernetesCluster } from './KubernetesCluster.ts';
import { signEksToken, startTestKubernetesServer } from './testing.ts';

function kubeConfigFor(server: string, token: string, caData: string) {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server, caData }],
    users: [{ name: 'u', token }],
    contexts: [{ name: 'c', cluster: 'c', user: 'u' }],
    currentContext: 'c',
  });
  return kc;
}

/** The Status body of a failed call. */
async function statusOf(call: Promise<unknown>): Promise<V1Status> {
  try {
    await call;
  } catch (e) {
    expect(e).toBeInstanceOf(ApiException);
    const body = (e as ApiException<string>).body;
    return JSON.parse(body) as V1Status;
  }
  throw new Error('expected the call to fail');
}

describe('Kubernetes CRUD through @kubernetes/client-node', () => {
  const writes: Array<{ operation: string; params: Record<string, unknown> }> =
    [];
  const cluster = new KubernetesCluster({
    name: 'demo',
    recordWrite: (operation, params) => writes.push({ operation, params }),
  });
  let server: Awaited<ReturnType<typeof startTestKubernetesServer>>;
  let core: CoreV1Api;
  let apps: AppsV1Api;

  beforeAll(async () => {
    server = await startTestKubernetesServer([cluster]);
    const kc = kubeConfigFor(
      server.endpoint('demo'),
      signEksToken({ clusterName: 'demo' }),
      server.caData,
    );
    core = kc.makeApiClient(CoreV1Api);
    apps = kc.makeApiClient(AppsV1Api);
    cluster.apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'default' },
    });
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    writes.length = 0;
  });

  it('works with a server URL that has a path prefix', async () => {
    const list = await core.listNamespace();
    expect(list.items.map(n => n.metadata?.name)).toEqual(['default']);
  });

  it('creates, reads, replaces and deletes a ConfigMap', async () => {
    const created = await core.createNamespacedConfigMap({
      namespace: 'default',
      body: {
        metadata: { name: 'settings', labels: { app: 'web' } },
        data: { a: '1' },
      },
    });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata?.creationTimestamp).toBeInstanceOf(Date);
    const firstVersion = Number(created.metadata?.resourceVersion);
    expect(firstVersion).toBeGreaterThan(0);

    const read = await core.readNamespacedConfigMap({
      name: 'settings',
      namespace: 'default',
    });
    expect(read.data).toEqual({ a: '1' });

    const replaced = await core.replaceNamespacedConfigMap({
      name: 'settings',
      namespace: 'default',
      body: { ...read, data: { a: '2' } },
    });
    expect(replaced.data).toEqual({ a: '2' });
    expect(Number(replaced.metadata?.resourceVersion)).toBeGreaterThan(
      firstVersion,
    );
    expect(replaced.metadata?.uid).toBe(created.metadata?.uid);

    const status = await core.deleteNamespacedConfigMap({
      name: 'settings',
      namespace: 'default',
    });
    expect(status).toMatchObject({
      status: 'Success',
      details: { name: 'settings', kind: 'configmaps' },
    });
    expect(
      cluster.get('v1', 'ConfigMap', 'default', 'settings'),
    ).toBeUndefined();
    expect(writes.map(w => w.operation)).toEqual([
      'create',
      'replace',
      'delete',
    ]);
    expect(writes[0].params).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: 'default',
      name: 'settings',
    });
  });

  it('answers NotFound as the apiserver does', async () => {
    const status = await statusOf(
      core.readNamespacedPod({ name: 'nope', namespace: 'default' }),
    );
    expect(status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'pods "nope" not found',
      reason: 'NotFound',
      details: { name: 'nope', kind: 'pods' },
      code: 404,
    });
    const groupStatus = await statusOf(
      apps.readNamespacedDeployment({ name: 'nope', namespace: 'default' }),
    );
    expect(groupStatus.message).toBe('deployments.apps "nope" not found');
    expect(groupStatus.details).toEqual({
      name: 'nope',
      group: 'apps',
      kind: 'deployments',
    });
  });

  it('answers AlreadyExists, Conflict and Invalid', async () => {
    const body = { metadata: { name: 'twice' } };
    await core.createNamespacedServiceAccount({ namespace: 'default', body });
    const exists = await statusOf(
      core.createNamespacedServiceAccount({ namespace: 'default', body }),
    );
    expect(exists).toMatchObject({
      status: 'Failure',
      reason: 'AlreadyExists',
      message: 'serviceaccounts "twice" already exists',
      code: 409,
    });

    const stale = await statusOf(
      core.replaceNamespacedServiceAccount({
        name: 'twice',
        namespace: 'default',
        body: { metadata: { name: 'twice', resourceVersion: '1' } },
      }),
    );
    expect(stale).toMatchObject({
      reason: 'Conflict',
      code: 409,
      message:
        'Operation cannot be fulfilled on serviceaccounts "twice": the object has been modified; please apply your changes to the latest version and try again',
    });

    const bad = await statusOf(
      core.createNamespacedConfigMap({
        namespace: 'default',
        body: { metadata: { name: 'Not_Valid' } },
      }),
    );
    expect(bad).toMatchObject({
      reason: 'Invalid',
      code: 422,
      details: {
        name: 'Not_Valid',
        kind: 'ConfigMap',
        causes: [{ reason: 'FieldValueInvalid', field: 'metadata.name' }],
      },
    });
    expect(bad.message).toMatch(
      /^ConfigMap "Not_Valid" is invalid: metadata.name: Invalid value: "Not_Valid": a lowercase RFC 1123 subdomain/,
    );

    const badNamespace = await statusOf(
      core.createNamespace({ body: { metadata: { name: 'has.dot' } } }),
    );
    expect(badNamespace.message).toMatch(/RFC 1123 label/);
  });

  it('answers BadRequest for a namespace mismatch and NotFound for a missing namespace', async () => {
    const mismatch = await statusOf(
      core.createNamespacedConfigMap({
        namespace: 'default',
        body: { metadata: { name: 'x', namespace: 'other' } },
      }),
    );
    expect(mismatch).toMatchObject({
      reason: 'BadRequest',
      code: 400,
      message:
        'the namespace of the provided object does not match the namespace sent on the request',
    });
    const missing = await statusOf(
      core.createNamespacedConfigMap({
        namespace: 'ghost',
        body: { metadata: { name: 'x' } },
      }),
    );
    expect(missing).toMatchObject({
      reason: 'NotFound',
      message: 'namespaces "ghost" not found',
    });
  });

  it('generates names from generateName', async () => {
    const created = await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { generateName: 'gen-' } },
    });
    expect(created.metadata?.name).toMatch(/^gen-[0-9a-f]{5}$/);
  });

  it('deleting a namespace deletes what is in it', async () => {
    await core.createNamespace({ body: { metadata: { name: 'temp' } } });
    await core.createNamespacedConfigMap({
      namespace: 'temp',
      body: { metadata: { name: 'inside' } },
    });
    const ns = await core.deleteNamespace({ name: 'temp' });
    expect((ns as { status?: { phase?: string } }).status?.phase).toBe(
      'Terminating',
    );
    expect(cluster.get('v1', 'ConfigMap', 'temp', 'inside')).toBeUndefined();
    const gone = await statusOf(core.readNamespace({ name: 'temp' }));
    expect(gone.reason).toBe('NotFound');
  });

  it('keeps objects with finalizers until the finalizers are removed', async () => {
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'held', finalizers: ['example.com/hold'] } },
    });
    await core.deleteNamespacedConfigMap({
      name: 'held',
      namespace: 'default',
    });
    const held = await core.readNamespacedConfigMap({
      name: 'held',
      namespace: 'default',
    });
    expect(held.metadata?.deletionTimestamp).toBeInstanceOf(Date);
    await core.patchNamespacedConfigMap({
      name: 'held',
      namespace: 'default',
      body: [{ op: 'remove', path: '/metadata/finalizers' }],
    });
    expect(cluster.get('v1', 'ConfigMap', 'default', 'held')).toBeUndefined();
  });

  it('lists with label and field selectors, across namespaces', async () => {
    await core.createNamespace({ body: { metadata: { name: 'sel' } } });
    const labels: Array<Record<string, string>> = [
      { tier: 'web', env: 'prod' },
      { tier: 'web', env: 'dev' },
      { tier: 'db' },
      {},
    ];
    for (const [i, l] of labels.entries()) {
      await core.createNamespacedConfigMap({
        namespace: 'sel',
        body: { metadata: { name: `cm-${i}`, labels: l } },
      });
    }
    const names = async (labelSelector?: string, fieldSelector?: string) =>
      (
        await core.listNamespacedConfigMap({
          namespace: 'sel',
          labelSelector,
          fieldSelector,
        })
      ).items.map(i => i.metadata?.name);
    expect(await names('tier=web')).toEqual(['cm-0', 'cm-1']);
    expect(await names('tier==web,env!=prod')).toEqual(['cm-1']);
    expect(await names('tier in (web, db)')).toEqual(['cm-0', 'cm-1', 'cm-2']);
    expect(await names('tier notin (web)')).toEqual(['cm-2', 'cm-3']);
    expect(await names('env')).toEqual(['cm-0', 'cm-1']);
    expect(await names('!tier')).toEqual(['cm-3']);
    expect(await names(undefined, 'metadata.name=cm-2')).toEqual(['cm-2']);
    expect(
      await names(undefined, 'metadata.name!=cm-2,metadata.namespace=sel'),
    ).toEqual(['cm-0', 'cm-1', 'cm-3']);
    const all = await core.listConfigMapForAllNamespaces({
      labelSelector: 'tier',
    });
    expect(
      all.items.map(i => `${i.metadata?.namespace}/${i.metadata?.name}`),
    ).toEqual(['sel/cm-0', 'sel/cm-1', 'sel/cm-2']);

    const badLabel = await statusOf(
      core.listNamespacedConfigMap({
        namespace: 'sel',
        labelSelector: 'tier in web',
      }),
    );
    expect(badLabel).toMatchObject({ reason: 'BadRequest', code: 400 });
    const badField = await statusOf(
      core.listNamespacedConfigMap({
        namespace: 'sel',
        fieldSelector: 'spec.nodeName=x',
      }),
    );
    expect(badField).toMatchObject({
      reason: 'BadRequest',
      message: 'field label not supported: spec.nodeName',
    });
  });

  it('pages lists with limit and continue', async () => {
    await core.createNamespace({ body: { metadata: { name: 'paged' } } });
    for (let i = 0; i < 5; i++) {
      await core.createNamespacedSecret({
        namespace: 'paged',
        body: { metadata: { name: `s-${i}` }, stringData: { k: 'v' } },
      });
    }
    const first = await core.listNamespacedSecret({
      namespace: 'paged',
      limit: 2,
    });
    expect(first.items.map(i => i.metadata?.name)).toEqual(['s-0', 's-1']);
    expect(first.metadata?.remainingItemCount).toBe(3);
    const second = await core.listNamespacedSecret({
      namespace: 'paged',
      limit: 2,
      _continue: first.metadata?._continue,
    });
    expect(second.items.map(i => i.metadata?.name)).toEqual(['s-2', 's-3']);
    const last = await core.listNamespacedSecret({
      namespace: 'paged',
      limit: 2,
      _continue: second.metadata?._continue,
    });
    expect(last.items.map(i => i.metadata?.name)).toEqual(['s-4']);
    expect(last.metadata?._continue).toBeUndefined();
  });

  it('merge-patches and json-patches, bumping generation only on spec changes', async () => {
    const created = await apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: { name: 'patched' },
        spec: {
          replicas: 0,
          selector: { matchLabels: { app: 'patched' } },
          template: {
            metadata: { labels: { app: 'patched' } },
            spec: { containers: [{ name: 'c', image: 'nginx:1' }] },
          },
        },
      },
    });
    expect(created.metadata?.generation).toBe(1);
    const labelled = await apps.patchNamespacedDeployment(
      {
        name: 'patched',
        namespace: 'default',
        body: { metadata: { labels: { team: 'a' } } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(labelled.metadata?.labels).toEqual({ team: 'a' });
    expect(labelled.metadata?.generation).toBe(1);
    const scaled = await apps.patchNamespacedDeployment({
      name: 'patched',
      namespace: 'default',
      body: [
        {
          op: 'replace',
          path: '/spec/template/spec/containers/0/image',
          value: 'nginx:2',
        },
      ],
    });
    expect(scaled.spec?.template.spec?.containers[0].image).toBe('nginx:2');
    expect(scaled.metadata?.generation).toBe(2);
    expect(writes.filter(w => w.operation === 'patch')).toHaveLength(2);
  });

  it('rejects a Deployment whose selector does not match its template', async () => {
    const status = await statusOf(
      apps.createNamespacedDeployment({
        namespace: 'default',
        body: {
          metadata: { name: 'mismatch' },
          spec: {
            selector: { matchLabels: { app: 'a' } },
            template: {
              metadata: { labels: { app: 'b' } },
              spec: { containers: [{ name: 'c', image: 'nginx' }] },
            },
          },
        },
      }),
    );
    expect(status).toMatchObject({
      reason: 'Invalid',
      code: 422,
      message:
        'Deployment.apps "mismatch" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"b"}: `selector` does not match template `labels`',
      details: { name: 'mismatch', group: 'apps', kind: 'Deployment' },
    });
  });

  it('changes status only through the status subresource', async () => {
    await core.createNamespacedService({
      namespace: 'default',
      body: {
        metadata: { name: 'lb' },
        spec: { type: 'LoadBalancer', ports: [{ port: 80 }] },
        status: { loadBalancer: { ingress: [{ hostname: 'ignored' }] } },
      },
    });
    const created = await core.readNamespacedService({
      name: 'lb',
      namespace: 'default',
    });
    expect(created.status).toEqual({ loadBalancer: {} });
    expect(created.spec?.clusterIP).toMatch(/^172\.20\./);
    const ingress = [{ hostname: 'lb.example.com' }];
    const updated = await core.replaceNamespacedServiceStatus({
      name: 'lb',
      namespace: 'default',
      body: { ...created, status: { loadBalancer: { ingress } } },
    });
    expect(updated.status?.loadBalancer?.ingress).toEqual(ingress);
    const applyStatus = (query: string) =>
      server.fetch(
        `${server.endpoint(
          'demo',
        )}/api/v1/namespaces/default/services/lb/status?fieldManager=test${query}`,
        {
          method: 'PATCH',
          headers: {
            Authorization: `Bearer ${signEksToken({ clusterName: 'demo' })}`,
            'Content-Type': 'application/apply-patch+yaml',
          },
          body: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: lb\nstatus:\n  loadBalancer:\n    ingress:\n      - hostname: applied.example.com\n',
        },
      );
    // the status update owns the ingress list: applying another one conflicts
    const conflicting = await applyStatus('');
    expect(conflicting.status).toBe(409);
    expect(((await conflicting.json()) as { message: string }).message).toMatch(
      /^Apply failed with 1 conflict: conflict with ".+" with subresource "status" using v1 at .+: \.status\.loadBalancer\.ingress$/,
    );
    const res = await applyStatus('&force=true');
    expect(res.status).toBe(200);
    expect(cluster.get('v1', 'Service', 'default', 'lb')?.status).toEqual({
      loadBalancer: { ingress: [{ hostname: 'applied.example.com' }] },
    });
  });

  it('deletes a collection by label selector', async () => {
    await core.createNamespace({ body: { metadata: { name: 'bulk' } } });
    for (const [name, tier] of [
      ['a', 'web'],
      ['b', 'web'],
      ['c', 'db'],
    ]) {
      await core.createNamespacedConfigMap({
        namespace: 'bulk',
        body: { metadata: { name, labels: { tier } } },
      });
    }
    writes.length = 0;
    await core.deleteCollectionNamespacedConfigMap({
      namespace: 'bulk',
      labelSelector: 'tier=web',
    });
    expect(
      cluster.list('v1', 'ConfigMap', 'bulk').map(c => c.metadata.name),
    ).toEqual(['c']);
    expect(writes.map(w => `${w.operation} ${w.params.name}`)).toEqual([
      'delete a',
      'delete b',
    ]);
  });

  it('serves discovery and version', async () => {
    const kc = kubeConfigFor(
      server.endpoint('demo'),
      signEksToken({ clusterName: 'demo' }),
      server.caData,
    );
    const get = async (path: string) => {
      const res = await server.fetch(`${server.endpoint('demo')}${path}`, {
        headers: { Authorization: `Bearer ${kc.getCurrentUser()?.token}` },
      });
      return (await res.json()) as Record<string, any>;
    };
    expect((await get('/api')).versions).toEqual(['v1']);
    const coreResources = await get('/api/v1');
    expect(coreResources.kind).toBe('APIResourceList');
    expect(coreResources.resources).toContainEqual(
      expect.objectContaining({
        name: 'pods',
        kind: 'Pod',
        namespaced: true,
        verbs: expect.arrayContaining(['watch', 'patch']),
      }),
    );
    expect(coreResources.resources).toContainEqual(
      expect.objectContaining({ name: 'nodes', namespaced: false }),
    );
    const groups = await get('/apis');
    expect(groups.groups.map((g: { name: string }) => g.name)).toEqual(
      expect.arrayContaining([
        'apps',
        'networking.k8s.io',
        'apiextensions.k8s.io',
      ]),
    );
    const appsResources = await get('/apis/apps/v1');
    expect(
      appsResources.resources.map((r: { name: string }) => r.name),
    ).toEqual(
      expect.arrayContaining(['deployments', 'daemonsets', 'replicasets']),
    );
    expect((await get('/version')).minor).toBe('33');
    expect((await get('/apis/karpenter.sh/v1')).code).toBe(404);
  });
});
