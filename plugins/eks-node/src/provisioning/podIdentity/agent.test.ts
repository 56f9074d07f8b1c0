import { DeleteAddonCommand, waitUntilAddonDeleted } from '@aws-sdk/client-eks';
import { type Sandbox } from '@backstage-eks/sandbox';
import { useSandboxSuite } from '../../__testUtils__/sandboxSuite';
import { requireCluster } from '../clusterLookup';
import { ProvisioningRun } from '../ProvisioningRun';
import { ensurePodIdentityAgent } from './agent';

describe('ensurePodIdentityAgent', () => {
  let sandbox: Sandbox;
  let run: ProvisioningRun;

  useSandboxSuite(s => ({ sandbox, run } = s));

  const removeAgent = async () => {
    const input = { clusterName: 'demo', addonName: 'eks-pod-identity-agent' };
    await run.aws.eks.send(new DeleteAddonCommand(input));
    await waitUntilAddonDeleted(
      { client: run.aws.eks, maxWaitTime: 30, minDelay: 0.02, maxDelay: 0.05 },
      input,
    );
    sandbox.clearWrites();
  };

  it('keeps the agent demo has', async () => {
    sandbox.clearWrites();
    const cluster = await requireCluster(run, 'demo');
    expect(await ensurePodIdentityAgent(run, cluster, 'demo', true)).toBe(
      false,
    );
    expect(sandbox.writes).toEqual([]);
  });

  it('refuses a missing agent unless asked to install it, naming the field', async () => {
    await removeAgent();
    const cluster = await requireCluster(run, 'demo');
    await expect(
      ensurePodIdentityAgent(run, cluster, 'demo', false),
    ).rejects.toThrow(
      /^installAgent: the eks-pod-identity-agent add-on is not installed on demo/,
    );
    expect(sandbox.writes).toEqual([]);
  });

  it('installs a missing agent when asked', async () => {
    await removeAgent();
    const cluster = await requireCluster(run, 'demo');
    expect(await ensurePodIdentityAgent(run, cluster, 'demo', true)).toBe(true);
    expect(sandbox.writes.map(w => w.operation)).toContain('CreateAddon');
  });

  it('needs nothing on Auto Mode, and notes a cluster a dry run has not made yet', async () => {
    expect(
      await ensurePodIdentityAgent(
        run,
        { name: 'auto', computeConfig: { enabled: true } },
        'auto',
        false,
      ),
    ).toBe(false);
    expect(await ensurePodIdentityAgent(run, undefined, 'new-one', false)).toBe(
      false,
    );
    expect(run.notes).toEqual([
      '[dry run] cluster new-one does not exist yet: the eks-pod-identity-agent add-on must be installed before Pod Identity works',
    ]);
  });
});
