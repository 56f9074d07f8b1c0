/*
 * The CEL rules (x-kubernetes-validations) of Karpenter's v1 CRDs that matter
 * to this product, each as a small check named by the rule it implements.
 * The rule texts and messages are those of the CRDs Karpenter publishes
 * (pkg/apis/crds/karpenter.sh_nodepools.yaml and
 * karpenter.k8s.aws_ec2nodeclasses.yaml of aws/karpenter-provider-aws); the
 * CRDs the sandbox installs carry them at the same places
 * (see karpenterCrds.ts), and validation evaluates each through this table.
 */

type Json = any;

/** A rule as a CRD carries it, with the check that implements it. */
export interface CelRule {
  rule: string;
  message: string;
  /** True when the value is valid. `oldSelf` is set for transition rules on update. */
  check: (self: Json, oldSelf?: Json) => boolean;
  /** Transition rules (using oldSelf) are only evaluated on update. */
  transition?: boolean;
}

const has = (obj: Json, field: string) =>
  obj !== null && typeof obj === 'object' && obj[field] !== undefined;

/** CEL's `s.find('^([^/]+)')`: the label key's domain, or the whole key. */
const domainOf = (key: string) => /^([^/]+)/.exec(key)?.[1] ?? '';

const WELL_KNOWN_KUBERNETES_LABELS = [
  'beta.kubernetes.io/instance-type',
  'failure-domain.beta.kubernetes.io/region',
  'beta.kubernetes.io/os',
  'beta.kubernetes.io/arch',
  'failure-domain.beta.kubernetes.io/zone',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
  'node.kubernetes.io/instance-type',
  'kubernetes.io/arch',
  'kubernetes.io/os',
  'node.kubernetes.io/windows-build',
];

const WELL_KNOWN_AWS_LABELS = [
  'karpenter.k8s.aws/ec2nodeclass',
  'karpenter.k8s.aws/instance-encryption-in-transit-supported',
  'karpenter.k8s.aws/instance-category',
  'karpenter.k8s.aws/instance-hypervisor',
  'karpenter.k8s.aws/instance-family',
  'karpenter.k8s.aws/instance-generation',
  'karpenter.k8s.aws/instance-local-nvme',
  'karpenter.k8s.aws/instance-size',
  'karpenter.k8s.aws/instance-cpu',
  'karpenter.k8s.aws/instance-cpu-manufacturer',
  'karpenter.k8s.aws/instance-cpu-sustained-clock-speed-mhz',
  'karpenter.k8s.aws/instance-memory',
  'karpenter.k8s.aws/instance-ebs-bandwidth',
  'karpenter.k8s.aws/instance-network-bandwidth',
  'karpenter.k8s.aws/instance-gpu-name',
  'karpenter.k8s.aws/instance-gpu-manufacturer',
  'karpenter.k8s.aws/instance-gpu-count',
  'karpenter.k8s.aws/instance-gpu-memory',
  'karpenter.k8s.aws/instance-accelerator-name',
  'karpenter.k8s.aws/instance-accelerator-manufacturer',
  'karpenter.k8s.aws/instance-accelerator-count',
  'karpenter.k8s.aws/instance-capability-flex',
];

const quote = (values: string[]) => values.map(v => `"${v}"`).join(', ');

/** The restrictions on a requirement's key (NodePool and NodeClaim). */
export const REQUIREMENT_KEY_RULES: CelRule[] = [
  {
    rule: `self in [${quote(
      WELL_KNOWN_KUBERNETES_LABELS,
    )}] || self.find("^([^/]+)").endsWith("node.kubernetes.io") || self.find("^([^/]+)").endsWith("node-restriction.kubernetes.io") || !self.find("^([^/]+)").endsWith("kubernetes.io")`,
    message: 'label domain "kubernetes.io" is restricted',
    check: (self: string) =>
      WELL_KNOWN_KUBERNETES_LABELS.includes(self) ||
      domainOf(self).endsWith('node.kubernetes.io') ||
      domainOf(self).endsWith('node-restriction.kubernetes.io') ||
      !domainOf(self).endsWith('kubernetes.io'),
  },
  {
    rule: `self.find("^([^/]+)").endsWith("kops.k8s.io") || !self.find("^([^/]+)").endsWith("k8s.io")`,
    message: 'label domain "k8s.io" is restricted',
    check: (self: string) =>
      domainOf(self).endsWith('kops.k8s.io') ||
      !domainOf(self).endsWith('k8s.io'),
  },
  {
    rule: `self in ["karpenter.sh/capacity-type", "karpenter.sh/nodepool"] || !self.find("^([^/]+)").endsWith("karpenter.sh")`,
    message: 'label domain "karpenter.sh" is restricted',
    check: (self: string) =>
      ['karpenter.sh/capacity-type', 'karpenter.sh/nodepool'].includes(self) ||
      !domainOf(self).endsWith('karpenter.sh'),
  },
  {
    rule: `self != "kubernetes.io/hostname"`,
    message: 'label "kubernetes.io/hostname" is restricted',
    check: (self: string) => self !== 'kubernetes.io/hostname',
  },
  {
    rule: `self in [${quote(
      WELL_KNOWN_AWS_LABELS,
    )}] || !self.find("^([^/]+)").endsWith("karpenter.k8s.aws")`,
    message: 'label domain "karpenter.k8s.aws" is restricted',
    check: (self: string) =>
      WELL_KNOWN_AWS_LABELS.includes(self) ||
      !domainOf(self).endsWith('karpenter.k8s.aws'),
  },
];

