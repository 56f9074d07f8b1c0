import { request as httpsRequest } from 'node:https';
import { KubernetesCluster } from './KubernetesCluster.ts';
import { createNodeGroupNodes } from './nodeGroups.ts';
import { signEksToken, startTestKubernetesServer } from './testing.ts';
import type { KubeObject } from './types.ts';

type Server = Awaited<ReturnType<typeof startTestKubernetesServer>>;

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

describe('Kubernetes API protocol: dry run, deletion, scale, tables, watches', () => {
  const writes: string[] = [];
  let cluster: KubernetesCluster;
  let server: Server;

  async function call(
    method: string,
    path: string,
    opts: { body?: unknown; contentType?: string; accept?: string } = {},
  ) {
    let body: string | undefined;
    if (typeof opts.body === 'string') body = opts.body;
    else if (opts.body !== undefined) body = JSON.stringify(opts.body);
    const res = await server.fetch(`${server.endpoint('demo')}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${signEksToken({ clusterName: 'demo' })}`,
        Accept: opts.accept ?? 'application/json',
        ...(body !== undefined
          ? {
              'Content-Type': opts.contentType ?? 'application/json',
              // node sends the body of a DELETE only with its length
              'Content-Length': String(Buffer.byteLength(body)),
            }
          : {}),
      },
      body,
    });
    const text = await res.text();
    return {
      status: res.status,
      contentType: res.headers.get('content-type'),
      body: text ? JSON.parse(text) : undefined,
    };
  }

  function deployment(name: string, replicas = 2): KubeObject {
    return {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: 'default' },
      spec: {
        replicas,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: { containers: [{ name: 'web', image: 'nginx:1.29' }] },
        },
      },
    };
  }

  const replicaSetsOf = (name: string) =>
    cluster
      .list('apps/v1', 'ReplicaSet', 'default')
      .filter(rs => rs.metadata.name.startsWith(`${name}-`));
  const podsOf = (name: string) =>
    cluster
      .list('v1', 'Pod', 'default')
      .filter(p => p.metadata.name.startsWith(`${name}-`));

  beforeAll(async () => {
    cluster = new KubernetesCluster({
      name: 'demo',
      recordWrite: (operation, params) =>
        writes.push(
          `${operation} ${String(params.kind)} ${String(params.name)}`,
        ),
    });
    cluster.apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'default' },
    });
    createNodeGroupNodes(cluster, {
      nodeGroup: 'workers',
      zones: ['eu-west-1a', 'eu-west-1b'],
    });
    server = await startTestKubernetesServer([cluster]);
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    writes.length = 0;
  });

  describe('server dry run (dryRun=All)', () => {
    it('answers a create as it would store it, and stores nothing', async () => {
      const before = cluster.resourceVersion;
      const res = await call(
        'POST',
        '/api/v1/namespaces/default/configmaps?dryRun=All',
        {
          body: { metadata: { name: 'dry' }, data: { a: '1' } },
        },
      );
      expect(res.status).toBe(201);
      expect(res.body.metadata).toMatchObject({
        name: 'dry',
        namespace: 'default',
      });
      expect(res.body.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.body.metadata.creationTimestamp).toBeDefined();
      expect(res.body.metadata.resourceVersion).toBeUndefined();
      expect(cluster.get('v1', 'ConfigMap', 'default', 'dry')).toBeUndefined();
      expect(cluster.resourceVersion).toBe(before);
      expect(writes).toEqual([]);
    });

    it('runs no controller for a dry-run Deployment', async () => {
      const res = await call(
        'POST',
        '/apis/apps/v1/namespaces/default/deployments?dryRun=All',
        {
          body: deployment('ghost'),
        },
      );
      expect(res.status).toBe(201);
      expect(replicaSetsOf('ghost')).toEqual([]);
      expect(podsOf('ghost')).toEqual([]);
    });

    it('answers update, patch, delete and deletecollection without changing anything', async () => {
      cluster.apply({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'kept',
          namespace: 'default',
          labels: { set: 'dry' },
        },
        data: { a: '1' },
      });
      const stored = cluster.get('v1', 'ConfigMap', 'default', 'kept')!;
      const before = cluster.resourceVersion;

      const put = await call(
        'PUT',
        '/api/v1/namespaces/default/configmaps/kept?dryRun=All',
        {
          body: { ...stored, data: { a: '2' } },
        },
      );
      expect(put.status).toBe(200);
      expect(put.body.data).toEqual({ a: '2' });
      expect(put.body.metadata.resourceVersion).toBe(
        stored.metadata.resourceVersion,
      );

      const patch = await call(
        'PATCH',
        '/api/v1/namespaces/default/configmaps/kept?dryRun=All',
        {
          body: { data: { b: '3' } },
          contentType: 'application/merge-patch+json',
        },
      );
      expect(patch.status).toBe(200);
      expect(patch.body.data).toEqual({ a: '1', b: '3' });

      const del = await call(
        'DELETE',
        '/api/v1/namespaces/default/configmaps/kept',
        {
          body: { kind: 'DeleteOptions', apiVersion: 'v1', dryRun: ['All'] },
        },
      );
      expect(del.status).toBe(200);
      expect(del.body).toMatchObject({ kind: 'Status', status: 'Success' });

      const collection = await call(
        'DELETE',
        '/api/v1/namespaces/default/configmaps?labelSelector=set%3Ddry&dryRun=All',
      );
      expect(collection.status).toBe(200);
      expect(
        collection.body.items.map((i: KubeObject) => i.metadata.name),
      ).toEqual(['kept']);

      expect(cluster.get('v1', 'ConfigMap', 'default', 'kept')).toEqual(stored);
      expect(cluster.resourceVersion).toBe(before);
      expect(writes).toEqual([]);
    });

    it('refuses a dryRun value other than All with a 422 naming the options kind', async () => {
      const res = await call(
        'POST',
        '/api/v1/namespaces/default/configmaps?dryRun=true',
        {
          body: { metadata: { name: 'nope' } },
        },
      );
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({
        reason: 'Invalid',
        message:
          'CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: ["true"]: supported values: "All"',
        details: { group: 'meta.k8s.io', kind: 'CreateOptions' },
      });
      const del = await call(
        'DELETE',
        '/api/v1/namespaces/default/configmaps/nope',
        {
          body: { dryRun: ['Some'] },
        },
      );
      expect(del.status).toBe(422);
      expect(del.body.details.kind).toBe('DeleteOptions');
      expect(cluster.get('v1', 'ConfigMap', 'default', 'nope')).toBeUndefined();
    });
  });

  describe('request bodies', () => {
    it('decodes YAML, protobuf of the kinds it has messages for, and answers other protobuf with 415', async () => {
      const yaml = await call('POST', '/api/v1/namespaces/default/configmaps', {
        body: 'metadata:\n  name: from-yaml\ndata:\n  a: "1"\n',
        contentType: 'application/yaml',
      });
      expect(yaml.status).toBe(201);
      expect(yaml.body.data).toEqual({ a: '1' });

      // the "k8s\0" magic, then runtime.Unknown {typeMeta {apiVersion,
      // kind}, raw}; every byte below 0x80, so the string is its bytes
      const field = (n: number, bytes: string) =>
        `${String.fromCharCode((n << 3) | 2, bytes.length)}${bytes}`;
      const envelope = (apiVersion: string, kind: string, raw: string) =>
        `k8s\u0000${field(1, field(1, apiVersion) + field(2, kind))}${field(
          2,
          raw,
        )}`;
      // ConfigMap {metadata {name}, data {a: "1"}}, as kubectl create
      // configmap sends it
      const created = await call(
        'POST',
        '/api/v1/namespaces/default/configmaps',
        {
          body: envelope(
            'v1',
            'ConfigMap',
            field(1, field(1, 'from-protobuf')) +
              field(2, field(1, 'a') + field(2, '1')),
          ),
          contentType: 'application/vnd.kubernetes.protobuf',
        },
      );
      expect(created.status).toBe(201);
      expect(created.body.metadata.name).toBe('from-protobuf');
      expect(created.body.data).toEqual({ a: '1' });

      // a custom resource has no protobuf, on the API server either
      cluster.apply({
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'gadgets.example.com' },
        spec: {
          group: 'example.com',
          scope: 'Namespaced',
          names: { kind: 'Gadget', plural: 'gadgets', singular: 'gadget' },
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  'x-kubernetes-preserve-unknown-fields': true,
                },
              },
            },
          ],
        },
      });
      const custom = await call(
        'POST',
        '/apis/example.com/v1/namespaces/default/gadgets',
        {
          body: envelope('example.com/v1', 'Gadget', field(1, field(1, 'g'))),
          contentType: 'application/vnd.kubernetes.protobuf',
        },
      );
      expect(custom.status).toBe(415);
      expect(custom.body).toMatchObject({
        reason: 'UnsupportedMediaType',
        message:
          'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml',
      });

      const malformed = await call('POST', '/api/v1/namespaces', {
        body: '{"kind":"Namespace"}',
        contentType: 'application/vnd.kubernetes.protobuf',
      });
      expect(malformed.status).toBe(400);
      expect(malformed.body).toMatchObject({
        reason: 'BadRequest',
        message:
          'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]',
      });
    });
  });

  describe('deletion with propagation policies and finalizers', () => {
    it('Orphan keeps the ReplicaSet and its pods, without their owner reference', async () => {
      cluster.apply(deployment('orphans'));
      const [rs] = replicaSetsOf('orphans');
      const pods = podsOf('orphans')
        .map(p => p.metadata.name)
        .sort();
      expect(pods).toHaveLength(2);

      const res = await call(
        'DELETE',
        '/apis/apps/v1/namespaces/default/deployments/orphans',
        {
          body: {
            kind: 'DeleteOptions',
            apiVersion: 'v1',
            propagationPolicy: 'Orphan',
          },
        },
      );
      expect(res.status).toBe(200);
      expect(res.body.metadata.finalizers).toEqual(['orphan']);
      expect(res.body.metadata.deletionTimestamp).toBeDefined();

      expect(
        cluster.get('apps/v1', 'Deployment', 'default', 'orphans'),
      ).toBeUndefined();
      const [kept] = replicaSetsOf('orphans');
      expect(kept.metadata.uid).toBe(rs.metadata.uid);
      expect(kept.metadata.ownerReferences).toBeUndefined();
      expect(
        podsOf('orphans')
          .map(p => p.metadata.name)
          .sort(),
      ).toEqual(pods);
      expect(writes).toEqual(['delete Deployment orphans']);
    });

    it('Background (the default) deletes the owner at once and its dependents after', async () => {
      cluster.apply(deployment('cascade'));
      expect(podsOf('cascade')).toHaveLength(2);
      const res = await call(
        'DELETE',
        '/apis/apps/v1/namespaces/default/deployments/cascade?propagationPolicy=Background',
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ kind: 'Status', status: 'Success' });
      expect(replicaSetsOf('cascade')).toEqual([]);
      expect(podsOf('cascade')).toEqual([]);
    });

    it('Foreground marks the owner with foregroundDeletion until its dependents are gone', async () => {
      cluster.apply(deployment('front'));
      const seen: string[] = [];
      const stop = cluster.onChange(change => {
        if (
          change.object.metadata.name === 'front' &&
          change.object.kind === 'Deployment'
        ) {
          seen.push(
            `${change.type} ${String(
              change.object.metadata.finalizers ?? '',
            )} pods=${podsOf('front').length}`,
          );
        }
      });
      const res = await call(
        'DELETE',
        '/apis/apps/v1/namespaces/default/deployments/front',
        {
          body: { propagationPolicy: 'Foreground' },
        },
      );
      stop();
      expect(res.status).toBe(200);
      expect(res.body.metadata.finalizers).toEqual(['foregroundDeletion']);
      expect(res.body.metadata.deletionTimestamp).toBeDefined();
      expect(seen[0]).toBe('MODIFIED foregroundDeletion pods=2');
      expect(seen[seen.length - 1]).toBe('DELETED foregroundDeletion pods=0');
      expect(replicaSetsOf('front')).toEqual([]);
    });

    it('keeps an object with a finalizer until the finalizer is removed', async () => {
      cluster.apply({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'guarded',
          namespace: 'default',
          finalizers: ['example.com/keep'],
        },
      });
      const del = await call(
        'DELETE',
        '/api/v1/namespaces/default/configmaps/guarded',
      );
      expect(del.status).toBe(200);
      expect(del.body.metadata.deletionTimestamp).toBeDefined();
      const get = await call(
        'GET',
        '/api/v1/namespaces/default/configmaps/guarded',
      );
      expect(get.body.metadata.finalizers).toEqual(['example.com/keep']);

      const patch = await call(
        'PATCH',
        '/api/v1/namespaces/default/configmaps/guarded',
        {
          body: [{ op: 'remove', path: '/metadata/finalizers' }],
          contentType: 'application/json-patch+json',
        },
      );
      expect(patch.status).toBe(200);
      expect(
        cluster.get('v1', 'ConfigMap', 'default', 'guarded'),
      ).toBeUndefined();
    });

    it('validates DeleteOptions as the apiserver does', async () => {
      cluster.apply({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'options', namespace: 'default' },
      });
      const both = await call(
        'DELETE',
        '/api/v1/namespaces/default/configmaps/options',
        {
          body: { orphanDependents: true, propagationPolicy: 'Orphan' },
        },
      );
      expect(both.status).toBe(422);
      expect(both.body.message).toBe(
        'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Invalid value: "Orphan": orphanDependents and deletionPropagation cannot be both set',
      );
      const unknown = await call(
        'DELETE',
        '/api/v1/namespaces/default/configmaps/options?propagationPolicy=Sometimes',
      );
      expect(unknown.status).toBe(422);
      expect(unknown.body.message).toBe(
        'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Sometimes": supported values: "Foreground", "Background", "Orphan", "nil"',
      );
      expect(
        cluster.get('v1', 'ConfigMap', 'default', 'options'),
      ).toBeDefined();
    });
  });

  describe('the scale subresource', () => {
    it('reads and writes a Deployment through its autoscaling/v1 Scale', async () => {
      cluster.apply(deployment('scaled', 2));
      const get = await call(
        'GET',
        '/apis/apps/v1/namespaces/default/deployments/scaled/scale',
      );
      const stored = cluster.get('apps/v1', 'Deployment', 'default', 'scaled')!;
      expect(get.body).toEqual({
        kind: 'Scale',
        apiVersion: 'autoscaling/v1',
        metadata: {
          name: 'scaled',
          namespace: 'default',
          uid: stored.metadata.uid,
          resourceVersion: stored.metadata.resourceVersion,
          creationTimestamp: stored.metadata.creationTimestamp,
        },
        spec: { replicas: 2 },
        status: { replicas: 2, selector: 'app=scaled' },
      });

      const patch = await call(
        'PATCH',
        '/apis/apps/v1/namespaces/default/deployments/scaled/scale',
        {
          body: { spec: { replicas: 4 } },
          contentType: 'application/merge-patch+json',
        },
      );
      expect(patch.status).toBe(200);
      expect(patch.body.spec).toEqual({ replicas: 4 });
      expect(podsOf('scaled')).toHaveLength(4);

      // the controllers updated the Deployment since: read the Scale again
      const current = await call(
        'GET',
        '/apis/apps/v1/namespaces/default/deployments/scaled/scale',
      );
      const put = await call(
        'PUT',
        '/apis/apps/v1/namespaces/default/deployments/scaled/scale',
        {
          body: { ...current.body, spec: { replicas: 1 } },
        },
      );
      expect(put.status).toBe(200);
      expect(podsOf('scaled')).toHaveLength(1);
      expect(
        (
          cluster.get('apps/v1', 'Deployment', 'default', 'scaled')!.spec as {
            replicas: number;
          }
        ).replicas,
      ).toBe(1);
    });

    it('scales a ReplicaSet, refuses negative replicas and stale resourceVersions', async () => {
      cluster.apply(deployment('sets', 1));
      const [rs] = replicaSetsOf('sets');
      const path = `/apis/apps/v1/namespaces/default/replicasets/${rs.metadata.name}/scale`;
      const get = await call('GET', path);
      expect(get.body.status.selector).toBe(
        `app=sets,pod-template-hash=${rs.metadata.labels?.['pod-template-hash']}`,
      );
      const negative = await call('PUT', path, {
        body: { ...get.body, spec: { replicas: -1 } },
      });
      expect(negative.status).toBe(422);
      expect(negative.body.message).toBe(
        `Scale.autoscaling "${rs.metadata.name}" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0`,
      );
      const stale = await call('PUT', path, {
        body: {
          ...get.body,
          metadata: { ...get.body.metadata, resourceVersion: '1' },
          spec: { replicas: 3 },
        },
      });
      expect(stale.status).toBe(409);
      const dry = await call('PUT', `${path}?dryRun=All`, {
        body: { ...get.body, spec: { replicas: 3 } },
      });
      expect(dry.body.spec.replicas).toBe(3);
      expect(
        (
          cluster.get('apps/v1', 'ReplicaSet', 'default', rs.metadata.name)!
            .spec as {
            replicas: number;
          }
        ).replicas,
      ).toBe(1);
    });

    it('lists the scale subresource in discovery', async () => {
      const res = await call('GET', '/apis/apps/v1');
      expect(res.body.resources).toEqual(
        expect.arrayContaining([
          {
            name: 'deployments/scale',
            singularName: '',
            namespaced: true,
            group: 'autoscaling',
            version: 'v1',
            kind: 'Scale',
            verbs: ['get', 'patch', 'update'],
          },
        ]),
      );
    });
  });

  describe('Table and PartialObjectMetadata output', () => {
    it('answers kubectl get with the pod columns and rows', async () => {
      cluster.apply(deployment('tabled', 2));
      const res = await call(
        'GET',
        '/api/v1/namespaces/default/pods?labelSelector=app%3Dtabled',
        {
          accept: `${TABLE},application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json`,
        },
      );
      expect(res.status).toBe(200);
      expect(res.contentType).toBe(
        'application/json;as=Table;g=meta.k8s.io;v=v1',
      );
      expect(res.body.kind).toBe('Table');
      expect(res.body.apiVersion).toBe('meta.k8s.io/v1');
      expect(
        res.body.columnDefinitions.map(
          (c: { name: string; priority: number }) => [c.name, c.priority],
        ),
      ).toEqual([
        ['Name', 0],
        ['Ready', 0],
        ['Status', 0],
        ['Restarts', 0],
        ['Age', 0],
        ['IP', 1],
        ['Node', 1],
        ['Nominated Node', 1],
        ['Readiness Gates', 1],
      ]);
      expect(res.body.rows).toHaveLength(2);
      const [row] = res.body.rows;
      expect(row.cells.slice(1, 4)).toEqual(['1/1', 'Running', '0']);
      expect(row.cells[4]).toMatch(/^\d+s$/);
      expect(row.object).toMatchObject({
        kind: 'PartialObjectMetadata',
        apiVersion: 'meta.k8s.io/v1',
        metadata: { name: row.cells[0], namespace: 'default' },
      });
    });

    it('answers Deployments with Ready, Up-to-date and Available, and includeObject=Object|None', async () => {
      const full = await call(
        'GET',
        '/apis/apps/v1/namespaces/default/deployments/tabled?includeObject=Object',
        { accept: TABLE },
      );
      expect(
        full.body.columnDefinitions.map((c: { name: string }) => c.name),
      ).toEqual([
        'Name',
        'Ready',
        'Up-to-date',
        'Available',
        'Age',
        'Containers',
        'Images',
        'Selector',
      ]);
      expect(full.body.rows[0].cells.slice(0, 4)).toEqual([
        'tabled',
        '2/2',
        2,
        2,
      ]);
      expect(full.body.rows[0].cells.slice(5)).toEqual([
        'web',
        'nginx:1.29',
        'app=tabled',
      ]);
      expect(full.body.rows[0].object).toMatchObject({
        kind: 'Deployment',
        apiVersion: 'apps/v1',
      });
      const none = await call(
        'GET',
        '/apis/apps/v1/namespaces/default/deployments?includeObject=None',
        {
          accept: TABLE,
        },
      );
      expect(none.body.rows.every((r: object) => !('object' in r))).toBe(true);
    });

    it("uses a CRD's additionalPrinterColumns, and Name + Created At for kinds without a printer", async () => {
      cluster.apply({
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'widgets.example.com' },
        spec: {
          group: 'example.com',
          scope: 'Namespaced',
          names: { kind: 'Widget', plural: 'widgets', singular: 'widget' },
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  'x-kubernetes-preserve-unknown-fields': true,
                },
              },
              additionalPrinterColumns: [
                { name: 'Size', type: 'integer', jsonPath: '.spec.size' },
                {
                  name: 'Ready',
                  type: 'string',
                  jsonPath: '.status.conditions[?(@.type=="Ready")].status',
                },
                {
                  name: 'Zone',
                  type: 'string',
                  jsonPath: '.metadata.labels.topology\\.kubernetes\\.io/zone',
                },
              ],
            },
          ],
        },
      });
      cluster.apply({
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: {
          name: 'w1',
          namespace: 'default',
          labels: { 'topology.kubernetes.io/zone': 'eu-west-1a' },
        },
        spec: { size: 3 },
        status: {
          conditions: [
            { type: 'Other', status: 'False' },
            { type: 'Ready', status: 'True' },
          ],
        },
      });
      const widgets = await call(
        'GET',
        '/apis/example.com/v1/namespaces/default/widgets',
        {
          accept: TABLE,
        },
      );
      expect(
        widgets.body.columnDefinitions.map((c: { name: string }) => c.name),
      ).toEqual(['Name', 'Size', 'Ready', 'Zone']);
      expect(widgets.body.rows[0].cells).toEqual([
        'w1',
        3,
        'True',
        'eu-west-1a',
      ]);

      const crds = await call(
        'GET',
        '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
        {
          accept: TABLE,
        },
      );
      expect(
        crds.body.columnDefinitions.map((c: { name: string; type: string }) => [
          c.name,
          c.type,
        ]),
      ).toEqual([
        ['Name', 'string'],
        ['Created At', 'date'],
      ]);
    });

    it('answers kubectl get events with the event columns', async () => {
      const res = await call(
        'GET',
        '/api/v1/namespaces/default/events?fieldSelector=reason%3DScalingReplicaSet%2CinvolvedObject.name%3Dtabled',
        { accept: TABLE },
      );
      expect(
        res.body.columnDefinitions
          .filter((c: { priority: number }) => c.priority === 0)
          .map((c: { name: string }) => c.name),
      ).toEqual(['Last Seen', 'Type', 'Reason', 'Object', 'Message']);
      const [row] = res.body.rows;
      expect(row.cells.slice(1, 4)).toEqual([
        'Normal',
        'ScalingReplicaSet',
        'deployment/tabled',
      ]);
      expect(row.cells[6]).toMatch(
        /^Scaled up replica set tabled-\w+ from 0 to 2$/,
      );
    });

    it('answers as=PartialObjectMetadataList with metadata only', async () => {
      const res = await call('GET', '/api/v1/namespaces', {
        accept:
          'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io',
      });
      expect(res.body.kind).toBe('PartialObjectMetadataList');
      expect(res.body.items[0]).toEqual({
        kind: 'PartialObjectMetadata',
        apiVersion: 'meta.k8s.io/v1',
        metadata: expect.objectContaining({ name: 'default' }),
      });
    });
  });

  describe('watches', () => {
    /** Opens a watch and collects its events until `until` says stop. */
    function watch(
      path: string,
      opts: { accept?: string; until?: (events: WatchEvent[]) => boolean } = {},
    ) {
      const url = new URL(`${server.endpoint('demo')}${path}`);
      const events: WatchEvent[] = [];
      let resolveHeaders: (value: {
        status: number;
        contentType: string;
      }) => void;
      const headers = new Promise<{ status: number; contentType: string }>(
        r => {
          resolveHeaders = r;
        },
      );
      let resolveEnd: () => void;
      const ended = new Promise<void>(r => {
        resolveEnd = r;
      });
      const req = httpsRequest(
        url,
        {
          ca: server.ca,
          headers: {
            Authorization: `Bearer ${signEksToken({ clusterName: 'demo' })}`,
            Accept: opts.accept ?? 'application/json',
          },
        },
        res => {
          resolveHeaders({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type']),
          });
          let buffer = '';
          res.on('data', (chunk: Buffer) => {
            buffer += chunk.toString('utf8');
            let newline = buffer.indexOf('\n');
            while (newline >= 0) {
              events.push(JSON.parse(buffer.slice(0, newline)));
              buffer = buffer.slice(newline + 1);
              newline = buffer.indexOf('\n');
            }
            if (opts.until?.(events)) req.destroy();
          });
          res.on('end', () => resolveEnd());
          res.on('close', () => resolveEnd());
        },
      );
      req.on('error', () => resolveEnd());
      req.end();
      return { events, headers, ended, close: () => req.destroy() };
    }

    type WatchEvent = {
      type: string;
      object: KubeObject & {
        code?: number;
        reason?: string;
        rows?: Array<{ cells: unknown[] }>;
      };
    };

    it('sends the response headers before the first event', async () => {
      const w = watch(
        `/api/v1/namespaces/default/secrets?watch=true&resourceVersion=${cluster.resourceVersion}`,
      );
      const headers = await w.headers;
      expect(headers).toEqual({ status: 200, contentType: 'application/json' });
      expect(w.events).toEqual([]);
      w.close();
      await w.ended;
    });

    it('watches one object by fieldSelector, resumes from a resourceVersion, and ends at timeoutSeconds with a bookmark', async () => {
      cluster.apply({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'watched', namespace: 'default' },
        data: { v: '1' },
      });
      const from = cluster.resourceVersion;
      cluster.apply({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'watched', namespace: 'default' },
        data: { v: '2' },
      });
      cluster.apply({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'other', namespace: 'default' },
      });
      const w = watch(
        `/api/v1/namespaces/default/configmaps?watch=true&fieldSelector=metadata.name%3Dwatched&resourceVersion=${from}&allowWatchBookmarks=true&timeoutSeconds=1`,
      );
      await w.ended;
      expect(w.events.map(e => e.type)).toEqual(['MODIFIED', 'BOOKMARK']);
      expect(w.events[0].object.data).toEqual({ v: '2' });
      expect(w.events[1].object).toEqual({
        kind: 'ConfigMap',
        apiVersion: 'v1',
        metadata: {
          resourceVersion: String(cluster.resourceVersion),
          creationTimestamp: null,
        },
      });
    });

    it('refuses sendInitialEvents as an API server without WatchList does, and resourceVersionMatch without it', async () => {
      const invalid = await call(
        'GET',
        '/api/v1/namespaces?watch=true&sendInitialEvents=true',
      );
      expect(invalid.status).toBe(422);
      expect(invalid.body.details.kind).toBe('ListOptions');
      expect(invalid.body.details.causes).toEqual([
        {
          reason: 'FieldValueForbidden',
          message:
            'Forbidden: sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled',
          field: 'sendInitialEvents',
        },
      ]);

      const match = await call(
        'GET',
        '/api/v1/namespaces?watch=true&resourceVersionMatch=NotOlderThan',
      );
      expect(match.status).toBe(422);
      expect(match.body.details.causes[0].field).toBe('resourceVersionMatch');
    });

    it('answers a too old resourceVersion with a 410 Expired event', async () => {
      // 5000 changes are kept for resuming watches
      cluster.batch(() => {
        for (let i = 0; i < 5001; i++) {
          cluster.apply({
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: 'churn', namespace: 'default' },
            data: { i: String(i) },
          });
        }
      });
      const w = watch(
        '/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=2',
      );
      await w.ended;
      expect(w.events).toEqual([
        {
          type: 'ERROR',
          object: expect.objectContaining({
            kind: 'Status',
            code: 410,
            reason: 'Expired',
          }),
        },
      ]);
    });

    it('streams one-row Tables to kubectl get -w, and forgets a client that went away', async () => {
      const listeners = () =>
        (cluster as unknown as { listeners: Set<unknown> }).listeners.size;
      const before = listeners();
      const w = watch(
        '/apis/apps/v1/namespaces/default/deployments?watch=true&fieldSelector=metadata.name%3Dtabled',
        {
          accept: `${TABLE},application/json`,
        },
      );
      const headers = await w.headers;
      expect(headers.contentType).toBe(
        'application/json;as=Table;g=meta.k8s.io;v=v1',
      );
      await new Promise(resolve => setTimeout(resolve, 50));
      expect(
        w.events.map(e => [e.type, e.object.kind, e.object.rows?.[0].cells[0]]),
      ).toEqual([['ADDED', 'Table', 'tabled']]);
      expect(listeners()).toBe(before + 1);
      w.close();
      await w.ended;
      await new Promise(resolve => setTimeout(resolve, 50));
      expect(listeners()).toBe(before);
    });
  });
});
