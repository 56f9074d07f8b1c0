import { builtinStrategy, schemaStrategy } from './listStrategies.ts';
import {
  isNoOp,
  recordUpdate,
  serverSideApply,
  type ManagedFieldsEntry,
} from './managedFields.ts';
import { BUILTIN_RESOURCES, type ResourceType } from './resources.ts';
import { KubeApiError } from './status.ts';
import type { KubeObject } from './types.ts';

const deploymentType = BUILTIN_RESOURCES.find(t => t.kind === 'Deployment')!;
const strategy = builtinStrategy('apps/v1', 'Deployment')!;

function deployment(containers: unknown[], replicas?: number): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'apps' },
    spec: {
      ...(replicas === undefined ? {} : { replicas }),
      template: { spec: { containers } },
    },
  };
}

function apply(
  existing: KubeObject | undefined,
  applied: KubeObject,
  manager: string,
  force = false,
  type: ResourceType = deploymentType,
  node = strategy,
) {
  return serverSideApply({
    type,
    strategy: node,
    existing,
    applied,
    manager,
    force,
  });
}

function entries(obj: KubeObject) {
  return obj.metadata.managedFields as ManagedFieldsEntry[];
}

function containersOf(obj: KubeObject) {
  return (obj.spec as any).template.spec.containers as Array<
    Record<string, unknown>
  >;
}

function conflictOf(run: () => unknown) {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(KubeApiError);
    return (e as KubeApiError).status;
  }
  throw new Error('no conflict');
}

