import {
  CreateRoleCommand,
  ListRoleTagsCommand,
  TagRoleCommand,
} from '@aws-sdk/client-iam';
import { iamClient } from '../../__testUtils__/clients';
import { useSandbox } from '../../__testUtils__/useSandbox';

const trust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: 'ec2.amazonaws.com' },
      Action: 'sts:AssumeRole',
    },
  ],
});

describe('IAM tags', () => {
  const sandbox = useSandbox({ latencyFactor: 0 });

  it('refuses a tag key that starts with aws: in any case, on create and on TagRole', async () => {
    const iam = iamClient(sandbox);
    const onCreate = await iam
      .send(
        new CreateRoleCommand({
          RoleName: 'tags-reserved',
          AssumeRolePolicyDocument: trust,
          Tags: [{ Key: 'AWS:team', Value: 'x' }],
        }),
      )
      .catch(e => e);
    expect(onCreate.name).toBe('InvalidInputException');
    expect(onCreate.message).toContain("'AWS:team'");

    const onTag = await iam
      .send(
        new TagRoleCommand({
          RoleName: 'demo-node',
          Tags: [{ Key: 'aws:team', Value: 'x' }],
        }),
      )
      .catch(e => e);
    expect(onTag.name).toBe('InvalidInputException');
    const { Tags } = await iam.send(
      new ListRoleTagsCommand({ RoleName: 'demo-node' }),
    );
    expect(Tags?.map(t => t.Key)).not.toContain('aws:team');
  });

  it('keeps a role at 50 tags (LimitExceeded past it)', async () => {
    const iam = iamClient(sandbox);
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'tags-limit',
        AssumeRolePolicyDocument: trust,
        Tags: Array.from({ length: 50 }, (_, i) => ({
          Key: `k${i}`,
          Value: 'v',
        })),
      }),
    );
    // overwriting an existing key does not add one
    await iam.send(
      new TagRoleCommand({
        RoleName: 'tags-limit',
        Tags: [{ Key: 'k0', Value: 'w' }],
      }),
    );
    const refused = await iam
      .send(
        new TagRoleCommand({
          RoleName: 'tags-limit',
          Tags: [{ Key: 'k50', Value: 'v' }],
        }),
      )
      .catch(e => e);
    expect(refused.name).toBe('LimitExceededException');
  });
});
