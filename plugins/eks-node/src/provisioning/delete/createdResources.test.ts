import { CreateLaunchTemplateCommand } from '@aws-sdk/client-ec2';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { type Sandbox } from '@backstage-eks/sandbox';
import { useSandboxSuite } from '../../__testUtils__/sandboxSuite';
import { ensureRole } from '../iam';
import { serviceTrustPolicy } from '../policies';
import { ProvisioningRun } from '../ProvisioningRun';
import { CLUSTER_TAG } from '../tags';
import {
  deleteCreatedResources,
  keptAssociationRoles,
} from './createdResources';

describe('keptAssociationRoles', () => {
  const association = (roleName: string, ownerArn?: string) => ({
    roleName,
    namespace: 'orders',
    serviceAccount: roleName,
    ownerArn,
  });

  it("keeps workload roles and Karpenter's unless its resources go; skips add-ons' and candidates", () => {
    const roles = [
      association('workload'),
      association('karpenter-controller'),
      association('addon-role', 'arn:aws:eks:addon'),
      association('shop-node'),
    ];
    const kept = keptAssociationRoles(
      roles,
      new Set(['shop-node']),
      ['karpenter-controller'],
      false,
    );
    expect(kept.map(k => k.resource)).toEqual([
      'IAM role workload',
      'IAM role karpenter-controller',
    ]);
    expect(kept[0].reason).toMatch(
      /Pod Identity association for orders\/workload .*reused on other clusters/,
    );
    expect(kept[1].reason).toMatch(/^Karpenter's controller role/);
    expect(
      keptAssociationRoles(
        roles,
        new Set(),
        ['karpenter-controller'],
        true,
      ).map(k => k.resource),
    ).toEqual(['IAM role workload', 'IAM role shop-node']);
  });
});

describe('deleteCreatedResources', () => {
  let sandbox: Sandbox;
  let run: ProvisioningRun;

  useSandboxSuite(s => ({ sandbox, run } = s));

  const roleExists = (name: string) =>
    run.aws.iam.send(new GetRoleCommand({ RoleName: name })).then(
      () => true,
      () => false,
    );

  it('deletes the roles and launch templates tagged for the cluster, keeps roles it did not make', async () => {
    const tags = { [CLUSTER_TAG]: 'shop' };
    await ensureRole(run, {
      name: 'shop-node',
      description: 'nodes of shop',
      trustPolicy: serviceTrustPolicy('ec2.amazonaws.com'),
      tags,
    });
    await ensureRole(run, {
      name: 'shop-cluster',
      description: 'someone else made it',
      trustPolicy: serviceTrustPolicy('eks.amazonaws.com'),
    });
    const template = await run.aws.ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'shop-nodes',
        LaunchTemplateData: { MetadataOptions: { HttpTokens: 'required' } },
        TagSpecifications: [
          {
            ResourceType: 'launch-template',
            Tags: [{ Key: CLUSTER_TAG, Value: 'shop' }],
          },
        ],
      }),
    );
    sandbox.clearWrites();
    const kept = await deleteCreatedResources(run, 'shop', [], [], false);
    expect(kept).toEqual([
      {
        resource: 'IAM role shop-cluster',
        reason: `not tagged ${CLUSTER_TAG}=shop: not made with this cluster`,
      },
    ]);
    expect(await roleExists('shop-node')).toBe(false);
    expect(await roleExists('shop-cluster')).toBe(true);
    expect(
      sandbox.writes
        .filter(w => w.operation === 'DeleteLaunchTemplate')
        .map(w => (w.params as any).LaunchTemplateId),
    ).toEqual([template.LaunchTemplate?.LaunchTemplateId]);
  });
});
