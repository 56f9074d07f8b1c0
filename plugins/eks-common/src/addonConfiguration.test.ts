import {
  ADDON_CONFIGURATION_FORMATS,
  AddonConfigurationSchemaError,
  checkAddonConfigurationValues,
  compileAddonConfigurationSchema,
  formatAddonConfigurationProblem,
  parseAddonConfigurationValues,
} from './addonConfiguration';

/**
 * vpc-cni's schema in the shape DescribeAddonConfiguration returns it (the
 * AWS CLI reference's example for v1.15.1-eksbuild.1, abridged): a draft-06
 * `$ref` root with definitions and string formats.
 */
const vpcCniSchema = JSON.stringify({
  $ref: '#/definitions/VpcCni',
  $schema: 'http://json-schema.org/draft-06/schema#',
  definitions: {
    Affinity: { type: ['object', 'null'] },
    Env: {
      additionalProperties: false,
      properties: {
        ENABLE_PREFIX_DELEGATION: { format: 'boolean', type: 'string' },
        WARM_IP_TARGET: { format: 'integer', type: 'string' },
        MINIMUM_IP_TARGET: { format: 'integer', type: 'string' },
        AWS_VPC_K8S_CNI_LOGLEVEL: { type: 'string' },
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
    Tolerations: {
      additionalProperties: false,
      items: { type: 'object' },
      type: 'array',
    },
    VpcCni: {
      additionalProperties: false,
      properties: {
        affinity: { $ref: '#/definitions/Affinity' },
        enableNetworkPolicy: { format: 'boolean', type: 'string' },
        env: { $ref: '#/definitions/Env' },
        livenessProbeTimeoutSeconds: { type: 'integer' },
        resources: { $ref: '#/definitions/Resources' },
        tolerations: { $ref: '#/definitions/Tolerations' },
      },
      title: 'VpcCni',
      type: 'object',
    },
  },
  description: 'vpc-cni',
});

/** aws-ebs-csi-driver's shape: 2019-09 with $defs, patternProperties and propertyNames. */
const ebsCsiSchema = {
  $defs: {
    extraVolumeTags: {
      patternProperties: {
        '^.*$': {
          maxLength: 256,
          pattern: '^[a-zA-Z0-9 _\\.:\\/=+\\-@]*$',
          type: 'string',
        },
      },
      propertyNames: { maxLength: 128, minLength: 1, type: 'string' },
      type: 'object',
    },
  },
  $schema: 'https://json-schema.org/draft/2019-09/schema',
  additionalProperties: false,
  properties: {
    controller: {
      additionalProperties: false,
      properties: { extraVolumeTags: { $ref: '#/$defs/extraVolumeTags' } },
      type: 'object',
    },
    node: {
      additionalProperties: false,
      properties: {
        tolerateAllTaints: { type: 'boolean' },
        volumeAttachLimit: { minimum: 1, type: 'integer' },
      },
      // Real schemas carry misplaced keywords (aws-efs-csi-driver's
      // replicaCount beside properties): annotations, not errors.
      replicaCount: { type: 'integer' },
      type: 'object',
    },
  },
  type: 'object',
};

/** coredns' newer shape: draft-07, anyOf and a required key. */
const corednsSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  additionalProperties: false,
  definitions: {
    quantity: {
      anyOf: [{ type: 'string', pattern: '^[0-9]+m?$' }, { type: 'integer' }],
    },
  },
  properties: {
    replicaCount: { type: 'integer', minimum: 1 },
    autoScaling: {
      additionalProperties: false,
      properties: {
        enabled: { type: 'boolean' },
        minReplicas: { type: 'integer' },
      },
      required: ['enabled'],
      type: 'object',
    },
    cpu: { $ref: '#/definitions/quantity' },
    tolerations: {
      items: {
        properties: {
          effect: { enum: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] },
        },
        type: 'object',
      },
      type: 'array',
    },
    nodeSelector: { additionalProperties: { type: 'string' }, type: 'object' },
  },
  type: 'object',
};

const check = (text: string, schema: any = vpcCniSchema) =>
  checkAddonConfigurationValues(text, schema).map(p =>
    formatAddonConfigurationProblem('values', p),
  );

