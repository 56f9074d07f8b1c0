import { InputError } from '@backstage/errors';
import type { ValidationRule } from '@backstage-eks/plugin-eks-common';
import {
  TAGS_RULE,
  tagsProblem,
  wholeNumberProblem,
} from '@backstage-eks/plugin-eks-node';
import { z as zod } from 'zod/v3';

/**
 * The EKS actions' input fields carry their rules: each field is built from
 * an eks-common rule (or eks-node's whole-number and tags rules), so that
 *
 * - the description the scaffolder shows for the field (/create/actions, the
 *   JSON Schema of the action) states the rule in the words of the rule, and
 * - the field's zod refinement checks the value with that rule, refusing it
 *   with the rule's own message ({@link checkActionInput}).
 *
 * The rules are refinements, not JSON Schema `pattern`s: the scaffolder's
 * JSON Schema check (which runs before the handler and does not see
 * refinements) would refuse a pattern with `does not match pattern "^…$"`
 * instead of the rule, and the refusal must name the field and state the
 * rule. Rules that need AWS (a role in the target account, a version EKS
 * offers) or several fields are eks-node's.
 */

type Z = typeof zod;

/** A field's description followed by the rule that checks it. */
function described(description: string, statement: string | undefined) {
  return statement ? `${description}; ${statement}` : description;
}

/** A zod refinement that reports what `problem` says is wrong. */
function refinedBy<T>(problem: (value: T) => string | undefined) {
  return (value: T, ctx: zod.RefinementCtx) => {
    const found = problem(value);
    if (found) ctx.addIssue({ code: zod.ZodIssueCode.custom, message: found });
  };
}

/** A string field checked by an eks-common rule. */
export function ruleString(z: Z, rule: ValidationRule, description: string) {
  return z
    .string({ description: described(description, rule.statement) })
    .superRefine(refinedBy(rule));
}

/** A list of strings, each checked by an eks-common rule. */
export function ruleStrings(z: Z, rule: ValidationRule, description: string) {
  return z.array(z.string().superRefine(refinedBy(rule)), {
    description: described(
      description,
      rule.statement && `each ${rule.statement}`,
    ),
  });
}

/**
 * A string field checked by an eks-common rule when it is not empty; empty
 * means "the default" (region and account: see AwsClientFactory.resolveTarget).
 */
export function ruleStringOrEmpty(
  z: Z,
  rule: ValidationRule,
  description: string,
) {
  return z
    .string({ description: described(description, rule.statement) })
    .superRefine(refinedBy(value => (value === '' ? undefined : rule(value))));
}

/** A whole number from `min` to `max`. */
export function wholeNumber(
  z: Z,
  min: number,
  max: number,
  description: string,
) {
  return z
    .number({
      description: described(
        description,
        `a whole number from ${min} to ${max}`,
      ),
    })
    .superRefine(refinedBy(value => wholeNumberProblem(value, min, max)));
}

/** AWS tags, by the rule EKS, IAM, EC2 and SQS share. */
export function awsTags(z: Z, description: string) {
  return z
    .record(z.string(), { description: described(description, TAGS_RULE) })
    .superRefine((tags, ctx) => {
      const found = tagsProblem(tags);
      if (found) {
        ctx.addIssue({
          code: zod.ZodIssueCode.custom,
          path: found.key === undefined ? [] : [found.key],
          message: found.problem,
        });
      }
    });
}

/** The input fields of an action, as its schema declares them. */
export type ActionInputSchema = Record<string, (z: Z) => zod.ZodTypeAny>;

/**
 * Checks an action's input against its schema, rules included: an
 * InputError naming the field (`addons[0].name`, `tags.team`) and the rule.
 */
export function checkActionInput(schema: ActionInputSchema, input: unknown) {
  const shape = Object.fromEntries(
    Object.entries(schema).map(([name, field]) => [name, field(zod)]),
  );
  const result = zod.object(shape).safeParse(input);
  if (result.success) return;
  const issue = firstIssue(result.error.issues);
  throw new InputError(`${fieldName(issue.path)} ${problemOf(issue)}`);
}

/** The issue to report; in a union, the member's that is about a rule. */
function firstIssue(issues: zod.ZodIssue[]): zod.ZodIssue {
  const [issue] = issues;
  if (issue.code !== zod.ZodIssueCode.invalid_union) return issue;
  const members = issue.unionErrors.flatMap(error => error.issues);
  return (
    members.find(member => member.code === zod.ZodIssueCode.custom) ?? issue
  );
}

/** `addons[0].name` for the path `['addons', 0, 'name']`. */
function fieldName(path: (string | number)[]): string {
  return path
    .map((part, index) => {
      if (typeof part === 'number') return `[${part}]`;
      return index === 0 ? part : `.${part}`;
    })
    .join('');
}

/** The rule a zod issue states, in the words of the other refusals. */
function problemOf(issue: zod.ZodIssue): string {
  if (issue.code !== zod.ZodIssueCode.invalid_type) return issue.message;
  return issue.received === 'undefined'
    ? 'is required'
    : `must be ${article(issue.expected)} (got ${issue.received})`;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
