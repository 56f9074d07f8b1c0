import {
  builtinStrategy,
  DEFINITIONS,
  KIND_DEFINITIONS,
  propertyExtensions,
  schemaStrategy,
  withListExtensions,
} from './listStrategies.ts';
import { BUILTIN_RESOURCES, apiVersionOf } from './resources.ts';

describe('list strategies of the built-in kinds', () => {
  it('has a definition for every built-in kind the sandbox serves', () => {
    for (const type of BUILTIN_RESOURCES) {
      const definition = KIND_DEFINITIONS[`${apiVersionOf(type)}/${type.kind}`];
      expect(definition).toBeDefined();
      expect(DEFINITIONS[definition]).toBeDefined();
    }
  });

  it('states the strategies the API reference gives', () => {
    const pod = builtinStrategy('v1', 'Pod')!;
    const spec = pod.field('spec');
    expect(spec.field('containers').list).toEqual({
      listType: 'map',
      listMapKeys: ['name'],
      patchStrategy: 'merge',
      patchMergeKey: 'name',
    });
    const container = spec.field('containers').items();
    expect(container.field('ports').list).toMatchObject({
      listMapKeys: ['containerPort', 'protocol'],
      patchMergeKey: 'containerPort',
    });
    expect(container.field('env').list.patchMergeKey).toBe('name');
    expect(container.field('envFrom').list).toEqual({ listType: 'atomic' });
    expect(container.field('volumeMounts').list.patchMergeKey).toBe(
      'mountPath',
    );
    expect(container.field('volumeDevices').list.patchMergeKey).toBe(
      'devicePath',
    );
    expect(container.field('resizePolicy').list.listType).toBe('atomic');
    expect(spec.field('volumes').list.patchStrategy).toBe('merge,retainKeys');
    expect(spec.field('tolerations').list).toEqual({ listType: 'atomic' });
    expect(spec.field('hostAliases').list.patchMergeKey).toBe('ip');
    expect(spec.field('topologySpreadConstraints').list.listMapKeys).toEqual([
      'topologyKey',
      'whenUnsatisfiable',
    ]);
    expect(spec.field('nodeSelector').atomic).toBe(true);
    const metadata = pod.field('metadata');
    expect(metadata.field('finalizers').list).toEqual({
      listType: 'set',
      patchStrategy: 'merge',
    });
    expect(metadata.field('ownerReferences').list.patchMergeKey).toBe('uid');
    expect(pod.field('status').field('conditions').list.patchMergeKey).toBe(
      'type',
    );
    const service = builtinStrategy('v1', 'Service')!;
    expect(service.field('spec').field('ports').list.listMapKeys).toEqual([
      'port',
      'protocol',
    ]);
    expect(
      service.field('status').field('loadBalancer').field('ingress').list,
    ).toEqual({ listType: 'atomic' });
    expect(
      builtinStrategy('v1', 'Node')!.field('spec').field('taints').list,
    ).toEqual({ listType: 'atomic' });
    const deployment = builtinStrategy('apps/v1', 'Deployment')!;
    expect(deployment.field('spec').field('selector').atomic).toBe(true);
    expect(
      deployment.field('status').field('conditions').list.patchMergeKey,
    ).toBe('type');
  });

  it('reads custom resource list types from the CRD schema', () => {
    const node = schemaStrategy({
      type: 'object',
      properties: {
        tags: { type: 'array', 'x-kubernetes-list-type': 'set' },
        plain: { type: 'array' },
        labels: {
          type: 'object',
          'x-kubernetes-map-type': 'atomic',
          additionalProperties: { type: 'string' },
        },
      },
    });
    expect(node.field('tags').list).toEqual({ listType: 'set' });
    expect(node.field('plain').list).toEqual({ listType: 'atomic' });
    expect(node.field('labels').atomic).toBe(true);
    expect(node.field('tags').list.patchStrategy).toBeUndefined();
  });

  it('gives OpenAPI definitions the x-kubernetes-* extensions of the API', () => {
    expect(
      propertyExtensions('io.k8s.api.core.v1.PodSpec', 'containers'),
    ).toEqual({
      'x-kubernetes-list-map-keys': ['name'],
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-patch-strategy': 'merge',
    });
    const decorated = withListExtensions({
      'io.k8s.api.core.v1.PodSpec': {
        type: 'object',
        properties: {
          tolerations: { type: 'array' },
          hostname: { type: 'string' },
        },
      },
      'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector': {
        type: 'object',
        properties: {},
      },
    });
    expect(decorated['io.k8s.api.core.v1.PodSpec']).toEqual({
      type: 'object',
      properties: {
        tolerations: { type: 'array', 'x-kubernetes-list-type': 'atomic' },
        hostname: { type: 'string' },
      },
    });
    expect(
      decorated['io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector'],
    ).toMatchObject({ 'x-kubernetes-map-type': 'atomic' });
  });
});
