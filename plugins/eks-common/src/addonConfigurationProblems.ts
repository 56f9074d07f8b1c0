/**
 * Ajv's errors as problems a person can follow: the key path and the rule,
 * said in words (`must be integer (got string "ten")`).
 */
import { ErrorObject } from 'ajv';
import {
  ADDON_CONFIGURATION_FORMATS,
  AddonConfigurationProblem,
} from './addonConfigurationTypes';
import { appendKey, got, pathOf, shown } from './addonConfigurationPaths';

type Params = Record<string, any>;

/** What one keyword's error says, at the error's key path. */
type Describer = (
  error: ErrorObject,
  path: string,
  params: Params,
) => AddonConfigurationProblem;

function describeBranch(branch: unknown): string {
  if (!branch || typeof branch !== 'object') return 'a schema';
  const s = branch as Record<string, unknown>;
  const type = Array.isArray(s.type) ? s.type.join(' or ') : s.type;
  let text = typeof type === 'string' ? type : 'a value';
  if (typeof s.pattern === 'string') text += ` matching ${s.pattern}`;
  if (typeof s.format === 'string') text += ` in format "${s.format}"`;
  if (Array.isArray(s.enum)) text += ` in ${shown(s.enum)}`;
  return text;
}

const describeUnknownKey: Describer = (error, path, params) => {
  const parent = (error.parentSchema ?? {}) as Record<string, unknown>;
  const key = String(params.additionalProperty ?? params.unevaluatedProperty);
  const allowed = Object.keys(
    (parent.properties as Record<string, unknown>) ?? {},
  ).sort();
  const patterns = Object.keys(
    (parent.patternProperties as Record<string, unknown>) ?? {},
  );
  const keys = [...allowed, ...patterns.map(p => `keys matching /${p}/`)].join(
    ', ',
  );
  return {
    path: appendKey(path, key),
    rule: error.keyword,
    message: `is not a setting of this add-on; ${
      keys
        ? `allowed keys${path ? ' at this level' : ''}: ${keys}`
        : 'no keys are allowed at this level'
    }`,
  };
};

const describeFormat: Describer = (error, path, params) => {
  const format = String(params.format);
  const known = ADDON_CONFIGURATION_FORMATS[format];
  return {
    path,
    rule: error.keyword,
    message: `must be ${
      known ? known.description : `a valid ${format}`
    } (format "${format}"; got ${shown(error.data)})`,
  };
};

const describeAlternatives: Describer = (error, path, params) => {
  const rule = error.keyword;
  const branches = (error.schema as unknown[]) ?? [];
  const matching =
    rule === 'oneOf' && params.passingSchemas
      ? ` (it matches ${(params.passingSchemas as number[]).length} of them)`
      : '';
  return {
    path,
    rule,
    message: `must be ${rule === 'oneOf' ? 'exactly ' : ''}one of: ${branches
      .map(describeBranch)
      .join('; ')}${matching} (got ${shown(error.data)})`,
  };
};

/** A describer whose message depends only on the error, at the error's path. */
function saying(message: (error: ErrorObject, params: Params) => string) {
  const describe: Describer = (error, path, params) => ({
    path,
    rule: error.keyword,
    message: message(error, params),
  });
  return describe;
}

const DESCRIBERS: Record<string, Describer> = {
  additionalProperties: describeUnknownKey,
  unevaluatedProperties: describeUnknownKey,
  required: (error, path, params) => ({
    path: appendKey(path, String(params.missingProperty)),
    rule: error.keyword,
    message: 'is required',
  }),
  type: saying(
    (error, params) =>
      `must be ${String(params.type).split(',').join(' or ')} (${got(
        error.data,
      )})`,
  ),
  enum: saying(
    (error, params) =>
      `must be one of ${(params.allowedValues as unknown[])
        .map(v => JSON.stringify(v))
        .join(', ')} (got ${shown(error.data)})`,
  ),
  const: saying(
    (error, params) =>
      `must be ${JSON.stringify(params.allowedValue)} (got ${shown(
        error.data,
      )})`,
  ),
  format: describeFormat,
  anyOf: describeAlternatives,
  oneOf: describeAlternatives,
  pattern: saying(
    (error, params) =>
      `must match the pattern ${params.pattern} (got ${shown(error.data)})`,
  ),
};

function describeError(
  values: unknown,
  error: ErrorObject,
): AddonConfigurationProblem {
  const path = pathOf(values, error.instancePath);
  const params = error.params as Params;
  const describe = Object.prototype.hasOwnProperty.call(
    DESCRIBERS,
    error.keyword,
  )
    ? DESCRIBERS[error.keyword]
    : undefined;
  if (describe) return describe(error, path, params);
  return {
    path,
    rule: error.keyword,
    message: error.message ?? `breaks "${error.keyword}"`,
  };
}

/**
 * Drops the errors of anyOf/oneOf branches: the anyOf/oneOf error itself
 * says which shapes are allowed.
 */
function withoutBranchErrors(errors: ErrorObject[]): ErrorObject[] {
  const alternatives = errors.filter(
    e => e.keyword === 'anyOf' || e.keyword === 'oneOf',
  );
  return errors.filter(
    e =>
      !alternatives.some(
        alt =>
          alt !== e &&
          e.schemaPath.startsWith(`${alt.schemaPath}/`) &&
          e.instancePath.startsWith(alt.instancePath),
      ),
  );
}

/** The problems of ajv's errors for these values: branch errors dropped, each said once. */
export function describeErrors(
  values: unknown,
  errors: ErrorObject[],
): AddonConfigurationProblem[] {
  const seen = new Set<string>();
  return withoutBranchErrors(errors)
    .map(error => describeError(values, error))
    .filter(problem => {
      const id = `${problem.path} ${problem.message}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
}
