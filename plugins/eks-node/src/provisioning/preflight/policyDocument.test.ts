import { PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { startSandbox, type Sandbox } from '@backstage-eks/sandbox';
import { sandboxProvisioningRun } from '../../__testUtils__/sandboxRun';
import {
  checkInlinePoliciesSize,
  checkPolicyDocument,
  isConditionOperator,
  parsePolicyText,
  policySize,
} from './policyDocument';

const statement = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };
const identity = (s: Record<string, unknown>) => ({
  Version: '2012-10-17',
  Statement: [{ ...statement, ...s }],
});

function problem(document: unknown, kind: 'identity' | 'trust' = 'identity') {
  try {
    checkPolicyDocument('inlinePolicy', document, kind);
    return undefined;
  } catch (error) {
    expect((error as Error).name).toBe('InputError');
    return (error as Error).message;
  }
}

describe('IAM policy grammar', () => {
  it('accepts identity and trust policies as IAM documents them', () => {
    expect(problem(identity({}))).toBeUndefined();
    expect(
      problem(
        {
          Version: '2012-10-17',
          Statement: {
            Sid: 'Pods1',
            Effect: 'Allow',
            Principal: { Service: 'pods.eks.amazonaws.com' },
            Action: ['sts:AssumeRole', 'sts:TagSession'],
            Condition: {
              StringEquals: { 'aws:SourceAccount': '123456789012' },
              'ForAnyValue:StringLike': { 'aws:TagKeys': ['team*'] },
              BoolIfExists: { 'aws:SecureTransport': true },
            },
          },
        },
        'trust',
      ),
    ).toBeUndefined();
    expect(
      problem(identity({ Action: undefined, NotAction: 'iam:*' })),
    ).toBeUndefined();
  });

  it.each([
    [
      { Effect: 'Maybe' },
      /Statement\[0\]\.Effect must be "Allow" or "Deny" \(got "Maybe"\)/,
    ],
    [{ Action: undefined }, /Statement\[0\] must have an Action or NotAction/],
    [{ NotAction: 's3:*' }, /must not have both Action and NotAction/],
    [{ Resource: undefined }, /must have a Resource or NotResource/],
    [{ Resource: 'my-bucket' }, /Resource must name resources by ARN or "\*"/],
    [
      { Action: 's3 GetObject' },
      /Action must name actions as "service:Action"/,
    ],
    [{ Principal: '*' }, /Principal is not allowed in an identity policy/],
    [
      { Condition: { StringEqualz: { 'aws:x': 'y' } } },
      /Condition\.StringEqualz is not an IAM condition operator/,
    ],
    [
      { Condition: { NullIfExists: { 'aws:x': 'true' } } },
      /NullIfExists is not an IAM condition operator/,
    ],
    [
      { Condition: { StringEquals: { 'aws:x': { nested: 1 } } } },
      /must be a string, number or boolean/,
    ],
    [{ Sid: 'has space' }, /Sid must contain only letters and digits/],
    [{ Effects: 'Allow' }, /Effects is not a policy statement element/],
  ])('refuses %j', (patch, rule) => {
    expect(problem(identity(patch))).toMatch(rule);
  });

  it('refuses documents IAM refuses as a whole', () => {
    expect(problem({ ...identity({}), Version: '2024-01-01' })).toMatch(
      /inlinePolicy\.Version must be "2012-10-17"/,
    );
    expect(problem({ Statement: [] })).toMatch(/non-empty "Statement"/);
    expect(problem(null)).toMatch(/non-empty "Statement"/);
    expect(problem(identity({ Resource: 'arn:aws:s3:::b\u2603' }))).toMatch(
      /U\+0020 to U\+00FF/,
    );
    expect(
      problem({
        Statement: [
          { ...statement, Sid: 'A' },
          { ...statement, Sid: 'A' },
        ],
      }),
    ).toMatch(/must not repeat the Sid "A"/);
    expect(problem(identity({ Resource: undefined }), 'trust')).toMatch(
      /must name a Principal in a trust policy/,
    );
    expect(() => parsePolicyText('inlinePolicy', '{', 'identity')).toThrow(
      /inlinePolicy must be a JSON IAM policy document/,
    );
  });

  it('knows the condition operators with their qualifiers', () => {
    expect(isConditionOperator('ArnLikeIfExists')).toBe(true);
    expect(isConditionOperator('ForAllValues:StringEquals')).toBe(true);
    expect(isConditionOperator('Null')).toBe(true);
    expect(isConditionOperator('ForAllValues:Null')).toBe(false);
    expect(isConditionOperator('StringContains')).toBe(false);
  });

  it('counts size without white space, as IAM does', () => {
    expect(policySize('{ "a" :\n "b c" }')).toBe(10);
    const big = identity({
      Resource: Array.from(
        { length: 400 },
        (_, i) => `arn:aws:s3:::bucket-${i}/*`,
      ),
    });
    expect(policySize(big)).toBeGreaterThan(10_240);
    expect(() => checkInlinePoliciesSize('inlinePolicy', [big])).toThrow(
      /inlinePolicy must be at most 10240 characters without white space/,
    );
    expect(() =>
      checkInlinePoliciesSize('inlinePolicy', [identity({})]),
    ).not.toThrow();
  });
});

describe('the sandbox refuses what the grammar refuses', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, latencyFactor: 0 });
  });
  afterAll(() => sandbox.stop());

  it('refuses Effect: Maybe at PutRolePolicy', async () => {
    const run = await sandboxProvisioningRun(sandbox);
    const put = (document: unknown) =>
      run.aws.iam
        .send(
          new PutRolePolicyCommand({
            RoleName: 'demo-node',
            PolicyName: 'preflight-test',
            PolicyDocument: JSON.stringify(document),
          }),
        )
        .then(
          () => undefined,
          (e: Error) => e.name,
        );
    await expect(put(identity({ Effect: 'Maybe' }))).resolves.toMatch(
      /^MalformedPolicyDocument/,
    );
    // (the size quota's LimitExceeded is retried by the SDK as throttling:
    // the sandbox's IAM rules test covers it)
  });
});
