import { ConfigurationSchema } from '../lib/addonConfiguration';

/**
 * A configuration schema in the shape DescribeAddonConfiguration returns for
 * the external-dns community add-on (abridged): the add-on whose fields the
 * field notes could not find.
 */
export const externalDnsSchema: ConfigurationSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  properties: {
    domainFilters: {
      type: 'array',
      description: 'Limit possible target zones by domain suffixes.',
      items: { type: 'string' },
    },
    logLevel: {
      type: 'string',
      description: 'Verbosity of the logs.',
      enum: ['panic', 'debug', 'info', 'warning', 'error', 'fatal'],
      default: 'info',
    },
    policy: {
      type: 'string',
      description:
        'How DNS records are synchronized between sources and providers.',
      enum: ['sync', 'upsert-only', 'create-only'],
      default: 'upsert-only',
    },
    replicaCount: {
      type: 'integer',
      description: 'Number of external-dns replicas.',
      minimum: 1,
    },
    resources: {
      type: 'object',
      description: 'Resource requests and limits of the external-dns pod.',
      additionalProperties: false,
      properties: {
        limits: {
          type: 'object',
          additionalProperties: false,
          properties: {
            cpu: {
              anyOf: [{ type: 'string' }, { type: 'integer' }],
              description: 'CPU limit, e.g. 200m or 1.',
            },
            memory: {
              type: 'string',
              description: 'Memory limit, e.g. 256Mi.',
            },
          },
        },
      },
    },
    txtOwnerId: {
      type: 'string',
      description:
        'A unique identifier of this external-dns instance, written to TXT ownership records.',
    },
  },
};

/**
 * vpc-cni's configuration schema in the shape DescribeAddonConfiguration
 * returns it (AWS CLI reference example for v1.15.1-eksbuild.1, abridged): a
 * draft-06 `$ref` root with definitions, and environment variables that are
 * strings the add-on reads as booleans and integers (`format`).
 */
export const vpcCniSchema: ConfigurationSchema = {
  $ref: '#/definitions/VpcCni',
  $schema: 'http://json-schema.org/draft-06/schema#',
  definitions: {
    Affinity: { type: ['object', 'null'] },
    Env: {
      additionalProperties: false,
      properties: {
        AWS_VPC_K8S_CNI_LOGLEVEL: { type: 'string' },
        ENABLE_POD_ENI: { format: 'boolean', type: 'string' },
        ENABLE_PREFIX_DELEGATION: { format: 'boolean', type: 'string' },
        MINIMUM_IP_TARGET: { format: 'integer', type: 'string' },
        WARM_ENI_TARGET: { format: 'integer', type: 'string' },
        WARM_IP_TARGET: { format: 'integer', type: 'string' },
      },
      title: 'Env',
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
        limits: { $ref: '#/definitions/Limits' },
        requests: { $ref: '#/definitions/Limits' },
      },
      title: 'Resources',
      type: 'object',
    },
    VpcCni: {
      additionalProperties: false,
      properties: {
        affinity: { $ref: '#/definitions/Affinity' },
        enableNetworkPolicy: { format: 'boolean', type: 'string' },
        env: { $ref: '#/definitions/Env' },
        livenessProbeTimeoutSeconds: { type: 'integer' },
        resources: { $ref: '#/definitions/Resources' },
      },
      title: 'VpcCni',
      type: 'object',
    },
  },
  description: 'vpc-cni',
};
