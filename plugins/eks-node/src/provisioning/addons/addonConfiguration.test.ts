import {
  checkAddonConfigurationValues,
  formatAddonConfigurationProblem,
} from '@backstage-eks/plugin-eks-common';
import {
  parseConfigurationValues,
  validateConfigurationValues,
} from './addonConfiguration';

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

/** vpc-cni's shape: a draft-06 $ref root whose env values are boolean/integer strings. */
const vpcCniSchema = JSON.stringify({
  $ref: '#/definitions/VpcCni',
  $schema: 'http://json-schema.org/draft-06/schema#',
  definitions: {
    Env: {
      additionalProperties: false,
      properties: {
        ENABLE_PREFIX_DELEGATION: { format: 'boolean', type: 'string' },
        WARM_IP_TARGET: { format: 'integer', type: 'string' },
      },
      type: 'object',
    },
    VpcCni: {
      additionalProperties: false,
      properties: { env: { $ref: '#/definitions/Env' } },
      type: 'object',
    },
  },
});

/** What the action does with configurationValues: parse, then validate. */
function actionMessage(field: string, text: string, schemaText: string) {
  try {
    validateConfigurationValues(
      field,
      parseConfigurationValues(field, text),
      schemaText,
    );
    return undefined;
  } catch (error) {
    expect((error as Error).name).toBe('InputError');
    return (error as Error).message;
  }
}

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

  it('refuses YAML with unresolved tags, duplicate keys or alias bombs, naming the field', () => {
    expect(() =>
      parseConfigurationValues('v', 'replicaCount: !!js/function "f(){}"'),
    ).toThrow(
      /^v must be JSON or YAML: Unresolved tag: tag:yaml.org,2002:js\/function/,
    );
    expect(() =>
      parseConfigurationValues('v', '{"replicaCount": 2, "replicaCount": 3}'),
    ).toThrow(/^v must be JSON or YAML: Map keys must be unique/);
    expect(() =>
      parseConfigurationValues(
        'v',
        'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
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
      'values.resources.limit is not a setting of this add-on; allowed keys at this level: limits, requests',
    );
  });

  it('explains type, range and enum problems', () => {
    expect(() =>
      validateConfigurationValues('values', { replicaCount: 0 }, schema),
    ).toThrow('values.replicaCount must be >= 1');
    expect(() =>
      validateConfigurationValues('values', { logLevel: 'trace' }, schema),
    ).toThrow('values.logLevel must be one of "info", "debug" (got "trace")');
    expect(() =>
      validateConfigurationValues('values', { replicaCount: 3 }, schema),
    ).not.toThrow();
  });

  it("refuses vpc-cni's boolean and integer strings that the add-on could not read", () => {
    expect(
      actionMessage(
        'addons[0].configurationValues',
        'env:\n  ENABLE_PREFIX_DELEGATION: "yes"\n  WARM_IP_TARGET: ten',
        vpcCniSchema,
      ),
    ).toBe(
      'addons[0].configurationValues.env.ENABLE_PREFIX_DELEGATION must be the string "true" or "false" (format "boolean"; got "yes"); addons[0].configurationValues.env.WARM_IP_TARGET must be a whole number in base 10 written as a string, e.g. "10" (format "integer"; got "ten")',
    );
    expect(
      actionMessage(
        'addons[0].configurationValues',
        '{"env": {"ENABLE_PREFIX_DELEGATION": "true", "WARM_IP_TARGET": "10"}}',
        vpcCniSchema,
      ),
    ).toBeUndefined();
  });

  it("gives eks-common's message, the one the template form shows, for each bad input", () => {
    // The form (plugins/eks) shows formatAddonConfigurationProblem of
    // checkAddonConfigurationValues for each problem; its test checks the
    // same literal messages for the same inputs.
    for (const text of [
      'env:\n  ENABLE_PREFIX_DELEGATION: "yes"\n  WARM_IP_TARGET: ten',
      'env:\n  WARM_IP_TARGETS: "1"',
      'env: [1]',
      'a: 1\na: 2',
      '- a',
      'a: [1',
    ]) {
      const expected = checkAddonConfigurationValues(text, vpcCniSchema)
        .map(p => formatAddonConfigurationProblem('configurationValues', p))
        .join('; ');
      expect(expected).not.toBe('');
      expect(actionMessage('configurationValues', text, vpcCniSchema)).toBe(
        expected,
      );
    }
  });

  it('refuses values for add-ons without a schema', () => {
    expect(() =>
      validateConfigurationValues('values', { a: 1 }, undefined),
    ).toThrow(
      'values must be empty: this add-on version accepts no configuration',
    );
  });

  it('fails (not as bad input) when the schema uses a format nobody knows', () => {
    const unknownFormat = JSON.stringify({
      type: 'object',
      properties: { size: { type: 'string', format: 'quantity' } },
    });
    let thrown: unknown;
    try {
      validateConfigurationValues('values', { size: '1Gi' }, unknownFormat);
    } catch (error) {
      thrown = error;
    }
    expect((thrown as Error).name).toBe('Error');
    expect((thrown as Error).message).toBe(
      'values cannot be checked: the configuration schema uses format "quantity" (at #/properties/size), which this validator does not know, so values of that key cannot be checked',
    );
  });
});
