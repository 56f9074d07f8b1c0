import {
  DescribeInstanceTypeOfferingsCommand,
  DescribeRegionsCommand,
  paginateDescribeInstanceTypeOfferings,
} from '@aws-sdk/client-ec2';
import { ec2Client } from '../../__testUtils__/clients';
import { useSandbox } from '../../__testUtils__/useSandbox';

describe('EC2 Regions and instance type offerings', () => {
  const sandbox = useSandbox({ latencyFactor: 0 });

  it('lists the enabled Regions of the partition, and with AllRegions the opt-in ones not enabled', async () => {
    const ec2 = ec2Client(sandbox);
    const enabled = (await ec2.send(new DescribeRegionsCommand({}))).Regions!;
    expect(enabled.map(r => r.RegionName)).toContain('eu-west-1');
    expect(enabled.map(r => r.RegionName)).not.toContain('af-south-1');
    expect(enabled.map(r => r.RegionName)).not.toContain('cn-north-1');
    const all = (
      await ec2.send(new DescribeRegionsCommand({ AllRegions: true }))
    ).Regions!;
    expect(all.find(r => r.RegionName === 'af-south-1')).toEqual({
      RegionName: 'af-south-1',
      Endpoint: 'ec2.af-south-1.amazonaws.com',
      OptInStatus: 'not-opted-in',
    });
    expect(sandbox.writes).toEqual([]);
  });

  it('refuses a Region name that does not exist', async () => {
    const refused = await ec2Client(sandbox)
      .send(new DescribeRegionsCommand({ RegionNames: ['xx-nowhere-1'] }))
      .catch(e => e);
    expect(refused.name).toBe('InvalidParameterValue');
    expect(refused.message).toContain('xx-nowhere-1');
  });

  it('offers the instance types of EC2 in the Region, and regional ones only where they exist', async () => {
    const ec2 = ec2Client(sandbox);
    const offered = await ec2.send(
      new DescribeInstanceTypeOfferingsCommand({
        LocationType: 'region',
        Filters: [
          {
            Name: 'instance-type',
            Values: ['m7i.large', 'banana.large', 'p4de.24xlarge'],
          },
        ],
      }),
    );
    expect(offered.InstanceTypeOfferings).toEqual([
      {
        InstanceType: 'm7i.large',
        LocationType: 'region',
        Location: 'eu-west-1',
      },
    ]);
    const zones = await ec2.send(
      new DescribeInstanceTypeOfferingsCommand({
        LocationType: 'availability-zone',
        Filters: [{ Name: 'instance-type', Values: ['t3.*'] }],
      }),
    );
    expect(new Set(zones.InstanceTypeOfferings!.map(o => o.Location))).toEqual(
      new Set(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']),
    );
  });

  it('pages through every offering', async () => {
    const types: string[] = [];
    for await (const page of paginateDescribeInstanceTypeOfferings(
      { client: ec2Client(sandbox), pageSize: 100 },
      {},
    )) {
      expect(page.InstanceTypeOfferings!.length).toBeLessThanOrEqual(100);
      types.push(...page.InstanceTypeOfferings!.map(o => o.InstanceType!));
    }
    expect(types.length).toBeGreaterThan(500);
    expect(new Set(types).size).toBe(types.length);
  });

  it('refuses an unknown filter as EC2 does', async () => {
    const refused = await ec2Client(sandbox)
      .send(
        new DescribeInstanceTypeOfferingsCommand({
          Filters: [{ Name: 'flavour', Values: ['x'] }],
        }),
      )
      .catch(e => e);
    expect(refused.name).toBe('InvalidParameterValue');
  });
});