/**
 * On a NodePool template's labels: the same restrictions, for every key
 * (`self.all(x, ...)`).
 */
export const TEMPLATE_LABELS_RULES: CelRule[] = [
  ...REQUIREMENT_KEY_RULES,
  {
    rule: `self != "karpenter.sh/nodepool"`,
    message: 'label "karpenter.sh/nodepool" is restricted',
    check: (self: string) => self !== 'karpenter.sh/nodepool',
  },
].map(r => ({
  rule: `self.all(x, ${r.rule.replace(/\bself\b/g, 'x')})`,
  message: r.message,
  check: (self: Record<string, string>) =>
    Object.keys(self).every(key => r.check(key)),
}));

/** On a NodePool's disruption budgets. */
export const BUDGETS_RULE: CelRule = {
  rule: 'self.all(x, has(x.schedule) == has(x.duration))',
  message: "'schedule' must be set with 'duration'",
  check: (self: Json[]) =>
    self.every(x => has(x, 'schedule') === has(x, 'duration')),
};

/** NodePool only: a pool cannot require its own label. */
export const NODEPOOL_REQUIREMENT_KEY_RULE: CelRule = {
  rule: `self != "karpenter.sh/nodepool"`,
  message: 'label "karpenter.sh/nodepool" is restricted',
  check: (self: string) => self !== 'karpenter.sh/nodepool',
};

/** On the requirements list of a NodePool's template and of a NodeClaim. */
export const REQUIREMENTS_RULES: CelRule[] = [
  {
    rule: "self.all(x, x.operator == 'In' ? x.values.size() != 0 : true)",
    message: "requirements with operator 'In' must have a value defined",
    check: (self: Json[]) =>
      self.every(x =>
        x.operator === 'In' ? (x.values ?? []).length !== 0 : true,
      ),
  },
  {
    rule: "self.all(x, (x.operator == 'Gt' || x.operator == 'Lt') ? (x.values.size() == 1 && int(x.values[0]) >= 0) : true)",
    message:
      "requirements operator 'Gt' or 'Lt' must have a single positive integer value",
    check: (self: Json[]) =>
      self.every(x =>
        x.operator === 'Gt' || x.operator === 'Lt'
          ? (x.values ?? []).length === 1 &&
            /^[+-]?\d+$/.test(x.values[0]) &&
            Number(x.values[0]) >= 0
          : true,
      ),
  },
  {
    rule: "self.all(x, (x.operator == 'In' && has(x.minValues)) ? x.values.size() >= x.minValues : true)",
    message:
      "requirements with 'minValues' must have at least that many values specified in the 'values' field",
    check: (self: Json[]) =>
      self.every(x =>
        x.operator === 'In' && has(x, 'minValues')
          ? (x.values ?? []).length >= x.minValues
          : true,
      ),
  },
];

const notEmpty = (what: string): CelRule => ({
  rule: "self != ''",
  message: `${what} may not be empty`,
  check: (self: string) => self !== '',
});

/** On a NodePool template's nodeClassRef: group and kind are immutable. */
export const NODE_CLASS_REF_TRANSITION_RULES: CelRule[] = [
  {
    rule: 'self.group == oldSelf.group',
    message: 'nodeClassRef.group is immutable',
    check: (self: Json, oldSelf: Json) => self.group === oldSelf.group,
    transition: true,
  },
  {
    rule: 'self.kind == oldSelf.kind',
    message: 'nodeClassRef.kind is immutable',
    check: (self: Json, oldSelf: Json) => self.kind === oldSelf.kind,
    transition: true,
  },
];

/** On a NodePool template's nodeClassRef fields (group, kind, name). */
export const NODE_CLASS_REF_RULES: Record<string, CelRule[]> = {
  group: [notEmpty('group')],
  kind: [notEmpty('kind')],
  name: [notEmpty('name')],
};

const ALIAS_FAMILIES = [
  'al2',
  'al2023',
  'bottlerocket',
  'windows2019',
  'windows2022',
  'windows2025',
];

