import {
  ApiException,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  setHeaderOptions,
  Watch,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { karpenterCrds } from './karpenterCrds.ts';
import { KubernetesCluster } from './KubernetesCluster.ts';
import { signEksToken, startTestKubernetesServer } from './testing.ts';

function errorBody(e: unknown): Record<string, any> {
  expect(e).toBeInstanceOf(ApiException);
  const body = (e as ApiException<unknown>).body;
  return typeof body === 'string'
    ? JSON.parse(body)
    : (body as Record<string, any>);
}

describe('server-side apply, custom resources and watch', () => {
  const writes: string[] = [];
  const cluster = new KubernetesCluster({
    name: 'demo',
    recordWrite: (operation, params) =>
      writes.push(
        `${operation} ${params.kind} ${params.namespace ?? ''}/${params.name}`,
      ),
  });
  let server: Awaited<ReturnType<typeof startTestKubernetesServer>>;
  let kc: KubeConfig;
  let objects: KubernetesObjectApi;
  let core: CoreV1Api;
  let custom: CustomObjectsApi;

  beforeAll(async () => {
    server = await startTestKubernetesServer([cluster]);
    kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: 'c',
          server: server.endpoint('demo'),
          caData: server.caData,
        },
      ],
      users: [{ name: 'u', token: signEksToken({ clusterName: 'demo' }) }],
      contexts: [{ name: 'c', cluster: 'c', user: 'u' }],
      currentContext: 'c',
    });
    objects = KubernetesObjectApi.makeApiClient(kc);
    core = kc.makeApiClient(CoreV1Api);
    custom = kc.makeApiClient(CustomObjectsApi);
    for (const name of ['default', 'apps']) {
      cluster.apply({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name },
      });
    }
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    writes.length = 0;
  });

  const apply = (obj: KubernetesObject, manager: string, force = false) =>
    objects.patch(
      obj,
      undefined,
      undefined,
      manager,
      force,
      PatchStrategy.ServerSideApply,
    );

  it('creates with apply, then prunes fields the manager stops applying', async () => {
    const first = await apply(
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'ssa',
          namespace: 'apps',
          labels: { a: '1', b: '2' },
        },
        data: { x: '1', y: '2' },
      } as KubernetesObject,
      'helm',
    );
    expect(first.metadata?.uid).toBeDefined();
    expect(first.metadata?.managedFields).toEqual([
      expect.objectContaining({
        manager: 'helm',
        operation: 'Apply',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:data': { 'f:x': {}, 'f:y': {} },
          'f:metadata': { 'f:labels': { 'f:a': {}, 'f:b': {} } },
        },
      }),
    ]);
    const second = (await apply(
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'ssa', namespace: 'apps', labels: { a: '1' } },
        data: { x: '3' },
      } as KubernetesObject,
      'helm',
    )) as KubernetesObject & { data?: Record<string, string> };
    expect(second.data).toEqual({ x: '3' });
    expect(second.metadata?.labels).toEqual({ a: '1' });
    expect(second.metadata?.uid).toBe(first.metadata?.uid);
    expect(writes).toEqual([
      'apply ConfigMap apps/ssa',
      'apply ConfigMap apps/ssa',
    ]);
  });

  it('reports conflicts with other managers unless forced', async () => {
    const base = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'shared', namespace: 'apps' },
      data: { replicas: '1' },
    } as KubernetesObject;
    await apply(base, 'alice');
    const mine = { ...base, data: { replicas: '2' } } as KubernetesObject;
    let failure: unknown;
    try {
      await apply(mine, 'bob');
    } catch (e) {
      failure = e;
    }
    const status = errorBody(failure);
    expect(status).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Conflict',
      code: 409,
      message:
        'Apply failed with 1 conflict: conflict with "alice": .data.replicas',
      details: {
        name: 'shared',
        kind: 'configmaps',
        causes: [{ reason: 'FieldManagerConflict', field: '.data.replicas' }],
      },
    });
    // the same value is no conflict: both managers then own it
    await expect(apply(base, 'carol')).resolves.toBeDefined();
    const forced = (await apply(mine, 'bob', true)) as KubernetesObject & {
      data?: Record<string, string>;
    };
    expect(forced.data).toEqual({ replicas: '2' });
    const managers = forced.metadata?.managedFields?.map(f => f.manager);
    expect(managers).toEqual(['bob']);
  });

  it('makes an update take ownership, so a later apply conflicts', async () => {
    await apply(
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'scaled', namespace: 'apps' },
        data: { size: '1' },
      } as KubernetesObject,
      'helm',
    );
    await core.patchNamespacedConfigMap(
      {
        name: 'scaled',
        namespace: 'apps',
        body: { data: { size: '5' } },
        fieldManager: 'kubectl-edit',
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    let failure: unknown;
    try {
      await apply(
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'scaled', namespace: 'apps' },
          data: { size: '1' },
        } as KubernetesObject,
        'helm',
      );
    } catch (e) {
      failure = e;
    }
    // an Update manager is named with the version and time of its update
    expect(errorBody(failure).message).toMatch(
      /^Apply failed with 1 conflict: conflict with "kubectl-edit" using v1 at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ: \.data\.size$/,
    );
  });

  it('accepts YAML apply bodies and requires a field manager', async () => {
    const url = `${server.endpoint(
      'demo',
    )}/api/v1/namespaces/apps/configmaps/yaml-cm`;
    const headers = {
      Authorization: `Bearer ${signEksToken({ clusterName: 'demo' })}`,
      'Content-Type': 'application/apply-patch+yaml',
    };
    const yaml =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: yaml-cm\ndata:\n  k: v\n';
    const noManager = await server.fetch(url, {
      method: 'PATCH',
      headers,
      body: yaml,
    });
    expect(noManager.status).toBe(422);
    expect(await noManager.json()).toMatchObject({
      reason: 'Invalid',
      message:
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    });
    const created = await server.fetch(`${url}?fieldManager=kubectl`, {
      method: 'PATCH',
      headers,
      body: yaml,
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({
      data: { k: 'v' },
      metadata: { namespace: 'apps' },
    });
    const unsupported = await server.fetch(url, {
      method: 'PATCH',
      headers: { ...headers, 'Content-Type': 'text/plain' },
      body: 'x',
    });
    expect(unsupported.status).toBe(415);
    expect(await unsupported.json()).toMatchObject({
      reason: 'UnsupportedMediaType',
    });
  });

  it('serves Karpenter custom resources once their CRDs exist', async () => {
    await expect(
      custom.listClusterCustomObject({
        group: 'karpenter.sh',
        version: 'v1',
        plural: 'nodepools',
      }),
    ).rejects.toBeInstanceOf(ApiException);
    for (const crd of karpenterCrds()) cluster.apply(crd);

    const crds = await objects.list(
      'apiextensions.k8s.io/v1',
      'CustomResourceDefinition',
    );
    expect(crds.items.map(c => c.metadata?.name)).toEqual([
      'ec2nodeclasses.karpenter.k8s.aws',
      'nodeclaims.karpenter.sh',
      'nodepools.karpenter.sh',
    ]);

    await apply(
      {
        apiVersion: 'karpenter.sh/v1',
        kind: 'NodePool',
        metadata: { name: 'general' },
        spec: {
          template: {
            spec: {
              requirements: [],
              nodeClassRef: {
                group: 'karpenter.k8s.aws',
                kind: 'EC2NodeClass',
                name: 'default',
              },
            },
          },
          limits: { cpu: '100' },
        },
      } as KubernetesObject,
      'karpenter-install',
    );
    const pool = await custom.getClusterCustomObject({
      group: 'karpenter.sh',
      version: 'v1',
      plural: 'nodepools',
      name: 'general',
    });
    expect(pool).toMatchObject({
      kind: 'NodePool',
      spec: { limits: { cpu: '100' } },
    });
    const list = await custom.listClusterCustomObject({
      group: 'karpenter.sh',
      version: 'v1',
      plural: 'nodepools',
    });
    expect(list).toMatchObject({
      kind: 'NodePoolList',
      items: [{ kind: 'NodePool', metadata: { name: 'general' } }],
    });

    await custom.patchClusterCustomObject(
      {
        group: 'karpenter.sh',
        version: 'v1',
        plural: 'nodepools',
        name: 'general',
        body: { spec: { limits: { cpu: '200' } } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(
      cluster.get('karpenter.sh/v1', 'NodePool', undefined, 'general')?.spec,
    ).toMatchObject({
      limits: { cpu: '200' },
    });
    const removed = await custom.deleteClusterCustomObject({
      group: 'karpenter.sh',
      version: 'v1',
      plural: 'nodepools',
      name: 'general',
    });
    expect(removed).toMatchObject({
      kind: 'NodePool',
      metadata: { name: 'general' },
    });

    const discovery = (await (
      await server.fetch(
        `${server.endpoint('demo')}/apis/karpenter.k8s.aws/v1`,
        {
          headers: {
            Authorization: `Bearer ${signEksToken({ clusterName: 'demo' })}`,
          },
        },
      )
    ).json()) as { resources: Array<Record<string, unknown>> };
    expect(discovery.resources).toContainEqual(
      expect.objectContaining({
        name: 'ec2nodeclasses',
        kind: 'EC2NodeClass',
        namespaced: false,
      }),
    );
  });

  it('streams watch events, and resumes from a resourceVersion', async () => {
    const events: string[] = [];
    const watch = new Watch(kc);
    let done: (err: unknown) => void = () => {};
    const ended = new Promise(resolve => {
      done = resolve;
    });
    const seen = (count: number) =>
      new Promise<void>(resolve => {
        const check = () =>
          events.length >= count ? resolve() : setTimeout(check, 5);
        check();
      });
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'before', labels: { watched: 'yes' } } },
    });
    const controller = await watch.watch(
      '/api/v1/namespaces/default/configmaps',
      { labelSelector: 'watched=yes' },
      (phase, obj) => events.push(`${phase} ${obj.metadata.name}`),
      err => done(err),
    );
    await seen(1);
    const created = await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'w', labels: { watched: 'yes' } } },
    });
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'unwatched' } },
    });
    await core.replaceNamespacedConfigMap({
      name: 'w',
      namespace: 'default',
      body: {
        metadata: { name: 'w', labels: { watched: 'yes' } },
        data: { a: 'b' },
      },
    });
    await core.deleteNamespacedConfigMap({ name: 'w', namespace: 'default' });
    await seen(4);
    controller.abort();
    await ended;
    expect(events).toEqual([
      'ADDED before',
      'ADDED w',
      'MODIFIED w',
      'DELETED w',
    ]);

    const resumed: string[] = [];
    const resumedController = await watch.watch(
      '/api/v1/namespaces/default/configmaps',
      { resourceVersion: created.metadata?.resourceVersion },
      (phase, obj) => resumed.push(`${phase} ${obj.metadata.name}`),
      () => {},
    );
    await new Promise<void>(resolve => {
      const check = () =>
        resumed.length >= 3 ? resolve() : setTimeout(check, 5);
      check();
    });
    resumedController.abort();
    expect(resumed).toEqual(['ADDED unwatched', 'MODIFIED w', 'DELETED w']);
  });

  it('sends DELETED when an object stops matching a watch selector, ADDED when it starts', async () => {
    const events: string[] = [];
    const controller = await new Watch(kc).watch(
      '/api/v1/namespaces/default/configmaps',
      { labelSelector: 'tracked=yes' },
      (phase, obj) => events.push(`${phase} ${obj.metadata.name}`),
      () => {},
    );
    const label = (value: string) =>
      core.patchNamespacedConfigMap(
        {
          name: 'flip',
          namespace: 'default',
          body: { metadata: { labels: { tracked: value } } },
        },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'flip', labels: { tracked: 'no' } } },
    });
    await label('yes');
    await label('no');
    await new Promise<void>(resolve => {
      const check = () =>
        events.length >= 2 ? resolve() : setTimeout(check, 5);
      check();
    });
    controller.abort();
    expect(events).toEqual(['ADDED flip', 'DELETED flip']);
  });

  it('answers a watch from a resourceVersion no longer kept with 410 Expired', async () => {
    const start = cluster.resourceVersion;
    for (let i = 0; i < 5001; i++) {
      cluster.apply({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'churn', namespace: 'default' },
        data: { i: String(i) },
      });
    }
    const res = await server.fetch(
      `${server.endpoint(
        'demo',
      )}/api/v1/configmaps?watch=true&resourceVersion=${start}`,
      {
        headers: {
          Authorization: `Bearer ${signEksToken({ clusterName: 'demo' })}`,
        },
      },
    );
    const lines = (await res.text())
      .trim()
      .split('\n')
      .map(l => JSON.parse(l));
    expect(lines).toEqual([
      {
        type: 'ERROR',
        object: expect.objectContaining({
          kind: 'Status',
          status: 'Failure',
          reason: 'Expired',
          code: 410,
          message: `too old resource version: ${start} (${cluster.resourceVersion})`,
        }),
      },
    ]);
  });
});
