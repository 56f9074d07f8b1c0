import { AwsError } from '../AwsError';
import {
  jsonResponse,
  parseJsonBody,
  restJsonError,
} from '../protocols/restJson';
import type { AwsService } from '../protocols/types';
import { matchEksRoute } from './routes';

/** EKS over REST-JSON. Its handlers record their own writes (with path parameters). */
export const eksService: AwsService = {
  name: 'eks',
  operationOf(req) {
    return matchEksRoute(req.method, req.path)?.operation;
  },
  invoke(ctx, req) {
    const route = matchEksRoute(req.method, req.path)!;
    const body =
      req.method === 'GET' || req.method === 'DELETE'
        ? {}
        : parseJsonBody(req.body);
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
