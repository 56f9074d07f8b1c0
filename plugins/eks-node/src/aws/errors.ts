import { InputError, NotFoundError } from '@backstage/errors';
import { isNotFoundError } from '../provisioning/waiters';

/**
 * Error codes with which AWS (EKS, IAM, EC2, SQS, EventBridge, STS) refuses
 * a request's parameters: the caller's input, not a fault of the service.
 */
const INVALID_PARAMETER_NAMES = new Set([
  'InvalidParameterException',
  'InvalidParameterValueException',
  'InvalidRequestException',
  'ValidationException',
  'ValidationError',
  'InvalidParameter',
  'InvalidParameterValue',
  'InvalidParameterCombination',
  'InvalidAttributeValue',
  'InvalidAttributeName',
  'MissingParameter',
  'InvalidInput',
  'InvalidInputException',
  'MalformedPolicyDocument',
  'MalformedPolicyDocumentException',
  'UnsupportedAvailabilityZoneException',
]);

/** EC2's codes: `InvalidSubnetID.NotFound`, `InvalidVpcID.Malformed`... */
const EC2_NOT_FOUND = /\.NotFound(Exception)?$/;
const EC2_MALFORMED = /\.Malformed(Exception)?$/;

interface ServiceErrorLike {
  name?: string;
  message?: string;
  /** @kubernetes/client-node's ApiException: the HTTP status and body. */
  code?: number | string;
  body?: unknown;
}

function errorCode(error: ServiceErrorLike): string {
  return typeof error.name === 'string' ? error.name : '';
}

/** Whether AWS (or the Kubernetes API) refused a request's parameters. @public */
export function isInvalidParameterError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as ServiceErrorLike;
  const name = errorCode(e);
  if (INVALID_PARAMETER_NAMES.has(name) || EC2_MALFORMED.test(name)) {
    return true;
  }
  // @kubernetes/client-node's ApiException: 400 Bad Request, 422 Invalid
  return e.code === 400 || e.code === 422;
}

/**
 * The Backstage error an AWS or Kubernetes error stands for: "does not
 * exist" becomes a NotFoundError (404), a refused parameter an InputError
 * (400), each saying which service code it was and the service's own
 * message; anything else (throttling, access denied, 5xx) is returned as it
 * is. The one place the backend's routes and the actions translate service
 * errors, so that no bad input answers 5xx. The original is not kept as the
 * cause: a Kubernetes client error's message carries the response headers.
 *
 * @public
 */
export function toBackstageError(error: unknown): unknown {
  if (!error || typeof error !== 'object') return error;
  if (
    error instanceof InputError ||
    error instanceof NotFoundError ||
    (error as { name?: string }).name === 'InputError' ||
    (error as { name?: string }).name === 'NotFoundError'
  ) {
    return error;
  }
  const e = error as ServiceErrorLike;
  const missingEndpoint = missingAwsEndpoint(error);
  if (missingEndpoint) {
    return new InputError(
      `region: the AWS endpoint ${missingEndpoint} does not resolve: check that the region exists and offers the service (or, if every region fails, that this backend can resolve AWS host names)`,
    );
  }
  if (isNotFoundError(error) || EC2_NOT_FOUND.test(errorCode(e))) {
    return new NotFoundError(describe(e));
  }
  if (isInvalidParameterError(error)) {
    return new InputError(describe(e));
  }
  return error;
}

/**
 * The AWS endpoint host name that does not exist (DNS NXDOMAIN): AWS
 * publishes a name for every service in every region, so usually the region
 * is wrong (a backend without DNS for AWS gets it for every region; the
 * message says so). A resolver that cannot answer fails with EAI_AGAIN.
 */
function missingAwsEndpoint(error: unknown): string | undefined {
  const { code, hostname } = error as { code?: unknown; hostname?: unknown };
  return code === 'ENOTFOUND' &&
    typeof hostname === 'string' &&
    /\.amazonaws\.com(\.cn)?$/.test(hostname)
    ? hostname
    : undefined;
}

/** "AWS answered <code>: <message>" or "Kubernetes answered <status>: <message>". */
function describe(e: ServiceErrorLike): string {
  if (typeof e.code === 'number') {
    const status = kubernetesStatus(e.body);
    return `Kubernetes answered ${e.code}${
      status?.reason ? ` ${status.reason}` : ''
    }: ${status?.message ?? 'the request was refused'}`;
  }
  return `AWS answered ${errorCode(e) || 'an error'}: ${e.message ?? ''}`;
}

/** The Status object of a Kubernetes error body (the body may be JSON text). */
function kubernetesStatus(
  body: unknown,
): { reason?: string; message?: string } | undefined {
  let value = body;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (!value || typeof value !== 'object') return undefined;
  const { reason, message } = value as { reason?: unknown; message?: unknown };
  return {
    reason: typeof reason === 'string' ? reason : undefined,
    message: typeof message === 'string' ? message : undefined,
  };
}
