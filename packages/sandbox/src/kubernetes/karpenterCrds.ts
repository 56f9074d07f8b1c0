import {
  ALIAS_RULES,
  BUDGETS_RULE,
  NODE_CLASS_REF_TRANSITION_RULES,
  TEMPLATE_LABELS_RULES,
  EC2NODECLASS_FIELD_RULES,
  EC2NODECLASS_SPEC_RULES,
  NODE_CLASS_REF_RULES,
  NODEPOOL_REQUIREMENT_KEY_RULE,
  REQUIREMENT_KEY_RULES,
  REQUIREMENTS_RULES,
  SELECTOR_TAGS_RULE,
  type CelRule,
} from './openapi/celRules.ts';
import { karpenterSchema, type Schema } from './openapi/schemas.ts';
import type { KubeObject } from './types.ts';

/** The Karpenter version whose CRDs (v1 APIs) the sandbox installs. */
export const KARPENTER_VERSION = '1.8.1';

const BUDGETS_RULE_LIST = [BUDGETS_RULE];

/** The schema node at `path` (property names, `[]` for items). */
function nodeAt(schema: Schema, path: string[]): Schema {
  let node = schema;
  for (const step of path) {
    node = step === '[]' ? node.items! : node.properties![step];
    if (!node) throw new Error(`no schema at ${path.join('.')}`);
  }
  return node;
}

/** Sets the `default` of the schema node at `path`. */
function setDefault(schema: Schema, path: string[], value: unknown): void {
  nodeAt(schema, path).default = value;
}

/** Adds CEL rules to the schema node at `path`. */
function addRules(schema: Schema, path: string[], rules: CelRule[]): void {
  const node = nodeAt(schema, path);
  node['x-kubernetes-validations'] = [
    ...(node['x-kubernetes-validations'] ?? []),
    ...rules.map(r => ({ rule: r.rule, message: r.message })),
  ];
}

/**
 * The schema of a Karpenter kind as its CRD publishes it: the shape from
 * @kubernetes-models/karpenter, with the CEL rules of the real CRD.
 */
function schemaOfKind(group: string, kind: string): Schema {
  const schema = karpenterSchema(`${group}/v1`, kind);
  const requirements = (template: string[]) => {
    // the operators in the order the CRD lists them
    nodeAt(schema, [...template, 'requirements', '[]', 'operator']).enum = [
      'In',
      'NotIn',
      'Exists',
      'DoesNotExist',
      'Gt',
      'Lt',
    ];
    addRules(schema, [...template, 'requirements'], REQUIREMENTS_RULES);
    addRules(
      schema,
      [...template, 'requirements', '[]', 'key'],
      [
        ...REQUIREMENT_KEY_RULES,
        ...(kind === 'NodePool' ? [NODEPOOL_REQUIREMENT_KEY_RULE] : []),
      ],
    );
    for (const [field, rules] of Object.entries(NODE_CLASS_REF_RULES)) {
      addRules(schema, [...template, 'nodeClassRef', field], rules);
    }
  };
  if (kind === 'NodePool') {
    requirements(['spec', 'template', 'spec']);
    addRules(
      schema,
      ['spec', 'template', 'spec', 'nodeClassRef'],
      NODE_CLASS_REF_TRANSITION_RULES,
    );
    addRules(
      schema,
      ['spec', 'template', 'metadata', 'labels'],
      TEMPLATE_LABELS_RULES,
    );
    addRules(schema, ['spec', 'disruption', 'budgets'], BUDGETS_RULE_LIST);
    // the defaults the CRD declares, which the apiserver fills in
    setDefault(schema, ['spec', 'disruption'], { consolidateAfter: '0s' });
    setDefault(
      schema,
      ['spec', 'disruption', 'consolidationPolicy'],
      'WhenEmptyOrUnderutilized',
    );
    setDefault(schema, ['spec', 'disruption', 'budgets'], [{ nodes: '10%' }]);
    setDefault(schema, ['spec', 'disruption', 'budgets', '[]', 'nodes'], '10%');
    setDefault(schema, ['spec', 'template', 'spec', 'expireAfter'], '720h');
  }
  if (kind === 'NodeClaim') requirements(['spec']);
  if (kind === 'EC2NodeClass') {
    addRules(schema, ['spec'], EC2NODECLASS_SPEC_RULES);
    setDefault(schema, ['spec', 'metadataOptions'], {
      httpEndpoint: 'enabled',
      httpProtocolIPv6: 'disabled',
      httpPutResponseHopLimit: 1,
      httpTokens: 'required',
    });
    for (const [field, value] of Object.entries({
      httpEndpoint: 'enabled',
      httpProtocolIPv6: 'disabled',
      httpPutResponseHopLimit: 1,
      httpTokens: 'required',
    })) {
      setDefault(schema, ['spec', 'metadataOptions', field], value);
    }
    for (const [field, rules] of Object.entries(EC2NODECLASS_FIELD_RULES)) {
      addRules(schema, ['spec', field], rules);
    }
    addRules(schema, ['spec', 'amiSelectorTerms', '[]', 'alias'], ALIAS_RULES);
    for (const terms of [
      'amiSelectorTerms',
      'subnetSelectorTerms',
      'securityGroupSelectorTerms',
    ]) {
      addRules(schema, ['spec', terms, '[]', 'tags'], [SELECTOR_TAGS_RULE]);
    }
  }
  return schema;
}

