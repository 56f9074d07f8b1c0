/**
 * JSON Schemas of the add-ons' configurationValues, in the shapes
 * DescribeAddonConfiguration returns them. Real add-on schemas are not one
 * shape, and neither are these:
 * - vpc-cni and kube-proxy: generated draft-06 schemas with a `$ref` root
 *   (`#/definitions/VpcCni`), every object a titled definition, and
 *   environment variables that are strings in `format` `boolean` or
 *   `integer` (the AWS CLI reference's describe-addon-configuration example
 *   for vpc-cni v1.15.1-eksbuild.1);
 * - aws-ebs-csi-driver and aws-efs-csi-driver: hand-written 2019-09 schemas
 *   with `$defs`, `patternProperties` and `propertyNames` (EBS's
 *   extraVolumeTags, as describe-addon-configuration prints it);
 * - the others: draft-07 schemas with properties at the root and shared
 *   `definitions`.
 * `additionalProperties: false` on every object with declared keys, so that
 * unknown keys are refused, as EKS refuses them.
 */
type Schema = Record<string, unknown>;

const DRAFT_06 = 'http://json-schema.org/draft-06/schema#';
const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';
const DRAFT_2019_09 = 'https://json-schema.org/draft/2019-09/schema';

const str = (description?: string, extra: Schema = {}): Schema => ({
  type: 'string',
  ...(description ? { description } : {}),
  ...extra,
});
const bool = (description?: string): Schema => ({
  type: 'boolean',
  ...(description ? { description } : {}),
});
const int = (description?: string, extra: Schema = {}): Schema => ({
  type: 'integer',
  ...(description ? { description } : {}),
  ...extra,
});
/** A string the add-on reads as a boolean, as vpc-cni's schema declares it. */
const boolString: Schema = { format: 'boolean', type: 'string' };
/** A string the add-on reads as an integer, as vpc-cni's schema declares it. */
const intString: Schema = { format: 'integer', type: 'string' };
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
const ref = (pointer: string): Schema => ({ $ref: pointer });

/** Definitions that the draft-06/07 schemas share (by `#/definitions/...`). */
const kubernetesDefinitions = (): Schema => ({
  Limits: {
    additionalProperties: false,
    properties: { cpu: { type: 'string' }, memory: { type: 'string' } },
    title: 'Limits',
    type: 'object',
  },
  Resources: {
    additionalProperties: false,
    properties: {
      limits: ref('#/definitions/Limits'),
      requests: ref('#/definitions/Limits'),
    },
    title: 'Resources',
    type: 'object',
  },
  Tolerations: {
    items: {
      additionalProperties: false,
      properties: {
        effect: {
          enum: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'],
          type: 'string',
        },
        key: { type: 'string' },
        operator: { enum: ['Equal', 'Exists'], type: 'string' },
        tolerationSeconds: { type: 'integer' },
        value: { type: 'string' },
      },
      type: 'object',
    },
    type: 'array',
  },
  Affinity: { type: ['object', 'null'] },
});

/** Pod placement keys of the draft-07 schemas (refs into kubernetesDefinitions). */
const podScheduling = (): Schema => ({
  affinity: ref('#/definitions/Affinity'),
  nodeSelector: stringMap('Node labels for pod assignment'),
  podAnnotations: stringMap('Annotations to add to the pods'),
  podLabels: stringMap('Labels to add to the pods'),
  priorityClassName: str('Priority class of the pods'),
  resources: ref('#/definitions/Resources'),
  tolerations: ref('#/definitions/Tolerations'),
  topologySpreadConstraints: {
    description: 'Topology spread constraints of the pods',
    items: { type: 'object' },
    type: 'array',
  },
});

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

/** A draft-07 schema with properties at the root. */
function draft07(
  description: string,
  properties: Schema,
  definitions: Schema = kubernetesDefinitions(),
): string {
  return JSON.stringify({
    $schema: DRAFT_07,
    additionalProperties: false,
    definitions,
    description,
    properties,
    type: 'object',
  });
}

const controllerSettings = (): Schema => ({
  type: 'object',
  additionalProperties: false,
  properties: {
    replicaCount: int('Number of controller replicas', { minimum: 0 }),
    ...podScheduling(),
    env,
  },
});

