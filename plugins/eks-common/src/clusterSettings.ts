/**
 * The rules of a cluster's settings beyond its name, version and network:
 * support policy, Provisioned Control Plane tier, control plane egress,
 * EKS Hybrid Nodes' remote networks and when deletion protection is the
 * default. Each rule states itself like those of ./validation.
 */

import type { ValidationRule } from './validation';

/** Gives a rule its statement (and the pattern it checks). */
function stated<F extends (value: string) => string | undefined>(
  check: F,
  statement: string,
  shape: { pattern?: RegExp } = {},
): F & { readonly statement: string } {
  return Object.assign(check, { statement, ...shape });
}

/**
 * What a cluster's `upgradePolicy.supportType` may be: EXTENDED (EKS's
 * default for new clusters: at the end of standard support the cluster
 * enters extended support, billed at $0.60 instead of $0.10 per
 * cluster-hour) or STANDARD (EKS upgrades the cluster automatically when
 * its version's standard support ends).
 *
 * @public
 */
export const UPGRADE_SUPPORT_TYPES = ['STANDARD', 'EXTENDED'] as const;

/** One of {@link UPGRADE_SUPPORT_TYPES}. @public */
export type UpgradeSupportType = (typeof UPGRADE_SUPPORT_TYPES)[number];

/**
 * The price per cluster-hour of the EKS control plane in each support
 * window (Amazon EKS pricing: $0.10 in standard support, $0.60 in extended
 * support), for help texts.
 *
 * @public
 */
export const CLUSTER_HOUR_PRICE_USD: Record<UpgradeSupportType, number> = {
  STANDARD: 0.1,
  EXTENDED: 0.6,
};

/**
 * The control plane scaling tiers of EKS Provisioned Control Plane
 * (ControlPlaneScalingConfig.tier): `standard` scales with the load at no
 * extra cost; each `tier-*` keeps that capacity provisioned and is billed
 * per tier-hour on top of the cluster-hour.
 *
 * @public
 */
export const CONTROL_PLANE_TIERS = [
  'standard',
  'tier-xl',
  'tier-2xl',
  'tier-4xl',
  'tier-8xl',
] as const;

/** One of {@link CONTROL_PLANE_TIERS}. @public */
export type ControlPlaneTier = (typeof CONTROL_PLANE_TIERS)[number];

/**
 * The control plane egress routing modes (resourcesVpcConfig
 * .controlPlaneEgressMode): AWS_MANAGED (EKS's default), CUSTOMER_ROUTED
 * (egress through your VPC's routes; cannot go back to AWS_MANAGED) and
 * CUSTOMER_ISOLATED.
 *
 * @public
 */
export const CONTROL_PLANE_EGRESS_MODES = [
  'AWS_MANAGED',
  'CUSTOMER_ROUTED',
  'CUSTOMER_ISOLATED',
] as const;

/** One of {@link CONTROL_PLANE_EGRESS_MODES}. @public */
export type ControlPlaneEgressMode =
  (typeof CONTROL_PLANE_EGRESS_MODES)[number];

/** A value among a fixed list. */
const oneOf = (values: readonly string[]): ValidationRule => {
  const statement = `must be one of ${values.join(', ')}`;
  return stated(
    value =>
      values.includes(value) ? undefined : `${statement} (got "${value}")`,
    statement,
    { pattern: new RegExp(`^(${values.join('|')})$`) },
  );
};

/** {@link UPGRADE_SUPPORT_TYPES}. @public */
export const validateUpgradeSupportType = oneOf(UPGRADE_SUPPORT_TYPES);

/** {@link CONTROL_PLANE_TIERS}. @public */
export const validateControlPlaneTier = oneOf(CONTROL_PLANE_TIERS);

/** {@link CONTROL_PLANE_EGRESS_MODES}. @public */
export const validateControlPlaneEgressMode = oneOf(CONTROL_PLANE_EGRESS_MODES);

/** An IPv4 CIDR block as numbers: first address and prefix length. */
interface Ipv4Block {
  first: number;
  prefix: number;
}

function parseIpv4Block(text: string): Ipv4Block | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(
    text,
  );
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some(o => o > 255) || prefix > 32) return undefined;
  const first = octets.reduce((n, o) => n * 256 + o, 0);
  if (first % 2 ** (32 - prefix) !== 0) return undefined;
  return { first, prefix };
}

const blockEnd = (b: Ipv4Block) => b.first + 2 ** (32 - b.prefix) - 1;

function blocksOverlap(a: Ipv4Block, b: Ipv4Block): boolean {
  return a.first <= blockEnd(b) && b.first <= blockEnd(a);
}

const RFC1918 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map(
  c => parseIpv4Block(c)!,
);

const REMOTE_NETWORK_RULE =
  'must be an IPv4 CIDR block such as "10.80.0.0/16" (its first address, prefix /8 to /32) within an RFC 1918 range: 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16';

/**
 * A remote node or pod network of EKS Hybrid Nodes
 * (remoteNetworkConfig.remoteNodeNetworks / remotePodNetworks): an IPv4
 * block within RFC 1918, /8 to /32 (EKS's rule; publicly routable
 * addresses are not supported).
 *
 * @public
 */