function aliasFamilyRule(family: string, amiFamily: string): CelRule {
  return {
    rule: `!has(self.amiFamily) || (self.amiSelectorTerms.exists(x, has(x.alias) && x.alias.find('^[^@]+') == '${family}') ? (self.amiFamily == 'Custom' || self.amiFamily == '${amiFamily}') : true)`,
    message: `if set, amiFamily must be '${amiFamily}' or 'Custom' when using an ${amiFamily} alias`,
    check: (self: Json) =>
      !has(self, 'amiFamily') ||
      ((self.amiSelectorTerms ?? []).some(
        (x: Json) => has(x, 'alias') && /^[^@]+/.exec(x.alias)?.[0] === family,
      )
        ? self.amiFamily === 'Custom' || self.amiFamily === amiFamily
        : true),
  };
}

/** On an EC2NodeClass's spec. */
export const EC2NODECLASS_SPEC_RULES: CelRule[] = [
  {
    rule: '(has(self.role) && !has(self.instanceProfile)) || (!has(self.role) && has(self.instanceProfile))',
    message: "must specify exactly one of ['role', 'instanceProfile']",
    check: (self: Json) => has(self, 'role') !== has(self, 'instanceProfile'),
  },
  {
    rule: '(has(oldSelf.role) && has(self.role)) || (has(oldSelf.instanceProfile) && has(self.instanceProfile))',
    message:
      "changing from 'instanceProfile' to 'role' is not supported. You must delete and recreate this node class if you want to change this.",
    check: (self: Json, oldSelf: Json) =>
      (has(oldSelf, 'role') && has(self, 'role')) ||
      (has(oldSelf, 'instanceProfile') && has(self, 'instanceProfile')),
    transition: true,
  },
  aliasFamilyRule('al2', 'AL2'),
  aliasFamilyRule('al2023', 'AL2023'),
  aliasFamilyRule('bottlerocket', 'Bottlerocket'),
  {
    rule: 'self.amiSelectorTerms.exists(x, has(x.alias)) ? true : has(self.amiFamily)',
    message:
      'must specify amiFamily if amiSelectorTerms does not contain an alias',
    check: (self: Json) =>
      (self.amiSelectorTerms ?? []).some((x: Json) => has(x, 'alias')) ||
      has(self, 'amiFamily'),
  },
];

