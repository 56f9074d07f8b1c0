import { AwsError } from '../AwsError';
import type { AwsHttpResponse } from './types';

export function jsonResponse(
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): AwsHttpResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}

/** REST-JSON errors (EKS): the code in `x-amzn-errortype`, the message in the body. */
export function restJsonError(
  error: AwsError,
  requestId: string,
): AwsHttpResponse {
  return jsonResponse(
    { message: error.message, ...error.fields },
    error.status,
    {
      'x-amzn-errortype': error.code,
      'x-amzn-requestid': requestId,
    },
  );
}

export function parseJsonBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  try {
    const parsed = JSON.parse(body.toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed;
  } catch {
    // answered below
  }
  throw new AwsError(
    'SerializationException',
    'The request body is not a JSON object',
  );
}
