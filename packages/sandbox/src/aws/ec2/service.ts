import { queryService } from '../protocols/query';
import { EC2_HANDLERS } from './handlers';

export const ec2Service = queryService({
  name: 'ec2',
  xmlns: 'http://ec2.amazonaws.com/doc/2016-11-15/',
  handlers: EC2_HANDLERS,
  reads: /^Describe/,
  ec2: true,
  throttlingCode: 'RequestLimitExceeded',
  throttlingStatus: 503,
  serverErrorCode: 'InternalError',
});
