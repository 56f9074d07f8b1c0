export { eksApiRef } from './EksApi';
export type { EksApi, EksTarget } from './EksApi';
export { EksClient } from './EksClient';
