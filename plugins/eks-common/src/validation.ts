/**
 * Input rules shared by the scaffolder actions, the backend routes and the
 * scaffolder field extensions. Each rule returns `undefined` when the value is
 * valid, or a sentence stating the rule it breaks, so that a caller can name
 * the field: `${field} ${message}`.
 *
 * @packageDocumentation
 */

/**
 * A rule: returns undefined for a valid value, else the rule broken.
 *
 * The rules of this module also carry their `statement`: the rule in the
 * words its refusals use, for help texts and input schemas (the scaffolder
 * actions' field descriptions are built from it), so that what a field says
 * it accepts and what it refuses are one text.
 *
 * @public
 */
export interface ValidationRule {
  (value: string): string | undefined;
  /** The rule in words, e.g. `must be a 12-digit AWS account id`. */
  readonly statement?: string;
  /**
   * The pattern a valid value matches, where the rule is one: the eks
   * backend's OpenAPI spec states it from here.
   */
  readonly pattern?: RegExp;
  /** The most characters a valid value has, where the rule says. */
  readonly maxLength?: number;
}

/** Gives a rule its statement (and the pattern and length it checks). */
function stated<F extends (value: string) => string | undefined>(
  check: F,
  statement: string,
  shape: { pattern?: RegExp; maxLength?: number } = {},
): F & { readonly statement: string } {
  return Object.assign(check, { statement, ...shape });
}

/** A non-empty string of at most `maxLength` characters matching `pattern`. */
const rule = (
  pattern: RegExp,
  description: string,
  maxLength?: number,
): ValidationRule =>
  stated(
    value => {
      if (typeof value !== 'string' || value.length === 0) {
        return 'must not be empty';
      }
      if (maxLength !== undefined && value.length > maxLength) {
        return `must be at most ${maxLength} characters (got ${value.length})`;
      }
      return pattern.test(value) ? undefined : description;
    },
    maxLength === undefined
      ? description
      : `${description}; at most ${maxLength} characters`,
    { pattern, maxLength },
  );

/** A string matching `pattern` (which says the length), else `description`. */
const patternRule = (pattern: RegExp, description: string): ValidationRule =>
  stated(
    value =>
      typeof value === 'string' && pattern.test(value)
        ? undefined
        : description,
    description,
    { pattern },
  );

/** EKS cluster names (CreateCluster's rule). @public */
export const validateClusterName = rule(
  /^[0-9A-Za-z][A-Za-z0-9_-]*$/,
  'must start with a letter or digit and contain only letters, digits, hyphens and underscores',
  100,
);

/** Kubernetes versions as EKS names them, e.g. `1.33`. @public */
export const validateKubernetesVersion = rule(
  /^1\.\d{1,2}$/,
  'must be a Kubernetes minor version such as "1.33"',
);

/** A Kubernetes namespace: an RFC 1123 DNS label. @public */
export const validateNamespace = rule(
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
  'must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit',
  63,
);

/** A Kubernetes service account name: an RFC 1123 DNS subdomain. @public */
export const validateServiceAccountName = rule(
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
  'must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit',
  253,
);

/** An EKS add-on name, e.g. `vpc-cni` or `aws-ebs-csi-driver`. @public */
export const validateAddonName = rule(
  /^[a-z0-9][a-z0-9._-]*$/,
  'must be an EKS add-on name: lower-case letters, digits, ".", "_" and "-"',
  100,
);

/** An add-on version, or `latest` / `default`. @public */
export const validateAddonVersion = rule(
  /^(latest|default|v\d+\.\d+\.\d+(-eksbuild\.\d+)?.*)$/,
  'must be "latest", "default" or an exact version such as "v1.19.2-eksbuild.1"',
  100,
);

/** A VPC subnet id. @public */
export const validateSubnetId = rule(
  /^subnet-[0-9a-f]{8}([0-9a-f]{9})?$/,
  'must be a subnet id such as "subnet-0123456789abcdef0"',
);

/** An EC2 instance type such as `m7i.large`: family, ".", size. @public */
export const validateInstanceType = rule(
  /^[a-z][a-z0-9-]*\.[a-z0-9]+$/,
  'must be an EC2 instance type such as "m7i.large" (lower-case family, ".", size)',
  64,
);

/** A VPC id. @public */
export const validateVpcId = rule(
  /^vpc-[0-9a-f]{8}([0-9a-f]{9})?$/,
  'must be a VPC id such as "vpc-0123456789abcdef0"',
);

/**
 * EKS's rule for a cluster's subnets: they must be in at least two
 * Availability Zones (CreateCluster refuses fewer; see "VPC and subnet
 * requirements" in the EKS user guide).
 *
 * @public
 */
export const MIN_CLUSTER_SUBNET_ZONES = 2;

/**
 * What is wrong with the Availability Zones of a cluster's subnets, or
 * undefined when they span at least {@link MIN_CLUSTER_SUBNET_ZONES}.
 *
 * @public
 */
