import { builtinStrategy, PLAIN_NODE } from './listStrategies.ts';
import { strategicMergePatch } from './strategicMergePatch.ts';
import { KubeApiError } from './status.ts';

const deploymentStrategy = builtinStrategy('apps/v1', 'Deployment')!;
const podStrategy = builtinStrategy('v1', 'Pod')!;

function deployment(
  containers: unknown[],
  extra: Record<string, unknown> = {},
) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'apps', finalizers: ['a', 'b'] },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers, ...extra },
      },
    },
  };
}

const app = {
  name: 'app',
  image: 'nginx:1',
  ports: [{ containerPort: 80, protocol: 'TCP' }],
  resources: { limits: { cpu: '500m' } },
  env: [
    { name: 'A', value: '1' },
    { name: 'B', value: '2' },
  ],
};
const sidecar = { name: 'sidecar', image: 'envoy:1' };

function containersOf(obj: Record<string, any>) {
  return obj.spec.template.spec.containers as Array<Record<string, any>>;
}

function hasDirective(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasDirective);
  if (value && typeof value === 'object') {
    return Object.entries(value).some(
      ([k, v]) => k.startsWith('$') || hasDirective(v),
    );
  }
  return false;
}

function patchError(run: () => unknown): KubeApiError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(KubeApiError);
    return e as KubeApiError;
  }
  throw new Error('the patch was accepted');
}

