import {
  compileConfigurationSchema,
  listConfigurationFields,
  parseConfigurationText,
  toConfigurationValues,
} from './addonConfiguration';
import { externalDnsSchema } from '../__fixtures__/addonSchemas';

describe('compileConfigurationSchema', () => {
  const validate = compileConfigurationSchema(externalDnsSchema);

  it('accepts a value that fits the schema', () => {
    expect(
      validate({
        policy: 'sync',
        domainFilters: ['example.com'],
        resources: { limits: { cpu: '200m' } },
      }),
    ).toEqual([]);
  });

  it('names an unknown key and the allowed keys', () => {
    expect(validate({ polcy: 'sync' })).toEqual([
      {
        path: 'polcy',
        message:
          'Unknown key "polcy": the top level allows only domainFilters, logLevel, policy, replicaCount, resources, txtOwnerId',
      },
    ]);
  });

  it('names a nested unknown key with the keys allowed where it sits', () => {
    expect(validate({ resources: { limits: { gpu: '1' } } })).toEqual([
      {
        path: 'resources.limits.gpu',
        message:
          'Unknown key "resources.limits.gpu": "resources.limits" allows only cpu, memory',
      },
    ]);
  });

  it('lists the allowed values of an enum', () => {
    expect(validate({ policy: 'delete-all' })).toEqual([
      {
        path: 'policy',
        message:
          '"policy" must be one of "sync", "upsert-only", "create-only" (got "delete-all")',
      },
    ]);
  });

  it('names wrong types and formats', () => {
    expect(validate({ replicaCount: 'two' })).toEqual([
      {
        path: 'replicaCount',
        message: '"replicaCount" must be of type integer (got string)',
      },
    ]);
  });

  it('refuses a value that is not an object', () => {
    expect(validate(['a'])[0].message).toMatch(/must be an object/);
  });
});

describe('parseConfigurationText', () => {
  it('parses YAML and JSON', () => {
    expect(parseConfigurationText('policy: sync\nreplicaCount: 2')).toEqual({
      value: { policy: 'sync', replicaCount: 2 },
    });
    expect(parseConfigurationText('{"policy": "sync"}')).toEqual({
      value: { policy: 'sync' },
    });
    expect(parseConfigurationText('  ')).toEqual({ value: undefined });
  });

  it('explains text that is not an object', () => {
    expect(parseConfigurationText('policy: [sync').error).toMatch(
      /^Not valid YAML or JSON/,
    );
    expect(parseConfigurationText('- a').error).toMatch(/must be an object/);
  });
});

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
});