function crd(opts: {
  group: string;
  kind: string;
  plural: string;
  shortNames: string[];
  printerColumns: Array<{
    name: string;
    type: string;
    jsonPath: string;
    priority?: number;
  }>;
  /** The schema, when it is not one of Karpenter's own kinds. */
  schema?: Schema;
  /** The CRD's labels (default: those of the Karpenter chart). */
  labels?: Record<string, string>;
}): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${opts.plural}.${opts.group}`,
      annotations: { 'controller-gen.kubebuilder.io/version': 'v0.18.0' },
      labels: opts.labels ?? {
        'app.kubernetes.io/part-of': 'karpenter',
        'app.kubernetes.io/version': KARPENTER_VERSION,
      },
    },
    spec: {
      group: opts.group,
      names: {
        kind: opts.kind,
        listKind: `${opts.kind}List`,
        plural: opts.plural,
        singular: opts.kind.toLowerCase(),
        shortNames: opts.shortNames,
        categories: ['karpenter'],
      },
      scope: 'Cluster',
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          additionalPrinterColumns: opts.printerColumns,
          subresources: { status: {} },
          schema: {
            openAPIV3Schema: opts.schema ?? schemaOfKind(opts.group, opts.kind),
          },
        },
      ],
    },
  };
}

/** The CRDs the Karpenter chart installs: NodePool, NodeClaim, EC2NodeClass. */
export function karpenterCrds(): KubeObject[] {
  return [
    crd({
      group: 'karpenter.sh',
      kind: 'NodePool',
      plural: 'nodepools',
      shortNames: [],
      printerColumns: [
        {
          name: 'NodeClass',
          type: 'string',
          jsonPath: '.spec.template.spec.nodeClassRef.name',
        },
        { name: 'Nodes', type: 'string', jsonPath: '.status.resources.nodes' },
        {
          name: 'Ready',
          type: 'string',
          jsonPath: '.status.conditions[?(@.type=="Ready")].status',
        },
        {
          name: 'Age',
          type: 'date',
          jsonPath: '.metadata.creationTimestamp',
        },
        {
          name: 'Weight',
          type: 'integer',
          jsonPath: '.spec.weight',
          priority: 1,
        },
        {
          name: 'CPU',
          type: 'string',
          jsonPath: '.status.resources.cpu',
          priority: 1,
        },
        {
          name: 'Memory',
          type: 'string',
          jsonPath: '.status.resources.memory',
          priority: 1,
        },
      ],
    }),
    crd({
      group: 'karpenter.sh',
      kind: 'NodeClaim',
      plural: 'nodeclaims',
      shortNames: [],
      printerColumns: [
        {
          name: 'Type',
          type: 'string',
          jsonPath: '.metadata.labels.node\\.kubernetes\\.io/instance-type',
        },
        {
          name: 'Capacity',
          type: 'string',
          jsonPath: '.metadata.labels.karpenter\\.sh/capacity-type',
        },
        {
          name: 'Zone',
          type: 'string',
          jsonPath: '.metadata.labels.topology\\.kubernetes\\.io/zone',
        },
        { name: 'Node', type: 'string', jsonPath: '.status.nodeName' },
        {
          name: 'Ready',
          type: 'string',
          jsonPath: '.status.conditions[?(@.type=="Ready")].status',
        },
        {
          name: 'Age',
          type: 'date',
          jsonPath: '.metadata.creationTimestamp',
        },
        {
          name: 'ImageID',
          type: 'string',
          jsonPath: '.status.imageID',
          priority: 1,
        },
        {
          name: 'ID',
          type: 'string',
          jsonPath: '.status.providerID',
          priority: 1,
        },
        {
          name: 'NodePool',
          type: 'string',
          jsonPath: '.metadata.labels.karpenter\\.sh/nodepool',
          priority: 1,
        },
        {
          name: 'NodeClass',
          type: 'string',
          jsonPath: '.spec.nodeClassRef.name',
          priority: 1,
        },
        {
          name: 'Drifted',
          type: 'string',
          jsonPath: '.status.conditions[?(@.type=="Drifted")].status',
          priority: 1,
        },
      ],
    }),
    crd({
      group: 'karpenter.k8s.aws',
      kind: 'EC2NodeClass',
      plural: 'ec2nodeclasses',
      shortNames: ['ec2nc', 'ec2ncs'],
      printerColumns: [
        {
          name: 'Ready',
          type: 'string',
          jsonPath: '.status.conditions[?(@.type=="Ready")].status',
        },
        {
          name: 'Age',
          type: 'date',
          jsonPath: '.metadata.creationTimestamp',
        },
        {
          name: 'Role',
          type: 'string',
          jsonPath: '.spec.role',
          priority: 1,
        },
      ],
    }),
  ];
}

const str: Schema = { type: 'string' };
const selectorTerms: Schema = {
  type: 'array',
  maxItems: 30,
  items: {
    type: 'object',
    properties: {
      id: str,
      name: str,
      tags: { type: 'object', additionalProperties: str },
    },
  },
};

/**
 * The NodeClass of EKS Auto Mode (eks.amazonaws.com/v1), as EKS installs it
 * on an Auto Mode cluster: the fields of its spec that EKS documents, each
 * typed, the enumerations with their values.
 */
function autoModeNodeClassSchema(): Schema {
  return {
    type: 'object',
    required: ['spec'],
    properties: {
      apiVersion: str,
      kind: str,
      metadata: { type: 'object' },
      spec: {
        type: 'object',
        properties: {
          role: str,
          subnetSelectorTerms: selectorTerms,
          securityGroupSelectorTerms: selectorTerms,
          podSubnetSelectorTerms: selectorTerms,
          podSecurityGroupSelectorTerms: selectorTerms,
          networkPolicy: {
            type: 'string',
            enum: ['DefaultAllow', 'DefaultDeny'],
          },
          networkPolicyEventLogs: {
            type: 'string',
            enum: ['Enabled', 'Disabled'],
          },
          snatPolicy: { type: 'string', enum: ['Random', 'Disabled'] },
          ephemeralStorage: {
            type: 'object',
            properties: {
              size: str,
              iops: { type: 'integer', minimum: 3000, maximum: 16000 },
              throughput: { type: 'integer', minimum: 125, maximum: 1000 },
              kmsKeyID: str,
            },
          },
          tags: { type: 'object', additionalProperties: str },
        },
      },
      status: {
        type: 'object',
        properties: {
          conditions: {
            type: 'array',
            items: { type: 'object', additionalProperties: true },
          },
          instanceProfile: str,
          subnets: {
            type: 'array',
            items: { type: 'object', additionalProperties: true },
          },
          securityGroups: {
            type: 'array',
            items: { type: 'object', additionalProperties: true },
          },
        },
      },
    },
  };
}

/**
 * The CRDs EKS Auto Mode installs for its compute: Karpenter's NodePool and
 * NodeClaim (karpenter.sh/v1) and its own NodeClass (eks.amazonaws.com/v1).
 */
export function autoModeCrds(): KubeObject[] {
  const eksLabels = { 'app.kubernetes.io/managed-by': 'eks' };
  return [
    ...karpenterCrds()
      .filter(c => (c.spec as { group?: string }).group === 'karpenter.sh')
      .map(c => ({
        ...c,
        metadata: { ...c.metadata, labels: eksLabels },
      })),
    crd({
      group: 'eks.amazonaws.com',
      kind: 'NodeClass',
      plural: 'nodeclasses',
      shortNames: [],
      printerColumns: [
        { name: 'Role', type: 'string', jsonPath: '.spec.role' },
        {
          name: 'Ready',
          type: 'string',
          jsonPath: '.status.conditions[?(@.type=="Ready")].status',
        },
        {
          name: 'Age',
          type: 'date',
          jsonPath: '.metadata.creationTimestamp',
        },
      ],
      schema: autoModeNodeClassSchema(),
      labels: eksLabels,
    }),
  ];
}