export function clusterSubnetZonesProblem(
  zones: (string | undefined)[],
): string | undefined {
  const distinct = [...new Set(zones.filter(Boolean))].sort();
  if (distinct.length >= MIN_CLUSTER_SUBNET_ZONES) return undefined;
  return `must be in at least ${MIN_CLUSTER_SUBNET_ZONES} Availability Zones (EKS requires it)${
    distinct.length === 1 ? `: all are in ${distinct[0]}` : ''
  }`;
}

/** A security group id. @public */
export const validateSecurityGroupId = rule(
  /^sg-[0-9a-f]{8}([0-9a-f]{9})?$/,
  'must be a security group id such as "sg-0123456789abcdef0"',
);

/** An AWS region name. @public */
export const validateRegion = rule(
  /^[a-z]{2}(-[a-z]+)+-\d$/,
  'must be an AWS region such as "eu-west-1"',
);

/** A 12-digit AWS account id. @public */
export const validateAccountId = rule(
  /^\d{12}$/,
  'must be a 12-digit AWS account id',
);

const IAM_ROLE_ARN_RULE =
  'must be an IAM role ARN such as "arn:aws:iam::123456789012:role/my-role"';

const IAM_ARN =
  /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc):iam::(\d{12}):(role|user)\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

/**
 * An IAM role ARN; with `accountId`, the role must also live in that account.
 *
 * @public
 */
export const validateIamRoleArn = stated(
  (
    value: string,
    opts: { accountId?: string; partition?: string } = {},
  ): string | undefined => {
    if (!value) return 'must not be empty';
    const m = IAM_ARN.exec(value);
    if (!m || m[3] !== 'role') {
      return IAM_ROLE_ARN_RULE;
    }
    if (opts.partition && m[1] !== opts.partition) {
      return `must be in partition "${opts.partition}" (got "${m[1]}")`;
    }
    if (opts.accountId && m[2] !== opts.accountId) {
      return `must be a role in account ${opts.accountId} (got ${m[2]})`;
    }
    return undefined;
  },
  IAM_ROLE_ARN_RULE,
);

const IAM_PRINCIPAL_ARN_RULE =
  'must be an IAM role or user ARN such as "arn:aws:iam::123456789012:role/admins"';

/**
 * An IAM principal (role or user) ARN, as access entries accept.
 *
 * @public
 */
export const validateIamPrincipalArn: ValidationRule = stated(
  (value: string): string | undefined => {
    if (!value) return 'must not be empty';
    return IAM_ARN.test(value) ? undefined : IAM_PRINCIPAL_ARN_RULE;
  },
  IAM_PRINCIPAL_ARN_RULE,
);

const IAM_PRINCIPAL_SEARCH = /^[\w+=,.@/:-]*$/;
const IAM_PRINCIPAL_SEARCH_RULE =
  'must be part of an IAM role or user name or ARN: letters, digits and +=,.@_-/:';

/**
 * What a person types to find IAM roles and users: part of a name or ARN
 * (IAM names use letters, digits and `+=,.@_-`, ARNs add `:` and `/`), at
 * most 200 characters; empty finds all.
 *
 * @public
 */
export const validateIamPrincipalSearch: ValidationRule = stated(
  (value: string): string | undefined => {
    if (value.length > 200) {
      return `must be at most 200 characters (got ${value.length})`;
    }
    return IAM_PRINCIPAL_SEARCH.test(value)
      ? undefined
      : IAM_PRINCIPAL_SEARCH_RULE;
  },
  `${IAM_PRINCIPAL_SEARCH_RULE}; at most 200 characters`,
  { pattern: IAM_PRINCIPAL_SEARCH, maxLength: 200 },
);

/** An IAM role name (without path). @public */
export const validateIamRoleName = rule(
  /^[\w+=,.@-]+$/,
  'must contain only letters, digits and "+=,.@_-"',
  64,
);

/** An IAM managed policy ARN. @public */
export const validateIamPolicyArn = rule(
  /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc):iam::(\d{12}|aws):policy\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,128}$/,
  'must be an IAM policy ARN such as "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"',
);

/**
 * A managed node group name: letters, digits, "-" and "_", starting with a
 * letter or digit, up to 63 characters (CreateNodegroup's rule).
 *
 * @public
 */
export const validateNodeGroupName = rule(
  /^[0-9A-Za-z][A-Za-z0-9_-]*$/,
  'must start with a letter or digit and contain only letters, digits, hyphens and underscores',
  63,
);

/**
 * An SQS queue name (standard queues): 1-80 letters, digits, "-" and "_".
 *
 * @public
 */
export const validateSqsQueueName = patternRule(
  /^[A-Za-z0-9_-]{1,80}$/,
  'must be an SQS queue name: 1-80 letters, digits, "-" and "_"',
);

/**
 * A Kubernetes CPU quantity in whole cores or millicores, e.g. `100` or
 * `500m` (a NodePool's `limits.cpu`).
 *
 * @public
 */
export const validateCpuQuantity = patternRule(
  /^\d+(m)?$/,
  'must be a CPU quantity such as "100" or "500m"',
);

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
