import {
  formatEksClusterArn,
  parseEksClusterArn,
  partitionForRegion,
} from './arn';

describe('parseEksClusterArn', () => {
  it('parses a commercial-partition cluster ARN', () => {
    expect(
      parseEksClusterArn('arn:aws:eks:eu-west-1:123456789012:cluster/demo-1'),
    ).toEqual({
      partition: 'aws',
      region: 'eu-west-1',
      accountId: '123456789012',
      clusterName: 'demo-1',
      arn: 'arn:aws:eks:eu-west-1:123456789012:cluster/demo-1',
    });
  });

  it('parses China and GovCloud ARNs', () => {
    expect(
      parseEksClusterArn('arn:aws-cn:eks:cn-north-1:123456789012:cluster/x')
        ?.partition,
    ).toBe('aws-cn');
    expect(
      parseEksClusterArn(
        'arn:aws-us-gov:eks:us-gov-west-1:123456789012:cluster/x',
      )?.region,
    ).toBe('us-gov-west-1');
  });

  it.each([
    'arn:aws:eks:eu-west-1:12345678901:cluster/short-account',
    'arn:aws:ecs:eu-west-1:123456789012:cluster/not-eks',
    'arn:aws:eks:eu-west-1:123456789012:nodegroup/a/b/c',
    'arn:aws:eks:eu-west-1:123456789012:cluster/-starts-with-hyphen',
    'arn:aws:eks:moon-1:123456789012:cluster/bad-region',
    'arn:aws-cn:eks:eu-west-1:123456789012:cluster/region-outside-partition',
    'arn:aws:eks:cn-north-1:123456789012:cluster/china-region-in-aws',
    'arn:aws:eks:us-gov-west-1:123456789012:cluster/govcloud-region-in-aws',
    'not an arn',
    '',
  ])('rejects %s', arn => {
    expect(parseEksClusterArn(arn)).toBeUndefined();
  });
});

describe('formatEksClusterArn', () => {
  it('round-trips with the parser and picks the partition from the region', () => {
    const arn = formatEksClusterArn({
      region: 'cn-northwest-1',
      accountId: '123456789012',
      clusterName: 'c',
    });
    expect(arn).toBe('arn:aws-cn:eks:cn-northwest-1:123456789012:cluster/c');
    expect(parseEksClusterArn(arn)?.clusterName).toBe('c');
  });

  it('maps regions to partitions', () => {
    expect(partitionForRegion('us-east-1')).toBe('aws');
    expect(partitionForRegion('us-gov-east-1')).toBe('aws-us-gov');
    expect(partitionForRegion('cn-north-1')).toBe('aws-cn');
    expect(partitionForRegion('eu-isoe-west-1')).toBe('aws-iso-e');
    expect(partitionForRegion('us-isof-south-1')).toBe('aws-iso-f');
  });
});
