import {
  paginateDescribeInstanceTypeOfferings,
  paginateDescribeSubnets,
  paginateDescribeVpcs,
  type Tag,
} from '@aws-sdk/client-ec2';
import { paginateListRoles, paginateListUsers } from '@aws-sdk/client-iam';
import type {
  IamPrincipal,
  IamPrincipalsResponse,
  InstanceTypesResponse,
  SubnetListItem,
  SubnetsResponse,
  VpcsResponse,
} from '@backstage-eks/plugin-eks-common';
import type { AwsClientFactory, AwsTarget } from '../aws/AwsClientFactory';

/** How many principals {@link AccountResourcesService.iamPrincipals} answers at most by default. */
export const DEFAULT_IAM_PRINCIPAL_LIMIT = 50;

/** IAM's largest page (MaxItems). */
const IAM_PAGE_SIZE = 1000;
/** EC2's largest page (MaxResults). */
const EC2_PAGE_SIZE = 1000;

const PUBLIC_SUBNET_TAG = 'kubernetes.io/role/elb';
const PRIVATE_SUBNET_TAG = 'kubernetes.io/role/internal-elb';

function nameTag(tags: Tag[] | undefined): string | undefined {
  return tags?.find(t => t.Key === 'Name')?.Value || undefined;
}

function hasTag(tags: Tag[] | undefined, key: string): boolean {
  return tags?.some(t => t.Key === key && t.Value !== '0') ?? false;
}

/** Private by `kubernetes.io/role/internal-elb`, else public by `kubernetes.io/role/elb`. */
function visibilityOf(tags: Tag[] | undefined): SubnetListItem['visibility'] {
  if (hasTag(tags, PRIVATE_SUBNET_TAG)) return 'private';
  if (hasTag(tags, PUBLIC_SUBNET_TAG)) return 'public';
  return undefined;
}

/**
 * What an account already has, for the form's pickers: IAM roles and users
 * (cluster administrators), VPCs and their subnets, and the EC2 instance
 * types offered in a region. Read-only.
 *
 * @public
 */
export class AccountResourcesService {
  constructor(private readonly awsClients: AwsClientFactory) {}

