import type { IncomingHttpHeaders } from 'node:http';
import type { AwsContext } from '../context';
import type { AwsError } from '../AwsError';

/** One HTTP request to an AWS service, body already read. */
export interface AwsHttpRequest {
  method: string;
  /** Path without the query string, still percent-encoded. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface AwsHttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** How one AWS service speaks: finds the operation, runs it, encodes answers and errors. */
export interface AwsService {
  /** SigV4 credential scope service name. */
  name: string;
  /** Every operation the sandbox implements for this service. */
  operations: readonly string[];
  /** The operation a request asks for, or undefined when there is none. */
  operationOf(req: AwsHttpRequest): string | undefined;
  /** Runs the operation; throws AwsError for service errors. */
  invoke(ctx: AwsContext, req: AwsHttpRequest): AwsHttpResponse;
  /** Encodes an error; `req` (when known) tells which protocol the client spoke. */
  encodeError(
    error: AwsError,
    requestId: string,
    req?: AwsHttpRequest,
  ): AwsHttpResponse;
  /** The error the service sends when it throttles. */
  throttlingError(): AwsError;
  /** The error the service sends on an internal failure. */
  serverError(): AwsError;
}
