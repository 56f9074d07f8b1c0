import { GetRoleCommand } from '@aws-sdk/client-iam';
import { type Sandbox } from '@backstage-eks/sandbox';
import { useSandboxSuite } from '../../__testUtils__/sandboxSuite';
import { ProvisioningRun } from '../ProvisioningRun';
import { deleteKarpenterAwsResources } from './karpenterAwsResources';

describe('deleteKarpenterAwsResources on demo', () => {
  let sandbox: Sandbox;
  let run: ProvisioningRun;

  useSandboxSuite(s => ({ sandbox, run } = s));

  const ops = () => sandbox.writes.map(w => `${w.service}:${w.operation}`);

  it("removes the rules' targets and the rules, then the queue, then the roles found", async () => {
    sandbox.clearWrites();
    await deleteKarpenterAwsResources(run, 'demo', 'Karpenter-demo', [
      'KarpenterController-demo',
      'KarpenterNodeRole-demo',
    ]);
    const written = ops();
    expect(written.filter(o => o === 'events:DeleteRule')).toHaveLength(5);
    expect(written.filter(o => o === 'events:RemoveTargets')).toHaveLength(5);
    expect(written.indexOf('events:RemoveTargets')).toBeLessThan(
      written.indexOf('events:DeleteRule'),
    );
    expect(written.lastIndexOf('events:DeleteRule')).toBeLessThan(
      written.indexOf('sqs:DeleteQueue'),
    );
    expect(written.indexOf('sqs:DeleteQueue')).toBeLessThan(
      written.indexOf('iam:DeleteRole'),
    );
    const deletedRoles = sandbox.writes
      .filter(w => w.operation === 'DeleteRole')
      .map(w => (w.params as any).RoleName);
    expect(deletedRoles.sort()).toEqual([
      'KarpenterController-demo',
      'KarpenterNodeRole-demo',
    ]);
    await expect(
      run.aws.iam.send(
        new GetRoleCommand({ RoleName: 'KarpenterController-demo' }),
      ),
    ).rejects.toMatchObject({ name: 'NoSuchEntityException' });
  });

  it('skips what is already gone: a second run writes nothing', async () => {
    await deleteKarpenterAwsResources(run, 'demo', 'Karpenter-demo', []);
    sandbox.clearWrites();
    await deleteKarpenterAwsResources(run, 'demo', 'Karpenter-demo', []);
    expect(sandbox.writes).toEqual([]);
  });
});
