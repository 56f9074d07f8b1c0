import { minimumFleetRefreshCalls, rateLimitedSeconds } from './fleet';

const cluster = (
  over: Partial<Parameters<typeof minimumFleetRefreshCalls>[0][0]>,
) => ({
  accountId: '000000000000',
  region: 'eu-west-1',
  name: 'a',
  version: '1.33',
  addons: 5,
  nodegroups: 1,
  podIdentityAssociations: 0,
  karpenter: false,
  insightsWarningOrError: 0,
  ...over,
});

describe('minimumFleetRefreshCalls', () => {
  it("lists each account and region once per 100 clusters, reads versions once per account and region (and Kubernetes version), and each cluster's health once", () => {
    const facts = [
      ...Array.from({ length: 101 }, (_, i) => cluster({ name: `c${i}` })),
      cluster({
        region: 'us-east-1',
        version: '1.30',
        addons: 7,
        karpenter: true,
        insightsWarningOrError: 2,
      }),
      cluster({ region: 'us-east-1', version: '1.31', name: 'b' }),
      // another account in the same region asks with its own credentials
      cluster({ accountId: '111111111111', name: 'c' }),
    ];
    const minimum = minimumFleetRefreshCalls(facts);
    expect(minimum.get('eks:ListClusters')).toBe(2 + 1 + 1);
    expect(minimum.get('eks:DescribeClusterVersions')).toBe(3);
    expect(minimum.get('eks:DescribeAddonVersions')).toBe(1 + 2 + 1);
    expect(minimum.get('eks:DescribeCluster')).toBe(104);
    expect(minimum.get('eks:DescribeAddon')).toBe(101 * 5 + 7 + 5 + 5);
    expect(minimum.get('eks:DescribeInsight')).toBe(2);
    expect(minimum.get('kubernetes:lists')).toBe(104 * 11 + 1);
    expect(minimum.has('sqs:GetQueueAttributes')).toBe(false);
  });
});

describe('rateLimitedSeconds', () => {
  it('lets the burst through at once and the rest at the rate', () => {
    expect(rateLimitedSeconds(30, { requestsPerSecond: 10, burst: 40 })).toBe(
      0,
    );
    expect(rateLimitedSeconds(140, { requestsPerSecond: 10, burst: 40 })).toBe(
      10,
    );
    expect(rateLimitedSeconds(25, { requestsPerSecond: 5 })).toBe(4);
  });
});
