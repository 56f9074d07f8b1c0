import { GetPolicyCommand } from '@aws-sdk/client-iam';
import { iamClient } from '../../__testUtils__/clients';
import { useSandbox } from '../../__testUtils__/useSandbox';

describe('GetPolicy of AWS managed policies', () => {
  const sandbox = useSandbox({ latencyFactor: 0 });

  it('answers for the AWS managed policies it knows, with their path', async () => {
    const iam = iamClient(sandbox);
    const { Policy } = await iam.send(
      new GetPolicyCommand({
        PolicyArn:
          'arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy',
      }),
    );
    expect(Policy).toMatchObject({
      PolicyName: 'AmazonEBSCSIDriverPolicy',
      Path: '/service-role/',
      IsAttachable: true,
    });
  });

  it('is NoSuchEntity for an AWS managed policy that does not exist', async () => {
    const refused = await iamClient(sandbox)
      .send(
        new GetPolicyCommand({
          PolicyArn: 'arn:aws:iam::aws:policy/NoSuchPolicy',
        }),
      )
      .catch(e => e);
    expect(refused.name).toBe('NoSuchEntityException');
  });
});
