/**
 * JSON Schemas of the add-ons' configurationValues, as DescribeAddonConfiguration
 * returns them (draft-07, `additionalProperties: false` at the top so that
 * unknown keys are rejected, as EKS does).
 */
type Schema = Record<string, unknown>;

const str = (description: string, extra: Schema = {}): Schema => ({
  type: 'string',
  description,
  ...extra,
});
const bool = (description: string): Schema => ({
  type: 'boolean',
  description,
});
const int = (description: string, extra: Schema = {}): Schema => ({
  type: 'integer',
  description,
  ...extra,
});
const strList = (description: string, extra: Schema = {}): Schema => ({
  type: 'array',
  description,
  items: { type: 'string', ...extra },
});
const stringMap = (description: string): Schema => ({
  type: 'object',
  description,
  additionalProperties: { type: 'string' },
});

const quantity = {
  anyOf: [
    { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)?(m|Ki|Mi|Gi|Ti|k|M|G|T)?$' },
    { type: 'number' },
  ],
};
const resources: Schema = {
  type: 'object',
  description: 'Resources for the containers',
  additionalProperties: false,
  properties: {
    limits: {
      type: 'object',
      additionalProperties: false,
      properties: { cpu: quantity, memory: quantity },
    },
    requests: {
      type: 'object',
      additionalProperties: false,
      properties: { cpu: quantity, memory: quantity },
    },
  },
};
const tolerations: Schema = {
  type: 'array',
  description: 'Tolerations for the pods',
  items: {
    type: 'object',
    additionalProperties: false,
    properties: {
      key: { type: 'string' },
      operator: { type: 'string', enum: ['Equal', 'Exists'] },
      value: { type: 'string' },
      effect: {
        type: 'string',
        enum: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'],
      },
      tolerationSeconds: { type: 'integer' },
    },
  },
};
const affinity: Schema = {
  type: 'object',
  description: 'Affinity of the pods (Kubernetes Affinity)',
};
const topologySpreadConstraints: Schema = {
  type: 'array',
  description: 'Topology spread constraints of the pods',
  items: { type: 'object' },
};
const env: Schema = {
  type: 'array',
  description: 'Extra environment variables',
  items: {
    type: 'object',
    required: ['name'],
    properties: {
      name: { type: 'string' },
      value: { type: 'string' },
      valueFrom: { type: 'object' },
    },
  },
};
const podScheduling: Schema = {
  nodeSelector: stringMap('Node labels for pod assignment'),
  tolerations,
  affinity,
  topologySpreadConstraints,
  podAnnotations: stringMap('Annotations to add to the pods'),
  podLabels: stringMap('Labels to add to the pods'),
  priorityClassName: str('Priority class of the pods'),
};

function schema(title: string, properties: Schema): string {
  return JSON.stringify({
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `https://eks.amazonaws.com/addon-configuration/${title}.json`,
    title,
    type: 'object',
    additionalProperties: false,
    properties,
  });
}

const controllerSettings = (): Schema => ({
  type: 'object',
  additionalProperties: false,
  properties: {
    replicaCount: int('Number of controller replicas', { minimum: 0 }),
    resources,
    ...podScheduling,
    env,
  },
});