/** vpc-cni: draft-06, `$ref` root, string formats (AWS CLI reference example). */
const vpcCni = JSON.stringify({
  $ref: '#/definitions/VpcCni',
  $schema: DRAFT_06,
  definitions: {
    Affinity: { type: ['object', 'null'] },
    EniConfig: {
      additionalProperties: false,
      properties: {
        create: { type: 'boolean' },
        region: { type: 'string' },
        subnets: {
          additionalProperties: {
            additionalProperties: false,
            properties: {
              id: { type: 'string' },
              securityGroups: { items: { type: 'string' }, type: 'array' },
            },
            required: ['id'],
            type: 'object',
          },
          minProperties: 1,
          type: 'object',
        },
      },
      required: ['create', 'region', 'subnets'],
      type: 'object',
    },
    Env: {
      additionalProperties: false,
      properties: {
        ADDITIONAL_ENI_TAGS: { type: 'string' },
        ANNOTATE_POD_IP: boolString,
        AWS_EC2_ENDPOINT: { type: 'string' },
        AWS_EXTERNAL_SERVICE_CIDRS: { type: 'string' },
        AWS_MANAGE_ENIS_NON_SCHEDULABLE: boolString,
        AWS_VPC_CNI_NODE_PORT_SUPPORT: boolString,
        AWS_VPC_ENI_MTU: intString,
        AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: boolString,
        AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS: { type: 'string' },
        AWS_VPC_K8S_CNI_EXTERNALSNAT: boolString,
        AWS_VPC_K8S_CNI_LOGLEVEL: { type: 'string' },
        AWS_VPC_K8S_CNI_LOG_FILE: { type: 'string' },
        AWS_VPC_K8S_CNI_RANDOMIZESNAT: { type: 'string' },
        AWS_VPC_K8S_CNI_VETHPREFIX: { type: 'string' },
        AWS_VPC_K8S_PLUGIN_LOG_FILE: { type: 'string' },
        AWS_VPC_K8S_PLUGIN_LOG_LEVEL: { type: 'string' },
        CLUSTER_ENDPOINT: { type: 'string' },
        DISABLE_INTROSPECTION: boolString,
        DISABLE_LEAKED_ENI_CLEANUP: boolString,
        DISABLE_METRICS: boolString,
        DISABLE_NETWORK_RESOURCE_PROVISIONING: boolString,
        DISABLE_POD_V6: boolString,
        ENABLE_BANDWIDTH_PLUGIN: boolString,
        ENABLE_POD_ENI: boolString,
        ENABLE_PREFIX_DELEGATION: boolString,
        ENABLE_SUBNET_DISCOVERY: boolString,
        ENABLE_V4_EGRESS: boolString,
        ENABLE_V6_EGRESS: boolString,
        ENI_CONFIG_ANNOTATION_DEF: { type: 'string' },
        ENI_CONFIG_LABEL_DEF: { type: 'string' },
        INTROSPECTION_BIND_ADDRESS: { type: 'string' },
        IP_COOLDOWN_PERIOD: intString,
        MAX_ENI: intString,
        MINIMUM_IP_TARGET: intString,
        POD_SECURITY_GROUP_ENFORCING_MODE: { type: 'string' },
        WARM_ENI_TARGET: intString,
        WARM_IP_TARGET: intString,
        WARM_PREFIX_TARGET: intString,
      },
      title: 'Env',
      type: 'object',
    },
    Init: {
      additionalProperties: false,
      properties: { env: ref('#/definitions/InitEnv') },
      title: 'Init',
      type: 'object',
    },
    InitEnv: {
      additionalProperties: false,
      properties: {
        DISABLE_TCP_EARLY_DEMUX: boolString,
        ENABLE_V6_EGRESS: boolString,
      },
      title: 'InitEnv',
      type: 'object',
    },
    Limits: {
      additionalProperties: false,
      properties: { cpu: { type: 'string' }, memory: { type: 'string' } },
      title: 'Limits',
      type: 'object',
    },
    NodeAgent: {
      additionalProperties: false,
      properties: {
        enableCloudWatchLogs: boolString,
        enablePolicyEventLogs: boolString,
        healthProbeBindAddr: intString,
        metricsBindAddr: intString,
      },
      title: 'NodeAgent',
      type: 'object',
    },
    Resources: {
      additionalProperties: false,
      properties: {
        limits: ref('#/definitions/Limits'),
        requests: ref('#/definitions/Limits'),
      },
      title: 'Resources',
      type: 'object',
    },
    Tolerations: {
      additionalProperties: false,
      items: { type: 'object' },
      type: 'array',
    },
    VpcCni: {
      additionalProperties: false,
      properties: {
        affinity: ref('#/definitions/Affinity'),
        enableNetworkPolicy: boolString,
        enableWindowsIpam: boolString,
        eniConfig: ref('#/definitions/EniConfig'),
        env: ref('#/definitions/Env'),
        init: ref('#/definitions/Init'),
        livenessProbeTimeoutSeconds: { type: 'integer' },
        nodeAgent: ref('#/definitions/NodeAgent'),
        readinessProbeTimeoutSeconds: { type: 'integer' },
        resources: ref('#/definitions/Resources'),
        tolerations: ref('#/definitions/Tolerations'),
      },
      title: 'VpcCni',
      type: 'object',
    },
  },
  description: 'vpc-cni',
});