  /**
   * The account's IAM roles and users whose name or ARN contains `search`
   * (any case; all when empty), sorted by name, at most `limit`; `truncated`
   * when more matched. IAM is global, so the region does not matter.
   */
  async iamPrincipals(
    opts: { search?: string; limit?: number },
    target: Partial<AwsTarget>,
  ): Promise<IamPrincipalsResponse> {
    const limit = opts.limit ?? DEFAULT_IAM_PRINCIPAL_LIMIT;
    const needle = (opts.search ?? '').toLowerCase();
    const matches = (p: IamPrincipal) =>
      !needle ||
      p.name.toLowerCase().includes(needle) ||
      p.arn.toLowerCase().includes(needle);
    const aws = await this.awsClients.forTarget(target);
    // Each list stops once it has more matches than the answer can hold.
    const roles: IamPrincipal[] = [];
    for await (const page of paginateListRoles(
      { client: aws.iam, pageSize: IAM_PAGE_SIZE },
      {},
    )) {
      for (const r of page.Roles ?? []) {
        const p: IamPrincipal = {
          arn: r.Arn!,
          name: r.RoleName!,
          type: 'role',
          path: r.Path ?? '/',
        };
        if (matches(p)) roles.push(p);
      }
      if (roles.length > limit) break;
    }
    const users: IamPrincipal[] = [];
    for await (const page of paginateListUsers(
      { client: aws.iam, pageSize: IAM_PAGE_SIZE },
      {},
    )) {
      for (const u of page.Users ?? []) {
        const p: IamPrincipal = {
          arn: u.Arn!,
          name: u.UserName!,
          type: 'user',
          path: u.Path ?? '/',
        };
        if (matches(p)) users.push(p);
      }
      if (users.length > limit) break;
    }
    const all = [...roles, ...users].sort(
      (a, b) =>
        a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) ||
        a.type.localeCompare(b.type),
    );
    return { principals: all.slice(0, limit), truncated: all.length > limit };
  }

  /** The VPCs of the account and region, default first, then by name and id. */
  async vpcs(target: Partial<AwsTarget>): Promise<VpcsResponse> {
    const aws = await this.awsClients.forTarget(target);
    const vpcs: VpcsResponse['vpcs'] = [];
    for await (const page of paginateDescribeVpcs(
      { client: aws.ec2, pageSize: EC2_PAGE_SIZE },
      {},
    )) {
      for (const v of page.Vpcs ?? []) {
        vpcs.push({
          vpcId: v.VpcId!,
          cidrBlock: v.CidrBlock,
          name: nameTag(v.Tags),
          isDefault: v.IsDefault === true,
        });
      }
    }
    vpcs.sort(
      (a, b) =>
        Number(b.isDefault) - Number(a.isDefault) ||
        (a.name ?? '\uffff').localeCompare(b.name ?? '\uffff') ||
        a.vpcId.localeCompare(b.vpcId),
    );
    return { vpcs };
  }

  /**
   * The subnets of a VPC, by Availability Zone then CIDR, each public or
   * private by the load balancer role tags (`kubernetes.io/role/elb`,
   * `kubernetes.io/role/internal-elb`) that cluster creation discovers
   * subnets by.
   */
  async subnets(
    opts: { vpcId: string },
    target: Partial<AwsTarget>,
  ): Promise<SubnetsResponse> {
    const aws = await this.awsClients.forTarget(target);
    const subnets: SubnetListItem[] = [];
    for await (const page of paginateDescribeSubnets(
      { client: aws.ec2, pageSize: EC2_PAGE_SIZE },
      { Filters: [{ Name: 'vpc-id', Values: [opts.vpcId] }] },
    )) {
      for (const s of page.Subnets ?? []) {
        subnets.push({
          subnetId: s.SubnetId!,
          vpcId: s.VpcId ?? opts.vpcId,
          availabilityZone: s.AvailabilityZone,
          cidrBlock: s.CidrBlock,
          name: nameTag(s.Tags),
          visibility: visibilityOf(s.Tags),
        });
      }
    }
    subnets.sort(
      (a, b) =>
        (a.availabilityZone ?? '').localeCompare(b.availabilityZone ?? '') ||
        (a.cidrBlock ?? '').localeCompare(b.cidrBlock ?? '', 'en', {
          numeric: true,
        }) ||
        a.subnetId.localeCompare(b.subnetId),
    );
    return { subnets };
  }

  /** The EC2 instance types offered in the region (DescribeInstanceTypeOfferings), sorted. */
  async instanceTypes(
    target: Partial<AwsTarget>,
  ): Promise<InstanceTypesResponse> {
    const aws = await this.awsClients.forTarget(target);
    const types = new Set<string>();
    for await (const page of paginateDescribeInstanceTypeOfferings(
      { client: aws.ec2, pageSize: EC2_PAGE_SIZE },
      { LocationType: 'region' },
    )) {
      for (const o of page.InstanceTypeOfferings ?? []) {
        if (o.InstanceType) types.add(o.InstanceType);
      }
    }
    return {
      region: aws.target.region,
      instanceTypes: [...types].sort(compareInstanceTypes),
    };
  }
}

const SIZE_ORDER = [
  'nano',
  'micro',
  'small',
  'medium',
  'large',
  'xlarge',
  'metal',
];

/** Sorts `m5.large` before `m5.xlarge` before `m5.2xlarge`, families alphabetically. */
export function compareInstanceTypes(a: string, b: string): number {
  const [fa, sa = ''] = a.split('.');
  const [fb, sb = ''] = b.split('.');
  if (fa !== fb) return fa.localeCompare(fb, 'en', { numeric: true });
  return sizeRank(sa) - sizeRank(sb) || sa.localeCompare(sb);
}

function sizeRank(size: string): number {
  const m = /^(\d+)xlarge$/.exec(size);
  if (m) return SIZE_ORDER.indexOf('xlarge') + Number(m[1]) / 1000;
  if (size.startsWith('metal')) return SIZE_ORDER.length + 1;
  const i = SIZE_ORDER.indexOf(size);
  return i < 0 ? SIZE_ORDER.length : i;
}
