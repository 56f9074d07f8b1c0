import { InputError } from '@backstage/errors';
import type { ValidationRule } from '@backstage-eks/plugin-eks-common';
import type { Request } from 'express';

/**
 * Reads one query parameter: a single string, checked with a shared rule.
 * Throws an InputError that names the parameter and the rule it breaks.
 */
export function queryParameter(
  req: Request,
  name: string,
  rule?: ValidationRule,
  opts: { required?: boolean } = {},
): string | undefined {
  const value = req.query[name];
  if (value === undefined || value === '') {
    if (opts.required) {
      throw new InputError(`query parameter ${name} is required`);
    }
    return undefined;
  }
  if (typeof value !== 'string') {
    throw new InputError(`query parameter ${name} must be given once`);
  }
  const problem = rule?.(value);
  if (problem) {
    throw new InputError(`query parameter ${name} ${problem}`);
  }
  return value;
}

/** `?refresh=true|false`. */
export function refreshParameter(req: Request): boolean {
  const value = queryParameter(req, 'refresh', v =>
    v === 'true' || v === 'false' ? undefined : 'must be "true" or "false"',
  );
  return value === 'true';
}

/**
 * Reads one path parameter, checked with a rule. Throws an InputError that
 * names the parameter and the rule it breaks.
 */
export function pathParameter(
  req: Request,
  name: string,
  rule: ValidationRule,
): string {
  const value = req.params[name];
  const problem = rule(value);
  if (problem) {
    throw new InputError(`path parameter ${name} ${problem}`);
  }
  return value;
}