export const validateRemoteNetworkCidr: ValidationRule = stated(
  (value: string): string | undefined => {
    const block = parseIpv4Block(value ?? '');
    if (!block || block.prefix < 8) return REMOTE_NETWORK_RULE;
    const inside = RFC1918.some(
      r => block.first >= r.first && blockEnd(block) <= blockEnd(r),
    );
    return inside ? undefined : REMOTE_NETWORK_RULE;
  },
  REMOTE_NETWORK_RULE,
);

/** The remote networks of a cluster for EKS Hybrid Nodes. @public */
export interface RemoteNetworks {
  /** CIDR blocks the hybrid nodes' addresses are in. */
  nodeCidrs: string[];
  /** CIDR blocks of the pods on hybrid nodes (needed for webhooks there). */
  podCidrs?: string[];
}

/**
 * What is wrong with a cluster's remote networks beyond each block's form
 * ({@link validateRemoteNetworkCidr}), as EKS refuses it: no node network,
 * blocks that overlap each other, the VPC's CIDR blocks or the Kubernetes
 * service range. Undefined when they are valid; else a sentence starting
 * with the field (`remoteNetwork.podCidrs[0]`).
 *
 * @public
 */
export function remoteNetworksProblem(
  networks: RemoteNetworks,
  around: { vpcCidrs?: string[]; serviceCidr?: string } = {},
): string | undefined {
  const listed = [
    ...networks.nodeCidrs.map((cidr, i) => ({
      field: `remoteNetwork.nodeCidrs[${i}]`,
      cidr,
    })),
    ...(networks.podCidrs ?? []).map((cidr, i) => ({
      field: `remoteNetwork.podCidrs[${i}]`,
      cidr,
    })),
  ];
  if (networks.nodeCidrs.length === 0) {
    return 'remoteNetwork.nodeCidrs must list at least one CIDR block (the networks the hybrid nodes are in)';
  }
  for (const { field, cidr } of listed) {
    const problem = validateRemoteNetworkCidr(cidr);
    if (problem) return `${field} ${problem} (got "${cidr}")`;
  }
  const blocks = listed.map(l => ({ ...l, block: parseIpv4Block(l.cidr)! }));
  for (const [i, a] of blocks.entries()) {
    for (const b of blocks.slice(0, i)) {
      if (blocksOverlap(a.block, b.block)) {
        return `${a.field} must not overlap ${b.field}: ${a.cidr} overlaps ${b.cidr}`;
      }
    }
    const named: [string, string | undefined][] = [
      ...(around.vpcCidrs ?? []).map(
        v => [`the VPC's CIDR block ${v}`, v] as [string, string],
      ),
      [
        `the Kubernetes service range ${around.serviceCidr}`,
        around.serviceCidr,
      ],
    ];
    for (const [what, cidr] of named) {
      const other = cidr ? parseIpv4Block(cidr) : undefined;
      if (other && blocksOverlap(a.block, other)) {
        return `${a.field} must not overlap ${what}: ${a.cidr} overlaps it (EKS requires remote networks outside the VPC and the service range)`;
      }
    }
  }
  return undefined;
}

/**
 * The service CIDR EKS gives an IPv4 cluster created without one:
 * 10.100.0.0/16, or 172.20.0.0/16 when the VPC's block is in 10.0.0.0/8.
 *
 * @public
 */
export function defaultServiceIpv4Cidr(vpcCidr: string | undefined): string {
  const vpc = vpcCidr ? parseIpv4Block(vpcCidr) : undefined;
  return vpc &&
    vpc.first >= RFC1918[0].first &&
    blockEnd(vpc) <= blockEnd(RFC1918[0])
    ? '172.20.0.0/16'
    : '10.100.0.0/16';
}

/**
 * Whether a cluster's tags mark it as production: a tag `environment`,
 * `env` or `stage` (any case) whose value is `production` or `prod` (any
 * case). Production clusters get deletion protection unless the request
 * says otherwise.
 *
 * @public
 */
export function isProductionTagged(
  tags: Record<string, string> | undefined,
): boolean {
  return Object.entries(tags ?? {}).some(
    ([key, value]) =>
      ['environment', 'env', 'stage'].includes(key.toLowerCase()) &&
      ['production', 'prod'].includes(value.trim().toLowerCase()),
  );
}

/**
 * A cluster's settings as DescribeCluster reports them, in the health
 * document's cluster summary (the EKS tab's Cluster card shows them).
 *
 * @public
 */
export interface ClusterSettingsSummary {
  /** upgradePolicy.supportType: STANDARD or EXTENDED. */
  supportType?: string;
  /** Whether EKS refuses to delete the cluster. */
  deletionProtection?: boolean;
  /** Whether ARC zonal shift is enabled. */
  zonalShift?: boolean;
  /** Provisioned Control Plane tier (`standard` when none is provisioned). */
  controlPlaneTier?: string;
  /** Control plane egress mode (AWS_MANAGED, CUSTOMER_ROUTED, CUSTOMER_ISOLATED). */
  controlPlaneEgressMode?: string;
  /** EKS Hybrid Nodes' remote networks, when configured. */
  remoteNetworks?: { nodeCidrs: string[]; podCidrs: string[] };
}
