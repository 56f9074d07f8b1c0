import type { KubeObject } from './types.ts';

/** The Karpenter version whose CRDs (v1 APIs) the sandbox installs. */
export const KARPENTER_VERSION = '1.8.1';

function crd(opts: {
  group: string;
  kind: string;
  plural: string;
  shortNames: string[];
  printerColumns: Array<{ name: string; type: string; jsonPath: string }>;
}): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${opts.plural}.${opts.group}`,
      annotations: { 'controller-gen.kubebuilder.io/version': 'v0.18.0' },
      labels: {
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
            openAPIV3Schema: {
              type: 'object',
              properties: {
                apiVersion: { type: 'string' },
                kind: { type: 'string' },
                metadata: { type: 'object' },
                spec: {
                  type: 'object',
                  'x-kubernetes-preserve-unknown-fields': true,
                },
                status: {
                  type: 'object',
                  'x-kubernetes-preserve-unknown-fields': true,
                },
              },
              required: ['spec'],
            },
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
        { name: 'Role', type: 'string', jsonPath: '.spec.role' },
      ],
    }),
  ];
}
