import type { Entity } from '@backstage/catalog-model';
import { eksApiRoutes } from '@backstage-eks/plugin-eks-common';
import { startSandbox, type Sandbox } from '@backstage-eks/sandbox';
import request from 'supertest';
import {
  createScratchDatabase,
  expectReachable,
  POSTGRES,
  POSTGRES_OPT_OUT_ENV,
  postgresOptedOut,
  REDIS,
  ScratchDatabase,
  startSharedBackend,
  uniqueRunName,
  waitForTask,
} from './__testUtils__/postgresBackends';

jest.setTimeout(120_000);

const DEMO_ARN = 'arn:aws:eks:eu-west-1:000000000000:cluster/demo';

const demoCluster: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'demo',
    namespace: 'default',
    annotations: { 'amazonaws.com/arn': DEMO_ARN },
  },
  spec: { type: 'kubernetes-cluster', owner: 'platform' },
};

/** A template with one EKS action: a role and a Pod Identity association. */
const podIdentityTemplate: Entity = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'pod-identity', namespace: 'default' },
  spec: {
    owner: 'platform',
    type: 'service',
    parameters: [
      {
        required: ['namespace', 'serviceAccount'],
        properties: {
          namespace: { type: 'string' },
          serviceAccount: { type: 'string' },
        },
      },
    ],
    steps: [
      {
        id: 'pod-identity',
        name: 'Pod Identity',
        action: 'aws:eks:pod-identity:create',
        input: {
          clusterName: 'demo',
          region: 'eu-west-1',
          namespace: '${{ parameters.namespace }}',
          serviceAccount: '${{ parameters.serviceAccount }}',
          managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
        },
      },
    ],
  },
};

const entityHealthPath = `/api/eks${eksApiRoutes.entityHealth({
  namespace: 'default',
  kind: 'resource',
  name: 'demo',
})}`;

type Backend = Awaited<ReturnType<typeof startSharedBackend>>;

(postgresOptedOut() ? describe.skip : describe)(
  `two backends sharing PostgreSQL and Redis (outside CI, ${POSTGRES_OPT_OUT_ENV}=true skips)`,
  () => {
    let sandbox: Sandbox;
    let database: ScratchDatabase | undefined;
    let a: Backend;
    let b: Backend;
    const sandboxRequests: string[] = [];

    beforeAll(async () => {
      await expectReachable('PostgreSQL', POSTGRES);
      await expectReachable('Redis', REDIS);
      const runName = uniqueRunName();
      database = await createScratchDatabase(runName);
      sandbox = await startSandbox({
        port: 0,
        latencyFactor: 0.0005,
        log: line => sandboxRequests.push(line),
      });
      const shared = {
        sandbox,
        stores: { databaseName: runName, cacheNamespace: runName },
        entities: [demoCluster, podIdentityTemplate],
      };
      a = await startSharedBackend(shared);
      b = await startSharedBackend(shared);
    });

    afterAll(async () => {
      // A scaffolder task's cancellation watch reads its events every second
      // until it has seen the completion, unaware of shutdown: let those end
      // before the database goes away under them.
      await new Promise(r => setTimeout(r, 2500));
      await a?.stop();
      await b?.stop();
      await sandbox?.stop();
      await database?.drop();
    });

    beforeEach(async () => {
      await sandbox.reset();
      sandboxRequests.length = 0;
    });

    it('runs each scaffolder task once, on either backend, readable on both', async () => {
      // four workloads in their own namespaces: no write is legitimately shared
      const namespaces = ['team-0', 'team-1', 'team-2', 'team-3'];
      // created alternately through A and B, read through the other one
      const created = await Promise.all(
        namespaces.map(async (namespace, i) => {
          const res = await request((i % 2 ? b : a).server)
            .post('/api/scaffolder/v2/tasks')
            .send({
              templateRef: 'template:default/pod-identity',
              values: { namespace, serviceAccount: 'api' },
              secrets: {},
            })
            .expect(201);
          return { taskId: res.body.id as string, reader: i % 2 ? a : b };
        }),
      );

      for (const { taskId, reader } of created) {
        const { status, events } = await waitForTask(reader.server, taskId);
        const log = events
          .filter(e => e.type === 'log')
          .map(e => `[${e.body.status ?? '-'}] ${e.body.message}`);
        expect({ taskId, status, log }).toMatchObject({ status: 'completed' });
        // one execution: the step started and completed once, one completion
        const stepStatuses = events
          .filter(e => e.type === 'log' && e.body.stepId === 'pod-identity')
          .map(e => e.body.status)
          .filter(s => s === 'processing' || s === 'completed');
        expect(stepStatuses).toEqual(['processing', 'completed']);
        expect(events.filter(e => e.type === 'completion')).toHaveLength(1);
        // the other backend reads the same task and log
        const other = reader === a ? b : a;
        const again = await waitForTask(other.server, taskId);
        expect(again).toEqual({ status: 'completed', events });
      }

      const cluster =
        sandbox.snapshot().accounts['000000000000'].regions['eu-west-1'].eks
          .clusters.demo;
      for (const namespace of namespaces) {
        expect(cluster.podIdentityAssociations).toContainEqual({
          namespace,
          serviceAccount: 'api',
          roleArn: `arn:aws:iam::000000000000:role/demo-${namespace}-api`,
        });
      }
      // every write exactly once: no mutation was made by a second worker
      const writes = sandbox.writes.map(w =>
        JSON.stringify([w.service, w.operation, w.params]),
      );
      expect(writes.filter((w, i) => writes.indexOf(w) !== i)).toEqual([]);
      const count = (service: string, operation: string) =>
        sandbox.writes.filter(
          w => w.service === service && w.operation === operation,
        ).length;
      expect(count('eks', 'CreatePodIdentityAssociation')).toBe(4);
      expect(count('iam', 'CreateRole')).toBe(4);
    });

    it('shares the health cache: cold on A, warm on B, refreshed on B for A', async () => {
      const calls = () => sandboxRequests.length;

      const cold = await request(a.server).get(entityHealthPath).expect(200);
      const coldCalls = calls();
      expect(coldCalls).toBeGreaterThan(10);
      expect(
        sandboxRequests.filter(l => l.includes(' eks DescribeCluster ')),
      ).toHaveLength(1);

      const warm = await request(b.server).get(entityHealthPath).expect(200);
      expect(calls()).toBe(coldCalls);
      expect(warm.body).toEqual(cold.body);

      // a refresh on B loads once and refills the cache for A
      sandboxRequests.length = 0;
      const refreshed = await request(b.server)
        .get(entityHealthPath)
        .query({ refresh: 'true' })
        .expect(200);
      expect(calls()).toBe(coldCalls);
      expect(refreshed.body.generatedAt).not.toBe(cold.body.generatedAt);

      const fromA = await request(a.server).get(entityHealthPath).expect(200);
      expect(calls()).toBe(coldCalls);
      expect(fromA.body).toEqual(refreshed.body);
    });
  },
);
