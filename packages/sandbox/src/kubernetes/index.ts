export type {
  KubeChange,
  KubeObject,
  KubernetesClusterOptions,
} from './types.ts';
export { KubernetesCluster } from './KubernetesCluster.ts';
export { handleKubernetesRequest } from './handler.ts';
export { checkEksToken, EKS_TOKEN_PREFIX, type TokenCheck } from './token.ts';
