import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SandboxCall } from '@backstage-eks/sandbox';
import { productAwsOperations } from './__testUtils__/productOperations';
import { allows, checkCalls } from './__testUtils__/iam/callLog';
import {
  buildPolicies,
  PolicyDocument,
  policyFor,
} from './__testUtils__/iam/policies';
import { REPO, SdkCallGraph } from './__testUtils__/iam/sdkCalls';
import {
  policyProblems,
  unknownActionProblem,
} from './__testUtils__/iam/validate';

const combined = JSON.parse(
  readFileSync(join(REPO, 'docs', 'iam', 'combined.json'), 'utf8'),
) as PolicyDocument;

const call = (action: string, userAgent: string): SandboxCall => {
  const [service, operation] = action.split(':');
  return {
    service,
    operation,
    userAgent,
    accountId: '000000000000',
    region: 'eu-west-1',
    at: '2026-12-03T00:00:00.000Z',
  };
};
const PRODUCT =
  'aws-sdk-js/3.1 ua/2.1 os/linux lang/js md/nodejs#22 backstage-eks/0.1.0';
const CLI = 'aws-cli/1.45.0 md/Botocore#1.43.11 ua/2.1 os/linux';

describe('the call log check', () => {
  it('passes when the policy allows every call the product made, whatever else called', () => {
    const result = checkCalls(
      [
        call('eks:DescribeCluster', PRODUCT),
        call('eks:DescribeCluster', PRODUCT),
        call('iam:CreateUser', CLI),
      ],
      combined,
    );
    expect(result.problems).toEqual([]);
    expect(result.productCalls).toBe(2);
    expect([...result.actions]).toEqual([['eks:DescribeCluster', 2]]);
  });

  it('fails, naming the action, when the policy misses a call the product made', () => {
    const without: PolicyDocument = {
      ...combined,
      Statement: combined.Statement.map(s => ({
        ...s,
        Action: s.Action.filter(a => a !== 'eks:DescribeCluster'),
      })),
    };
    const result = checkCalls(
      [call('eks:ListClusters', PRODUCT), call('eks:DescribeCluster', PRODUCT)],
      without,
    );
    expect(result.notAllowed).toEqual(['eks:DescribeCluster']);
    expect(result.problems).toEqual([
      'eks:DescribeCluster (called 1 times by the product) is not allowed by the policy',
    ]);
  });

  it('fails on a log without product calls: an unrecorded run proves nothing', () => {
    expect(checkCalls([], combined).problems).toEqual([
      expect.stringMatching(
        /no call with the product's user agent \(0 lines\)/,
      ),
    ]);
    expect(
      checkCalls([call('eks:ListClusters', CLI)], combined).problems,
    ).toHaveLength(1);
  });

  it('does not count a conditioned statement (PassRole to a service) as allowing a direct call', () => {
    const policy = policyFor(['eks:CreateCluster']);
    expect(allows(policy, 'eks:CreateCluster')).toBe(true);
    expect(allows(policy, 'iam:PassRole')).toBe(false);
    expect(allows(policyFor(['eks:*']), 'eks:DeleteCluster')).toBe(true);
  });
});

describe('the policies', () => {
  it('are well-formed IAM, and the check names what is not', () => {
    expect(policyProblems(combined)).toEqual([]);
    expect(
      policyProblems({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'Bad',
            Effect: 'Allow',
            Action: ['eks:DescribeClusters', 'elbv2:DescribeLoadBalancers'],
            Resource: '*',
          },
        ],
      }),
    ).toEqual([
      expect.stringContaining(
        'eks:DescribeClusters: eks has no operation DescribeClusters',
      ),
      expect.stringContaining(
        'elbv2:DescribeLoadBalancers: no model of the elbv2 service',
      ),
    ]);
    expect(policyProblems({ Version: '2008-10-17', Statement: [] })).toEqual([
      'Version must be "2012-10-17"',
      'Statement must be a non-empty array',
    ]);
    expect(unknownActionProblem('iam:PassRole')).toBeUndefined();
    expect(
      unknownActionProblem('elasticloadbalancing:DescribeTags'),
    ).toBeUndefined();
  });

  it('grant PassRole only to the services the called APIs pass roles to', () => {
    expect(policyFor(['eks:CreatePodIdentityAssociation']).Statement).toEqual([
      expect.objectContaining({ Action: ['eks:CreatePodIdentityAssociation'] }),
      expect.objectContaining({
        Action: ['iam:PassRole'],
        Condition: {
          StringEquals: { 'iam:PassedToService': ['pods.eks.amazonaws.com'] },
        },
      }),
    ]);
    expect(policyFor(['eks:DescribeCluster']).Statement).toHaveLength(1);
  });

  it('cover every AWS operation in the product, and nothing it does not call', () => {
    const prefix: Record<string, string> = { elbv2: 'elasticloadbalancing' };
    const inCode = productAwsOperations().map(op => {
      const [cli, operation] = op.split(' ');
      return `${prefix[cli] ?? cli}:${operation}`;
    });
    const { scopes } = buildPolicies();
    const called = [...new Set(scopes.flatMap(s => s.called))].sort();
    // A waiter's operation is found by the call graph and not by the regex.
    expect(called).toEqual(expect.arrayContaining(inCode));
    expect(called.filter(a => !inCode.includes(a))).toEqual([]);
  }, 180_000);
});

describe('the call graph', () => {
  const graph = new SdkCallGraph(
    join(__dirname, '__testUtils__', 'iam', '__fixtures__', 'callGraph'),
  );
  const index = join(
    __dirname,
    '__testUtils__',
    'iam',
    '__fixtures__',
    'callGraph',
    'index.ts',
  );
  const ops = (entry: string) =>
    [
      ...new Set(
        graph
          .callsFrom(graph.exported(index, entry))
          .map(c => `${c.sdkPackage}:${c.operation}:${c.via}`),
      ),
    ].sort();

  it('follows functions, object members, interface methods to their classes, and waiters to what they poll', () => {
    expect(ops('createThing')).toEqual([
      'eks:CreateCluster:command',
      'eks:DescribeCluster:waiter',
      'iam:GetRole:command',
    ]);
  });

  it('reads only the method an entry names, and its paginators', () => {
    expect(ops('ThingReader.names')).toEqual(['eks:ListClusters:paginator']);
  });
});
