import {
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeInstanceTypeOfferingsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  paginateDescribeSubnets,
  paginateDescribeVpcs,
} from '@aws-sdk/client-ec2';
import { ec2Client } from '../../__testUtils__/clients';
import { useSandbox } from '../../__testUtils__/useSandbox';

describe('EC2 describe pages (MaxResults 5-1000, NextToken)', () => {
  const sandbox = useSandbox({ latencyFactor: 0.001 });
  let vpcId: string;
  beforeAll(async () => {
    const ec2 = ec2Client(sandbox);
    const { Vpc } = await ec2.send(
      new CreateVpcCommand({ CidrBlock: '10.30.0.0/16' }),
    );
    vpcId = Vpc!.VpcId!;
    for (let i = 0; i < 7; i++) {
      await ec2.send(
        new CreateSubnetCommand({
          VpcId: vpcId,
          CidrBlock: `10.30.${i}.0/24`,
          AvailabilityZone: `eu-west-1${'abc'[i % 3]}`,
        }),
      );
    }
    for (let i = 0; i < 5; i++) {
      await ec2.send(
        new CreateVpcCommand({ CidrBlock: `10.${40 + i}.0.0/16` }),
      );
    }
  });

  it('answers every subnet and VPC without MaxResults, and pages them with it', async () => {
    const ec2 = ec2Client(sandbox);
    const filters = [{ Name: 'vpc-id', Values: [vpcId] }];
    const all = await ec2.send(
      new DescribeSubnetsCommand({ Filters: filters }),
    );
    expect(all.Subnets).toHaveLength(7);
    expect(all.NextToken).toBeUndefined();
    const first = await ec2.send(
      new DescribeSubnetsCommand({ Filters: filters, MaxResults: 5 }),
    );
    expect(first.Subnets).toHaveLength(5);
    expect(first.NextToken).toEqual(expect.any(String));
    const second = await ec2.send(
      new DescribeSubnetsCommand({
        Filters: filters,
        MaxResults: 5,
        NextToken: first.NextToken,
      }),
    );
    expect(second.Subnets!.map(s => s.SubnetId)).toEqual(
      all.Subnets!.slice(5).map(s => s.SubnetId),
    );
    expect(second.NextToken).toBeUndefined();

    const subnetIds: string[] = [];
    for await (const page of paginateDescribeSubnets(
      { client: ec2, pageSize: 5 },
      { Filters: filters },
    )) {
      subnetIds.push(...page.Subnets!.map(s => s.SubnetId!));
    }
    expect(subnetIds).toEqual(all.Subnets!.map(s => s.SubnetId));

    const vpcIds: string[] = [];
    for await (const page of paginateDescribeVpcs(
      { client: ec2, pageSize: 5 },
      {},
    )) {
      expect(page.Vpcs!.length).toBeLessThanOrEqual(5);
      vpcIds.push(...page.Vpcs!.map(v => v.VpcId!));
    }
    const vpcs = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs!;
    expect(vpcs.length).toBe(7); // the default VPC, the subnets' and five more
    expect(vpcIds).toEqual(vpcs.map(v => v.VpcId));
  });

  it('refuses MaxResults out of 5-1000 and a NextToken it did not hand out', async () => {
    const ec2 = ec2Client(sandbox);
    for (const send of [
      () => ec2.send(new DescribeVpcsCommand({ MaxResults: 1001 })),
      () => ec2.send(new DescribeSubnetsCommand({ MaxResults: 4 })),
      () =>
        ec2.send(new DescribeInstanceTypeOfferingsCommand({ MaxResults: 2 })),
    ]) {
      const refused = await send().catch(e => e);
      expect(refused.name).toBe('InvalidParameterValue');
      expect(refused.message).toMatch(/for parameter maxResults is invalid/i);
    }
    const stale = await ec2
      .send(new DescribeSubnetsCommand({ MaxResults: 5, NextToken: 'abc' }))
      .catch(e => e);
    expect(stale.name).toBe('InvalidPaginationToken');
    // a token of another operation is not this one's
    const { NextToken } = await ec2.send(
      new DescribeVpcsCommand({ MaxResults: 5 }),
    );
    const foreign = await ec2
      .send(
        new DescribeInstanceTypeOfferingsCommand({
          MaxResults: 5,
          NextToken,
        }),
      )
      .catch(e => e);
    expect(foreign.name).toBe('InvalidPaginationToken');
  });
});