export const ADDON_SCHEMAS: Record<string, string> = {
  'vpc-cni': schema('vpc-cni', {
    env: {
      type: 'object',
      description: 'Environment variables of the aws-node container',
      additionalProperties: false,
      properties: {
        ENABLE_PREFIX_DELEGATION: { type: 'string', enum: ['true', 'false'] },
        WARM_ENI_TARGET: { type: 'string', pattern: '^[0-9]+$' },
        WARM_IP_TARGET: { type: 'string', pattern: '^[0-9]+$' },
        MINIMUM_IP_TARGET: { type: 'string', pattern: '^[0-9]+$' },
        WARM_PREFIX_TARGET: { type: 'string', pattern: '^[0-9]+$' },
        AWS_VPC_K8S_CNI_EXTERNALSNAT: {
          type: 'string',
          enum: ['true', 'false'],
        },
        AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: {
          type: 'string',
          enum: ['true', 'false'],
        },
        ENABLE_POD_ENI: { type: 'string', enum: ['true', 'false'] },
        POD_SECURITY_GROUP_ENFORCING_MODE: {
          type: 'string',
          enum: ['strict', 'standard'],
        },
        AWS_VPC_K8S_CNI_LOGLEVEL: {
          type: 'string',
          enum: ['DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'],
        },
        ENABLE_IPv6: { type: 'string', enum: ['true', 'false'] },
      },
    },
    enableNetworkPolicy: {
      type: 'string',
      enum: ['true', 'false'],
      description: 'Enable network policy enforcement',
    },
    enableWindowsIpam: { type: 'string', enum: ['true', 'false'] },
    resources,
    tolerations,
    affinity,
    nodeAgent: {
      type: 'object',
      additionalProperties: false,
      properties: {
        enablePolicyEventLogs: { type: 'string', enum: ['true', 'false'] },
        healthProbeBindAddr: { type: 'string' },
        resources,
      },
    },
    podAnnotations: stringMap('Annotations to add to the aws-node pods'),
  }),
  coredns: schema('coredns', {
    replicaCount: int('Number of CoreDNS replicas', { minimum: 1 }),
    resources,
    ...podScheduling,
    corefile: str('The full Corefile'),
    autoScaling: {
      type: 'object',
      additionalProperties: false,
      properties: {
        enabled: bool('Scale CoreDNS with the cluster size'),
        minReplicas: int('Minimum replicas', { minimum: 2 }),
        maxReplicas: int('Maximum replicas', { minimum: 2 }),
      },
    },
  }),
  'kube-proxy': schema('kube-proxy', {
    mode: {
      type: 'string',
      enum: ['iptables', 'ipvs', 'nftables'],
      description: 'Proxy mode',
    },
    ipvs: {
      type: 'object',
      additionalProperties: false,
      properties: {
        scheduler: {
          type: 'string',
          enum: ['rr', 'lc', 'dh', 'sh', 'sed', 'nq'],
        },
      },
    },
    resources,
    podAnnotations: stringMap('Annotations to add to the kube-proxy pods'),
  }),
  'eks-pod-identity-agent': schema('eks-pod-identity-agent', {
    agent: {
      type: 'object',
      additionalProperties: false,
      properties: {
        additionalArgs: stringMap(
          'Additional command-line arguments of the agent',
        ),
      },
    },
    resources,
    tolerations,
    affinity,
    podAnnotations: stringMap('Annotations to add to the agent pods'),
  }),
  'aws-ebs-csi-driver': schema('aws-ebs-csi-driver', {
    controller: controllerSettings(),
    node: {
      type: 'object',
      additionalProperties: false,
      properties: {
        tolerateAllTaints: bool(
          'Schedule node pods on every node, whatever its taints',
        ),
        volumeAttachLimit: int('Maximum number of volumes per node', {
          minimum: 1,
        }),
        resources,
        tolerations,
        nodeSelector: stringMap('Node labels for pod assignment'),
      },
    },
    defaultStorageClass: {
      type: 'object',
      additionalProperties: false,
      properties: { enabled: bool('Create a default gp3 StorageClass') },
    },
    sidecars: {
      type: 'object',
      description: 'Settings of the CSI sidecar containers',
    },
  }),
  'aws-efs-csi-driver': schema('aws-efs-csi-driver', {
    controller: controllerSettings(),
    node: {
      type: 'object',
      additionalProperties: false,
      properties: {
        resources,
        tolerations,
        nodeSelector: stringMap('Node labels for pod assignment'),
      },
    },
  }),
  'external-dns': schema('external-dns', {
    provider: {
      type: 'object',
      description: 'DNS provider; the add-on only supports aws (Route 53)',
      additionalProperties: false,
      properties: { name: { type: 'string', enum: ['aws'] } },
    },
    policy: str(
      'How DNS records are synchronized: sync deletes records it no longer manages, upsert-only never deletes, create-only never updates',
      {
        enum: ['sync', 'upsert-only', 'create-only'],
      },
    ),
    sources: strList('Kubernetes resources watched for hostnames', {
      enum: [
        'service',
        'ingress',
        'node',
        'pod',
        'gateway-httproute',
        'gateway-grpcroute',
        'gateway-tlsroute',
        'gateway-tcproute',
        'gateway-udproute',
        'istio-gateway',
        'istio-virtualservice',
        'crd',
      ],
    }),
    domainFilters: strList('Limit to Route 53 hosted zones of these domains'),
    excludeDomains: strList('Never manage records in these domains'),
    regexDomainFilter: str('Limit to domains matching this regular expression'),
    zoneIdFilters: strList('Limit to these hosted zone ids'),
    txtOwnerId: str(
      'Owner id written in the TXT ownership records; must differ between clusters sharing a zone',
    ),
    txtPrefix: str('Prefix of the TXT ownership record names'),
    txtSuffix: str('Suffix of the TXT ownership record names'),
    registry: str('Where record ownership is kept', {
      enum: ['txt', 'noop', 'dynamodb', 'aws-sd'],
    }),
    interval: str('Interval between synchronizations (Go duration, e.g. 1m)', {
      pattern: '^([0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h))+$',
    }),
    triggerLoopOnEvent: bool(
      'Synchronize immediately when a watched resource changes',
    ),
    managedRecordTypes: strList('Record types to manage', {
      enum: ['A', 'AAAA', 'CNAME', 'TXT', 'SRV', 'NS', 'MX'],
    }),
    annotationFilter: str(
      'Only resources whose annotations match this selector',
    ),
    labelFilter: str('Only resources whose labels match this selector'),
    namespaced: bool('Only watch the release namespace'),
    logLevel: str('Log level', {
      enum: ['panic', 'debug', 'info', 'warning', 'error', 'fatal'],
    }),
    logFormat: str('Log format', { enum: ['text', 'json'] }),
    extraArgs: strList('Additional command-line arguments'),
    env,
    serviceAccount: {
      type: 'object',
      additionalProperties: false,
      properties: {
        create: bool('Create the service account'),
        name: str('Name of the service account'),
        annotations: stringMap('Annotations of the service account'),
      },
    },
    resources,
    ...podScheduling,
  }),
  'metrics-server': schema('metrics-server', {
    replicas: int('Number of replicas', { minimum: 1 }),
    args: strList('Additional command-line arguments'),
    resources,
    ...podScheduling,
  }),
  'cert-manager': schema('cert-manager', {
    replicaCount: int('Replicas of the controller', { minimum: 1 }),
    crds: {
      type: 'object',
      additionalProperties: false,
      properties: {
        enabled: bool('Install the CRDs'),
        keep: bool('Keep the CRDs on uninstall'),
      },
    },
    webhook: controllerSettings(),
    cainjector: controllerSettings(),
    resources,
    ...podScheduling,
  }),
  adot: schema('adot', {
    manager: controllerSettings(),
    collector: {
      type: 'object',
      description: 'OpenTelemetry collector deployments managed by the add-on',
    },
    admissionWebhooks: {
      type: 'object',
      additionalProperties: false,
      properties: {
        timeoutSeconds: int('Webhook timeout', { minimum: 1, maximum: 30 }),
      },
    },
  }),
  'amazon-cloudwatch-observability': schema('amazon-cloudwatch-observability', {
    containerLogs: {
      type: 'object',
      additionalProperties: false,
      properties: {
        enabled: bool('Send container logs with Fluent Bit'),
        fluentBit: { type: 'object' },
      },
    },
    agent: {
      type: 'object',
      additionalProperties: false,
      properties: { config: { type: 'object' }, resources, tolerations },
    },
    manager: controllerSettings(),
    tolerations,
  }),
  'snapshot-controller': schema('snapshot-controller', {
    replicaCount: int('Number of replicas', { minimum: 1 }),
    resources,
    ...podScheduling,
  }),
  'aws-mountpoint-s3-csi-driver': schema('aws-mountpoint-s3-csi-driver', {
    node: {
      type: 'object',
      additionalProperties: false,
      properties: {
        tolerateAllTaints: bool('Schedule node pods on every node'),
        resources,
        tolerations,
        nodeSelector: stringMap('Node labels for pod assignment'),
      },
    },
    mountpointPod: {
      type: 'object',
      additionalProperties: false,
      properties: {
        headroomImage: str('Image of the headroom pods'),
        priorityClassName: str('Priority class'),
      },
    },
  }),
};
