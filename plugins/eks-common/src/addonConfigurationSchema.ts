/** Compiling an add-on's configuration JSON Schema, in the dialect it declares, with every format checked. */
import Ajv, { Options, ValidateFunction } from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import draft06MetaSchema from 'ajv/dist/refs/json-schema-draft-06.json';
import addFormats from 'ajv-formats';
import {
  ADDON_CONFIGURATION_FORMATS,
  AddonConfigurationSchema,
  AddonConfigurationSchemaError,
  AddonConfigurationValidator,
} from './addonConfigurationTypes';
import { describeErrors } from './addonConfigurationProblems';

type Dialect = 'draft-06' | 'draft-07' | '2019-09' | '2020-12';

const DIALECTS: [RegExp, Dialect, string][] = [
  [
    /^https?:\/\/json-schema\.org\/draft-06\/schema#?$/,
    'draft-06',
    'http://json-schema.org/draft-06/schema#',
  ],
  [
    /^https?:\/\/json-schema\.org\/draft-07\/schema#?$/,
    'draft-07',
    'http://json-schema.org/draft-07/schema#',
  ],
  [
    /^https?:\/\/json-schema\.org\/draft\/2019-09\/schema#?$/,
    '2019-09',
    'https://json-schema.org/draft/2019-09/schema',
  ],
  [
    /^https?:\/\/json-schema\.org\/draft\/2020-12\/schema#?$/,
    '2020-12',
    'https://json-schema.org/draft/2020-12/schema',
  ],
];

const AJV_OPTIONS: Options = {
  allErrors: true,
  verbose: true,
  // Unknown keywords are annotations (JSON Schema; real EKS schemas carry
  // some); with "log" and no logger they are ignored quietly, while an
  // unknown format still throws at compile time (ajv throws for unknown
  // formats unless strictSchema is false).
  strictSchema: 'log',
  strictTypes: false,
  strictTuples: false,
  strictRequired: false,
  validateFormats: true,
  logger: false,
};

function createAjv(dialect: Dialect): Ajv {
  let ajv: Ajv;
  if (dialect === '2019-09') {
    ajv = new Ajv2019(AJV_OPTIONS);
  } else if (dialect === '2020-12') {
    ajv = new Ajv2020(AJV_OPTIONS);
  } else {
    ajv = new Ajv(AJV_OPTIONS);
    ajv.addMetaSchema(draft06MetaSchema);
  }
  addFormats(ajv);
  for (const [name, format] of Object.entries(ADDON_CONFIGURATION_FORMATS)) {
    ajv.addFormat(name, { type: 'string', validate: format.pattern });
  }
  return ajv;
}

function dialectOf(schema: AddonConfigurationSchema): [Dialect, string] {
  const declared = schema.$schema;
  if (declared === undefined) {
    return ['draft-07', 'http://json-schema.org/draft-07/schema#'];
  }
  const found = DIALECTS.find(
    ([pattern]) => typeof declared === 'string' && pattern.test(declared),
  );
  if (!found) {
    throw new AddonConfigurationSchemaError(
      `the configuration schema declares $schema ${JSON.stringify(
        declared,
      )}, which is not supported (supported: draft-06, draft-07, 2019-09, 2020-12)`,
    );
  }
  return [found[1], found[2]];
}

const compiledSchemas = new Map<string, AddonConfigurationValidator>();
const MAX_COMPILED = 32;

function parseSchema(
  schema: AddonConfigurationSchema | string,
): AddonConfigurationSchema {
  let parsed: unknown;
  try {
    parsed = typeof schema === 'string' ? JSON.parse(schema) : schema;
  } catch (error) {
    throw new AddonConfigurationSchemaError(
      `the configuration schema is not JSON: ${(error as Error).message}`,
    );
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AddonConfigurationSchemaError(
      'the configuration schema is not a JSON Schema object',
    );
  }
  return parsed as AddonConfigurationSchema;
}

function compileSchema(parsed: AddonConfigurationSchema): ValidateFunction {
  const [dialect, canonical] = dialectOf(parsed);
  const ajv = createAjv(dialect);
  try {
    return ajv.compile({ ...parsed, $schema: canonical });
  } catch (error) {
    const message = (error as Error).message;
    const unknownFormat =
      /^unknown format "(.*)" ignored in schema at path "(.*)"$/.exec(message);
    throw new AddonConfigurationSchemaError(
      unknownFormat
        ? `the configuration schema uses format "${unknownFormat[1]}" (at ${unknownFormat[2]}), which this validator does not know, so values of that key cannot be checked`
        : `the configuration schema cannot be used: ${message}`,
    );
  }
}

function validatorOf(validate: ValidateFunction): AddonConfigurationValidator {
  return values => {
    if (!values || typeof values !== 'object' || Array.isArray(values)) {
      return [
        {
          path: '',
          rule: 'mapping',
          message: 'must be a JSON or YAML object (a mapping of keys)',
        },
      ];
    }
    if (validate(values)) return [];
    return describeErrors(values, validate.errors ?? []);
  };
}

/**
 * Compiles an add-on's configuration schema (the string DescribeAddonConfiguration
 * returns, or it parsed) into a validator. Throws an
 * AddonConfigurationSchemaError when the schema cannot check values: not
 * JSON, an unsupported `$schema`, invalid against its meta-schema, or a
 * `format` that is not known.
 *
 * @public
 */
export function compileAddonConfigurationSchema(
  schema: AddonConfigurationSchema | string,
): AddonConfigurationValidator {
  const key = typeof schema === 'string' ? schema : JSON.stringify(schema);
  const cached = compiledSchemas.get(key);
  if (cached) return cached;
  const validator = validatorOf(compileSchema(parseSchema(schema)));
  if (compiledSchemas.size >= MAX_COMPILED) {
    compiledSchemas.delete(compiledSchemas.keys().next().value as string);
  }
  compiledSchemas.set(key, validator);
  return validator;
}
