import { CreateFargateProfileCommand } from '@aws-sdk/client-eks';
import { type Sandbox } from '@backstage-eks/sandbox';
import { useSandboxSuite } from '../../__testUtils__/sandboxSuite';
import { requireCluster } from '../clusterLookup';
import { ProvisioningRun } from '../ProvisioningRun';
import { checkPodIdentitySupported } from './supported';
import { arrangeClients } from '../../__testUtils__/arrangeClients';

describe('checkPodIdentitySupported on demo', () => {
  let sandbox: Sandbox;
  let run: ProvisioningRun;

  useSandboxSuite(s => ({ sandbox, run } = s));

  const fargateProfile = async (
    selectors: { namespace: string; labels?: Record<string, string> }[],
  ) => {
    const cluster = await requireCluster(run, 'demo');
    const privateSubnets = [
      ...sandbox.state
        .region(sandbox.accountId, sandbox.region)
        .ec2.subnets.values(),
    ]
      .filter(s => !s.mapPublicIpOnLaunch)
      .map(s => s.subnetId);
    await arrangeClients(run.aws).eks.send(
      new CreateFargateProfileCommand({
        clusterName: 'demo',
        fargateProfileName: 'batch',
        podExecutionRoleArn: cluster.roleArn,
        subnets: privateSubnets,
        selectors,
      }),
    );
  };

  it('passes a namespace on Linux nodes', async () => {
    await checkPodIdentitySupported(
      run,
      await requireCluster(run, 'demo'),
      'orders',
    );
    expect(run.notes).toEqual([]);
  });

  it("refuses a namespace a Fargate profile's wildcard selector takes", async () => {
    await fargateProfile([{ namespace: 'team-*' }]);
    await expect(
      checkPodIdentitySupported(
        run,
        await requireCluster(run, 'demo'),
        'team-orders',
      ),
    ).rejects.toThrow(
      /^namespace "team-orders" runs on Fargate \(profile batch, selector "team-\*"\): EKS Pod Identity does not work on Fargate/,
    );
  });

  it('notes the labelled pods of a namespace that run on Fargate', async () => {
    await fargateProfile([{ namespace: 'orders', labels: { tier: 'jobs' } }]);
    await checkPodIdentitySupported(
      run,
      await requireCluster(run, 'demo'),
      'orders',
    );
    expect(run.notes).toEqual([
      'Pods in orders labelled tier=jobs run on Fargate (profile batch); Pod Identity does not work for them',
    ]);
  });
});
