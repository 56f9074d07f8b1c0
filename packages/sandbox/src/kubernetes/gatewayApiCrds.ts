import { openCustomResourceDefinition } from './openCrd.ts';
import type { KubeObject } from './types.ts';

/** The Gateway API's group: Gateways and GatewayClasses (standard channel, v1). */
export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

/**
 * The controller names of the AWS Load Balancer Controller's two Gateway
 * API controllers: a Gateway of a class with `gateway.k8s.aws/alb` gets an
 * ALB (HTTPRoute, GRPCRoute), one with `gateway.k8s.aws/nlb` an NLB
 * (TCPRoute, UDPRoute, TLSRoute).
 */
export const AWS_GATEWAY_CONTROLLERS = {
  'gateway.k8s.aws/alb': 'application',
  'gateway.k8s.aws/nlb': 'network',
} as const;

function crd(kind: string, plural: string, scope: 'Namespaced' | 'Cluster') {
  return openCustomResourceDefinition({
    group: GATEWAY_API_GROUP,
    kind,
    plural,
    scope,
    version: 'v1',
    categories: ['gateway-api'],
    requireSpec: true,
    annotations: {
      'gateway.networking.k8s.io/bundle-version': 'v1.3.0',
      'gateway.networking.k8s.io/channel': 'standard',
    },
  });
}

/**
 * The Gateway API CRDs a cluster needs before it can hold Gateways (the
 * standard channel's GatewayClass and Gateway; installed separately from
 * the load balancer controller, as on EKS).
 */
export function gatewayApiCrds(): KubeObject[] {
  return [
    crd('GatewayClass', 'gatewayclasses', 'Cluster'),
    crd('Gateway', 'gateways', 'Namespaced'),
  ];
}