describe('strategic merge patch', () => {
  it('merges containers by name: `kubectl set image` keeps ports, resources and env', () => {
    const result = strategicMergePatch(
      deployment([app, sidecar]),
      {
        spec: {
          template: {
            spec: { containers: [{ name: 'app', image: 'nginx:2' }] },
          },
        },
      },
      deploymentStrategy,
    );
    expect(containersOf(result)).toEqual([
      { ...app, image: 'nginx:2' },
      sidecar,
    ]);
  });

  it("applies kubectl's client-side apply patch ($setElementOrder) and keeps what it does not name", () => {
    // what `kubectl apply` sends when only the image changed
    const result = strategicMergePatch(
      deployment([app, sidecar]),
      {
        metadata: {
          annotations: {
            'kubectl.kubernetes.io/last-applied-configuration': '{}',
          },
        },
        spec: {
          template: {
            spec: {
              '$setElementOrder/containers': [
                { name: 'app' },
                { name: 'sidecar' },
              ],
              containers: [{ image: 'nginx:2', name: 'app' }],
            },
          },
        },
      },
      deploymentStrategy,
    );
    expect(containersOf(result)).toEqual([
      { ...app, image: 'nginx:2' },
      sidecar,
    ]);
    expect(hasDirective(result)).toBe(false);
  });

  it('orders by $setElementOrder', () => {
    const result = strategicMergePatch(
      deployment([app, sidecar]),
      {
        spec: {
          template: {
            spec: {
              '$setElementOrder/containers': [
                { name: 'sidecar' },
                { name: 'app' },
              ],
            },
          },
        },
      },
      deploymentStrategy,
    );
    expect(containersOf(result).map(c => c.name)).toEqual(['sidecar', 'app']);
  });

  it('puts a new element before the live ones when the patch sets no order, as the API server does', () => {
    const result = strategicMergePatch(
      deployment([app]),
      {
        spec: { template: { spec: { containers: [sidecar] } } },
      },
      deploymentStrategy,
    );
    expect(containersOf(result).map(c => c.name)).toEqual(['sidecar', 'app']);
  });

  it('deletes an element with `$patch: delete` and never stores the directive', () => {
    const result = strategicMergePatch(
      deployment([app, sidecar]),
      {
        spec: {
          template: {
            spec: {
              containers: [
                { name: 'sidecar', $patch: 'delete' },
                { name: 'app', env: [{ name: 'A', $patch: 'delete' }] },
              ],
            },
          },
        },
      },
      deploymentStrategy,
    );
    expect(containersOf(result)).toEqual([
      { ...app, env: [{ name: 'B', value: '2' }] },
    ]);
    expect(hasDirective(result)).toBe(false);
  });

  it('replaces a whole list with a `$patch: replace` element', () => {
    const result = strategicMergePatch(
      deployment([app, sidecar]),
      {
        spec: {
          template: {
            spec: {
              containers: [
                { name: 'only', image: 'busybox' },
                { $patch: 'replace' },
              ],
            },
          },
        },
      },
      deploymentStrategy,
    );
    expect(containersOf(result)).toEqual([{ name: 'only', image: 'busybox' }]);
  });

  it('replaces or empties a map with `$patch: replace` / `$patch: delete`', () => {
    const replaced = strategicMergePatch(
      deployment([app]),
      {
        spec: {
          template: {
            metadata: { labels: { $patch: 'replace', tier: 'front' } },
          },
        },
      },
      deploymentStrategy,
    ) as any;
    expect(replaced.spec.template.metadata.labels).toEqual({ tier: 'front' });
    const emptied = strategicMergePatch(
      deployment([app]),
      {
        spec: { template: { metadata: { labels: { $patch: 'delete' } } } },
      },
      deploymentStrategy,
    ) as any;
    expect(emptied.spec.template.metadata.labels).toEqual({});
  });

  it('rejects `$patch: merge` in a list and unknown directives', () => {
    expect(
      patchError(() =>
        strategicMergePatch(
          deployment([app]),
          {
            spec: { template: { spec: { containers: [{ $patch: 'merge' }] } } },
          },
          deploymentStrategy,
        ),
      ).status,
    ).toMatchObject({
      code: 500,
      message: 'merging lists cannot yet be specified in the patch',
    });
    expect(
      patchError(() =>
        strategicMergePatch(
          deployment([app]),
          { spec: { $patch: 'banana' } },
          deploymentStrategy,
        ),
      ).status.message,
    ).toBe('unknown patch type: banana in map: map[$patch:banana]');
  });

  it('needs the merge key in every element of a merging list', () => {
    expect(
      patchError(() =>
        strategicMergePatch(
          deployment([app]),
          { spec: { template: { spec: { containers: [{ image: 'x' }] } } } },
          deploymentStrategy,
        ),
      ).status.message,
    ).toBe('map: map[image:x] does not contain declared merge key: name');
  });

  it('clears the keys $retainKeys does not list (a volume changing its source)', () => {
    const live = deployment([app], {
      volumes: [
        { name: 'data', emptyDir: {} },
        { name: 'other', secret: { secretName: 's' } },
      ],
    });
    const result = strategicMergePatch(
      live,
      {
        spec: {
          template: {
            spec: {
              volumes: [
                {
                  $retainKeys: ['configMap', 'name'],
                  name: 'data',
                  configMap: { name: 'settings' },
                },
              ],
            },
          },
        },
      },
      deploymentStrategy,
    ) as any;
    expect(result.spec.template.spec.volumes).toEqual([
      { name: 'data', configMap: { name: 'settings' } },
      { name: 'other', secret: { secretName: 's' } },
    ]);
    // the strategy of a Deployment is retainKeys too
    const rolling = {
      ...live,
      spec: {
        ...live.spec,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } },
      },
    };
    const recreate = strategicMergePatch(
      rolling,
      { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
      deploymentStrategy,
    ) as any;
    expect(recreate.spec.strategy).toEqual({ type: 'Recreate' });
    expect(
      patchError(() =>
        strategicMergePatch(
          rolling,
          { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: {} } } },
          deploymentStrategy,
        ),
      ).status.message,
    ).toBe('invalid patch format of retainKeys');
  });

  it('merges primitive lists with the merge strategy (finalizers) and deletes from them', () => {
    const added = strategicMergePatch(
      deployment([app]),
      { metadata: { finalizers: ['b', 'c'] } },
      deploymentStrategy,
    ) as any;
    expect(added.metadata.finalizers).toEqual(['a', 'b', 'c']);
    const removed = strategicMergePatch(
      deployment([app]),
      {
        metadata: {
          '$deleteFromPrimitiveList/finalizers': ['a'],
          '$setElementOrder/finalizers': ['b'],
        },
      },
      deploymentStrategy,
    ) as any;
    expect(removed.metadata.finalizers).toEqual(['b']);
    expect(hasDirective(removed)).toBe(false);
  });

  it('replaces atomic lists and deletes fields set to null', () => {
    const live = {
      ...deployment([{ ...app, args: ['--a', '--b'] }]),
    };
    live.spec.template.spec = {
      ...live.spec.template.spec,
      tolerations: [{ key: 'x', operator: 'Exists' }],
    } as any;
    const result = strategicMergePatch(
      live,
      {
        spec: {
          replicas: null,
          template: {
            spec: {
              tolerations: [{ key: 'y', operator: 'Exists' }],
              containers: [{ name: 'app', args: ['--c'], resources: null }],
            },
          },
        },
      },
      deploymentStrategy,
    ) as any;
    expect(result.spec.replicas).toBeUndefined();
    expect(result.spec.template.spec.tolerations).toEqual([
      { key: 'y', operator: 'Exists' },
    ]);
    const { resources: _r, ...withoutResources } = app;
    expect(containersOf(result)).toEqual([
      { ...withoutResources, args: ['--c'] },
    ]);
  });

  it('merges ports by containerPort and Service-less kinds plainly', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [app] },
    };
    const result = strategicMergePatch(
      pod,
      {
        spec: {
          containers: [
            { name: 'app', ports: [{ containerPort: 443, protocol: 'TCP' }] },
          ],
        },
      },
      podStrategy,
    ) as any;
    expect(result.spec.containers[0].ports).toEqual([
      { containerPort: 443, protocol: 'TCP' },
      { containerPort: 80, protocol: 'TCP' },
    ]);
    // without a known strategy every list is replaced
    expect(
      strategicMergePatch({ items: [1, 2] }, { items: [3] }, PLAIN_NODE),
    ).toEqual({ items: [3] });
  });

  it('drops directives from values the live object does not have', () => {
    const result = strategicMergePatch(
      deployment([app]),
      {
        spec: {
          template: {
            spec: {
              initContainers: [
                { name: 'init', image: 'busybox' },
                { name: 'gone', $patch: 'delete' },
              ],
            },
          },
        },
      },
      deploymentStrategy,
    ) as any;
    expect(result.spec.template.spec.initContainers).toEqual([
      { name: 'init', image: 'busybox' },
    ]);
  });
  it('lets a $deleteFromPrimitiveList of a list without the merge strategy replace it, as the API server does', () => {
    const live = deployment([{ ...app, args: ['--a', '--b'] }]);
    const result = strategicMergePatch(
      live,
      {
        spec: {
          template: {
            spec: {
              containers: [
                { name: 'app', '$deleteFromPrimitiveList/args': ['--a'] },
              ],
            },
          },
        },
      },
      deploymentStrategy,
    ) as any;
    expect(containersOf(result)[0].args).toEqual(['--a']);
  });
  it('answers malformed patches as the API server does: 400, 422 or its library error as a 500', () => {
    expect(
      patchError(() => strategicMergePatch({}, [1], deploymentStrategy)).status,
    ).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message:
        'json: cannot unmarshal array into Go value of type map[string]interface {}',
    });
    expect(
      patchError(() =>
        strategicMergePatch(
          { metadata: { finalizers: [['a']] } },
          { metadata: { finalizers: [['b']] } },
          deploymentStrategy,
        ),
      ).status,
    ).toMatchObject({
      code: 422,
      reason: 'Invalid',
      details: {
        causes: [{ message: 'lists of lists are not supported' }],
      },
    });
    expect(
      patchError(() =>
        strategicMergePatch(
          deployment([app]),
          {
            spec: {
              template: {
                spec: {
                  '$setElementOrder/containers': [{ name: 'app' }],
                  containers: 'x',
                },
              },
            },
          },
          deploymentStrategy,
        ),
      ).status,
    ).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      code: 500,
      message: 'expected a slice, but received a string',
    });
  });
});