/** On an EC2NodeClass's spec fields, by field name. */
export const EC2NODECLASS_FIELD_RULES: Record<string, CelRule[]> = {
  role: [
    {
      rule: "self != ''",
      message: 'role cannot be empty',
      check: (self: string) => self !== '',
    },
    {
      rule: 'self == oldSelf',
      message: 'immutable field changed',
      check: (self: string, oldSelf: string) => self === oldSelf,
      transition: true,
    },
  ],
  instanceProfile: [
    {
      rule: "self != ''",
      message: 'instanceProfile cannot be empty',
      check: (self: string) => self !== '',
    },
  ],
  amiSelectorTerms: [
    {
      rule: 'self.all(x, has(x.tags) || has(x.id) || has(x.name) || has(x.alias) || has(x.ssmParameter))',
      message:
        "expected at least one, got none, ['tags', 'id', 'name', 'alias', 'ssmParameter']",
      check: (self: Json[]) =>
        self.every(x =>
          ['tags', 'id', 'name', 'alias', 'ssmParameter'].some(f => has(x, f)),
        ),
    },
    {
      rule: '!self.exists(x, has(x.id) && (has(x.alias) || has(x.tags) || has(x.name) || has(x.owner)))',
      message:
        "'id' is mutually exclusive, cannot be set with a combination of other fields in amiSelectorTerms",
      check: (self: Json[]) =>
        !self.some(
          x =>
            has(x, 'id') &&
            ['alias', 'tags', 'name', 'owner'].some(f => has(x, f)),
        ),
    },
    {
      rule: '!self.exists(x, has(x.alias) && (has(x.id) || has(x.tags) || has(x.name) || has(x.owner)))',
      message:
        "'alias' is mutually exclusive, cannot be set with a combination of other fields in amiSelectorTerms",
      check: (self: Json[]) =>
        !self.some(
          x =>
            has(x, 'alias') &&
            ['id', 'tags', 'name', 'owner'].some(f => has(x, f)),
        ),
    },
    {
      rule: '!(self.exists(x, has(x.alias)) && self.size() != 1)',
      message:
        "'alias' is mutually exclusive, cannot be set with a combination of other amiSelectorTerms",
      check: (self: Json[]) =>
        !(self.some(x => has(x, 'alias')) && self.length !== 1),
    },
  ],
  subnetSelectorTerms: [
    {
      rule: 'self.size() != 0',
      message: 'subnetSelectorTerms cannot be empty',
      check: (self: Json[]) => self.length !== 0,
    },
    {
      rule: 'self.all(x, has(x.tags) || has(x.id))',
      message: "expected at least one, got none, ['tags', 'id']",
      check: (self: Json[]) => self.every(x => has(x, 'tags') || has(x, 'id')),
    },
    {
      rule: '!self.exists(x, has(x.id) && has(x.tags))',
      message:
        "'id' is mutually exclusive, cannot be set with a combination of other fields in subnetSelectorTerms",
      check: (self: Json[]) => !self.some(x => has(x, 'id') && has(x, 'tags')),
    },
  ],
  securityGroupSelectorTerms: [
    {
      rule: 'self.size() != 0',
      message: 'securityGroupSelectorTerms cannot be empty',
      check: (self: Json[]) => self.length !== 0,
    },
    {
      rule: 'self.all(x, has(x.tags) || has(x.id) || has(x.name))',
      message: "expected at least one, got none, ['tags', 'id', 'name']",
      check: (self: Json[]) =>
        self.every(x => has(x, 'tags') || has(x, 'id') || has(x, 'name')),
    },
    {
      rule: '!self.exists(x, has(x.id) && (has(x.tags) || has(x.name)))',
      message:
        "'id' is mutually exclusive, cannot be set with a combination of other fields in securityGroupSelectorTerms",
      check: (self: Json[]) =>
        !self.some(x => has(x, 'id') && (has(x, 'tags') || has(x, 'name'))),
    },
    {
      rule: '!self.exists(x, has(x.name) && (has(x.tags) || has(x.id)))',
      message:
        "'name' is mutually exclusive, cannot be set with a combination of other fields in securityGroupSelectorTerms",
      check: (self: Json[]) =>
        !self.some(x => has(x, 'name') && (has(x, 'tags') || has(x, 'id'))),
    },
  ],
  tags: [
    {
      rule: "self.all(k, k != '')",
      message: "empty tag keys aren't supported",
      check: (self: Record<string, string>) =>
        Object.keys(self).every(k => k !== ''),
    },
    {
      rule: "self.all(k, !k.startsWith('kubernetes.io/cluster') )",
      message: 'tag contains a restricted tag matching kubernetes.io/cluster/',
      check: (self: Record<string, string>) =>
        Object.keys(self).every(k => !k.startsWith('kubernetes.io/cluster')),
    },
    ...[
      'karpenter.sh/nodepool',
      'karpenter.sh/nodeclaim',
      'karpenter.k8s.aws/ec2nodeclass',
    ].map(
      (tag): CelRule => ({
        rule: `self.all(k, k != '${tag}')`,
        message: `tag contains a restricted tag matching ${tag}`,
        check: (self: Record<string, string>) =>
          Object.keys(self).every(k => k !== tag),
      }),
    ),
  ],
};

/** On an amiSelectorTerm's alias. */
export const ALIAS_RULES: CelRule[] = [
  {
    rule: "self.matches('^[a-zA-Z0-9]+@.+$')",
    message:
      "'alias' is improperly formatted, must match the format 'family@version'",
    check: (self: string) => /^[a-zA-Z0-9]+@.+$/.test(self),
  },
  {
    rule: `self.find('^[^@]+') in [${ALIAS_FAMILIES.map(f => `'${f}'`).join(
      ',',
    )}]`,
    message: `family is not supported, must be one of the following: ${ALIAS_FAMILIES.map(
      f => `'${f}'`,
    ).join(', ')}`,
    check: (self: string) =>
      ALIAS_FAMILIES.includes(/^[^@]+/.exec(self)?.[0] ?? ''),
  },
];

/** On each selector term's tags map. */
export const SELECTOR_TAGS_RULE: CelRule = {
  rule: "self.all(k, k != '' && self[k] != '')",
  message: "empty tag keys or values aren't supported",
  check: (self: Record<string, string>) =>
    Object.entries(self).every(([k, v]) => k !== '' && v !== ''),
};

const ALL_RULES = [
  ...REQUIREMENT_KEY_RULES,
  ...TEMPLATE_LABELS_RULES,
  BUDGETS_RULE,
  ...NODE_CLASS_REF_TRANSITION_RULES,
  NODEPOOL_REQUIREMENT_KEY_RULE,
  ...REQUIREMENTS_RULES,
  ...Object.values(NODE_CLASS_REF_RULES).flat(),
  ...EC2NODECLASS_SPEC_RULES,
  ...Object.values(EC2NODECLASS_FIELD_RULES).flat(),
  ...ALIAS_RULES,
  SELECTOR_TAGS_RULE,
];

/** The implementations by rule text and message. */
export function findRule(rule: string, message?: string): CelRule | undefined {
  return ALL_RULES.find(
    r => r.rule === rule && (message === undefined || r.message === message),
  );
}
