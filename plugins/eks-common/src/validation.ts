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
