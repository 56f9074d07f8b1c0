export type {
  KubeChange,
  KubeObject,
  KubernetesClusterOptions,
} from './types.ts';
export { KubernetesCluster } from './KubernetesCluster.ts';
export { handleKubernetesRequest } from './handler.ts';
export { seedDemoKubernetes } from './seed.ts';
export {
  createNodeGroupNodes,
  CRITICAL_ADDONS_ONLY_TAINT,
} from './nodeGroups.ts';
export { karpenterCrds, KARPENTER_VERSION } from './karpenterCrds.ts';
export {
  AWS_GATEWAY_CONTROLLERS,
  GATEWAY_API_GROUP,
  gatewayApiCrds,
} from './gatewayApiCrds.ts';
export { checkEksToken, EKS_TOKEN_PREFIX, type TokenCheck } from './token.ts';
export { IRSA_ROLE_ANNOTATION } from './simulation/index.ts';
