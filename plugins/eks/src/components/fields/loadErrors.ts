import {
  validateAccountId,
  validateRegion,
} from '@backstage-eks/plugin-eks-common';
import { EksTarget } from '../../api';

/**
 * The form's labels of the fields a picker reads its account and region
 * from: the titles every EKS template gives them.
 */
export const TARGET_LABELS = {
  accountId: 'AWS account id',
  region: 'AWS region',
} as const;

/** Why a picker could not load: the form field at fault (if any) and what is wrong, in words. */
export interface LoadProblem {
  /** The field whose value caused the failure: `accountId` or `region`; none for other failures. */
  field?: keyof typeof TARGET_LABELS;
  /** A sentence naming the field by its label, e.g. `AWS account id: must be a 12-digit AWS account id`. */
  message: string;
}

/**
 * The account or region of a target that cannot be asked about at all:
 * checked with eks-common's rules before any request, so a malformed value
 * is that field's problem, not a failed request of the picker.
 */
export function targetProblem(target: {
  region?: string;
  accountId?: string;
}): LoadProblem | undefined {
  const accountProblem =
    target.accountId !== undefined
      ? validateAccountId(target.accountId)
      : undefined;
  if (accountProblem) {
    return {
      field: 'accountId',
      message: `${TARGET_LABELS.accountId}: ${accountProblem}`,
    };
  }
  const regionProblem =
    target.region !== undefined ? validateRegion(target.region) : undefined;
  if (regionProblem) {
    return {
      field: 'region',
      message: `${TARGET_LABELS.region}: ${regionProblem}`,
    };
  }
  return undefined;
}

/** The backend's answer in a ResponseError from the eks client: status and the error's message. */
function backendAnswer(
  error: unknown,
): { status?: number; message?: string } | undefined {
  const { response, body } = (error ?? {}) as {
    response?: { status?: unknown };
    body?: { error?: { message?: unknown } };
  };
  const status =
    typeof response?.status === 'number' ? response.status : undefined;
  const message =
    typeof body?.error?.message === 'string' ? body.error.message : undefined;
  return status === undefined && message === undefined
    ? undefined
    : { status, message };
}

/**
 * What the eks backend's refusal (see eks-backend's router and eks-node's
 * AwsClientFactory) says about the form's fields:
 * - 400 `query parameter accountId must be …`, `accountId 1234… has no AWS
 *   credentials in this portal: …` → the account field's problem;
 * - 400 `query parameter region …`, `region is required …`, `region: the AWS
 *   endpoint … does not resolve …` → the region field's problem;
 * - 403 → no access (with the account, when one is named);
 * - anything else → the backend's own message, never "Request failed with
 *   400 Bad Request".
 */
export function describeLoadError(
  error: unknown,
  target: EksTarget = {},
): LoadProblem {
  const answer = backendAnswer(error);
  const message =
    answer?.message ??
    (error instanceof Error ? error.message : String(error ?? 'unknown'));
  if (answer?.status === 400 && answer.message) {
    for (const field of ['accountId', 'region'] as const) {
      const match = answer.message.match(
        new RegExp(`^(?:query parameter )?${field}:?\\s+(.*)$`, 's'),
      );
      if (match) {
        return { field, message: `${TARGET_LABELS[field]}: ${match[1]}` };
      }
    }
  }
  if (answer?.status === 403) {
    return {
      message: target.accountId
        ? `No access to account ${target.accountId}: ${message}`
        : `No access: ${message}`,
    };
  }
  return { message };
}

/**
 * Whether a load problem is the picker's own failure, shown as its error. A
 * problem of the account or region field is that field's error: the picker
 * only says what it waits for, so one mistake reads as one red message.
 */
export function isOwnLoadFailure(problem: LoadProblem | undefined): boolean {
  return Boolean(problem && !problem.field);
}

/**
 * A picker's helper text for a load problem: the field to fix, by its label
 * ("AWS account id: …"), and that the list follows; or what could not be
 * listed and why.
 */
export function loadProblemText(problem: LoadProblem, what: string): string {
  return problem.field
    ? `${problem.message}. The ${what} are listed once it is fixed.`
    : `Could not list ${what}: ${problem.message}`;
}
