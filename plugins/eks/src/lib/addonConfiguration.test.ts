import {
  listConfigurationFields,
  toConfigurationValues,
} from './addonConfiguration';
import { externalDnsSchema, vpcCniSchema } from '../__fixtures__/addonSchemas';

describe('toConfigurationValues', () => {
  it('emits a JSON string, or nothing for an empty configuration', () => {
    expect(toConfigurationValues({ replicaCount: 2 })).toBe(
      '{"replicaCount":2}',
    );
    expect(toConfigurationValues({})).toBeUndefined();
    expect(toConfigurationValues(undefined)).toBeUndefined();
  });
});

describe('listConfigurationFields', () => {
  it('lists nested keys with type, description and allowed values', () => {
    const fields = listConfigurationFields(externalDnsSchema);
    expect(fields.map(f => f.path)).toEqual([
      'domainFilters',
      'logLevel',
      'policy',
      'replicaCount',
      'resources',
      'resources.limits',
      'resources.limits.cpu',
      'resources.limits.memory',
      'txtOwnerId',
    ]);
    expect(fields.find(f => f.path === 'policy')).toMatchObject({
      type: 'string',
      enum: ['sync', 'upsert-only', 'create-only'],
      description: expect.stringMatching(/How DNS records are synchronized/),
    });
    expect(fields.find(f => f.path === 'resources.limits.cpu')?.type).toBe(
      'string | integer',
    );
  });

  it('follows $ref roots and definitions, and shows string formats', () => {
    const fields = listConfigurationFields(vpcCniSchema);
    expect(fields.map(f => f.path)).toEqual(
      expect.arrayContaining([
        'enableNetworkPolicy',
        'env',
        'env.ENABLE_PREFIX_DELEGATION',
        'env.WARM_IP_TARGET',
        'resources.limits.cpu',
      ]),
    );
    expect(fields.find(f => f.path === 'env.WARM_IP_TARGET')).toMatchObject({
      type: 'string',
      format: 'integer',
    });
    expect(fields.find(f => f.path === 'affinity')?.type).toBe('object | null');
  });
});
