import { wildcardMatches } from '@backstage-eks/plugin-eks-common';
import { sortedJson } from './sameJson';

/** An IAM policy document. @public */
export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/** One statement of an IAM policy document. @public */
export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: '*' | Record<string, string | string[]>;
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** The trust policy EKS Pod Identity needs. @public */
export function podIdentityTrustPolicy(): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowEksPodIdentity',
        Effect: 'Allow',
        Principal: { Service: 'pods.eks.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
      },
    ],
  };
}

/** A trust policy for an AWS service principal. @public */
export function serviceTrustPolicy(
  service: string,
  actions: string[] = ['sts:AssumeRole'],
): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: service },
        Action: actions,
      },
    ],
  };
}

/** The ARN of an AWS managed policy in a partition. @public */
export function awsManagedPolicyArn(partition: string, name: string): string {
  return `arn:${partition}:iam::aws:policy/${name}`;
}

/**
 * A stable form of a policy document for comparisons: keys sorted, single
 * strings and one-element lists treated alike.
 */
export function canonicalPolicy(document: unknown): string {
  return sortedJson(document, items => {
    if (items.length === 1) return items[0];
    return items.every(i => typeof i === 'string') ? [...items].sort() : items;
  });
}

/** Parses a policy document as IAM returns it (URL-encoded JSON). */
export function parsePolicyDocument(text: string | undefined): unknown {
  if (!text) return undefined;
  const decoded = text.trim().startsWith('{') ? text : decodeURIComponent(text);
  return JSON.parse(decoded);
}

/**
 * A policy element IAM takes as one value or a list of them (Statement,
 * Action, a Principal's Service), as a list; an absent one is none.
 *
 * @public
 */
export function policyElementList(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * The actions a policy document's Allow statements name (wildcards as
 * written; resources and conditions are not looked at).
 */
export function allowedPolicyActions(document: unknown): string[] {
  return policyElementList(
    (document as { Statement?: unknown } | undefined)?.Statement,
  )
    .filter(s => (s as { Effect?: unknown }).Effect === 'Allow')
    .flatMap(s => policyElementList((s as { Action?: unknown }).Action))
    .filter((a): a is string => typeof a === 'string');
}

/**
 * The `needed` actions that none of the `granted` action patterns (IAM
 * wildcards, case-insensitive as IAM compares actions) allows: what a role
 * lacks outright.
 */
export function actionsNotAllowed(
  granted: string[],
  needed: string[],
): string[] {
  return needed.filter(
    action =>
      !granted.some(pattern =>
        wildcardMatches(pattern, action, { ignoreCase: true }),
      ),
  );
}
