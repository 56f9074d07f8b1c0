import type { KubernetesCluster } from '../KubernetesCluster.ts';
import { createNodeGroupNodes } from '../nodeGroups.ts';
import type { KubeObject } from '../types.ts';
import { eventually } from '../../__testUtils__/clients';
import { newTestCluster } from '../../__testUtils__/kubernetes';

const ZONES = ['eu-west-1a', 'eu-west-1b'];

type Status = {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  conditions?: Array<{
    type: string;
    status: string;
    reason: string;
    message: string;
  }>;
};

function newCluster(withNodes = true) {
  return newTestCluster(withNodes ? ZONES : undefined);
}

function deployment(
  image: string,
  replicas = 3,
  extra: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas,
      progressDeadlineSeconds: 600,
      revisionHistoryLimit: 10,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image }] },
      },
      ...extra,
    },
  };
}

function replicaSets(cluster: KubernetesCluster) {
  return cluster.list('apps/v1', 'ReplicaSet', 'default');
}

function podsOf(cluster: KubernetesCluster, rs: KubeObject) {
  return cluster
    .list('v1', 'Pod', 'default')
    .filter(p =>
      (p.metadata.ownerReferences as Array<{ uid: string }> | undefined)?.some(
        r => r.uid === rs.metadata.uid,
      ),
    );
}

function statusOf(cluster: KubernetesCluster): Status {
  return cluster.get('apps/v1', 'Deployment', 'default', 'web')!
    .status as Status;
}

function condition(cluster: KubernetesCluster, type: string) {
  return statusOf(cluster).conditions?.find(c => c.type === type);
}

