import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { AwsError } from '../AwsError';
import type { AwsContext } from '../context';
import { trustsService } from '../iam/policies';
import ec2Model from '../models/ec2.json';
import type { ServiceModel } from '../models/types';

/**
 * EKS's input rules beyond the model's shapes (roles the service can assume,
 * CIDR blocks, instance types), with EKS's wording where it is known. Each
 * rule is listed in packages/sandbox/RULES.md with its reference.
 */

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/;

function invalidParameter(message: string) {
  return new AwsError('InvalidParameterException', message);
}

function roleByArn(ctx: AwsContext, arn: string) {
  const account = arn.split(':')[4];
  return /^\d{12}$/.test(account)
    ? ctx.state.account(account).iam.roleByArn(arn)
    : undefined;
}

/**
 * CreateCluster's roleArn: a role that exists and trusts eks.amazonaws.com,
 * or EKS's "could not be assumed" error.
 */
export function requireClusterRole(ctx: AwsContext, arn: string) {
  const role = ROLE_ARN.test(arn) ? roleByArn(ctx, arn) : undefined;
  if (!role || !trustsService(role, 'eks.amazonaws.com')) {
    throw invalidParameter(
      `Role with arn: ${arn}, could not be assumed because it does not exist or the trusted entity is not correct`,
    );
  }
  return role;
}

/**
 * A managed node group's nodeRole: it must trust ec2.amazonaws.com (the
 * instances assume it), or EKS names the missing service principal.
 */
export function requireNodeRoleTrust(ctx: AwsContext, arn: string) {
  const role = roleByArn(ctx, arn);
  if (role && !trustsService(role, 'ec2.amazonaws.com')) {
    throw invalidParameter(
      `Following required service principals [ec2.amazonaws.com] were not found in the trust relationships of nodeRole ${arn}`,
    );
  }
}

/**
 * An EKS Pod Identity association's role: it must exist and trust
 * pods.eks.amazonaws.com for sts:AssumeRole (and sts:TagSession unless
 * session tags are disabled).
 */
export function requirePodIdentityRole(
  ctx: AwsContext,
  arn: string,
  disableSessionTags: boolean,
) {
  const role = ROLE_ARN.test(arn) ? roleByArn(ctx, arn) : undefined;
  if (!role) {
    throw invalidParameter('Role provided in the request does not exist');
  }
  const trusted =
    trustsService(role, 'pods.eks.amazonaws.com', 'sts:AssumeRole') &&
    (disableSessionTags ||
      trustsService(role, 'pods.eks.amazonaws.com', 'sts:TagSession'));
  if (!trusted) {
    throw invalidParameter(
      'Trust policy of the role provided is invalid. Follow the official documentation to resolve the issue.',
    );
  }
  return role;
}

interface Cidr {
  family: 'ipv4' | 'ipv6';
  address: string;
  prefix: number;
}

/** Parses an `address/prefix` CIDR block (the address must be the block's first). */
export function parseCidr(text: string): Cidr | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(text);
  if (!match) return undefined;
  const [, address, prefixText] = match;
  const prefix = Number(prefixText);
  if (isIPv4(address) && prefix <= 32) {
    const ip = address.split('.').reduce((n, o) => n * 256 + Number(o), 0);
    const hostBits = 2 ** (32 - prefix);
    if (ip % hostBits !== 0) return undefined;
    return { family: 'ipv4', address, prefix };
  }
  if (isIPv6(address) && prefix <= 128) {
    return { family: 'ipv6', address, prefix };
  }
  return undefined;
}

/**
 * publicAccessCidrs: well-formed CIDR blocks; an IPv4 cluster takes IPv4
 * blocks only. EKS lists the invalid ones.
 */
export function checkPublicAccessCidrs(cidrs: string[], ipFamily: string) {
  const invalid = cidrs.filter(c => {
    const cidr = parseCidr(c);
    return !cidr || (ipFamily === 'ipv4' && cidr.family !== 'ipv4');
  });
  if (invalid.length > 0) {
    throw invalidParameter(
      `The following CIDRs are invalid in publicAccessCidrs: [${invalid.join(
        ',',
      )}]`,
    );
  }
}

