export { EksClusterContent } from './EksClusterContent';
