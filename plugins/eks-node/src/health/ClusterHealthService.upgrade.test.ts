import {
  DescribeNodegroupCommand,
  UpdateClusterVersionCommand,
  UpdateNodegroupVersionCommand,
} from '@aws-sdk/client-eks';
import { ConfigReader } from '@backstage/config';
import { startSandbox, type Sandbox } from '@backstage-eks/sandbox';
import {
  versionChangeInProgress,
  type ClusterHealth,
} from '@backstage-eks/plugin-eks-common';
import { AwsClientFactory } from '../aws/AwsClientFactory';
import { arrangeClients } from '../__testUtils__/arrangeClients';
import { answeredCalls } from './__testUtils__/sandboxContext';
import { ClusterHealthService } from './ClusterHealthService';

describe('ClusterHealthService: version and upgrades on the sandbox', () => {
  let sandbox: Sandbox;
  let service: ClusterHealthService;
  let arrange: ReturnType<typeof arrangeClients>;
  const log: string[] = [];
  const target = () => ({
    accountId: sandbox.accountId,
    region: sandbox.region,
    clusterName: 'demo',
  });

  beforeAll(async () => {
    // A cluster version update takes 3 minutes × 0.01 here: long enough to
    // be read while it runs.
    sandbox = await startSandbox({
      port: 0,
      latencyFactor: 0.01,
      log: line => log.push(line),
    });
    const awsClients = AwsClientFactory.fromConfig(
      new ConfigReader({
        eks: { endpoint: sandbox.url, sandbox: { enabled: true } },
      }),
    );
    service = new ClusterHealthService({ awsClients });
    arrange = arrangeClients(
      await awsClients.forTarget({
        accountId: sandbox.accountId,
        region: sandbox.region,
      }),
    );
  });
  afterAll(async () => {
    await sandbox.stop();
  });
  beforeEach(async () => {
    await sandbox.reset();
    log.length = 0;
  });

  async function healthUntil(
    done: (health: ClusterHealth) => boolean,
  ): Promise<ClusterHealth> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const health = await service.getClusterHealth(target());
      if (done(health) || Date.now() > deadline) return health;
      await new Promise(resolve => setTimeout(resolve, 200));
    }
  }

  it("states the version's support dates, the policy and the extended support price, with readiness for the next version", async () => {
    const health = await service.getClusterHealth(target());
    const upgrade = health.upgrade.data!;
    expect(upgrade).toMatchObject({
      version: '1.33',
      supportType: expect.stringMatching(/^(STANDARD|EXTENDED)$/),
      extendedSupportMonthlyCostUsd: 438,
      nextVersion: '1.34',
      nodegroupUpdates: [],
    });
    expect(upgrade.support.endOfStandardSupport).toMatch(/^2026-07-29/);
    expect(upgrade.support.endOfExtendedSupport).toMatch(/^2027-07-29/);
    const ended =
      Date.now() >= Date.parse(upgrade.support.endOfStandardSupport!) ||
      upgrade.support.status === 'EXTENDED_SUPPORT';
    expect(upgrade.support).toMatchObject({
      standardSupportEnded: ended,
      inExtendedSupport: ended && upgrade.supportType !== 'STANDARD',
    });
    // the next version's readiness comes from the insights the document
    // already reads: no call of its own
    const nextInsights = health.insights.data!.filter(
      i => i.category === 'UPGRADE_READINESS' && i.kubernetesVersion !== '1.33',
    );
    expect(upgrade.upgradeReadiness).toMatchObject({
      version: '1.34',
      errors: nextInsights.filter(i => i.status === 'ERROR').length,
      warnings: nextInsights.filter(i => i.status === 'WARNING').length,
    });
    expect(upgrade.latestUpdate).toBeUndefined();
    expect(upgrade.rollbackWindow).toBeUndefined();
    const calls = answeredCalls(log);
    expect(calls.filter(c => c === 'eks ListUpdates')).toHaveLength(1);
    expect(calls.filter(c => c === 'eks DescribeUpdate')).toHaveLength(0);
  });

  it('follows an upgrade while it runs, then opens the rollback window; a node group version update shows while in progress', async () => {
    const { update } = await arrange.eks.send(
      new UpdateClusterVersionCommand({
        name: 'demo',
        version: '1.34',
        force: true,
      }),
    );

    const running = await service.getClusterHealth(target());
    expect(running.upgrade.data?.latestUpdate).toMatchObject({
      id: update!.id,
      type: 'VersionUpdate',
      status: 'InProgress',
      fromVersion: '1.33',
      toVersion: '1.34',
      createdAt: update!.createdAt!.toISOString(),
      errors: [],
    });
    expect(running.upgrade.data?.rollbackWindow).toBeUndefined();

    // until the document no longer shows a change running (the update can
    // end between the cluster's read and the update's: that document still
    // counts as changing, so the page reads it again)
    const done = await healthUntil(
      h => !!h.upgrade.data && !versionChangeInProgress(h.upgrade.data),
    );
    const upgrade = done.upgrade.data!;
    expect(upgrade.version).toBe('1.34');
    expect(upgrade.latestUpdate?.status).toBe('Successful');
    expect(upgrade.rollbackWindow).toMatchObject({
      toVersion: '1.33',
      since: update!.createdAt!.toISOString(),
      closesAt: new Date(
        update!.createdAt!.getTime() + 7 * 24 * 3600 * 1000,
      ).toISOString(),
    });

    const { nodegroup } = await arrange.eks.send(
      new DescribeNodegroupCommand({
        clusterName: 'demo',
        nodegroupName: 'system',
      }),
    );
    expect(nodegroup?.version).toBe('1.33');
    const ngUpdate = await arrange.eks.send(
      new UpdateNodegroupVersionCommand({
        clusterName: 'demo',
        nodegroupName: 'system',
        version: '1.34',
      }),
    );
    log.length = 0;
    const nodes = await service.getClusterHealth(target());
    expect(nodes.upgrade.data?.nodegroupUpdates).toEqual([
      {
        nodegroup: 'system',
        id: ngUpdate.update!.id,
        status: 'InProgress',
        fromVersion: '1.33',
        toVersion: '1.34',
        createdAt: ngUpdate.update!.createdAt!.toISOString(),
        errors: [],
      },
    ]);
    // the updating node group's updates are listed; the others' are not
    const calls = answeredCalls(log);
    expect(calls.filter(c => c === 'eks ListUpdates')).toHaveLength(2);
    // once the node group is at the new version, no update is in progress
    const finished = await healthUntil(
      h => h.nodeGroups.data?.[0].version === '1.34',
    );
    expect(finished.nodeGroups.data?.[0].version).toBe('1.34');
    expect(finished.upgrade.data?.nodegroupUpdates).toEqual([]);
    expect(finished.upgrade.data?.updatesError).toBeUndefined();
  });

  it('shows a rollback as the latest change and closes the window', async () => {
    await arrange.eks.send(
      new UpdateClusterVersionCommand({
        name: 'demo',
        version: '1.34',
        force: true,
      }),
    );
    await healthUntil(
      h => !!h.upgrade.data && !versionChangeInProgress(h.upgrade.data),
    );
    await arrange.eks.send(
      new UpdateClusterVersionCommand({
        name: 'demo',
        version: '1.33',
        force: true,
      }),
    );
    const rolledBack = await healthUntil(
      h =>
        h.upgrade.data?.latestUpdate?.type === 'VersionRollback' &&
        !versionChangeInProgress(h.upgrade.data),
    );
    expect(rolledBack.upgrade.data).toMatchObject({
      version: '1.33',
      latestUpdate: {
        type: 'VersionRollback',
        status: 'Successful',
        fromVersion: '1.34',
        toVersion: '1.33',
      },
    });
    expect(rolledBack.upgrade.data?.rollbackWindow).toBeUndefined();
  });
});
