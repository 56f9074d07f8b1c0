export { EksAccountId } from './EksAccountId';
export { EksAccountIdFieldSchema } from './schema';
export type { EksAccountIdProps, EksAccountIdUiOptions } from './schema';
export { eksAccountIdValidation } from './validation';