/** kube-proxy: the same generated draft-06 shape as vpc-cni. */
const kubeProxy = JSON.stringify({
  $ref: '#/definitions/KubeProxy',
  $schema: DRAFT_06,
  definitions: {
    Ipvs: {
      additionalProperties: false,
      properties: {
        scheduler: {
          enum: ['rr', 'lc', 'dh', 'sh', 'sed', 'nq'],
          type: 'string',
        },
      },
      title: 'Ipvs',
      type: 'object',
    },
    KubeProxy: {
      additionalProperties: false,
      properties: {
        ipvs: ref('#/definitions/Ipvs'),
        mode: { enum: ['iptables', 'ipvs', 'nftables'], type: 'string' },
        podAnnotations: {
          additionalProperties: { type: 'string' },
          type: 'object',
        },
        resources: ref('#/definitions/Resources'),
      },
      title: 'KubeProxy',
      type: 'object',
    },
    Limits: {
      additionalProperties: false,
      properties: { cpu: { type: 'string' }, memory: { type: 'string' } },
      title: 'Limits',
      type: 'object',
    },
    Resources: {
      additionalProperties: false,
      properties: {
        limits: ref('#/definitions/Limits'),
        requests: ref('#/definitions/Limits'),
      },
      title: 'Resources',
      type: 'object',
    },
  },
  description: 'kube-proxy',
});

/** The 2019-09 `$defs` both CSI drivers use. */
const csiDefs = (): Schema => ({
  extraVolumeTags: {
    description: 'Additional tags to be added to all volumes',
    patternProperties: {
      '^.*$': {
        maxLength: 256,
        minLength: 0,
        pattern: '^[a-zA-Z0-9 _\\.:\\/=+\\-@]*$',
        type: 'string',
      },
    },
    propertyNames: {
      maxLength: 128,
      minLength: 1,
      pattern: '^[a-zA-Z0-9 _\\.:\\/=+\\-@]*$',
      type: 'string',
    },
    type: 'object',
  },
  limits: {
    additionalProperties: false,
    properties: { cpu: { type: 'string' }, memory: { type: 'string' } },
    type: 'object',
  },
  resources: {
    additionalProperties: false,
    properties: {
      limits: ref('#/$defs/limits'),
      requests: ref('#/$defs/limits'),
    },
    type: 'object',
  },
  tolerations: {
    items: {
      additionalProperties: false,
      properties: {
        effect: {
          enum: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'],
          type: 'string',
        },
        key: { type: 'string' },
        operator: { enum: ['Equal', 'Exists'], type: 'string' },
        tolerationSeconds: { type: 'integer' },
        value: { type: 'string' },
      },
      type: 'object',
    },
    type: 'array',
  },
  nodeSelector: { additionalProperties: { type: 'string' }, type: 'object' },
});

const ebsCsi = JSON.stringify({
  $defs: csiDefs(),
  $schema: DRAFT_2019_09,
  additionalProperties: false,
  description: 'Configurable parameters of the AWS EBS CSI Driver',
  properties: {
    controller: {
      additionalProperties: false,
      properties: {
        extraVolumeTags: ref('#/$defs/extraVolumeTags'),
        nodeSelector: ref('#/$defs/nodeSelector'),
        replicaCount: {
          description: 'Number of replicas of the CSI controller',
          minimum: 0,
          type: 'integer',
        },
        resources: ref('#/$defs/resources'),
        tolerations: ref('#/$defs/tolerations'),
      },
      type: 'object',
    },
    defaultStorageClass: {
      additionalProperties: false,
      properties: {
        enabled: {
          description: 'Create a default gp3 StorageClass',
          type: 'boolean',
        },
      },
      type: 'object',
    },
    node: {
      additionalProperties: false,
      properties: {
        nodeSelector: ref('#/$defs/nodeSelector'),
        resources: ref('#/$defs/resources'),
        tolerateAllTaints: {
          description: 'Node pods will tolerate all taints',
          type: 'boolean',
        },
        tolerations: ref('#/$defs/tolerations'),
        volumeAttachLimit: {
          description:
            'Overrides the maximum number of volumes that can be attached per node (for all nodes)',
          minimum: 1,
          type: 'integer',
        },
      },
      type: 'object',
    },
    sidecars: {
      description: 'Settings of the CSI sidecar containers',
      type: 'object',
    },
  },
  type: 'object',
});