const PRIVATE_BLOCKS: [string, number][] = [
  ['10.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
];

function lastAddress(cidr: Cidr): string {
  const ip = cidr.address.split('.').reduce((n, o) => n * 256 + Number(o), 0);
  const last = ip + 2 ** (32 - cidr.prefix) - 1;
  return [24, 16, 8, 0]
    .map(shift => Math.floor(last / 2 ** shift) % 256)
    .join('.');
}

function within(cidr: Cidr, blocks: [string, number][]): boolean {
  const list = new BlockList();
  for (const [address, prefix] of blocks)
    list.addSubnet(address, prefix, 'ipv4');
  return (
    list.check(cidr.address, 'ipv4') && list.check(lastAddress(cidr), 'ipv4')
  );
}

function overlaps(a: Cidr, b: Cidr): boolean {
  const list = new BlockList();
  list.addSubnet(b.address, b.prefix, 'ipv4');
  const other = new BlockList();
  other.addSubnet(a.address, a.prefix, 'ipv4');
  return list.check(a.address, 'ipv4') || other.check(b.address, 'ipv4');
}

/**
 * kubernetesNetworkConfig.serviceIpv4Cidr: within 10.0.0.0/8, 172.16.0.0/12 or
 * 192.168.0.0/16, between /24 and /12, not overlapping the VPC; only for
 * IPv4 clusters. Without one, EKS takes 10.100.0.0/16, or 172.20.0.0/16 when
 * the VPC's block is in 10.0.0.0/8.
 */
export function serviceIpv4Cidr(
  requested: string | undefined,
  ipFamily: string,
  vpcCidr: string | undefined,
): string | undefined {
  const vpc = vpcCidr ? parseCidr(vpcCidr) : undefined;
  if (requested === undefined) {
    if (ipFamily !== 'ipv4') return undefined;
    return vpc && within(vpc, [['10.0.0.0', 8]])
      ? '172.20.0.0/16'
      : '10.100.0.0/16';
  }
  if (ipFamily !== 'ipv4') {
    throw invalidParameter(
      'kubernetesNetworkConfig.serviceIpv4Cidr: do not specify a value when ipFamily is ipv6',
    );
  }
  const cidr = parseCidr(requested);
  if (
    !cidr ||
    cidr.family !== 'ipv4' ||
    cidr.prefix < 12 ||
    cidr.prefix > 24 ||
    !within(cidr, PRIVATE_BLOCKS)
  ) {
    throw invalidParameter(
      `kubernetesNetworkConfig.serviceIpv4Cidr: ${requested} must be a block between /24 and /12 within 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16`,
    );
  }
  if (vpc && overlaps(cidr, vpc)) {
    throw invalidParameter(
      `kubernetesNetworkConfig.serviceIpv4Cidr: ${requested} overlaps the VPC's CIDR block ${vpcCidr}`,
    );
  }
  return requested;
}

const INSTANCE_TYPES: ReadonlySet<string> = new Set(
  (ec2Model as unknown as ServiceModel).shapes.InstanceType.enum ?? [],
);

/** Whether EC2 knows an instance type (the InstanceType enum of EC2's published model). */
export function isKnownInstanceType(type: string): boolean {
  return INSTANCE_TYPES.has(type);
}

/** The remote networks EKS Hybrid Nodes use, as a cluster stores them. */
export interface RemoteNetworkConfig {
  remoteNodeNetworks: { cidrs: string[] }[];
  remotePodNetworks: { cidrs: string[] }[];
}

function cidrsOf(list: unknown, field: string): string[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw invalidParameter(`${field} must be a list`);
  return list.flatMap((network: unknown, i: number) => {
    const cidrs = (network as { cidrs?: unknown } | null)?.cidrs ?? [];
    if (!Array.isArray(cidrs) || cidrs.some(c => typeof c !== 'string')) {
      throw invalidParameter(`${field}[${i}].cidrs must be a list of strings`);
    }
    return cidrs as string[];
  });
}

/**
 * remoteNetworkConfig (CreateCluster, UpdateClusterConfig): each block an
 * IPv4 CIDR within RFC 1918, /8 to /32, none overlapping another, the VPC's
 * blocks or the service range; pod networks need node networks; IPv4
 * clusters only. Returns what the cluster stores.
 */
export function checkRemoteNetworkConfig(
  config: Record<string, unknown>,
  cluster: { ipFamily: string; vpcCidrs: string[]; serviceCidr?: string },
): RemoteNetworkConfig {
  const nodes = cidrsOf(
    config.remoteNodeNetworks,
    'remoteNetworkConfig.remoteNodeNetworks',
  );
  const pods = cidrsOf(
    config.remotePodNetworks,
    'remoteNetworkConfig.remotePodNetworks',
  );
  if (cluster.ipFamily !== 'ipv4' && nodes.length + pods.length > 0) {
    throw invalidParameter(
      'remoteNetworkConfig is only supported for clusters with ipFamily ipv4',
    );
  }
  if (pods.length > 0 && nodes.length === 0) {
    throw invalidParameter(
      'remoteNetworkConfig.remotePodNetworks requires remoteNetworkConfig.remoteNodeNetworks',
    );
  }
  const all = [
    ...nodes.map(c => ['remoteNodeNetworks', c] as const),
    ...pods.map(c => ['remotePodNetworks', c] as const),
  ];
  const parsed: [string, string, Cidr][] = [];
  for (const [field, text] of all) {
    const cidr = parseCidr(text);
    if (
      !cidr ||
      cidr.family !== 'ipv4' ||
      cidr.prefix < 8 ||
      !within(cidr, PRIVATE_BLOCKS)
    ) {
      throw invalidParameter(
        `remoteNetworkConfig.${field}: ${text} is invalid; each CIDR must be an IPv4 block between /8 and /32 within an RFC-1918 range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)`,
      );
    }
    for (const [otherField, otherText, other] of parsed) {
      if (overlaps(cidr, other)) {
        throw invalidParameter(
          `remoteNetworkConfig.${field}: ${text} overlaps ${otherText} in ${otherField}`,
        );
      }
    }
    const reserved = [
      ...cluster.vpcCidrs.map(v => [`the VPC CIDR ${v}`, v] as const),
      ...(cluster.serviceCidr
        ? [
            [
              `the Kubernetes service CIDR ${cluster.serviceCidr}`,
              cluster.serviceCidr,
            ] as const,
          ]
        : []),
    ];
    for (const [what, reservedText] of reserved) {
      const block = parseCidr(reservedText);
      if (block?.family === 'ipv4' && overlaps(cidr, block)) {
        throw invalidParameter(
          `remoteNetworkConfig.${field}: ${text} overlaps ${what}`,
        );
      }
    }
    parsed.push([field, text, cidr]);
  }
  return {
    remoteNodeNetworks: nodes.length ? [{ cidrs: nodes }] : [],
    remotePodNetworks: pods.length ? [{ cidrs: pods }] : [],
  };
}

/** resourcesVpcConfig.controlPlaneEgressMode's values; AWS_MANAGED is EKS's default. */
export const CONTROL_PLANE_EGRESS_MODES = [
  'AWS_MANAGED',
  'CUSTOMER_ROUTED',
  'CUSTOMER_ISOLATED',
];

/** A control plane egress mode EKS knows, or its refusal. */
export function checkControlPlaneEgressMode(mode: unknown): string {
  if (typeof mode !== 'string' || !CONTROL_PLANE_EGRESS_MODES.includes(mode)) {
    throw invalidParameter(
      `resourcesVpcConfig.controlPlaneEgressMode: ${String(
        mode,
      )} is not valid; valid values: ${CONTROL_PLANE_EGRESS_MODES.join(', ')}`,
    );
  }
  return mode;
}
