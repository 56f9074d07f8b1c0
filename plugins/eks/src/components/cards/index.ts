export { EksAddonsCard } from './EksAddonsCard';
export { EksClusterHealthCard } from './EksClusterHealthCard';