describe('parseAddonConfigurationValues', () => {
  it('reads JSON and YAML into the same object; empty text is no configuration', () => {
    expect(parseAddonConfigurationValues('{"replicaCount": 2}')).toEqual({
      values: { replicaCount: 2 },
    });
    expect(parseAddonConfigurationValues('replicaCount: 2\n')).toEqual({
      values: { replicaCount: 2 },
    });
    expect(
      parseAddonConfigurationValues('{\n\t"env": {"WARM_IP_TARGET": "5"}\n}'),
    ).toEqual({ values: { env: { WARM_IP_TARGET: '5' } } });
    expect(parseAddonConfigurationValues('  \n')).toEqual({
      values: undefined,
    });
    expect(parseAddonConfigurationValues('# nothing yet')).toEqual({
      values: undefined,
    });
  });

  it('reads YAML 1.2: yes/no/on are strings, not booleans', () => {
    expect(
      parseAddonConfigurationValues('env:\n  ENABLE_PREFIX_DELEGATION: yes'),
    ).toEqual({ values: { env: { ENABLE_PREFIX_DELEGATION: 'yes' } } });
  });

  it.each([
    [
      'a duplicate key (YAML)',
      'a: 1\na: 2',
      /^must be JSON or YAML: Map keys must be unique/,
    ],
    [
      'a duplicate key (JSON)',
      '{"a": 1, "a": 2}',
      /^must be JSON or YAML: Map keys must be unique/,
    ],
    [
      'an unresolved tag',
      'a: !!js/function "f(){}"',
      /^must be JSON or YAML: Unresolved tag/,
    ],
    [
      'a non-string key',
      '? [a, b]\n: 1',
      /^must be JSON or YAML: With stringKeys, all keys must be strings/,
    ],
    [
      'two documents',
      'a: 1\n---\nb: 2',
      /^must be JSON or YAML: Source contains multiple documents/,
    ],
    ['broken syntax', 'a: [1', /^must be JSON or YAML: /],
    [
      'an alias bomb',
      'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      /^must be JSON or YAML: Excessive alias count/,
    ],
  ])('refuses %s', (_label, text, message) => {
    const { problem } = parseAddonConfigurationValues(text);
    expect(problem?.rule).toBe('syntax');
    expect(problem?.message).toMatch(message);
    // One line: the position, not the source excerpt.
    expect(problem?.message).not.toContain('\n');
  });

  it('refuses a root that is not a mapping, and numbers JSON cannot carry', () => {
    expect(parseAddonConfigurationValues('- a\n- b').problem).toEqual({
      path: '',
      rule: 'mapping',
      message: 'must be a JSON or YAML object (a mapping of keys), not a list',
    });
    expect(parseAddonConfigurationValues('"text"').problem?.message).toBe(
      'must be a JSON or YAML object (a mapping of keys), not a string',
    );
    expect(
      parseAddonConfigurationValues('resources:\n  cpu: [1, .inf]').problem,
    ).toEqual({
      path: 'resources.cpu[1]',
      rule: 'finite-number',
      message: 'must be a finite number (JSON has no .inf or .nan)',
    });
  });
});

describe('checkAddonConfigurationValues with real EKS schema shapes', () => {
  it('accepts values that fit a draft-06 $ref root with string formats', () => {
    expect(
      check(
        JSON.stringify({
          env: { ENABLE_PREFIX_DELEGATION: 'true', WARM_IP_TARGET: '10' },
          enableNetworkPolicy: 'false',
          affinity: null,
          resources: { limits: { cpu: '100m' } },
          tolerations: [{ operator: 'Exists' }],
        }),
      ),
    ).toEqual([]);
  });

  it('checks the boolean and integer string formats, naming the key and the rule', () => {
    expect(
      check('env:\n  ENABLE_PREFIX_DELEGATION: "yes"\n  WARM_IP_TARGET: ten'),
    ).toEqual([
      'values.env.ENABLE_PREFIX_DELEGATION must be the string "true" or "false" (format "boolean"; got "yes")',
      'values.env.WARM_IP_TARGET must be a whole number in base 10 written as a string, e.g. "10" (format "integer"; got "ten")',
    ]);
    expect(check('env:\n  MINIMUM_IP_TARGET: "1.5"')).toEqual([
      'values.env.MINIMUM_IP_TARGET must be a whole number in base 10 written as a string, e.g. "10" (format "integer"; got "1.5")',
    ]);
    // A YAML boolean is not the string the add-on reads.
    expect(check('enableNetworkPolicy: true')).toEqual([
      'values.enableNetworkPolicy must be string (got boolean true)',
    ]);
  });

  it('names an unknown key with the keys allowed where it sits, through $ref', () => {
    expect(check('{"env": {"WARM_IP_TARGETS": "1"}}')).toEqual([
      'values.env.WARM_IP_TARGETS is not a setting of this add-on; allowed keys at this level: AWS_VPC_K8S_CNI_LOGLEVEL, ENABLE_PREFIX_DELEGATION, MINIMUM_IP_TARGET, WARM_IP_TARGET',
    ]);
    expect(check('replicas: 2')).toEqual([
      'values.replicas is not a setting of this add-on; allowed keys: affinity, enableNetworkPolicy, env, livenessProbeTimeoutSeconds, resources, tolerations',
    ]);
    expect(check('resources:\n  limits:\n    gpu: "1"')).toEqual([
      'values.resources.limits.gpu is not a setting of this add-on; allowed keys at this level: cpu, memory',
    ]);
  });

  it('reads 2019-09 schemas with $defs, patternProperties and misplaced keywords', () => {
    expect(
      check(
        'controller:\n  extraVolumeTags:\n    team: shop\nnode:\n  volumeAttachLimit: 20',
        ebsCsiSchema,
      ),
    ).toEqual([]);
    expect(
      check(
        'controller:\n  extraVolumeTags:\n    team: "a|b"\nnode:\n  volumeAttachLimit: 0',
        ebsCsiSchema,
      ),
    ).toEqual([
      'values.controller.extraVolumeTags.team must match the pattern ^[a-zA-Z0-9 _\\.:\\/=+\\-@]*$ (got "a|b")',
      'values.node.volumeAttachLimit must be >= 1',
    ]);
  });

  it('explains required keys, enums in arrays, maps and alternatives (draft-07)', () => {
    expect(
      check(
        JSON.stringify({
          autoScaling: { minReplicas: 2 },
          tolerations: [{ effect: 'Sometimes' }],
          nodeSelector: { 'kubernetes.io/os': 1 },
          cpu: true,
        }),
        corednsSchema,
      ),
    ).toEqual([
      'values.autoScaling.enabled is required',
      'values.cpu must be one of: string matching ^[0-9]+m?$; integer (got true)',
      'values.tolerations[0].effect must be one of "NoSchedule", "PreferNoSchedule", "NoExecute" (got "Sometimes")',
      'values.nodeSelector["kubernetes.io/os"] must be string (got integer 1)',
    ]);
  });

  it('refuses values for an add-on version without a schema', () => {
    const withoutSchema = (text: string) =>
      checkAddonConfigurationValues(text, undefined).map(p =>
        formatAddonConfigurationProblem('values', p),
      );
    expect(withoutSchema('a: 1')).toEqual([
      'values must be empty: this add-on version accepts no configuration',
    ]);
    expect(withoutSchema('')).toEqual([]);
  });

  it('names the field by its title when it is not a property path', () => {
    const [problem] = checkAddonConfigurationValues(
      'env:\n  WARM_IP_TARGET: ten',
      vpcCniSchema,
    );
    expect(
      formatAddonConfigurationProblem('CoreDNS configuration', problem),
    ).toBe(
      'CoreDNS configuration: env.WARM_IP_TARGET must be a whole number in base 10 written as a string, e.g. "10" (format "integer"; got "ten")',
    );
  });
});

