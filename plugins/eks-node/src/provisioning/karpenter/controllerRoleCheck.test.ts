import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { type Sandbox } from '@backstage-eks/sandbox';
import { useSandboxSuite } from '../../__testUtils__/sandboxSuite';
import { podIdentityTrustPolicy, serviceTrustPolicy } from '../policies';
import { ProvisioningRun } from '../ProvisioningRun';
import { karpenterControllerPolicy } from './controllerPolicy';
import { controllerRoleIncompatibility } from './controllerRoleCheck';

describe('controllerRoleIncompatibility', () => {
  let sandbox: Sandbox;
  let run: ProvisioningRun;

  useSandboxSuite(s => ({ sandbox, run } = s));

  const scope = () => ({
    clusterName: 'shop',
    chartVersion: '1.14.1',
    queueArn: `arn:aws:sqs:${sandbox.region}:${sandbox.accountId}:Karpenter-shop`,
    nodeRoleArn: `arn:aws:iam::${sandbox.accountId}:role/shop-karpenter-node`,
  });
  const role = async (name: string, trust: object, policy?: object) => {
    const created = await run.aws.iam.send(
      new CreateRoleCommand({
        RoleName: name,
        AssumeRolePolicyDocument: JSON.stringify(trust),
      }),
    );
    if (policy) {
      await run.aws.iam.send(
        new PutRolePolicyCommand({
          RoleName: name,
          PolicyName: 'p',
          PolicyDocument: JSON.stringify(policy),
        }),
      );
    }
    return created.Role!.Arn!;
  };

  it('accepts a role with the Pod Identity trust and the controller policy', async () => {
    const policy = karpenterControllerPolicy({
      ...scope(),
      region: sandbox.region,
      accountId: sandbox.accountId,
    });
    const roleArn = await role('full', podIdentityTrustPolicy(), policy);
    expect(
      await controllerRoleIncompatibility(run, { ...scope(), roleArn }),
    ).toEqual([]);
  });

  it('names exactly what a policy written for an older release lacks (1.11 placement groups, 1.12 instance status)', async () => {
    const current = karpenterControllerPolicy({
      ...scope(),
      region: sandbox.region,
      accountId: sandbox.accountId,
    });
    const older = {
      ...current,
      Statement: current.Statement.map(statement => ({
        ...statement,
        Action: [statement.Action]
          .flat()
          .filter(
            a =>
              a !== 'ec2:DescribePlacementGroups' &&
              a !== 'ec2:DescribeInstanceStatus',
          ),
      })),
    };
    const roleArn = await role('older', podIdentityTrustPolicy(), older);
    expect(
      await controllerRoleIncompatibility(run, { ...scope(), roleArn }),
    ).toEqual([
      'its role older does not allow ec2:DescribeInstanceStatus, ec2:DescribePlacementGroups, which Karpenter 1.14.1 needs',
    ]);
    expect(
      await controllerRoleIncompatibility(run, {
        ...scope(),
        roleArn,
        enableZonalShift: true,
      }),
    ).toEqual([
      'its role older does not allow ec2:DescribeInstanceStatus, ec2:DescribePlacementGroups, arc-zonal-shift:GetManagedResource, which Karpenter 1.14.1 needs',
    ]);
  });

  it('accepts wildcards, compared as IAM does (case-insensitive)', async () => {
    const roleArn = await role('wide', podIdentityTrustPolicy(), {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'EC2:*', Resource: '*' }],
    });
    const reasons = await controllerRoleIncompatibility(run, {
      ...scope(),
      roleArn,
    });
    expect(reasons.join('\n')).not.toMatch(/ec2:/);
    expect(reasons.join('\n')).toMatch(/does not allow .*iam:/);
  });

  it('names a trust Pod Identity cannot use and the actions a role lacks', async () => {
    const roleArn = await role(
      'ec2-only',
      serviceTrustPolicy('ec2.amazonaws.com'),
    );
    const reasons = await controllerRoleIncompatibility(run, {
      ...scope(),
      roleArn,
    });
    expect(reasons[0]).toMatch(
      /^its role ec2-only does not let pods.eks.amazonaws.com call sts:AssumeRole and sts:TagSession$/,
    );
    expect(reasons[1]).toMatch(
      /^its role ec2-only does not allow .*, which Karpenter 1\.14\.1 needs$/,
    );
    expect(
      await controllerRoleIncompatibility(run, {
        ...scope(),
        roleArn: `arn:aws:iam::${sandbox.accountId}:role/missing`,
      }),
    ).toEqual([
      `its role arn:aws:iam::${sandbox.accountId}:role/missing does not exist`,
    ]);
  });
});
