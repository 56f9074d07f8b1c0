import { AwsError } from '../AwsError';
import type { AwsContext } from '../context';
import { checkInput, SERVICE_MODELS } from '../models';
import { paramsOf } from './query';
import { jsonResponse, parseJsonBody } from './restJson';
import { queryErrorXml, queryResponseXml } from './shapeXml';
import type { AwsHttpRequest, AwsHttpResponse, AwsService } from './types';

export type JsonHandler = (
  ctx: AwsContext,
  input: Record<string, unknown>,
) => Record<string, unknown>;

/** A request in the awsQuery protocol (no X-Amz-Target): `Action=...` form or URL parameters. */
function isQueryRequest(req: AwsHttpRequest) {
  return req.headers['x-amz-target'] === undefined;
}

/**
 * An awsJson1_0 / awsJson1_1 service: `X-Amz-Target: <prefix>.<Operation>`,
 * JSON in and out, errors as `{ __type, message }`.
 *
 * With `queryCompatible` (SQS) it also speaks the awsQuery protocol its older
 * clients use (AWS CLI 2.9, SDKs before the JSON switch): `Action=CreateQueue`
 * with the query names of its model (`Attribute.1.Name`), answered in XML in
 * the service's namespace, errors as `<ErrorResponse>` with the query error
 * codes of its model; JSON errors then carry the query code in the
 * `x-amzn-query-error` header (`AWS.SimpleQueueService.NonExistentQueue;Sender`).
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
  queryCompatible?: {
    xmlns: string;
    /** Messages the query protocol words differently, by error code. */
    queryMessages?: Record<string, string>;
  };
}): AwsService {
  const model = SERVICE_MODELS[opts.name];
  const queryError = (error: AwsError) => model?.errors?.[error.code];
  const speaksQuery = (req: AwsHttpRequest) =>
    Boolean(opts.queryCompatible) && isQueryRequest(req);

  function invokeQuery(ctx: AwsContext, req: AwsHttpRequest): AwsHttpResponse {
    const { Action: _a, Version: _v, ...params } = paramsOf(req);
    // the legacy API addresses a queue by its URL: `POST /<account>/<queue>`
    const path = req.path.split('/').filter(Boolean);
    if (params.QueueUrl === undefined && path.length === 2)
      params.QueueUrl = `${ctx.baseUrl}/${path.join('/')}`;
    const input = checkInput(opts.name, ctx.operation, {
      protocol: 'query',
      dialect: 'query',
      params,
    });
    const result = opts.handlers[ctx.operation](ctx, input);
    if (!opts.reads.test(ctx.operation)) ctx.recordWrite(input);
    return {
      status: 200,
      headers: {
        'content-type': 'text/xml',
        'x-amzn-requestid': ctx.requestId,
      },
      body: queryResponseXml(
        model,
        ctx.operation,
        result,
        opts.queryCompatible!.xmlns,
        ctx.requestId,
      ),
    };
  }

  return {
    name: opts.name,
    operations: Object.keys(opts.handlers),
    operationOf(req: AwsHttpRequest) {
      if (speaksQuery(req)) {
        const action = paramsOf(req).Action;
        return typeof action === 'string' && opts.handlers[action]
          ? action
          : undefined;
      }
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
      if (speaksQuery(req)) return invokeQuery(ctx, req);
      const input = parseJsonBody(req.body);
      checkInput(opts.name, ctx.operation, { protocol: 'json', body: input });
      const result = opts.handlers[ctx.operation](ctx, input);
      if (!opts.reads.test(ctx.operation)) ctx.recordWrite(input);
      return jsonResponse(result, 200, {
        'content-type': opts.contentType,
        'x-amzn-requestid': ctx.requestId,
      });
    },
    encodeError(error: AwsError, requestId: string, req?: AwsHttpRequest) {
      const query = queryError(error);
      if (req && speaksQuery(req)) {
        const unknownAction = error.code === 'UnknownOperationException';
        const action = paramsOf(req).Action;
        return {
          status: unknownAction ? 400 : query?.queryStatus ?? error.status,
          headers: {
            'content-type': 'text/xml',
            'x-amzn-requestid': requestId,
          },
          body: queryErrorXml(
            {
              type: error.fault,
              code: unknownAction
                ? 'InvalidAction'
                : query?.queryCode ?? error.code,
              message: unknownAction
                ? `The action ${String(
                    action,
                  )} is not valid for this web service.`
                : opts.queryCompatible!.queryMessages?.[error.code] ??
                  error.message,
            },
            opts.queryCompatible!.xmlns,
            requestId,
          ),
        };
      }
      const headers: Record<string, string> = {
        'content-type': opts.contentType,
        'x-amzn-requestid': requestId,
      };
      if (opts.queryCompatible && query)
        headers['x-amzn-query-error'] = `${query.queryCode};${error.fault}`;
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
