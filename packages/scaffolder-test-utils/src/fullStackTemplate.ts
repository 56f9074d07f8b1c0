/**
 * The steps of a full stack as a software template chains them: a cluster
 * with a node group, its core add-ons (one with configuration values),
 * Karpenter, and Pod Identity for a workload; all for the template's
 * `clusterName` parameter.
 */
export const fullStackSteps = [
  {
    id: 'create',
    name: 'Create the cluster',
    action: 'aws:eks:cluster:create',
    input: {
      clusterName: '${{ parameters.clusterName }}',
      nodeGroup: {
        name: 'system',
        instanceTypes: ['m7i.large'],
        minSize: 2,
        maxSize: 3,
        desiredSize: 2,
      },
    },
  },
  {
    id: 'addons',
    name: 'Install add-ons',
    action: 'aws:eks:addon:install',
    input: {
      clusterName: '${{ parameters.clusterName }}',
      addons: [
        { name: 'vpc-cni' },
        { name: 'coredns', configurationValues: 'replicaCount: 2' },
        { name: 'kube-proxy' },
        { name: 'eks-pod-identity-agent' },
      ],
    },
  },
  {
    id: 'karpenter',
    name: 'Set up Karpenter',
    action: 'aws:eks:karpenter:install',
    input: { clusterName: '${{ parameters.clusterName }}' },
  },
  {
    id: 'pod-identity',
    name: 'Pod Identity for the orders service',
    action: 'aws:eks:pod-identity:create',
    input: {
      clusterName: '${{ parameters.clusterName }}',
      namespace: 'orders',
      serviceAccount: 'orders-api',
      managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
    },
  },
];

/**
 * A Template entity (scaffolder.backstage.io/v1beta3) named `name` in the
 * default namespace that asks for `clusterName` and runs `steps`; `spec`
 * adds to its spec (output, recovery).
 */
export function fullStackTemplate(
  name: string,
  steps: Array<Record<string, unknown>>,
  spec: Record<string, unknown> = {},
) {
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'backstage.io/managed-by-location':
          'url:http://localhost/template.yaml',
      },
    },
    spec: {
      owner: 'group:default/platform',
      type: 'service',
      parameters: [
        {
          type: 'object',
          required: ['clusterName'],
          properties: { clusterName: { type: 'string' } },
        },
      ],
      steps,
      ...spec,
    },
  };
}
