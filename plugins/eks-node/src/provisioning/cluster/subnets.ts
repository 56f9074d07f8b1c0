import { paginateDescribeSubnets, Filter, Subnet } from '@aws-sdk/client-ec2';
import { InputError } from '@backstage/errors';
import { MIN_CLUSTER_SUBNET_ZONES } from '@backstage-eks/plugin-eks-common';
import { ProvisioningRun } from '../ProvisioningRun';

/** Subnets chosen for a cluster. @public */
export interface SubnetSelection {
  vpcId: string;
  subnetIds: string[];
  availabilityZones: string[];
  /** How they were chosen, for the log. */
  source: 'given' | 'private-tag' | 'public-tag';
}

/** The EKS minimum: subnets in at least two Availability Zones (eks-common's rule, the form's too). */
const MIN_ZONES = MIN_CLUSTER_SUBNET_ZONES;

/**
 * Checks the given subnets (they exist, share one VPC, span >= 2 AZs) or,
 * when none are given, finds them by the load balancer role tags:
 * `kubernetes.io/role/internal-elb` (private) first, then
 * `kubernetes.io/role/elb` (public).
 *
 * @public
 */
export async function selectSubnets(
  run: ProvisioningRun,
  opts: { subnetIds?: string[]; vpcId?: string },
): Promise<SubnetSelection> {
  if (opts.subnetIds) {
    if (opts.subnetIds.length === 0) {
      throw new InputError(
        'subnetIds must list at least 2 subnets in different Availability Zones; an empty list is not "find them": leave subnetIds out to use the tagged subnets',
      );
    }
    const found = await describe(run, [], opts.subnetIds).catch(error => {
      if ((error as Error).name === 'InvalidSubnetID.NotFound') {
        throw new InputError(
          `subnetIds must name existing subnets in ${run.region}: ${
            (error as Error).message
          }`,
        );
      }
      throw error;
    });
    const missing = opts.subnetIds.filter(
      id => !found.some(s => s.SubnetId === id),
    );
    if (missing.length > 0) {
      throw new InputError(
        `subnetIds must name existing subnets in ${
          run.region
        }: not found ${missing.join(', ')}`,
      );
    }
    return summarize(found, 'given', 'subnetIds');
  }
  const vpcFilter: Filter[] = opts.vpcId
    ? [{ Name: 'vpc-id', Values: [opts.vpcId] }]
    : [];
  for (const [tag, source] of [
    ['kubernetes.io/role/internal-elb', 'private-tag'],
    ['kubernetes.io/role/elb', 'public-tag'],
  ] as const) {
    const found = await describe(run, [
      ...vpcFilter,
      { Name: `tag:${tag}`, Values: ['1'] },
    ]);
    const inOneVpc = onlyFirstVpc(found);
    if (zonesOf(inOneVpc).length >= MIN_ZONES) {
      return summarize(inOneVpc, source, 'subnetIds');
    }
  }
  throw new InputError(
    `subnetIds was not given and no subnets tagged kubernetes.io/role/internal-elb or kubernetes.io/role/elb span ${MIN_ZONES} Availability Zones${
      opts.vpcId ? ` in ${opts.vpcId}` : ''
    }: pass subnetIds or tag the subnets`,
  );
}

async function describe(
  run: ProvisioningRun,
  filters: Filter[],
  subnetIds?: string[],
): Promise<Subnet[]> {
  const subnets: Subnet[] = [];
  for await (const page of paginateDescribeSubnets(
    { client: run.aws.ec2 },
    { Filters: filters.length ? filters : undefined, SubnetIds: subnetIds },
  )) {
    subnets.push(...(page.Subnets ?? []));
  }
  return subnets;
}

function onlyFirstVpc(subnets: Subnet[]): Subnet[] {
  const vpcId = subnets[0]?.VpcId;
  return subnets.filter(s => s.VpcId === vpcId);
}

function zonesOf(subnets: Subnet[]): string[] {
  return [...new Set(subnets.map(s => s.AvailabilityZone ?? ''))]
    .filter(Boolean)
    .sort();
}

function summarize(
  subnets: Subnet[],
  source: SubnetSelection['source'],
  field: string,
): SubnetSelection {
  const vpcs = [...new Set(subnets.map(s => s.VpcId))];
  if (vpcs.length > 1) {
    throw new InputError(
      `${field} must all be in one VPC (got ${vpcs.join(', ')})`,
    );
  }
  const zones = zonesOf(subnets);
  if (zones.length < MIN_ZONES) {
    throw new InputError(
      `${field} must span at least ${MIN_ZONES} Availability Zones (got ${
        zones.join(', ') || 'none'
      })`,
    );
  }
  return {
    vpcId: vpcs[0] ?? '',
    subnetIds: subnets.map(s => s.SubnetId ?? '').sort(),
    availabilityZones: zones,
    source,
  };
}
