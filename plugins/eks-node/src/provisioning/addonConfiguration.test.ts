import {
  parseConfigurationValues,
  validateConfigurationValues,
} from './addonConfiguration';
import { compareAddonVersions } from './addonVersion';

const schema = JSON.stringify({
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  properties: {
    replicaCount: { type: 'integer', minimum: 1 },
    resources: {
      type: 'object',
      additionalProperties: false,
      properties: { limits: { type: 'object' }, requests: { type: 'object' } },
    },
    logLevel: { enum: ['info', 'debug'] },
  },
});

describe('add-on configuration values', () => {
  it('parses JSON and YAML into the same object', () => {
    expect(parseConfigurationValues('v', '{"replicaCount": 2}')).toEqual({
      replicaCount: 2,
    });
    expect(parseConfigurationValues('v', 'replicaCount: 2\n')).toEqual({
      replicaCount: 2,
    });
    expect(parseConfigurationValues('v', '')).toEqual({});
  });

  it('refuses YAML with unresolved tags or alias bombs, naming the field', () => {
    expect(() =>
      parseConfigurationValues('v', 'replicaCount: !!js/function "f(){}"'),
    ).toThrow(
      /^v must be JSON or YAML: Unresolved tag: tag:yaml.org,2002:js\/function/,
    );
    expect(() =>
      parseConfigurationValues(
        'v',
        'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      ),
    ).toThrow(/^v must be JSON or YAML: Excessive alias count/);
  });

  it('names the bad key and the allowed keys', () => {
    expect(() =>
      validateConfigurationValues('values', { replicas: 2 }, schema),
    ).toThrow(
      'values.replicas is not a setting of this add-on; allowed keys: logLevel, replicaCount, resources',
    );
    expect(() =>
      validateConfigurationValues(
        'values',
        { resources: { limit: {} } },
        schema,
      ),
    ).toThrow(
      'values.resources.limit is not a setting of this add-on; allowed keys under values.resources: limits, requests',
    );
  });

  it('explains type, range and enum problems', () => {
    expect(() =>
      validateConfigurationValues('values', { replicaCount: 0 }, schema),
    ).toThrow('values.replicaCount must be >= 1');
    expect(() =>
      validateConfigurationValues('values', { logLevel: 'trace' }, schema),
    ).toThrow('values.logLevel must be one of "info", "debug"');
    expect(() =>
      validateConfigurationValues('values', { replicaCount: 3 }, schema),
    ).not.toThrow();
  });

  it('refuses values for add-ons without a schema', () => {
    expect(() =>
      validateConfigurationValues('values', { a: 1 }, undefined),
    ).toThrow(
      'values must be empty: this add-on version accepts no configuration',
    );
  });

  it('orders add-on versions numerically', () => {
    const versions = [
      'v1.11.4-eksbuild.2',
      'v1.11.4-eksbuild.14',
      'v1.12.1-eksbuild.2',
      'v1.9.3-eksbuild.1',
    ];
    expect([...versions].sort(compareAddonVersions)).toEqual([
      'v1.9.3-eksbuild.1',
      'v1.11.4-eksbuild.2',
      'v1.11.4-eksbuild.14',
      'v1.12.1-eksbuild.2',
    ]);
  });
});
