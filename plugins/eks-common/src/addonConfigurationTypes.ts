/**
 * The vocabulary of EKS add-on configuration checks: the problem a value
 * breaks, the validator's shape, the schema error and the string formats EKS
 * add-on schemas use beyond the standard ones.
 */
/** An add-on's configuration JSON Schema, as DescribeAddonConfiguration returns it (parsed). @public */
export type AddonConfigurationSchema = Record<string, unknown>;

/** One reason a configuration value is refused. @public */
export interface AddonConfigurationProblem {
  /** The key path, e.g. `env.WARM_IP_TARGET`; empty for the whole value. */
  path: string;
  /**
   * The rule broken: `syntax`, `mapping`, `finite-number`, `no-schema`, or
   * the JSON Schema keyword (`additionalProperties`, `type`, `format`, ...).
   */
  rule: string;
  /** What is wrong, to follow the key path, e.g. `must be integer (got string "ten")`. */
  message: string;
}

/** Validates parsed configuration values against one compiled schema. @public */
export type AddonConfigurationValidator = (
  values: unknown,
) => AddonConfigurationProblem[];

/** The schema cannot be used to check values (bad JSON, unsupported dialect, unknown format). @public */
export class AddonConfigurationSchemaError extends Error {
  name = 'AddonConfigurationSchemaError';
}

/** A string format that EKS add-on schemas use beyond the standard ones. @public */
export interface AddonConfigurationFormat {
  /** What a valid value looks like, said after "must be". */
  description: string;
  pattern: RegExp;
}

/**
 * The string formats EKS add-on schemas use that are not standard JSON Schema
 * formats: vpc-cni's environment variables are strings read by the add-on as
 * booleans and integers (`"format": "boolean"`, `"format": "integer"` with
 * `"type": "string"`).
 *
 * @public
 */
export const ADDON_CONFIGURATION_FORMATS: Record<
  string,
  AddonConfigurationFormat
> = {
  boolean: {
    description: 'the string "true" or "false"',
    pattern: /^(true|false)$/,
  },
  integer: {
    description: 'a whole number in base 10 written as a string, e.g. "10"',
    pattern: /^-?[0-9]+$/,
  },
};
