import type { Sandbox } from '@backstage-eks/sandbox';
import { useSandboxRun } from '../../__testUtils__/sandboxRun';
import { createCluster, CreateClusterOptions } from './createCluster';
import { validateCreateClusterOptions } from './createClusterInput';
import { ProvisioningRun } from '../ProvisioningRun';

/**
 * The tags of a new cluster go on its IAM roles too, and IAM allows fewer
 * characters in tags than EKS: the sandbox refuses what IAM refuses, so the
 * input check must refuse it first.
 */
describe('createCluster tags against the sandbox', () => {
  let sandbox: Sandbox;
  let run: ProvisioningRun;

  const setup = useSandboxRun({ latencyFactor: 0.001 });
  beforeEach(() => {
    ({ sandbox, run } = setup);
  });

  const checkedCreate = async (opts: CreateClusterOptions) => {
    validateCreateClusterOptions(opts, run.aws.target);
    return createCluster(run, opts);
  };

  it('refuses a tag value IAM refuses before creating anything', async () => {
    await expect(
      checkedCreate({
        clusterName: 'shop',
        owner: 'group:default/shop',
        tags: { team: 'Shop (EU)' },
      }),
    ).rejects.toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: expect.stringMatching(/^tags\.team value "Shop \(EU\)"/),
      }),
    );
    expect(sandbox.writes).toEqual([]);
  });

  it('creates the cluster and its roles with tags the input check accepts', async () => {
    const tags = { équipe: 'Données 2', 'cost-center': 'eu-west/1+2=3@shop' };
    const result = await checkedCreate({
      clusterName: 'shop',
      owner: 'group:default/shop',
      tags,
    });
    expect(result.status).toBe('ACTIVE');
    const role = sandbox.state
      .account(sandbox.accountId)
      .iam.roleByArn(result.clusterRoleArn);
    expect(role?.tags).toMatchObject(tags);
  });
});
