import { AwsError } from '../AwsError';
import type { AwsContext } from '../context';
import ec2Model from '../models/ec2.json';
import type { QueryHandler } from '../protocols/query';
import { str, strList } from '../protocols/queryParams';
import type { ServiceModel } from '../models/types';
import { filtersOf, matchesFilters } from './filters';
import { ec2Page } from './params';

/**
 * EC2's read-only answers about where things exist: the Regions of the
 * caller's partition with their opt-in status (DescribeRegions) and the
 * instance types offered in a Region or zone (DescribeInstanceTypeOfferings).
 */

/** Regions enabled by default in every account. */
const DEFAULT_REGIONS: Record<string, string[]> = {
  aws: [
    'us-east-1',
    'us-east-2',
    'us-west-1',
    'us-west-2',
    'ap-south-1',
    'ap-northeast-1',
    'ap-northeast-2',
    'ap-northeast-3',
    'ap-southeast-1',
    'ap-southeast-2',
    'ca-central-1',
    'eu-central-1',
    'eu-west-1',
    'eu-west-2',
    'eu-west-3',
    'eu-north-1',
    'sa-east-1',
  ],
  'aws-cn': ['cn-north-1', 'cn-northwest-1'],
  'aws-us-gov': ['us-gov-west-1', 'us-gov-east-1'],
};

/** Regions an account must enable first (launched after March 2019). */
const OPT_IN_REGIONS: Record<string, string[]> = {
  aws: [
    'af-south-1',
    'ap-east-1',
    'ap-east-2',
    'ap-south-2',
    'ap-southeast-3',
    'ap-southeast-4',
    'ap-southeast-5',
    'ap-southeast-7',
    'ca-west-1',
    'eu-central-2',
    'eu-south-1',
    'eu-south-2',
    'il-central-1',
    'me-central-1',
    'me-south-1',
    'mx-central-1',
  ],
};

function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

const INSTANCE_TYPES: readonly string[] =
  (ec2Model as unknown as ServiceModel).shapes.InstanceType.enum ?? [];

/**
 * Instance types offered only in some Regions; every other type of EC2's
 * model is offered everywhere in the sandbox. P4de and DL1 instances
 * launched in US East (N. Virginia) and US West (Oregon) only.
 */
const REGIONAL_INSTANCE_TYPES: Record<string, string[]> = {
  'p4de.24xlarge': ['us-east-1', 'us-west-2'],
  'dl1.24xlarge': ['us-east-1', 'us-west-2'],
};

/** Whether EC2 offers an instance type in a Region. */
export function isInstanceTypeOffered(type: string, region: string): boolean {
  return (
    INSTANCE_TYPES.includes(type) &&
    (REGIONAL_INSTANCE_TYPES[type]?.includes(region) ?? true)
  );
}

const ZONES = ['a', 'b', 'c'];

function zoneId(region: string, index: number): string {
  return `${region
    .split('-')
    .map(p => p[0])
    .join('')}${region.slice(-1)}-az${index + 1}`;
}

export const EC2_REGION_HANDLERS: Record<string, QueryHandler> = {
  DescribeRegions(ctx: AwsContext, params) {
    const partition = partitionOf(ctx.region);
    const all = str(params, 'AllRegions') === 'true';
    const regions = [
      ...(DEFAULT_REGIONS[partition] ?? []).map(name => ({
        name,
        optInStatus: 'opt-in-not-required',
      })),
      ...(all ? OPT_IN_REGIONS[partition] ?? [] : []).map(name => ({
        name,
        optInStatus: 'not-opted-in',
      })),
    ];
    const names = strList(params, 'RegionName');
    const unknown = names.filter(n => !regions.some(r => r.name === n));
    if (unknown.length > 0) {
      throw new AwsError(
        'InvalidParameterValue',
        `Invalid region names: ${unknown.join(', ')}`,
      );
    }
    const filters = filtersOf(params);
    return {
      regionInfo: regions
        .filter(r => names.length === 0 || names.includes(r.name))
        .filter(r =>
          matchesFilters(
            filters,
            {},
            {
              'region-name': r.name,
              endpoint: `ec2.${r.name}.amazonaws.com`,
              'opt-in-status': r.optInStatus,
            },
          ),
        )
        .map(r => ({
          regionName: r.name,
          regionEndpoint: `ec2.${r.name}.amazonaws.com`,
          optInStatus: r.optInStatus,
        })),
    };
  },
  DescribeInstanceTypeOfferings(ctx: AwsContext, params) {
    const locationType = str(params, 'LocationType') ?? 'region';
    const locations =
      locationType === 'region'
        ? [ctx.region]
        : ZONES.map((z, i) =>
            locationType === 'availability-zone'
              ? `${ctx.region}${z}`
              : zoneId(ctx.region, i),
          );
    const filters = filtersOf(params);
    const offerings = INSTANCE_TYPES.filter(t =>
      isInstanceTypeOffered(t, ctx.region),
    ).flatMap(instanceType =>
      locations
        .filter(location =>
          matchesFilters(
            filters,
            {},
            { 'instance-type': instanceType, location },
          ),
        )
        .map(location => ({ instanceType, locationType, location })),
    );
    const { page, nextToken } = ec2Page(
      params,
      'DescribeInstanceTypeOfferings',
      offerings,
      1000,
    );
    return { instanceTypeOfferingSet: page, nextToken };
  },
};
