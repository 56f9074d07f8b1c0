export { EksClusterNameConfirmation } from './EksClusterNameConfirmation';
export { EksClusterNameConfirmationFieldSchema } from './schema';
export type {
  EksClusterNameConfirmationProps,
  EksClusterNameConfirmationUiOptions,
} from './schema';
export { eksClusterNameConfirmationValidation } from './validation';
