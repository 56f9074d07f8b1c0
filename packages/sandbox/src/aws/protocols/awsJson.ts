import { AwsError } from '../AwsError';
import { checkInput } from '../models';
import type { AwsContext } from '../context';
import { jsonResponse, parseJsonBody } from './restJson';
import type { AwsHttpRequest, AwsHttpResponse, AwsService } from './types';

export type JsonHandler = (
  ctx: AwsContext,
  input: Record<string, unknown>,
) => Record<string, unknown>;

/**
 * An awsJson1_0 / awsJson1_1 service: `X-Amz-Target: <prefix>.<Operation>`,
 * JSON in and out, errors as `{ __type, message }`.
 */
export function awsJsonService(opts: {
  name: string;
  targetPrefix: string;
  contentType: string;
  errorNamespace: string;
  handlers: Record<string, JsonHandler>;
  reads: RegExp;
  throttlingCode: string;
  serverErrorCode: string;
  /** Extra header some services add to errors (SQS's x-amzn-query-error). */
  queryErrorCodes?: Record<string, string>;
}): AwsService {
  return {
    name: opts.name,
    operations: Object.keys(opts.handlers),
    operationOf(req: AwsHttpRequest) {
      const target = req.headers['x-amz-target'];
      if (
        typeof target !== 'string' ||
        !target.startsWith(`${opts.targetPrefix}.`)
      )
        return undefined;
      const op = target.slice(opts.targetPrefix.length + 1);
      return opts.handlers[op] ? op : undefined;
    },
    invoke(ctx: AwsContext, req: AwsHttpRequest): AwsHttpResponse {
      const input = parseJsonBody(req.body);
      checkInput(opts.name, ctx.operation, { protocol: 'json', body: input });
      const result = opts.handlers[ctx.operation](ctx, input);
      if (!opts.reads.test(ctx.operation)) ctx.recordWrite(input);
      return jsonResponse(result, 200, {
        'content-type': opts.contentType,
        'x-amzn-requestid': ctx.requestId,
      });
    },
    encodeError(error: AwsError, requestId: string) {
      const headers: Record<string, string> = {
        'content-type': opts.contentType,
        'x-amzn-requestid': requestId,
      };
      const queryCode = opts.queryErrorCodes?.[error.code];
      if (queryCode)
        headers['x-amzn-query-error'] = `${queryCode};${error.fault}`;
      return jsonResponse(
        {
          __type: `${opts.errorNamespace}#${error.code}`,
          message: error.message,
          ...error.fields,
        },
        error.status,
        headers,
      );
    },
    throttlingError: () =>
      new AwsError(opts.throttlingCode, 'Rate exceeded', 400),
    serverError: () =>
      new AwsError(
        opts.serverErrorCode,
        'Internal service error (injected by the sandbox)',
        500,
      ),
  };
}
