export { EksAddonsCard } from './EksAddonsCard';
export { EksCapabilitiesCard } from './EksCapabilitiesCard';
export { EksClusterHealthCard } from './EksClusterHealthCard';
export { EksClusterVersionCard } from './EksClusterVersionCard';
