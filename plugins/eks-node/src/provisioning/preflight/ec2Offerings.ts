import {
  DescribeRegionsCommand,
  Region,
  paginateDescribeInstanceTypeOfferings,
} from '@aws-sdk/client-ec2';
import { InputError } from '@backstage/errors';
import { ProvisioningRun } from '../ProvisioningRun';

/** Network errors that mean the region has no EC2 endpoint at all. */
const NO_ENDPOINT_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN']);

/**
 * Checks that the run's region is an AWS region enabled for the account:
 * EC2 DescribeRegions (all regions, with their opt-in status). A region
 * whose endpoint does not resolve is not a region.
 *
 * @public
 */
export async function checkRegion(
  run: ProvisioningRun,
  field = 'region',
): Promise<void> {
  const { region } = run;
  let regions: Region[];
  try {
    regions =
      (
        await run.aws.ec2.send(
          new DescribeRegionsCommand({
            AllRegions: true,
            RegionNames: [region],
          }),
        )
      ).Regions ?? [];
  } catch (error) {
    const e = error as { code?: string; name?: string };
    if (
      NO_ENDPOINT_CODES.has(e.code ?? '') ||
      e.name === 'InvalidParameterValue'
    ) {
      regions = [];
    } else {
      throw error;
    }
  }
  const found = regions.find(r => r.RegionName === region);
  if (!found) {
    throw new InputError(
      `${field} must be an AWS region (EC2 DescribeRegions does not list "${region}")`,
    );
  }
  if (found.OptInStatus === 'not-opted-in') {
    throw new InputError(
      `${field} must be a region enabled for account ${run.accountId}: ${region} is an opt-in region the account has not enabled (enable it under Account settings, or choose another region)`,
    );
  }
}

/**
 * Checks that EC2 offers every instance type in the run's region
 * (DescribeInstanceTypeOfferings): a type EC2 does not know, or one the
 * region lacks, would only fail later when the node group launches.
 *
 * @public
 */
export async function checkInstanceTypesOffered(
  run: ProvisioningRun,
  field: string,
  instanceTypes: readonly string[],
): Promise<void> {
  if (instanceTypes.length === 0) return;
  const offered = new Set<string>();
  for await (const page of paginateDescribeInstanceTypeOfferings(
    { client: run.aws.ec2 },
    {
      LocationType: 'region',
      Filters: [{ Name: 'instance-type', Values: [...instanceTypes] }],
    },
  )) {
    for (const offering of page.InstanceTypeOfferings ?? []) {
      if (offering.InstanceType) offered.add(offering.InstanceType);
    }
  }
  instanceTypes.forEach((type, index) => {
    if (!offered.has(type)) {
      throw new InputError(
        `${field}[${index}] must be an EC2 instance type offered in ${run.region}: "${type}" is not (EC2 DescribeInstanceTypeOfferings)`,
      );
    }
  });
}
