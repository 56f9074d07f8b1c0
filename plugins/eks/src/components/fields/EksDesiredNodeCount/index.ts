export { EksDesiredNodeCount } from './EksDesiredNodeCount';
export { EksDesiredNodeCountFieldSchema } from './schema';
export type {
  EksDesiredNodeCountProps,
  EksDesiredNodeCountUiOptions,
} from './schema';
export { eksDesiredNodeCountValidation } from './validation';
