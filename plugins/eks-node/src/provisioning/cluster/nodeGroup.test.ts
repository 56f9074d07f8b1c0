import type { Sandbox } from '@backstage-eks/sandbox';
import { useSandboxRun } from '../../__testUtils__/sandboxRun';
import { ensureNodeGroup } from './nodeGroup';
import { ProvisioningRun } from '../ProvisioningRun';
import { resourceTags } from '../tags';

describe('ensureNodeGroup against the sandbox', () => {
  let sandbox: Sandbox;
  let run: ProvisioningRun;
  let subnetIds: string[];

  // a node group takes 4 min × 0.001 = 240 ms to settle
  const setup = useSandboxRun({ latencyFactor: 0.001 });
  beforeEach(() => {
    ({ sandbox, run } = setup);
    subnetIds = [
      ...sandbox.state
        .region(sandbox.accountId, sandbox.region)
        .ec2.subnets.values(),
    ]
      .filter(s => !s.mapPublicIpOnLaunch)
      .map(s => s.subnetId);
  });

  const ensure = (instanceTypes: string[]) =>
    ensureNodeGroup(run, {
      clusterName: 'demo',
      spec: {
        name: 'batch',
        instanceTypes,
        minSize: 1,
        maxSize: 2,
        desiredSize: 1,
      },
      nodeRoleArn: `arn:aws:iam::${sandbox.accountId}:role/demo-node`,
      subnetIds,
      tags: resourceTags('demo'),
    });

  it('fails with the reason EKS gives when the node group cannot be created', async () => {
    await expect(ensure(['banana.large'])).rejects.toThrow(
      /^node group batch is CREATE_FAILED: Ec2InstanceTypeDoesNotExist: .*banana\.large/,
    );
  });

  it('returns the ACTIVE node group otherwise', async () => {
    await expect(ensure(['m7i.large'])).resolves.toEqual({
      name: 'batch',
      status: 'ACTIVE',
    });
  });

  it('changes the sizes of its node group as asked, and nothing else', async () => {
    await ensure(['m7i.large']);
    sandbox.clearWrites();
    const result = await ensureNodeGroup(run, {
      clusterName: 'demo',
      spec: {
        name: 'batch',
        instanceTypes: ['m7i.large'],
        minSize: 1,
        maxSize: 3,
        desiredSize: 2,
      },
      nodeRoleArn: `arn:aws:iam::${sandbox.accountId}:role/demo-node`,
      subnetIds,
      tags: resourceTags('demo'),
    });
    expect(result).toEqual({ name: 'batch', status: 'ACTIVE' });
    expect(sandbox.writes.map(w => w.operation)).toEqual([
      'UpdateNodegroupConfig',
    ]);
    expect(run.drift).toEqual([]);
    expect(run.plan.at(-1)).toEqual({
      action: 'update',
      resource: 'node group batch',
      detail: 'scaling',
    });
  });

  it('plans the launch template and node group of a cluster a dry run would create', async () => {
    const dry = new ProvisioningRun({ aws: run.aws, dryRun: true });
    await expect(
      ensureNodeGroup(dry, {
        clusterName: 'shop',
        spec: {
          name: 'system',
          instanceTypes: ['m7i.large'],
          minSize: 1,
          maxSize: 2,
          desiredSize: 1,
        },
        nodeRoleArn: `arn:aws:iam::${sandbox.accountId}:role/shop-node`,
        subnetIds,
        tags: resourceTags('shop'),
        clusterMissing: true,
      }),
    ).resolves.toEqual({ name: 'system', status: 'PLANNED' });
    expect(dry.plan.map(c => `${c.action} ${c.resource}`)).toEqual([
      'create launch template shop-system',
      'create node group system',
    ]);
    expect(sandbox.writes).toEqual([]);
  });
});
