import {
  addon,
  healthyObservations,
  noKarpenter,
  workloads,
} from '../__testUtils__/observations';
import { SourceError, toSectionError } from '../sources/section';
import type { ClusterObservations } from '../types';
import { ClusterNotFoundError } from './eksLists';
import type { HealthReads } from './healthReads';
import { failedObservations, toObservations } from './observations';
import type { Reads } from './readGraph';

const healthy = healthyObservations();
const target = healthy.target;

/** Reads that answer like the healthy observations, with some changed. */
function reads(
  over: Partial<Record<keyof HealthReads, Promise<unknown>>> = {},
) {
  const all: Partial<Record<keyof HealthReads, Promise<unknown>>> = {
    cluster: Promise.resolve({ name: 'demo' }),
    clusterSummary: Promise.resolve(healthy.cluster.data),
    insights: Promise.resolve([]),
    nodeGroups: Promise.resolve(healthy.nodeGroups.data),
    nodes: Promise.resolve(healthy.nodes.data),
    addons: Promise.resolve(healthy.addons.data),
    associations: Promise.resolve([]),
    capabilities: Promise.resolve([]),
    karpenter: Promise.resolve({ summary: noKarpenter() }),
    workloads: Promise.resolve(workloads()),
    fargateProfiles: Promise.resolve([]),
    rolePolicies: Promise.resolve({}),
    nodeClasses: Promise.resolve([]),
    karpenterControllerPods: Promise.resolve([]),
    metricsApi: Promise.resolve({ horizontalPodAutoscalers: [] }),
    gateways: Promise.resolve([]),
    karpenterControllerRole: Promise.resolve(undefined),
    upgrade: Promise.resolve(healthy.upgrade.data),
    ...over,
  };
  for (const p of Object.values(all)) p?.catch(() => undefined);
  return all as unknown as Reads<HealthReads>;
}

describe('health observations from the reads', () => {
  it('failedObservations: every section fails with the one error', () => {
    const error = { source: 'aws:credentials', message: 'no credentials' };
    const observations = failedObservations(target, error);
    const sections = Object.entries(observations).filter(
      ([key]) => key !== 'target',
    );
    expect(sections).toHaveLength(17);
    for (const [, section] of sections) expect(section).toEqual({ error });
  });

  it('toObservations: each section from its read, the healthy document unchanged', async () => {
    const observations = await toObservations(target, reads());
    expect(observations).toEqual({
      ...healthy,
      interruptionQueueError: undefined,
      clusterNotFound: false,
    } satisfies ClusterObservations);
  });

  it('toObservations: a failed read fails its section only, under the source its section names', async () => {
    const observations = await toObservations(
      target,
      reads({
        nodeGroups: Promise.reject(new Error('Service Unavailable')),
        metricsApi: Promise.reject(
          new SourceError({
            source: 'kubernetes',
            message: 'the cluster has no Kubernetes API endpoint yet',
          }),
        ),
      }),
    );
    expect(observations.nodeGroups).toEqual({
      error: toSectionError(
        'eks:ListNodegroups',
        new Error('Service Unavailable'),
      ),
    });
    expect(observations.metricsApi).toEqual({
      error: {
        source: 'kubernetes',
        message: 'the cluster has no Kubernetes API endpoint yet',
      },
    });
    expect(observations.addons.data).toHaveLength(4);
  });

  it('toObservations: a cluster EKS does not know is clusterNotFound; another failure is not', async () => {
    const notFound = new ClusterNotFoundError({
      source: 'eks:DescribeCluster',
      message: 'ResourceNotFoundException: No cluster found for name: demo.',
    });
    const gone = await toObservations(
      target,
      reads({
        cluster: Promise.reject(notFound),
        clusterSummary: Promise.reject(notFound),
      }),
    );
    expect(gone.clusterNotFound).toBe(true);
    expect(gone.cluster).toEqual({ error: notFound.sectionError });
    const throttled = new SourceError({
      source: 'eks:DescribeCluster',
      message: 'ThrottlingException: Rate exceeded',
    });
    const unknown = await toObservations(
      target,
      reads({
        cluster: Promise.reject(throttled),
        clusterSummary: Promise.reject(throttled),
      }),
    );
    expect(unknown.clusterNotFound).toBe(false);
  });

  it("toObservations: Karpenter's section, and why its queue could not be checked", async () => {
    const queueError = { source: 'sqs:GetQueueUrl', message: 'AccessDenied' };
    const observations = await toObservations(
      target,
      reads({
        karpenter: Promise.resolve({
          summary: noKarpenter(),
          interruptionQueueError: queueError,
        }),
      }),
    );
    expect(observations.karpenter).toEqual({ data: noKarpenter() });
    expect(observations.interruptionQueueError).toEqual(queueError);
  });

  it('toObservations: EC2NodeClasses reduced to their metadata options', async () => {
    const observations = await toObservations(
      target,
      reads({
        nodeClasses: Promise.resolve([
          {
            metadata: { name: 'default' },
            spec: { metadataOptions: { httpPutResponseHopLimit: 1 } },
          },
        ]),
      }),
    );
    expect(observations.karpenterNodeClasses.data).toEqual([
      { name: 'default', httpTokens: 'required', httpPutResponseHopLimit: 1 },
    ]);
  });

  it("toObservations: the add-ons' remedies chosen from the whole document", async () => {
    const degraded = addon({
      name: 'aws-ebs-csi-driver',
      status: 'DEGRADED',
      health: [{ code: 'InsufficientNumberOfReplicas', message: 'replicas' }],
    });
    const observations = await toObservations(
      target,
      reads({ addons: Promise.resolve([degraded]) }),
    );
    expect(degraded.health[0].remedy).toBeUndefined();
    expect(observations.addons.data?.[0].health[0].remedy).toEqual(
      expect.any(String),
    );
  });
});
