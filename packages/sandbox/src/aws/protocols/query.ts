import { AwsError } from '../AwsError';
import type { AwsContext } from '../context';
import { checkInput } from '../models';
import { parseQueryParams, QueryParams } from './queryParams';
import type { AwsHttpRequest, AwsHttpResponse, AwsService } from './types';
import { buildXml, fieldsToXmlNode, XmlValue } from './xml';

export type QueryHandler = (
  ctx: AwsContext,
  params: QueryParams,
) => Record<string, XmlValue> | undefined;

/** The parameters of a query request: its URL query and form body together. */
export function paramsOf(req: AwsHttpRequest): QueryParams {
  const fromBody = req.body.length ? req.body.toString('utf8') : '';
  const fromUrl = req.query.toString();
  return parseQueryParams([fromUrl, fromBody].filter(Boolean).join('&'));
}

/**
 * An AWS query service (IAM, STS, ELBv2; EC2 with `ec2: true`): form-encoded
 * `Action=...` in, XML out.
 */
export function queryService(opts: {
  name: string;
  xmlns: string;
  handlers: Record<string, QueryHandler>;
  reads: RegExp;
  ec2?: boolean;
  throttlingCode: string;
  throttlingStatus: number;
  serverErrorCode: string;
}): AwsService {
  const listItem = opts.ec2 ? 'item' : 'member';
  return {
    name: opts.name,
    operations: Object.keys(opts.handlers),
    operationOf(req) {
      const action = paramsOf(req).Action;
      return typeof action === 'string' && opts.handlers[action]
        ? action
        : undefined;
    },
    invoke(ctx: AwsContext, req: AwsHttpRequest): AwsHttpResponse {
      const params = paramsOf(req);
      checkInput(opts.name, ctx.operation, {
        protocol: 'query',
        dialect: opts.ec2 ? 'ec2' : 'query',
        params,
      });
      // a handler answering {} (not undefined) has an empty result element,
      // as operations with an (empty) output shape do: botocore expects it
      const answer = opts.handlers[ctx.operation](ctx, params);
      const result = answer ?? {};
      if (!opts.reads.test(ctx.operation)) {
        const { Action: _a, Version: _v, ...rest } = params;
        ctx.recordWrite(rest);
      }
      const op = ctx.operation;
      const fields = fieldsToXmlNode(result, listItem);
      const body = opts.ec2
        ? `<?xml version="1.0" encoding="UTF-8"?>${buildXml({
            [`${op}Response`]: {
              '@_xmlns': opts.xmlns,
              requestId: ctx.requestId,
              ...fields,
            },
          })}`
        : buildXml({
            [`${op}Response`]: {
              '@_xmlns': opts.xmlns,
              ...(answer !== undefined
                ? { [`${op}Result`]: Object.keys(result).length ? fields : '' }
                : {}),
              ResponseMetadata: { RequestId: ctx.requestId },
            },
          });
      return {
        status: 200,
        headers: {
          'content-type': 'text/xml',
          'x-amzn-requestid': ctx.requestId,
        },
        body,
      };
    },
    encodeError(error: AwsError, requestId: string): AwsHttpResponse {
      const body = opts.ec2
        ? `<?xml version="1.0" encoding="UTF-8"?>${buildXml({
            Response: {
              Errors: { Error: { Code: error.code, Message: error.message } },
              RequestID: requestId,
            },
          })}`
        : buildXml({
            ErrorResponse: {
              '@_xmlns': opts.xmlns,
              Error: {
                Type: error.fault,
                Code: error.code,
                Message: error.message,
              },
              RequestId: requestId,
            },
          });
      return {
        status: error.status,
        headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
        body,
      };
    },
    throttlingError: () =>
      new AwsError(opts.throttlingCode, 'Rate exceeded', opts.throttlingStatus),
    serverError: () =>
      new AwsError(
        opts.serverErrorCode,
        'An internal error occurred (injected by the sandbox)',
        500,
      ),
  };
}
