import {
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  setHeaderOptions,
  type KubernetesObject,
  type V1Deployment,
} from '@kubernetes/client-node';
import { karpenterCrds } from './karpenterCrds.ts';
import { KubernetesCluster } from './KubernetesCluster.ts';
import { signEksToken, startTestKubernetesServer } from './testing.ts';

/**
 * Patch and apply semantics through the HTTP API, as kubectl and
 * client-node reach them: strategic merge patch with the list strategies of
 * the built-in kinds, server-side apply with list map keys, no-op writes.
 */
describe('strategic merge patch and server-side apply over HTTP', () => {
  const writes: string[] = [];
  const cluster = new KubernetesCluster({
    name: 'demo',
    recordWrite: (operation, params) =>
      writes.push(`${operation} ${params.kind} ${params.name}`),
  });
  let server: Awaited<ReturnType<typeof startTestKubernetesServer>>;
  let apps: AppsV1Api;
  let core: CoreV1Api;
  let objects: KubernetesObjectApi;

  beforeAll(async () => {
    server = await startTestKubernetesServer([cluster]);
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        { name: 'c', server: server.endpoint('demo'), caData: server.caData },
      ],
      users: [{ name: 'u', token: signEksToken({ clusterName: 'demo' }) }],
      contexts: [{ name: 'c', cluster: 'c', user: 'u' }],
      currentContext: 'c',
    });
    apps = kc.makeApiClient(AppsV1Api);
    core = kc.makeApiClient(CoreV1Api);
    objects = KubernetesObjectApi.makeApiClient(kc);
    cluster.apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'apps' },
    });
    for (const crd of karpenterCrds()) cluster.apply(crd);
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    writes.length = 0;
  });

  const strategic = setHeaderOptions(
    'Content-Type',
    PatchStrategy.StrategicMergePatch,
  );

  const web = (name: string): V1Deployment => ({
    metadata: { name, namespace: 'apps' },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: 'app',
              image: 'nginx:1',
              ports: [{ containerPort: 80, protocol: 'TCP' }],
              resources: { limits: { cpu: '500m', memory: '256Mi' } },
            },
            { name: 'sidecar', image: 'envoy:1' },
          ],
        },
      },
    },
  });

  const stored = (name: string) =>
    cluster.get(
      'apps/v1',
      'Deployment',
      'apps',
      name,
    ) as unknown as V1Deployment;

  it('keeps ports and resources when an image changes (`kubectl set image`)', async () => {
    await apps.createNamespacedDeployment({
      namespace: 'apps',
      body: web('set-image'),
    });
    const patched = await apps.patchNamespacedDeployment(
      {
        name: 'set-image',
        namespace: 'apps',
        body: {
          spec: {
            template: {
              spec: { containers: [{ name: 'app', image: 'nginx:2' }] },
            },
          },
        },
      },
      strategic,
    );
    expect(patched.spec?.template.spec?.containers).toEqual([
      expect.objectContaining({
        name: 'app',
        image: 'nginx:2',
        ports: [{ containerPort: 80, protocol: 'TCP' }],
        resources: { limits: { cpu: '500m', memory: '256Mi' } },
      }),
      expect.objectContaining({ name: 'sidecar', image: 'envoy:1' }),
    ]);
    expect(patched.metadata?.generation).toBe(2);
  });

  it('removes a container with `$patch: delete` and stores no directive', async () => {
    await apps.createNamespacedDeployment({
      namespace: 'apps',
      body: web('drop'),
    });
    await apps.patchNamespacedDeployment(
      {
        name: 'drop',
        namespace: 'apps',
        body: {
          spec: {
            template: {
              spec: {
                containers: [{ name: 'sidecar', $patch: 'delete' }],
              },
            },
          },
        },
      },
      strategic,
    );
    const containers = stored('drop').spec?.template.spec?.containers ?? [];
    expect(containers.map(c => c.name)).toEqual(['app']);
    expect(JSON.stringify(stored('drop'))).not.toContain('$patch');
  });

  it('answers 415 to a strategic merge patch of a custom resource, listing the types it takes', async () => {
    const response = await server.fetch(
      `${server.endpoint('demo')}/apis/karpenter.sh/v1/nodepools/general`,
      {
        method: 'PATCH',
        headers: {
          Authorization: `Bearer ${signEksToken({ clusterName: 'demo' })}`,
          'Content-Type': 'application/strategic-merge-patch+json',
        },
        body: JSON.stringify({ spec: { weight: 1 } }),
      },
    );
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({
      kind: 'Status',
      reason: 'UnsupportedMediaType',
      code: 415,
      message:
        'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    });
  });

  it('lets two appliers own different containers, with their fields keyed by name', async () => {
    const apply = (containers: unknown[], manager: string) =>
      objects.patch(
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'shared', namespace: 'apps' },
          spec: {
            selector: { matchLabels: { app: 'shared' } },
            template: {
              metadata: { labels: { app: 'shared' } },
              spec: { containers },
            },
          },
        } as KubernetesObject,
        undefined,
        undefined,
        manager,
        false,
        PatchStrategy.ServerSideApply,
      );
    await apply([{ name: 'app', image: 'nginx:1' }], 'team-a');
    const result = (await apply(
      [{ name: 'sidecar', image: 'envoy:1' }],
      'team-b',
    )) as V1Deployment;
    expect(result.spec?.template.spec?.containers.map(c => c.name)).toEqual([
      'app',
      'sidecar',
    ]);
    const teamB = result.metadata?.managedFields?.find(
      f => f.manager === 'team-b',
    );
    expect(teamB?.fieldsV1).toMatchObject({
      'f:spec': {
        'f:template': {
          'f:spec': {
            'f:containers': {
              'k:{"name":"sidecar"}': { '.': {}, 'f:image': {}, 'f:name': {} },
            },
          },
        },
      },
    });
  });

  it('changes nothing on a no-op apply, patch or update: same resourceVersion, no write', async () => {
    const config = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'same', namespace: 'apps' },
      data: { k: 'v' },
    } as KubernetesObject;
    const apply = () =>
      objects.patch(
        config,
        undefined,
        undefined,
        'tool',
        false,
        PatchStrategy.ServerSideApply,
      );
    const first = await apply();
    const second = await apply();
    expect(second.metadata?.resourceVersion).toBe(
      first.metadata?.resourceVersion,
    );
    expect(second.metadata?.managedFields).toEqual(
      first.metadata?.managedFields,
    );

    const patched = await core.patchNamespacedConfigMap(
      { name: 'same', namespace: 'apps', body: { data: { k: 'v' } } },
      strategic,
    );
    expect(patched.metadata?.resourceVersion).toBe(
      first.metadata?.resourceVersion,
    );
    // a client's generation is not the server's: leaving it out changes nothing
    const { generation: _g, ...metadata } = patched.metadata!;
    const replaced = await core.replaceNamespacedConfigMap({
      name: 'same',
      namespace: 'apps',
      body: { ...patched, metadata },
    });
    expect(replaced.metadata?.resourceVersion).toBe(
      first.metadata?.resourceVersion,
    );
    expect(writes).toEqual(['apply ConfigMap same']);

    const changed = await core.patchNamespacedConfigMap(
      { name: 'same', namespace: 'apps', body: { data: { k: 'w' } } },
      strategic,
    );
    expect(Number(changed.metadata?.resourceVersion)).toBeGreaterThan(
      Number(first.metadata?.resourceVersion),
    );
  });
  it('identifies a port that omits its protocol by the default TCP, so a re-apply does not add a second port', async () => {
    const service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc', namespace: 'apps' },
      spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
    } as KubernetesObject;
    const apply = () =>
      objects.patch(
        service,
        undefined,
        undefined,
        'tool',
        false,
        PatchStrategy.ServerSideApply,
      ) as Promise<KubernetesObject & { spec: { ports: unknown[] } }>;
    const first = await apply();
    expect(first.spec.ports).toEqual([
      expect.objectContaining({ port: 80, protocol: 'TCP' }),
    ]);
    const again = await apply();
    expect(again.spec.ports).toEqual(first.spec.ports);
    expect(again.metadata?.resourceVersion).toBe(
      first.metadata?.resourceVersion,
    );
    expect(JSON.stringify(again.metadata?.managedFields)).toContain(
      'k:{\\"port\\":80,\\"protocol\\":\\"TCP\\"}',
    );
  });
});