describe('compileAddonConfigurationSchema', () => {
  it('fails on a format it does not know instead of ignoring it', () => {
    const schema = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { size: { type: 'string', format: 'quantity' } },
    };
    expect(() => compileAddonConfigurationSchema(schema)).toThrow(
      AddonConfigurationSchemaError,
    );
    expect(() => compileAddonConfigurationSchema(schema)).toThrow(
      'the configuration schema uses format "quantity" (at #/properties/size), which this validator does not know, so values of that key cannot be checked',
    );
  });

  it('checks the standard formats too', () => {
    const validate = compileAddonConfigurationSchema({
      type: 'object',
      properties: { endpoint: { type: 'string', format: 'uri' } },
    });
    expect(validate({ endpoint: 'https://example.com' })).toEqual([]);
    expect(validate({ endpoint: 'not a uri' })).toEqual([
      {
        path: 'endpoint',
        rule: 'format',
        message: 'must be a valid uri (format "uri"; got "not a uri")',
      },
    ]);
  });

  it('knows every format its schemas use: boolean and integer strings', () => {
    expect(Object.keys(ADDON_CONFIGURATION_FORMATS).sort()).toEqual([
      'boolean',
      'integer',
    ]);
  });

  it('refuses schemas it cannot use', () => {
    expect(() => compileAddonConfigurationSchema('{"type": ')).toThrow(
      /^the configuration schema is not JSON/,
    );
    expect(() =>
      compileAddonConfigurationSchema({
        $schema: 'http://json-schema.org/draft-04/schema#',
      }),
    ).toThrow(
      /declares \$schema "http:\/\/json-schema.org\/draft-04\/schema#", which is not supported/,
    );
    expect(() =>
      compileAddonConfigurationSchema({ type: 'object', minProperties: -1 }),
    ).toThrow(/^the configuration schema cannot be used: schema is invalid/);
  });

  it('does not print warnings while compiling real schemas', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    const log = jest.spyOn(console, 'log').mockImplementation(() => {});
    try {
      // Not compiled before (compiled schemas are cached).
      const fresh = { $comment: 'fresh' };
      compileAddonConfigurationSchema({
        ...JSON.parse(vpcCniSchema),
        ...fresh,
      });
      compileAddonConfigurationSchema({ ...ebsCsiSchema, ...fresh });
      compileAddonConfigurationSchema({ ...corednsSchema, ...fresh });
      expect(warn).not.toHaveBeenCalled();
      expect(log).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
      log.mockRestore();
    }
  });
});
