import { createHash } from 'node:crypto';
import {
  AWS_GATEWAY_CONTROLLERS,
  GATEWAY_API_GROUP,
} from '../gatewayApiCrds.ts';
import type { KubeObject } from '../types.ts';
import { updateStatus } from './status.ts';
import { isTrue, owningDeployment, type SimulatedCluster } from './types.ts';

function loadBalancerControllerRunning(cluster: SimulatedCluster): boolean {
  return cluster
    .view('v1', 'Pod')
    .some(
      p =>
        isTrue(p, 'Ready') &&
        owningDeployment(cluster, p)?.metadata.name ===
          'aws-load-balancer-controller',
    );
}

function regionOf(cluster: SimulatedCluster): string | undefined {
  return cluster
    .view('v1', 'Node')
    .map(n => n.metadata.labels?.['topology.kubernetes.io/region'])
    .find(Boolean);
}

function shortHash(obj: KubeObject, length: number): string {
  return createHash('sha256')
    .update(obj.metadata.uid ?? obj.metadata.name)
    .digest('hex')
    .slice(0, length);
}

/** `k8s-<ns>-<name>-<hash>` with the parts truncated as the controller does. */
function lbName(obj: KubeObject): string {
  const ns = (obj.metadata.namespace ?? '').slice(0, 8);
  const name = obj.metadata.name.slice(0, 8);
  return `k8s-${ns}-${name}-${shortHash(obj, 10)}`;
}

/**
 * The load balancer type the AWS Load Balancer Controller makes for a
 * Gateway: its GatewayClass names one of the controller's two Gateway API
 * controllers (`gateway.k8s.aws/alb` or `/nlb`); others are not its own.
 */
export function gatewayLoadBalancerType(
  classes: readonly KubeObject[],
  gateway: KubeObject,
): 'application' | 'network' | undefined {
  const className = (gateway.spec as { gatewayClassName?: string } | undefined)
    ?.gatewayClassName;
  const gatewayClass = classes.find(c => c.metadata.name === className);
  const controller = (
    gatewayClass?.spec as { controllerName?: string } | undefined
  )?.controllerName;
  return controller && controller in AWS_GATEWAY_CONTROLLERS
    ? AWS_GATEWAY_CONTROLLERS[
        controller as keyof typeof AWS_GATEWAY_CONTROLLERS
      ]
    : undefined;
}

/** Gateways of the controller's classes get their load balancer's hostname. */
function gatewayAddresses(cluster: SimulatedCluster, region: string): void {
  const apiVersion = `${GATEWAY_API_GROUP}/v1`;
  const classes = cluster.view(apiVersion, 'GatewayClass');
  for (const gateway of cluster.view(apiVersion, 'Gateway')) {
    const type = gatewayLoadBalancerType(classes, gateway);
    if (!type) continue;
    const hostname =
      type === 'network'
        ? `${lbName(gateway)}.elb.${region}.amazonaws.com`
        : `${lbName(gateway)}-${shortHash(
            gateway,
            6,
          )}.${region}.elb.amazonaws.com`;
    const status = (gateway.status ?? {}) as Record<string, unknown>;
    updateStatus(cluster, gateway, {
      ...status,
      addresses: [{ type: 'Hostname', value: hostname }],
    });
  }
}

/**
 * The AWS Load Balancer Controller: while it runs, Services of type
 * LoadBalancer get an NLB hostname, `alb` Ingresses an ALB hostname, and
 * Gateway API Gateways of its classes an ALB or NLB hostname.
 */
export function loadBalancerController(cluster: SimulatedCluster): void {
  const region = regionOf(cluster);
  if (!region || !loadBalancerControllerRunning(cluster)) return;
  for (const service of cluster.view('v1', 'Service')) {
    const spec = (service.spec ?? {}) as { type?: string };
    if (spec.type !== 'LoadBalancer') continue;
    const hostname = `${lbName(service)}.elb.${region}.amazonaws.com`;
    updateStatus(cluster, service, {
      loadBalancer: { ingress: [{ hostname }] },
    });
  }
  for (const ingress of cluster.view('networking.k8s.io/v1', 'Ingress')) {
    const spec = (ingress.spec ?? {}) as { ingressClassName?: string };
    const className =
      spec.ingressClassName ??
      ingress.metadata.annotations?.['kubernetes.io/ingress.class'];
    if (className !== 'alb') continue;
    const hostname = `${lbName(ingress)}-${shortHash(
      ingress,
      6,
    )}.${region}.elb.amazonaws.com`;
    updateStatus(cluster, ingress, {
      loadBalancer: { ingress: [{ hostname }] },
    });
  }
  gatewayAddresses(cluster, region);
}
