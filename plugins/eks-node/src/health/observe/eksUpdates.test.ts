import {
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  UpdateClusterVersionCommand,
  UpdateNodegroupVersionCommand,
} from '@aws-sdk/client-eks';
import type { NodeGroupSummary } from '@backstage-eks/plugin-eks-common';
import { arrangeClients } from '../../__testUtils__/arrangeClients';
import {
  answeredCalls,
  sandboxObserveContext,
  useSandbox,
} from '../__testUtils__/sandboxContext';
import {
  describeClusterVersionUpdates,
  describeNodegroupVersionUpdates,
  listClusterUpdates,
} from './eksUpdates';

const system = (over: Partial<NodeGroupSummary>): NodeGroupSummary => ({
  name: 'system',
  status: 'UPDATING',
  version: '1.33',
  instanceTypes: [],
  issues: [],
  ...over,
});

async function until(check: () => Promise<boolean>) {
  const deadline = Date.now() + 20_000;
  while (!(await check()) && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

describe('the version update reads of the health view (sandbox)', () => {
  const env = useSandbox();
  let previousFactor: number;
  beforeEach(() => {
    previousFactor = env.sandbox.latencyFactor;
    // a node group version update takes 2 minutes × 0.01
    env.sandbox.latencyFactor = 0.01;
  });
  afterEach(() => {
    env.sandbox.latencyFactor = previousFactor;
  });

  it("lists the cluster's own updates and keeps its version updates, then each updating node group's newest version update while it changes the node group", async () => {
    const ctx = await sandboxObserveContext(env.sandbox);
    const arrange = arrangeClients(ctx.aws);
    expect(await listClusterUpdates(ctx)).toEqual([]);

    const { update } = await arrange.eks.send(
      new UpdateClusterVersionCommand({
        name: 'demo',
        version: '1.34',
        force: true,
      }),
    );
    const ids = await listClusterUpdates(ctx);
    expect(ids).toEqual([update!.id]);
    expect(await describeClusterVersionUpdates(ctx, ids)).toEqual([
      expect.objectContaining({ id: update!.id, type: 'VersionUpdate' }),
    ]);
    await until(async () => {
      const out = await arrange.eks.send(
        new DescribeClusterCommand({ name: 'demo' }),
      );
      return out.cluster?.version === '1.34' && out.cluster.status === 'ACTIVE';
    });

    const ng = await arrange.eks.send(
      new UpdateNodegroupVersionCommand({
        clusterName: 'demo',
        nodegroupName: 'system',
        version: '1.34',
      }),
    );
    const running = await describeNodegroupVersionUpdates(ctx, [system({})]);
    expect(
      running.map(r => [r.nodegroup.name, r.update.id, r.update.status]),
    ).toEqual([['system', ng.update!.id, 'InProgress']]);

    await until(async () => {
      const out = await arrange.eks.send(
        new DescribeNodegroupCommand({
          clusterName: 'demo',
          nodegroupName: 'system',
        }),
      );
      return out.nodegroup?.status === 'ACTIVE';
    });
    // read UPDATING at 1.33 a moment before the update ended: still changing
    const stale = await describeNodegroupVersionUpdates(ctx, [system({})]);
    expect(stale.map(r => r.update.status)).toEqual(['Successful']);
    // at the version it went to: nothing left to follow
    expect(
      await describeNodegroupVersionUpdates(ctx, [system({ version: '1.34' })]),
    ).toEqual([]);
  });

  it('makes no call for node groups that are not UPDATING', async () => {
    const ctx = await sandboxObserveContext(env.sandbox);
    env.log.length = 0;
    expect(
      await describeNodegroupVersionUpdates(ctx, [
        system({ status: 'ACTIVE' }),
      ]),
    ).toEqual([]);
    expect(answeredCalls(env.log)).toEqual([]);
  });
});
