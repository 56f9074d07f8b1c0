import { makeValidator } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  parseEksClusterArn,
  validateAccountId,
  validateAddonName,
  validateAddonVersion,
  validateIamPrincipalSearch,
  validateKubernetesVersion,
  validateRegion,
  validateVpcId,
  type ValidationRule,
} from '@backstage-eks/plugin-eks-common';
import type { NextFunction, Request, Response } from 'express';

/*
 * The spec (src/schema/openapi.yaml) decides which requests are valid: the
 * router validates every parameter against it before a route runs. What is
 * here only words its refusals for people - "query parameter region must be
 * an AWS region such as "eu-west-1"" rather than a regular expression - with
 * the rules the forms and actions use, and adds the one rule the spec cannot
 * state (an ARN's partition must be its region's).
 */

const entityRules = makeValidator();

/** The catalog's rules of the parts of an entity ref. */
const entityRefRules: Record<'kind' | 'namespace' | 'name', ValidationRule> = {
  kind: v =>
    entityRules.isValidKind(v)
      ? undefined
      : 'must be an entity kind: a letter followed by letters and digits, at most 63 characters',
  namespace: v =>
    entityRules.isValidNamespace(v)
      ? undefined
      : 'must be an entity namespace: lower-case letters, digits and "-", at most 63 characters',
  name: v =>
    entityRules.isValidEntityName(v)
      ? undefined
      : 'must be an entity name: letters and digits separated by "-", "_" or ".", at most 63 characters',
};

/** An EKS cluster ARN whose partition is its region's. */
const validateClusterArn: ValidationRule = value =>
  parseEksClusterArn(value)
    ? undefined
    : 'must be an EKS cluster ARN such as "arn:aws:eks:eu-west-1:123456789012:cluster/demo"';

/** Whether to skip the cache: the spec's enum, in words. */
const validateRefresh: ValidationRule = v =>
  v === 'true' || v === 'false' ? undefined : 'must be "true" or "false"';

/** The words of each query parameter's rule. */
const queryRules: Record<string, ValidationRule> = {
  refresh: validateRefresh,
  arn: validateClusterArn,
  region: validateRegion,
  accountId: validateAccountId,
  kubernetesVersion: validateKubernetesVersion,
  addonName: validateAddonName,
  version: validateAddonVersion,
  vpcId: validateVpcId,
  search: validateIamPrincipalSearch,
};

/** The words of each path parameter's rule, by operation. */
const pathRules: Record<string, Record<string, ValidationRule>> = {
  getEntityClusterHealth: entityRefRules,
  getEntityInsightsRefresh: entityRefRules,
  startEntityInsightsRefresh: entityRefRules,
  getAddonConfiguration: { name: validateAddonName },
};

type Location = 'query' | 'params';

/** What the validator notes on a request it matched to an operation. */
type OpenApiRequest = Request & {
  openapi?: {
    schema?: { operationId?: string };
    pathParams?: Record<string, string>;
  };
};

function ruleOf(
  operationId: string | undefined,
  location: Location,
  name: string,
): ValidationRule | undefined {
  return location === 'query'
    ? queryRules[name]
    : pathRules[operationId ?? '']?.[name];
}

/** The validator's refusal, e.g. `request/query/region must match pattern "..."`. */
const SPEC_PROBLEM =
  /^request\/(query|params)(?:\/(\w+))? (must have required property '(\w+)'|.*)$/s;

function describe(req: Request, message: string): string | undefined {
  const match = SPEC_PROBLEM.exec(message);
  if (!match) return undefined;
  const location = match[1] as Location;
  const where = location === 'query' ? 'query parameter' : 'path parameter';
  const [, , field, problem, missing] = match;
  if (missing) return `${where} ${missing} is required`;
  const { openapi } = req as OpenApiRequest;
  const value =
    location === 'query' ? req.query[field] : openapi?.pathParams?.[field];
  if (typeof value !== 'string') return `${where} ${field} must be given once`;
  const rule = ruleOf(openapi?.schema?.operationId, location, field);
  return `${where} ${field} ${rule?.(value) ?? problem}`;
}

/**
 * Error handler: a request the spec refuses answers 400 with a message that
 * names the parameter and its rule.
 */
export function describeSpecProblems(
  error: unknown,
  req: Request,
  _res: Response,
  next: NextFunction,
): void {
  if (error instanceof InputError) {
    const message = describe(req, error.message);
    if (message) {
      next(new InputError(message));
      return;
    }
  }
  next(error);
}

/**
 * Middleware before validation: an empty query value (`?region=`) is the
 * same as leaving the parameter out, as it always was on this API.
 */
export function dropEmptyQueryValues(
  req: Request,
  _res: Response,
  next: NextFunction,
): void {
  for (const [key, value] of Object.entries(req.query)) {
    if (value === '') delete req.query[key];
  }
  next();
}

/**
 * Middleware before validation: a query parameter given more than once is
 * refused, whatever its value. The validator would join the values with ","
 * and judge the result, which passes where the parameter's rule allows a
 * comma (as `search` does).
 */
export function refuseRepeatedQueryValues(
  req: Request,
  _res: Response,
  next: NextFunction,
): void {
  for (const [key, value] of Object.entries(req.query)) {
    if (Array.isArray(value)) {
      next(new InputError(`query parameter ${key} must be given once`));
      return;
    }
  }
  next();
}

/** The cluster an `arn` query parameter names, by eks-common's ARN rule. */
export function clusterOfArn(arn: string) {
  const cluster = parseEksClusterArn(arn);
  if (!cluster) {
    throw new InputError(`query parameter arn ${validateClusterArn(arn)}`);
  }
  return cluster;
}
