import type { KubeObject } from '../types.ts';
import { newTestCluster } from '../../__testUtils__/kubernetes';

const newCluster = () => newTestCluster();

function configMap(
  name: string,
  owners: Array<{
    apiVersion: string;
    kind: string;
    name: string;
    uid: string;
  }> = [],
  extra: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name,
      namespace: 'default',
      ...(owners.length > 0 ? { ownerReferences: owners } : {}),
      ...extra,
    },
  };
}

const ref = (owner: KubeObject) => ({
  apiVersion: owner.apiVersion,
  kind: owner.kind,
  name: owner.metadata.name,
  uid: owner.metadata.uid!,
});

describe('the garbage collector', () => {
  it('deletes an object of any kind once all its owners are gone', () => {
    const cluster = newCluster();
    const owner = cluster.apply(configMap('owner'));
    cluster.apply(configMap('dependent', [ref(owner)]));
    cluster.apply(
      configMap('grandchild', [
        ref(cluster.get('v1', 'ConfigMap', 'default', 'dependent')!),
      ]),
    );
    cluster.remove('v1', 'ConfigMap', 'default', 'owner');
    expect(cluster.list('v1', 'ConfigMap', 'default')).toEqual([]);
  });

  it('only drops the reference to a missing owner when another owner remains', () => {
    const cluster = newCluster();
    const a = cluster.apply(configMap('a'));
    const b = cluster.apply(configMap('b'));
    cluster.apply(configMap('shared', [ref(a), ref(b)]));
    cluster.remove('v1', 'ConfigMap', 'default', 'a');
    const shared = cluster.get('v1', 'ConfigMap', 'default', 'shared')!;
    expect(shared.metadata.ownerReferences).toEqual([ref(b)]);
  });

  it('leaves references to kinds the API does not serve, and to a recreated owner of another uid it deletes', () => {
    const cluster = newCluster();
    cluster.apply(
      configMap('job-output', [
        {
          apiVersion: 'batch/v1',
          kind: 'Job',
          name: 'nightly',
          uid: 'no-such-uid',
        },
      ]),
    );
    const owner = cluster.apply(configMap('owner'));
    cluster.apply(configMap('dependent', [ref(owner)]));
    cluster.batch(() => {
      cluster.remove('v1', 'ConfigMap', 'default', 'owner');
      cluster.apply(configMap('owner'));
    });
    expect(
      cluster.get('v1', 'ConfigMap', 'default', 'job-output'),
    ).toBeDefined();
    expect(
      cluster.get('v1', 'ConfigMap', 'default', 'dependent'),
    ).toBeUndefined();
  });

  it('keeps a dependent with a finalizer, marked as being deleted', () => {
    const cluster = newCluster();
    const owner = cluster.apply(configMap('owner'));
    cluster.apply(
      configMap('guarded', [ref(owner)], { finalizers: ['example.com/keep'] }),
    );
    cluster.remove('v1', 'ConfigMap', 'default', 'owner');
    const guarded = cluster.get('v1', 'ConfigMap', 'default', 'guarded')!;
    expect(guarded.metadata.deletionTimestamp).toBeDefined();
    expect(guarded.metadata.finalizers).toEqual(['example.com/keep']);
  });
});
