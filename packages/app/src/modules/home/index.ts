export { homeModule, EKS_CLUSTERS_CATALOG_PATH } from './homeModule';