describe('the Deployment and ReplicaSet controllers', () => {
  it('runs a Deployment through a ReplicaSet of its pod template', () => {
    const cluster = newCluster();
    const created = cluster.apply(deployment('nginx:1.29'));

    const [rs] = replicaSets(cluster);
    const hash = rs.metadata.labels?.['pod-template-hash'];
    expect(hash).toMatch(/^[a-z0-9]{10}$/);
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(rs.metadata.ownerReferences).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'web',
        uid: created.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(rs.metadata.annotations).toMatchObject({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    });
    expect(rs.spec).toMatchObject({
      replicas: 3,
      selector: { matchLabels: { app: 'web', 'pod-template-hash': hash } },
      template: {
        metadata: { labels: { app: 'web', 'pod-template-hash': hash } },
      },
    });
    expect(rs.status).toMatchObject({
      replicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    });
    const pods = podsOf(cluster, rs);
    expect(pods).toHaveLength(3);
    for (const pod of pods) {
      expect(pod.metadata.name).toMatch(
        new RegExp(`^web-${hash}-[a-z0-9]{5}$`),
      );
      expect(pod.metadata.labels).toEqual({
        app: 'web',
        'pod-template-hash': hash,
      });
    }

    const stored = cluster.get('apps/v1', 'Deployment', 'default', 'web')!;
    expect(
      stored.metadata.annotations?.['deployment.kubernetes.io/revision'],
    ).toBe('1');
    expect(statusOf(cluster)).toMatchObject({
      observedGeneration: 1,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    });
    expect(statusOf(cluster).unavailableReplicas).toBeUndefined();
    expect(condition(cluster, 'Available')).toMatchObject({
      status: 'True',
      reason: 'MinimumReplicasAvailable',
      message: 'Deployment has minimum availability.',
    });
    expect(condition(cluster, 'Progressing')).toMatchObject({
      status: 'True',
      reason: 'NewReplicaSetAvailable',
      message: `ReplicaSet "web-${hash}" has successfully progressed.`,
    });
  });

  it('rolls a new template out with a new ReplicaSet and keeps the old one at 0', () => {
    const cluster = newCluster();
    cluster.apply(deployment('nginx:1.29'));
    const [first] = replicaSets(cluster);
    cluster.apply(deployment('nginx:1.30'));

    const sets = replicaSets(cluster);
    expect(sets).toHaveLength(2);
    const second = sets.find(s => s.metadata.uid !== first.metadata.uid)!;
    expect(
      second.metadata.annotations?.['deployment.kubernetes.io/revision'],
    ).toBe('2');
    expect((second.spec as { replicas: number }).replicas).toBe(3);
    const old = sets.find(s => s.metadata.uid === first.metadata.uid)!;
    expect((old.spec as { replicas: number }).replicas).toBe(0);
    expect(podsOf(cluster, old)).toHaveLength(0);
    const pods = podsOf(cluster, second);
    expect(pods).toHaveLength(3);
    for (const pod of pods) {
      expect(
        (pod.spec as { containers: Array<{ image: string }> }).containers[0]
          .image,
      ).toBe('nginx:1.30');
    }
    expect(statusOf(cluster)).toMatchObject({
      observedGeneration: 2,
      replicas: 3,
      updatedReplicas: 3,
      availableReplicas: 3,
    });
    expect(condition(cluster, 'Progressing')).toMatchObject({
      reason: 'NewReplicaSetAvailable',
      message: `ReplicaSet "${second.metadata.name}" has successfully progressed.`,
    });
    const scaling = cluster
      .list('v1', 'Event', 'default')
      .filter(e => e.reason === 'ScalingReplicaSet')
      .map(e => e.message);
    expect(scaling).toEqual(
      expect.arrayContaining([
        `Scaled up replica set ${first.metadata.name} from 0 to 3`,
        `Scaled up replica set ${second.metadata.name} from 0 to 1`,
        `Scaled down replica set ${first.metadata.name} from 3 to 2`,
      ]),
    );

    // rolling back to the first template (as kubectl rollout undo sends it,
    // with creationTimestamp: null) reuses its ReplicaSet as revision 3
    const undo = deployment('nginx:1.29');
    (undo.spec as { template: { metadata: object } }).template.metadata = {
      creationTimestamp: null,
      labels: { app: 'web' },
    };
    cluster.apply(undo);
    const back = cluster.get(
      'apps/v1',
      'ReplicaSet',
      'default',
      first.metadata.name,
    )!;
    expect(
      back.metadata.annotations?.['deployment.kubernetes.io/revision'],
    ).toBe('3');
    expect((back.spec as { replicas: number }).replicas).toBe(3);
    expect(replicaSets(cluster)).toHaveLength(2);
  });

  it('never has fewer than replicas - maxUnavailable available pods during a rollout', () => {
    const cluster = newCluster();
    cluster.apply(deployment('nginx:1.29', 4));
    let lowest = Infinity;
    let highest = 0;
    const stop = cluster.onChange(() => {
      const pods = cluster
        .list('v1', 'Pod', 'default')
        .filter(p => !p.metadata.deletionTimestamp);
      const ready = pods.filter(p =>
        (p.status as Status | undefined)?.conditions?.some(
          c => c.type === 'Ready' && c.status === 'True',
        ),
      );
      lowest = Math.min(lowest, ready.length);
      highest = Math.max(highest, pods.length);
    });
    cluster.apply(deployment('nginx:1.30', 4));
    stop();
    // 25% of 4: one pod more (maxSurge), one ready pod less (maxUnavailable)
    expect(lowest).toBe(3);
    expect(highest).toBe(5);
    expect(statusOf(cluster).updatedReplicas).toBe(4);
  });

  it('with the Recreate strategy removes the old pods before creating new ones', () => {
    const cluster = newCluster();
    const recreate = { strategy: { type: 'Recreate' } };
    cluster.apply(deployment('nginx:1.29', 2, recreate));
    const mixes: number[] = [];
    const stop = cluster.onChange(() => {
      const images = new Set(
        cluster
          .list('v1', 'Pod', 'default')
          .map(
            p =>
              (p.spec as { containers: Array<{ image: string }> }).containers[0]
                .image,
          ),
      );
      mixes.push(images.size);
    });
    cluster.apply(deployment('nginx:1.30', 2, recreate));
    stop();
    expect(Math.max(...mixes)).toBe(1);
    expect(statusOf(cluster)).toMatchObject({
      updatedReplicas: 2,
      availableReplicas: 2,
    });
  });

  it('keeps revisionHistoryLimit old ReplicaSets', () => {
    const cluster = newCluster();
    for (const version of ['1.25', '1.26', '1.27', '1.28']) {
      cluster.apply(
        deployment(`nginx:${version}`, 1, { revisionHistoryLimit: 2 }),
      );
    }
    const revisions = replicaSets(cluster)
      .map(rs => rs.metadata.annotations?.['deployment.kubernetes.io/revision'])
      .sort();
    expect(revisions).toEqual(['2', '3', '4']);
  });

  it('reports a rollout that cannot progress, then ProgressDeadlineExceeded', async () => {
    const cluster = newCluster(false);
    cluster.apply(deployment('nginx:1.29', 2, { progressDeadlineSeconds: 1 }));
    const [rs] = replicaSets(cluster);
    expect(statusOf(cluster)).toMatchObject({
      replicas: 2,
      updatedReplicas: 2,
      availableReplicas: 0,
      unavailableReplicas: 2,
    });
    expect(condition(cluster, 'Available')).toMatchObject({
      status: 'False',
      reason: 'MinimumReplicasUnavailable',
    });
    // the pods were created: progress, though none can run
    expect(condition(cluster, 'Progressing')).toMatchObject({
      status: 'True',
      reason: 'ReplicaSetUpdated',
      message: `ReplicaSet "${rs.metadata.name}" is progressing.`,
    });
    await eventually(
      () =>
        condition(cluster, 'Progressing')?.reason ===
        'ProgressDeadlineExceeded',
    );
    expect(condition(cluster, 'Progressing')).toMatchObject({
      status: 'False',
      message: `ReplicaSet "${rs.metadata.name}" has timed out progressing.`,
    });

    // nodes arrive: the pods run and the rollout completes
    createNodeGroupNodes(cluster, { nodeGroup: 'workers', zones: ZONES });
    expect(condition(cluster, 'Progressing')).toMatchObject({
      status: 'True',
      reason: 'NewReplicaSetAvailable',
    });
  });

  it('counts pods as available only after minReadySeconds', async () => {
    const cluster = newCluster();
    cluster.apply(deployment('nginx:1.29', 1, { minReadySeconds: 1 }));
    expect(statusOf(cluster)).toMatchObject({
      readyReplicas: 1,
      availableReplicas: 0,
    });
    await eventually(() => statusOf(cluster).availableReplicas === 1);
  });

  it('does not roll a paused Deployment out, and does once resumed', () => {
    const cluster = newCluster();
    cluster.apply(deployment('nginx:1.29', 2));
    cluster.apply(deployment('nginx:1.30', 2, { paused: true }));
    expect(replicaSets(cluster)).toHaveLength(1);
    expect(condition(cluster, 'Progressing')).toMatchObject({
      status: 'Unknown',
      reason: 'DeploymentPaused',
      message: 'Deployment is paused',
    });
    cluster.apply(deployment('nginx:1.30', 2));
    expect(replicaSets(cluster)).toHaveLength(2);
    expect(statusOf(cluster)).toMatchObject({ updatedReplicas: 2 });
    expect(condition(cluster, 'Progressing')?.reason).toBe(
      'NewReplicaSetAvailable',
    );
  });

  it('adopts an orphaned ReplicaSet and its pods again', () => {
    const cluster = newCluster();
    cluster.apply(deployment('nginx:1.29', 2));
    const [rs] = replicaSets(cluster);
    const pods = podsOf(cluster, rs)
      .map(p => p.metadata.name)
      .sort();
    // what an Orphan delete leaves: the ReplicaSet without its owner
    cluster.batch(() => {
      cluster.remove('apps/v1', 'Deployment', 'default', 'web');
      cluster.apply({
        ...rs,
        metadata: { ...rs.metadata, ownerReferences: undefined },
      });
    });
    expect(replicaSets(cluster)).toHaveLength(1);
    const recreated = cluster.apply(deployment('nginx:1.29', 2));
    const [adopted] = replicaSets(cluster);
    expect(adopted.metadata.uid).toBe(rs.metadata.uid);
    expect(adopted.metadata.ownerReferences).toEqual([
      expect.objectContaining({
        kind: 'Deployment',
        uid: recreated.metadata.uid,
      }),
    ]);
    expect(
      podsOf(cluster, adopted)
        .map(p => p.metadata.name)
        .sort(),
    ).toEqual(pods);
  });

  it('settles for a Deployment without selector or template (as an add-on conflict test stores it)', async () => {
    const cluster = newCluster();
    cluster.apply({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'bare', namespace: 'default' },
      spec: {},
    });
    expect(replicaSets(cluster)).toHaveLength(1);
    const settledAt = cluster.resourceVersion;
    await new Promise(resolve => setTimeout(resolve, 200));
    expect(cluster.resourceVersion).toBe(settledAt);
  });

  it('scales a ReplicaSet down by its least ready pods first', () => {
    const cluster = newCluster(false);
    cluster.apply(deployment('nginx:1.29', 3));
    createNodeGroupNodes(cluster, { nodeGroup: 'workers', zones: ZONES });
    const [rs] = replicaSets(cluster);
    expect(podsOf(cluster, rs)).toHaveLength(3);
    cluster.apply(deployment('nginx:1.29', 1));
    expect(podsOf(cluster, rs)).toHaveLength(1);
    expect(statusOf(cluster)).toMatchObject({
      replicas: 1,
      availableReplicas: 1,
    });
  });
});
