import type { KubernetesCluster } from '../KubernetesCluster.ts';
import type { KubeObject } from '../types.ts';
import { newTestCluster } from '../../__testUtils__/kubernetes';

function newCluster(withNodes = true) {
  return newTestCluster(withNodes ? ['eu-west-1a', 'eu-west-1b'] : undefined);
}

function statefulSet(image: string, replicas: number, extra = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'default' },
    spec: {
      replicas,
      serviceName: 'db',
      selector: { matchLabels: { app: 'db' } },
      template: {
        metadata: { labels: { app: 'db' } },
        spec: { containers: [{ name: 'db', image }] },
      },
      ...extra,
    },
  };
}

const podNames = (cluster: KubernetesCluster) =>
  cluster.list('v1', 'Pod', 'default').map(p => p.metadata.name);

function status(cluster: KubernetesCluster) {
  return cluster.get('apps/v1', 'StatefulSet', 'default', 'db')!.status as {
    replicas: number;
    readyReplicas: number;
    updatedReplicas: number;
    currentRevision: string;
    updateRevision: string;
  };
}

describe('the StatefulSet controller', () => {
  it('creates pods <name>-0..n-1 one after the other, each once the previous is Ready', () => {
    const cluster = newCluster();
    const order: string[] = [];
    const stop = cluster.onChange(change => {
      if (change.type === 'ADDED' && change.object.kind === 'Pod') {
        const readyBefore = cluster
          .list('v1', 'Pod', 'default')
          .filter(p => p.metadata.name !== change.object.metadata.name)
          .every(p =>
            (
              p.status as {
                conditions?: Array<{ type: string; status: string }>;
              }
            ).conditions?.some(c => c.type === 'Ready' && c.status === 'True'),
          );
        order.push(`${change.object.metadata.name}:${readyBefore}`);
      }
    });
    cluster.apply(statefulSet('postgres:16', 3));
    stop();
    expect(order).toEqual(['db-0:true', 'db-1:true', 'db-2:true']);
    const pod = cluster.get('v1', 'Pod', 'default', 'db-1')!;
    expect(pod.metadata.labels).toEqual({
      app: 'db',
      'controller-revision-hash': status(cluster).updateRevision,
      'statefulset.kubernetes.io/pod-name': 'db-1',
      'apps.kubernetes.io/pod-index': '1',
    });
    expect(pod.spec).toMatchObject({ hostname: 'db-1', subdomain: 'db' });
    expect(status(cluster)).toMatchObject({
      replicas: 3,
      readyReplicas: 3,
      updatedReplicas: 3,
    });
    expect(status(cluster).currentRevision).toBe(
      status(cluster).updateRevision,
    );
  });

  it('waits for each pod when none can run (OrderedReady), but not with Parallel', () => {
    const ordered = newCluster(false);
    ordered.apply(statefulSet('postgres:16', 3));
    expect(podNames(ordered)).toEqual(['db-0']);
    const parallel = newCluster(false);
    parallel.apply(
      statefulSet('postgres:16', 3, { podManagementPolicy: 'Parallel' }),
    );
    expect(podNames(parallel)).toEqual(['db-0', 'db-1', 'db-2']);
  });

  it('scales down from the highest ordinal and rolls a new template out', () => {
    const cluster = newCluster();
    cluster.apply(statefulSet('postgres:16', 3));
    const before = status(cluster).updateRevision;
    cluster.apply(statefulSet('postgres:16', 2));
    expect(podNames(cluster)).toEqual(['db-0', 'db-1']);
    cluster.apply(statefulSet('postgres:17', 2));
    const after = status(cluster);
    expect(after.updateRevision).not.toBe(before);
    expect(after.currentRevision).toBe(after.updateRevision);
    for (const pod of cluster.list('v1', 'Pod', 'default')) {
      expect(
        (pod.spec as { containers: Array<{ image: string }> }).containers[0]
          .image,
      ).toBe('postgres:17');
    }
  });

  it('keeps the pods below the partition on the old revision', () => {
    const cluster = newCluster();
    cluster.apply(statefulSet('postgres:16', 3));
    cluster.apply(
      statefulSet('postgres:17', 3, {
        updateStrategy: {
          type: 'RollingUpdate',
          rollingUpdate: { partition: 2 },
        },
      }),
    );
    const images = cluster
      .list('v1', 'Pod', 'default')
      .map(
        p =>
          (p.spec as { containers: Array<{ image: string }> }).containers[0]
            .image,
      );
    expect(images).toEqual(['postgres:16', 'postgres:16', 'postgres:17']);
    expect(status(cluster).updatedReplicas).toBe(1);
    expect(status(cluster).currentRevision).not.toBe(
      status(cluster).updateRevision,
    );
  });
});
