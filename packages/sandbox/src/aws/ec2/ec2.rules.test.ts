import {
  CreateLaunchTemplateCommand,
  CreateSecurityGroupCommand,
  CreateTagsCommand,
  DeleteTagsCommand,
  DescribeInstancesCommand,
  DescribeTagsCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import { ec2Client } from '../../__testUtils__/clients';
import { useSandbox } from '../../__testUtils__/useSandbox';

/** EC2's rules of packages/sandbox/RULES.md: the reserved aws: tag prefix. */

describe('EC2 rules beyond the model', () => {
  const sandbox = useSandbox({ latencyFactor: 0 });
  let vpcId: string;
  beforeEach(async () => {
    await sandbox.reset();
    vpcId = [
      ...sandbox.state.region('000000000000', 'eu-west-1').ec2.vpcs.keys(),
    ][0];
  });

  it('refuses tag keys starting with aws: (any case) in CreateTags and DeleteTags, naming the key', async () => {
    const ec2 = ec2Client(sandbox);
    for (const Key of ['aws:cloudformation:stack-name', 'AWS:owner']) {
      const refused = await ec2
        .send(
          new CreateTagsCommand({
            Resources: [vpcId],
            Tags: [{ Key, Value: 'x' }],
          }),
        )
        .catch(e => e);
      expect(refused.name).toBe('InvalidParameterValue');
      expect(refused.message).toBe(
        `Value ( ${Key} ) for parameter key is invalid. Tag keys starting with 'aws:' are reserved for internal use`,
      );
    }
    await expect(
      ec2.send(
        new DeleteTagsCommand({
          Resources: [vpcId],
          Tags: [{ Key: 'aws:autoscaling:groupName' }],
        }),
      ),
    ).rejects.toThrow(/Tag keys starting with 'aws:' are reserved/);
    await ec2.send(
      new CreateTagsCommand({
        Resources: [vpcId],
        Tags: [{ Key: 'awsome', Value: 'yes' }],
      }),
    );
    const { Tags } = await ec2.send(
      new DescribeTagsCommand({
        Filters: [{ Name: 'resource-id', Values: [vpcId] }],
      }),
    );
    expect(Tags?.map(t => t.Key)).toContain('awsome');
  });

  it('refuses aws: tag keys in tag specifications', async () => {
    const ec2 = ec2Client(sandbox);
    await expect(
      ec2.send(
        new CreateSecurityGroupCommand({
          GroupName: 'g',
          Description: 'g',
          VpcId: vpcId,
          TagSpecifications: [
            {
              ResourceType: 'security-group',
              Tags: [{ Key: 'aws:x', Value: '1' }],
            },
          ],
        }),
      ),
    ).rejects.toThrow(
      "Tag keys starting with 'aws:' are reserved for internal use",
    );
    await expect(
      ec2.send(
        new CreateLaunchTemplateCommand({
          LaunchTemplateName: 'tagged-template',
          LaunchTemplateData: {
            TagSpecifications: [
              {
                ResourceType: 'instance',
                Tags: [{ Key: 'aws:x', Value: '1' }],
              },
            ],
          },
        }),
      ),
    ).rejects.toThrow(
      "Tag keys starting with 'aws:' are reserved for internal use",
    );
    await expect(
      ec2.send(
        new CreateSecurityGroupCommand({
          GroupName: 'g',
          Description: 'g',
          VpcId: vpcId,
          TagSpecifications: [
            {
              ResourceType: 'security-group',
              Tags: [{ Key: 'team', Value: '1' }],
            },
          ],
        }),
      ),
    ).resolves.toBeDefined();
  });

  it('tells an ID of the wrong shape (Malformed) from one that does not exist (NotFound)', async () => {
    const ec2 = ec2Client(sandbox);
    const malformed = await ec2
      .send(new DescribeInstancesCommand({ InstanceIds: ['i-banana'] }))
      .catch(e => e);
    expect(malformed.name).toBe('InvalidInstanceID.Malformed');
    expect(malformed.message).toBe('Invalid id: "i-banana"');
    const missing = await ec2
      .send(
        new DescribeInstancesCommand({ InstanceIds: ['i-0123456789abcdef0'] }),
      )
      .catch(e => e);
    expect(missing.name).toBe('InvalidInstanceID.NotFound');
    const vpc = await ec2
      .send(new DescribeVpcsCommand({ VpcIds: ['vpc-XYZ'] }))
      .catch(e => e);
    expect(vpc.name).toBe('InvalidVpcID.Malformed');
    const found = await ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }));
    expect(found.Vpcs?.map(v => v.VpcId)).toEqual([vpcId]);
  });
});