describe('server-side apply field sets', () => {
  it('writes list elements by their keys (k:) with `.` for the element itself', () => {
    const created = apply(
      undefined,
      deployment(
        [
          {
            name: 'app',
            image: 'nginx:1',
            ports: [{ containerPort: 80, protocol: 'TCP' }],
          },
        ],
        2,
      ),
      'alice',
    );
    expect(entries(created)).toEqual([
      {
        manager: 'alice',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:spec': {
            'f:replicas': {},
            'f:template': {
              'f:spec': {
                'f:containers': {
                  'k:{"name":"app"}': {
                    '.': {},
                    'f:image': {},
                    'f:name': {},
                    'f:ports': {
                      'k:{"containerPort":80,"protocol":"TCP"}': {
                        '.': {},
                        'f:containerPort': {},
                        'f:protocol': {},
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    ]);
  });

  it('lets two managers own different containers without conflict, and names the exact conflicting field', () => {
    const first = apply(
      undefined,
      deployment([{ name: 'app', image: 'nginx:1' }]),
      'alice',
    );
    const both = apply(
      first,
      deployment([{ name: 'sidecar', image: 'envoy:1' }]),
      'bob',
    );
    expect(containersOf(both)).toEqual([
      { name: 'app', image: 'nginx:1' },
      { name: 'sidecar', image: 'envoy:1' },
    ]);
    expect(entries(both).map(e => e.manager)).toEqual(['alice', 'bob']);

    const status = conflictOf(() =>
      apply(both, deployment([{ name: 'app', image: 'nginx:2' }]), 'bob'),
    );
    expect(status).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message:
        'Apply failed with 1 conflict: conflict with "alice": .spec.template.spec.containers[name="app"].image',
      details: {
        causes: [
          {
            reason: 'FieldManagerConflict',
            field: '.spec.template.spec.containers[name="app"].image',
          },
        ],
      },
    });
  });

  it('moves a forced field to the applier, and removes what a manager stops applying', () => {
    const first = apply(
      undefined,
      deployment([{ name: 'app', image: 'nginx:1' }]),
      'alice',
    );
    const both = apply(
      first,
      deployment([{ name: 'sidecar', image: 'envoy:1' }]),
      'bob',
    );
    const forced = apply(
      both,
      deployment([
        { name: 'sidecar', image: 'envoy:1' },
        { name: 'app', image: 'nginx:2' },
      ]),
      'bob',
      true,
    );
    expect(containersOf(forced)).toEqual([
      { name: 'app', image: 'nginx:2' },
      { name: 'sidecar', image: 'envoy:1' },
    ]);
    const alice = entries(forced).find(e => e.manager === 'alice')!;
    expect(alice.fieldsV1).toEqual({
      'f:spec': {
        'f:template': {
          'f:spec': {
            'f:containers': {
              'k:{"name":"app"}': { '.': {}, 'f:name': {} },
            },
          },
        },
      },
    });
    // bob drops the sidecar: it goes; `app` stays, alice still owns it
    const dropped = apply(
      forced,
      deployment([{ name: 'app', image: 'nginx:2' }]),
      'bob',
    );
    expect(containersOf(dropped)).toEqual([{ name: 'app', image: 'nginx:2' }]);
    // alice stops applying: bob's image stays, and so does the element
    const aliceGone = apply(dropped, deployment([]), 'alice');
    expect(containersOf(aliceGone)).toEqual([
      { name: 'app', image: 'nginx:2' },
    ]);
  });

  it('makes an update take the fields it changed; a later apply conflicts with it, named with version and time', () => {
    const applied = apply(
      undefined,
      deployment([{ name: 'app', image: 'nginx:1' }], 1),
      'helm',
    );
    const scaled = recordUpdate({
      strategy,
      existing: applied,
      updated: {
        ...applied,
        spec: { ...(applied.spec as object), replicas: 5 },
      },
      manager: 'kubectl-scale',
    });
    const update = entries(scaled).find(e => e.manager === 'kubectl-scale')!;
    expect(update).toMatchObject({
      operation: 'Update',
      fieldsV1: { 'f:spec': { 'f:replicas': {} } },
    });
    expect(entries(scaled).map(e => e.operation)).toEqual(['Apply', 'Update']);
    const status = conflictOf(() =>
      apply(scaled, deployment([{ name: 'app', image: 'nginx:1' }], 1), 'helm'),
    );
    expect(status.message).toBe(
      `Apply failed with 1 conflict: conflict with "kubectl-scale" using apps/v1 at ${update.time}: .spec.replicas`,
    );
    // the same value is no conflict
    expect(() =>
      apply(scaled, deployment([{ name: 'app', image: 'nginx:1' }], 5), 'helm'),
    ).not.toThrow();
  });

  it('records new maps and elements of an update with `.`', () => {
    const created = recordUpdate({
      strategy: builtinStrategy('v1', 'ConfigMap')!,
      existing: undefined,
      updated: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'c', labels: { a: '1' } },
        data: { k: 'v' },
      },
      manager: 'kubectl-create',
    });
    expect(entries(created)[0].fieldsV1).toEqual({
      'f:data': { '.': {}, 'f:k': {} },
      'f:metadata': { 'f:labels': { '.': {}, 'f:a': {} } },
    });
  });

  it('treats custom resource lists as atomic unless the schema gives a list type', () => {
    const type: ResourceType = {
      group: 'karpenter.sh',
      version: 'v1',
      kind: 'NodePool',
      plural: 'nodepools',
      singular: 'nodepool',
      namespaced: false,
      subresources: ['status'],
      custom: true,
    };
    const node = schemaStrategy({
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            requirements: { type: 'array', items: { type: 'object' } },
            taints: {
              type: 'array',
              'x-kubernetes-list-type': 'map',
              'x-kubernetes-list-map-keys': ['key'],
              items: { type: 'object' },
            },
          },
        },
      },
    });
    const pool = (spec: Record<string, unknown>): KubeObject => ({
      apiVersion: 'karpenter.sh/v1',
      kind: 'NodePool',
      metadata: { name: 'default' },
      spec,
    });
    const first = apply(
      undefined,
      pool({
        requirements: [{ key: 'a' }],
        taints: [{ key: 'x', effect: 'NoSchedule' }],
      }),
      'alice',
      false,
      type,
      node,
    );
    expect(entries(first)[0].fieldsV1).toEqual({
      'f:spec': {
        'f:requirements': {},
        'f:taints': {
          'k:{"key":"x"}': { '.': {}, 'f:effect': {}, 'f:key': {} },
        },
      },
    });
    // another taint merges; the atomic list conflicts as a whole
    const second = apply(
      first,
      pool({ taints: [{ key: 'y', effect: 'NoSchedule' }] }),
      'bob',
      false,
      type,
      node,
    );
    expect((second.spec as any).taints).toHaveLength(2);
    expect(
      conflictOf(() =>
        apply(
          second,
          pool({ requirements: [{ key: 'b' }] }),
          'bob',
          false,
          type,
          node,
        ),
      ).message,
    ).toBe(
      'Apply failed with 1 conflict: conflict with "alice": .spec.requirements',
    );
  });

  it('sees an apply that changes nothing as a no-op', () => {
    const first = apply(
      undefined,
      deployment([{ name: 'app', image: 'nginx:1' }], 1),
      'alice',
    );
    const again = apply(
      first,
      deployment([{ name: 'app', image: 'nginx:1' }], 1),
      'alice',
    );
    expect(isNoOp(first, again)).toBe(true);
    const changed = apply(
      first,
      deployment([{ name: 'app', image: 'nginx:2' }], 1),
      'alice',
    );
    expect(isNoOp(first, changed)).toBe(false);
  });
  it('takes the managedFields an update sends, and clears them on `[{}]`', () => {
    const created = recordUpdate({
      strategy,
      existing: undefined,
      updated: deployment([{ name: 'app', image: 'nginx:1' }], 1),
      manager: 'kubectl-client-side-apply',
    });
    // what kubectl sends to move client-side apply ownership to `kubectl`
    const moved = recordUpdate({
      strategy,
      existing: created,
      updated: {
        ...created,
        metadata: {
          ...created.metadata,
          managedFields: entries(created).map(e => ({
            ...e,
            manager: 'kubectl',
            operation: 'Apply',
          })),
        },
      },
      manager: 'kubectl',
    });
    expect(entries(moved).map(e => [e.manager, e.operation])).toEqual([
      ['kubectl', 'Apply'],
    ]);
    // then kubectl's apply prunes what it no longer applies, conflict-free
    const pruned = apply(
      moved,
      deployment([{ name: 'app', image: 'nginx:2' }]),
      'kubectl',
    );
    expect((pruned.spec as any).replicas).toBeUndefined();
    const cleared = recordUpdate({
      strategy,
      existing: pruned,
      updated: {
        ...pruned,
        metadata: { ...pruned.metadata, managedFields: [{}] },
      },
      manager: 'kubectl',
    });
    expect(cleared.metadata.managedFields).toBeUndefined();
  });

  it('applies to the status subresource: only status, recorded with `subresource: status`', () => {
    const created = apply(
      undefined,
      deployment([{ name: 'app', image: 'nginx:1' }], 1),
      'helm',
    );
    const withStatus = serverSideApply({
      type: deploymentType,
      strategy,
      existing: created,
      applied: {
        ...deployment([{ name: 'ignored', image: 'x' }], 9),
        status: {
          conditions: [{ type: 'Available', status: 'True' }],
        },
      },
      manager: 'controller',
      force: false,
      subresource: 'status',
    });
    expect(withStatus.spec).toEqual(created.spec);
    expect(withStatus.status).toEqual({
      conditions: [{ type: 'Available', status: 'True' }],
    });
    expect(
      entries(withStatus).find(e => e.manager === 'controller'),
    ).toMatchObject({
      operation: 'Apply',
      subresource: 'status',
      fieldsV1: {
        'f:status': {
          'f:conditions': {
            'k:{"type":"Available"}': { '.': {}, 'f:status': {}, 'f:type': {} },
          },
        },
      },
    });
    // the main resource's apply neither takes nor drops status
    const again = apply(
      withStatus,
      { ...deployment([{ name: 'app', image: 'nginx:1' }], 1), status: {} },
      'helm',
    );
    expect(again.status).toEqual(withStatus.status);
  });

  it('refuses an applied configuration that carries managedFields', () => {
    const config = deployment([]);
    config.metadata.managedFields = [];
    expect(conflictOf(() => apply(undefined, config, 'x'))).toMatchObject({
      code: 400,
      message: 'metadata.managedFields must be nil',
    });
  });
  it("lets kubectl's server-side apply take over what its client-side apply last applied", () => {
    const lastApplied = deployment([{ name: 'app', image: 'nginx:1' }], 1);
    const live = deployment([{ name: 'app', image: 'nginx:1' }], 1);
    live.metadata.annotations = {
      'kubectl.kubernetes.io/last-applied-configuration':
        JSON.stringify(lastApplied),
    };
    const created = recordUpdate({
      strategy,
      existing: undefined,
      updated: live,
      manager: 'kubectl-client-side-apply',
    });
    const next = deployment([{ name: 'app', image: 'nginx:2' }], 1);
    // another manager conflicts on the image
    expect(conflictOf(() => apply(created, next, 'helm')).message).toMatch(
      /conflict with "kubectl-client-side-apply" using apps\/v1 at .*: \.spec\.template\.spec\.containers\[name="app"\]\.image$/,
    );
    // kubectl does not, and keeps the annotation in step
    const moved = apply(created, next, 'kubectl');
    expect(containersOf(moved)).toEqual([{ name: 'app', image: 'nginx:2' }]);
    expect(
      JSON.parse(
        moved.metadata.annotations![
          'kubectl.kubernetes.io/last-applied-configuration'
        ],
      ),
    ).toEqual(next);
    // unless the live value is no longer the one last applied
    const drifted = recordUpdate({
      strategy,
      existing: created,
      updated: deployment([{ name: 'app', image: 'nginx:1' }], 3),
      manager: 'kubectl-scale',
    });
    drifted.metadata.annotations = created.metadata.annotations;
    expect(conflictOf(() => apply(drifted, next, 'kubectl')).message).toMatch(
      /conflict with "kubectl-scale" using apps\/v1 at .*: \.spec\.replicas$/,
    );
  });
  it('refuses an applied list element without its key or with a key twice, as the API server does', () => {
    const config = deployment([
      {
        name: 'c',
        env: [
          { name: 'FOO', value: '1' },
          { name: 'FOO', value: '2' },
        ],
      },
      { image: 'nameless' },
    ]);
    const status = conflictOf(() => apply(undefined, config, 'x'));
    expect(status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      code: 500,
      message:
        'failed to create typed patch object (apps/web; apps/v1, Kind=Deployment): errors:\n' +
        '  .spec.template.spec.containers[name="c"].env: duplicate entries for key [name="FOO"]\n' +
        '  .spec.template.spec.containers: element 1: associative list with keys has an element that omits key field "name" (and doesn\'t have default value)',
    });
  });
});
