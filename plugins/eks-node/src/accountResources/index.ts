export {
  AccountResourcesService,
  DEFAULT_IAM_PRINCIPAL_LIMIT,
  compareInstanceTypes,
} from './AccountResourcesService';
