import { queryService } from '../protocols/query';
import { IAM_HANDLERS } from './handlers';

export const iamService = queryService({
  name: 'iam',
  xmlns: 'https://iam.amazonaws.com/doc/2010-05-08/',
  handlers: IAM_HANDLERS,
  reads: /^(Get|List)/,
  throttlingCode: 'Throttling',
  throttlingStatus: 400,
  serverErrorCode: 'ServiceFailure',
});
