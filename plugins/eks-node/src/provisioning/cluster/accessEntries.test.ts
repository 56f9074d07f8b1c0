import {
  CreateAccessEntryCommand,
  ListAssociatedAccessPoliciesCommand,
} from '@aws-sdk/client-eks';
import type { Sandbox } from '@backstage-eks/sandbox';
import { useSandboxRun } from '../../__testUtils__/sandboxRun';
import { ProvisioningRun } from '../ProvisioningRun';
import { resourceTags } from '../tags';
import { clusterAdminPolicyArn, ensureAccessEntry } from './accessEntries';

describe('ensureAccessEntry against the sandbox', () => {
  let sandbox: Sandbox;
  let run: ProvisioningRun;
  let principalArn: string;
  const writes = () => sandbox.writes.map(w => w.operation);

  const setup = useSandboxRun({ latencyFactor: 0.001 });
  beforeEach(() => {
    ({ sandbox, run } = setup);
    principalArn = `arn:aws:iam::${sandbox.accountId}:role/demo-cluster`;
  });

  it('associates the admin policy with its own entry that lacks it, as drift', async () => {
    await run.aws.eks.send(
      new CreateAccessEntryCommand({
        clusterName: 'demo',
        principalArn,
        type: 'STANDARD',
        tags: resourceTags('demo'),
      }),
    );
    sandbox.clearWrites();
    await ensureAccessEntry(run, {
      clusterName: 'demo',
      principalArn,
      type: 'STANDARD',
      accessPolicyArn: clusterAdminPolicyArn(run.region),
    });
    expect(writes()).toEqual(['AssociateAccessPolicy']);
    expect(run.drift).toEqual([
      `access entry ${principalArn} lacks ${clusterAdminPolicyArn(
        run.region,
      )} (cluster scope)`,
    ]);
    const { associatedAccessPolicies } = await run.aws.eks.send(
      new ListAssociatedAccessPoliciesCommand({
        clusterName: 'demo',
        principalArn,
      }),
    );
    expect(associatedAccessPolicies).toEqual([
      expect.objectContaining({
        policyArn: clusterAdminPolicyArn(run.region),
        accessScope: expect.objectContaining({ type: 'cluster' }),
      }),
    ]);
  });

  it('reports an entry of another type, which it cannot change', async () => {
    await run.aws.eks.send(
      new CreateAccessEntryCommand({
        clusterName: 'demo',
        principalArn,
        type: 'EC2_LINUX',
      }),
    );
    sandbox.clearWrites();
    await ensureAccessEntry(run, {
      clusterName: 'demo',
      principalArn,
      type: 'STANDARD',
    });
    expect(run.drift).toEqual([
      `access entry ${principalArn} on demo has type EC2_LINUX, not STANDARD (the type cannot be changed; delete the entry to fix)`,
    ]);
    expect(sandbox.writes).toEqual([]);
  });

  it('plans the entry and its policy for a cluster a dry run would create', async () => {
    const dry = new ProvisioningRun({ aws: run.aws, dryRun: true });
    await ensureAccessEntry(dry, {
      clusterName: 'shop',
      principalArn,
      type: 'STANDARD',
      accessPolicyArn: clusterAdminPolicyArn(run.region),
      clusterMissing: true,
    });
    expect(dry.plan.map(c => `${c.action} ${c.detail}`)).toEqual([
      'create STANDARD on shop',
      `update associate ${clusterAdminPolicyArn(run.region)}`,
    ]);
    expect(sandbox.writes).toEqual([]);
  });
});
