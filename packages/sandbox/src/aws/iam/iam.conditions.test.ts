import {
  MalformedPolicyDocumentException,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { iamClient } from '../../__testUtils__/clients';
import { useSandbox } from '../../__testUtils__/useSandbox';

describe('IAM condition operators', () => {
  const sandbox = useSandbox({ latencyFactor: 0 });

  const put = (Condition: unknown) =>
    iamClient(sandbox).send(
      new PutRolePolicyCommand({
        RoleName: 'demo-node',
        PolicyName: 'conditions',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 's3:GetObject',
              Resource: '*',
              Condition,
            },
          ],
        }),
      }),
    );

  it("accepts IAM's operators with IfExists and the set qualifiers", async () => {
    const accepted = put({
      StringEqualsIfExists: { 'aws:RequestedRegion': 'eu-west-1' },
      'ForAllValues:StringLike': { 'aws:TagKeys': ['team*'] },
      Null: { 'aws:TokenIssueTime': 'false' },
      NumericLessThan: { 's3:max-keys': 10 },
    });
    await expect(accepted).resolves.toBeDefined();
  });

  it.each([
    { StringEqualsMaybe: { 'aws:SourceVpc': 'vpc-1' } },
    { NullIfExists: { 'aws:TokenIssueTime': 'true' } },
    { 'ForAnyValue:Null': { 'aws:TagKeys': 'true' } },
    { 'aws:SourceVpc': 'vpc-1' },
  ])('refuses %j with Syntax errors in policy.', async Condition => {
    const refused = await put(Condition).catch(e => e);
    expect(refused).toBeInstanceOf(MalformedPolicyDocumentException);
    expect(refused.message).toBe('Syntax errors in policy.');
  });
});
