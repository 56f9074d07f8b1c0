import { AwsError } from '../AwsError';
import { checkInput } from '../models';
import {
  jsonResponse,
  parseJsonBody,
  restJsonError,
} from '../protocols/restJson';
import type { AwsService } from '../protocols/types';
import { EKS_OPERATIONS, matchEksRoute } from './routes';

/** EKS over REST-JSON. Its handlers record their own writes (with path parameters). */
export const eksService: AwsService = {
  name: 'eks',
  operations: EKS_OPERATIONS,
  operationOf(req) {
    return matchEksRoute(req.method, req.path)?.operation;
  },
  invoke(ctx, req) {
    const route = matchEksRoute(req.method, req.path)!;
    const body =
      req.method === 'GET' || req.method === 'DELETE'
        ? {}
        : parseJsonBody(req.body);
    checkInput('eks', route.operation, {
      protocol: 'rest',
      request: {
        path: req.path,
        query: req.query,
        headers: req.headers,
        body,
      },
    });
    const result = route.handler(ctx, {
      pathParams: route.pathParams,
      query: req.query,
      body,
    });
    return jsonResponse(result, 200, { 'x-amzn-requestid': ctx.requestId });
  },
  encodeError: restJsonError,
  throttlingError: () =>
    new AwsError('ThrottlingException', 'Rate exceeded', 429),
  serverError: () =>
    new AwsError(
      'ServerException',
      'An internal error occurred (injected by the sandbox)',
      500,
    ),
};
