import { InputError } from '@backstage/errors';
import { ValidationRule } from '@backstage-eks/plugin-eks-common';

/**
 * Throws an InputError naming the field and the rule when `value` breaks
 * `rule`; does nothing for undefined values.
 *
 * @public
 */
export function checkField(
  field: string,
  value: string | undefined,
  rule: ValidationRule,
): void {
  if (value === undefined) return;
  const problem = rule(value);
  if (problem) {
    throw new InputError(`${field} ${problem}`);
  }
}

/** Checks every item of a list, naming the item's index. @public */
export function checkFields(
  field: string,
  values: readonly string[] | undefined,
  rule: ValidationRule,
): void {
  values?.forEach((value, index) =>
    checkField(`${field}[${index}]`, value, rule),
  );
}

/** Throws an InputError unless `min <= value <= max` and value is an integer. @public */
export function checkInteger(
  field: string,
  value: number | undefined,
  min: number,
  max: number,
): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InputError(
      `${field} must be a whole number from ${min} to ${max} (got ${value})`,
    );
  }
}
