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

/**
 * The whole-number rule: undefined when `min <= value <= max` and value is an
 * integer, else the rule broken.
 *
 * @public
 */
export function wholeNumberProblem(
  value: number,
  min: number,
  max: number,
): string | undefined {
  return Number.isInteger(value) && value >= min && value <= max
    ? undefined
    : `must be a whole number from ${min} to ${max} (got ${value})`;
}

/** Throws an InputError unless `min <= value <= max` and value is an integer. @public */
export function checkInteger(
  field: string,
  value: number | undefined,
  min: number,
  max: number,
): void {
  if (value === undefined) return;
  const problem = wholeNumberProblem(value, min, max);
  if (problem) {
    throw new InputError(`${field} ${problem}`);
  }
}

/**
 * The characters IAM and SQS allow in tag keys and values: Unicode letters,
 * spaces and numbers, and `_ . : / = + - @` (IAM API Reference, Tag; the
 * pattern `[\p{L}\p{Z}\p{N}_.:/=+\-@]*` of its model). EKS and EC2 allow
 * more, but the same tags go on the IAM roles and the SQS queue.
 */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/**
 * What is wrong with AWS tags by the rule EKS, IAM, EC2 and SQS share: keys
 * of 1-128 characters not starting with "aws:", string values of at most
 * 256, both of the characters IAM and SQS allow. `key` is set when the
 * problem is the tag's (named `<field>.<key>`), not the list's.
 *
 * @public
 */
export function tagsProblem(
  tags: Record<string, string> | undefined,
): { key?: string; problem: string } | undefined {
  for (const [key, value] of Object.entries(tags ?? {})) {
    if (key.length === 0 || key.length > 128 || key.startsWith('aws:')) {
      return {
        problem: `key "${key}" must be 1-128 characters and must not start with "aws:"`,
      };
    }
    if (typeof value !== 'string' || value.length > 256) {
      return { key, problem: 'must be a string of at most 256 characters' };
    }
    for (const [what, text] of [
      ['key', key],
      ['value', value],
    ]) {
      if (!TAG_CHARACTERS.test(text)) {
        return {
          key,
          problem: `${what} "${text}" may only contain letters, numbers, spaces and _ . : / = + - @ (IAM and SQS refuse other characters in tags)`,
        };
      }
    }
  }
  return undefined;
}

/** The tags rule in words, for help texts and schemas. @public */
export const TAGS_RULE =
  'keys of 1-128 characters not starting with "aws:", values of at most 256; letters, numbers, spaces and _ . : / = + - @ only (IAM and SQS refuse other characters)';

/**
 * Checks AWS tags by {@link tagsProblem}'s rule: an InputError naming the
 * field (or the tag) and the rule.
 *
 * @public
 */
export function checkTags(
  field: string,
  tags: Record<string, string> | undefined,
) {
  const found = tagsProblem(tags);
  if (found) {
    throw new InputError(
      `${found.key === undefined ? field : `${field}.${found.key}`} ${
        found.problem
      }`,
    );
  }
}