const efsCsi = JSON.stringify({
  $defs: csiDefs(),
  $schema: DRAFT_2019_09,
  additionalProperties: false,
  description: 'Configurable parameters for the aws-efs-csi-driver',
  properties: {
    controller: {
      additionalProperties: false,
      properties: {
        nodeSelector: ref('#/$defs/nodeSelector'),
        replicaCount: {
          description: 'The number of replicas for the CSI controller',
          minimum: 0,
          type: 'integer',
        },
        resources: ref('#/$defs/resources'),
        tags: ref('#/$defs/extraVolumeTags'),
        tolerations: ref('#/$defs/tolerations'),
      },
      type: 'object',
    },
    node: {
      additionalProperties: false,
      properties: {
        nodeSelector: ref('#/$defs/nodeSelector'),
        resources: ref('#/$defs/resources'),
        tolerations: ref('#/$defs/tolerations'),
      },
      type: 'object',
    },
  },
  type: 'object',
});

export const ADDON_SCHEMAS: Record<string, string> = {
  'vpc-cni': vpcCni,
  'kube-proxy': kubeProxy,
  'aws-ebs-csi-driver': ebsCsi,
  'aws-efs-csi-driver': efsCsi,
  coredns: draft07('coredns', {
    ...podScheduling(),
    autoScaling: {
      additionalProperties: false,
      description: 'autoScaling configurations',
      properties: {
        enabled: {
          default: false,
          description:
            'the flag to toggle CoreDNS cluster-proportional autoscaling',
          type: 'boolean',
        },
        maxReplicas: int('the max value that autoscaler can scale up to'),
        minReplicas: int('the min value that autoscaler can scale down to'),
      },
      required: ['enabled'],
      type: 'object',
    },
    computeType: { type: 'string' },
    corefile: str('Entire corefile contents to use with installation'),
    podDisruptionBudget: {
      additionalProperties: false,
      description: 'podDisruptionBudget configurations',
      properties: {
        enabled: { default: true, type: 'boolean' },
        maxUnavailable: {
          anyOf: [{ pattern: '.*%$', type: 'string' }, { type: 'integer' }],
          default: 1,
        },
        minAvailable: {
          anyOf: [{ pattern: '.*%$', type: 'string' }, { type: 'integer' }],
        },
      },
      type: 'object',
    },
    replicaCount: int('Number of CoreDNS replicas', { minimum: 1 }),
  }),
  'eks-pod-identity-agent': draft07('eks-pod-identity-agent', {
    agent: {
      additionalProperties: false,
      properties: {
        additionalArgs: stringMap(
          'Additional command-line arguments of the agent',
        ),
      },
      type: 'object',
    },
    affinity: ref('#/definitions/Affinity'),
    podAnnotations: stringMap('Annotations to add to the agent pods'),
    resources: ref('#/definitions/Resources'),
    tolerations: ref('#/definitions/Tolerations'),
  }),
  'external-dns': draft07('external-dns', {
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
    ...podScheduling(),
  }),
  'metrics-server': draft07('metrics-server', {
    replicas: int('Number of replicas', { minimum: 1 }),
    args: strList('Additional command-line arguments'),
    ...podScheduling(),
  }),
  'cert-manager': draft07('cert-manager', {
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
    ...podScheduling(),
  }),
  adot: draft07('adot', {
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
  'amazon-cloudwatch-observability': draft07(
    'amazon-cloudwatch-observability',
    {
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
        properties: {
          config: { type: 'object' },
          resources: ref('#/definitions/Resources'),
          tolerations: ref('#/definitions/Tolerations'),
        },
      },
      manager: controllerSettings(),
      tolerations: ref('#/definitions/Tolerations'),
    },
  ),
  'snapshot-controller': draft07('snapshot-controller', {
    replicaCount: int('Number of replicas', { minimum: 1 }),
    ...podScheduling(),
  }),
  'aws-mountpoint-s3-csi-driver': draft07('aws-mountpoint-s3-csi-driver', {
    node: {
      type: 'object',
      additionalProperties: false,
      properties: {
        tolerateAllTaints: bool('Schedule node pods on every node'),
        resources: ref('#/definitions/Resources'),
        tolerations: ref('#/definitions/Tolerations'),
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
