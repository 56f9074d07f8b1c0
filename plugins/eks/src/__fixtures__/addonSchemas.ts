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
