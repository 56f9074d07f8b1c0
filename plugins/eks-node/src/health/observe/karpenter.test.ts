import {
  sandboxObserveContext,
  useSandbox,
} from '../__testUtils__/sandboxContext';
import { SourceError } from '../sources/section';
import type { DeploymentObservation } from '../types';
import type { ObserveContext } from './context';
import { describeCluster } from './eksLists';
import {
  probeInterruptionQueue,
  type InterruptionQueueSummary,
} from './interruptionQueue';
import { karpenterInterruptionQueue, observeKarpenter } from './karpenter';
import {
  connectKubernetes,
  countPendingPods,
  listCustomObjects,
  listDeployments,
} from './kubernetesReads';

const controller = (interruptionQueue?: string): DeploymentObservation => ({
  namespace: 'kube-system',
  name: 'karpenter',
  labels: { 'app.kubernetes.io/name': 'karpenter' },
  replicas: 2,
  readyReplicas: 2,
  images: ['public.ecr.aws/karpenter/controller:1.6.0'],
  args: [],
  spreadsOverZones: true,
  interruptionQueue,
});

describe("health reads of Karpenter's section (sandbox)", () => {
  const env = useSandbox({ reset: false });
  let ctx: ObserveContext;
  const sqsCalls = () => env.log.filter(line => / sqs /.test(line));

  beforeAll(async () => {
    ctx = await sandboxObserveContext(env.sandbox);
  });

  const guessed: InterruptionQueueSummary = {
    name: 'Karpenter-demo',
    exists: true,
    rules: [],
  };

  it('karpenterInterruptionQueue: the guessed queue, already being read, when the controller names no other', async () => {
    const guess = jest.fn(async () => guessed);
    expect(await karpenterInterruptionQueue(ctx, undefined, guess)).toEqual({
      queue: guessed,
    });
    expect(
      await karpenterInterruptionQueue(
        ctx,
        controller('Karpenter-demo'),
        guess,
      ),
    ).toEqual({ queue: guessed });
    expect(guess).toHaveBeenCalledTimes(2);
    expect(sqsCalls()).toEqual([]);
  });

  it('karpenterInterruptionQueue: the queue the controller names, when it is another one', async () => {
    const guess = jest.fn(async () => guessed);
    const { queue } = await karpenterInterruptionQueue(
      ctx,
      controller('elsewhere'),
      guess,
    );
    expect(guess).not.toHaveBeenCalled();
    expect(queue).toMatchObject({ name: 'elsewhere', exists: false });
    expect(sqsCalls().length).toBeGreaterThan(0);
  });

  it('karpenterInterruptionQueue: a queue given as an ARN is reported as it is, without reading SQS (Karpenter finds no queue by it)', async () => {
    const guess = jest.fn(async () => guessed);
    const before = sqsCalls().length;
    const arn = 'arn:aws:sqs:eu-west-1:000000000000:Karpenter-demo';
    const { queue } = await karpenterInterruptionQueue(
      ctx,
      controller(arn),
      guess,
    );
    expect(guess).not.toHaveBeenCalled();
    expect(queue).toMatchObject({ name: arn, exists: false });
    expect(queue?.rules.every(r => !r.present)).toBe(true);
    expect(sqsCalls().length).toBe(before);
  });

  it('karpenterInterruptionQueue: why the queue could not be checked, as a section error', async () => {
    const failed = new SourceError({
      source: 'events:ListRuleNamesByTarget',
      message: 'AccessDenied',
    });
    expect(
      await karpenterInterruptionQueue(ctx, undefined, () =>
        Promise.reject(failed),
      ),
    ).toEqual({ error: failed.sectionError });
    expect(
      await karpenterInterruptionQueue(ctx, undefined, () =>
        Promise.reject(new Error('socket hang up')),
      ),
    ).toEqual({
      error: { source: 'sqs:GetQueueUrl', message: 'socket hang up' },
    });
  });

  it("observeKarpenter: the demo cluster's controller, NodePool and queue with its five rules", async () => {
    const reader = await connectKubernetes(ctx, await describeCluster(ctx));
    const [deployments, nodePools, nodeClaims, nodeClasses, pendingPods] =
      await Promise.all([
        listDeployments(reader),
        listCustomObjects(reader, 'karpenter.sh', 'nodepools'),
        listCustomObjects(reader, 'karpenter.sh', 'nodeclaims'),
        listCustomObjects(reader, 'karpenter.k8s.aws', 'ec2nodeclasses'),
        countPendingPods(reader),
      ]);
    const { summary, interruptionQueueError } = await observeKarpenter(
      ctx,
      { deployments, nodePools, nodeClaims, nodeClasses, pendingPods },
      () => probeInterruptionQueue(ctx.aws, 'Karpenter-demo', 15000),
    );
    expect(interruptionQueueError).toBeUndefined();
    expect(summary).toMatchObject({
      installed: true,
      controller: { namespace: 'kube-system' },
      nodePools: [{ name: 'default' }],
      interruptionQueue: { name: 'Karpenter-demo', exists: true },
    });
    expect(summary.interruptionQueue!.rules.every(r => r.present)).toBe(true);
  });
});
