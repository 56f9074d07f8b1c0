import type {
  GatewayObservation,
  LoadBalancerServiceObservation,
} from '../types';
import { isLoadBalancerController } from './loadBalancerControllerImds';
import type { DiagnosticCheck } from './types';

const AWS_LBC_SERVICE_ANNOTATION =
  'service.beta.kubernetes.io/aws-load-balancer-type';

/** A Service the AWS Load Balancer Controller (not EKS Auto Mode) provisions. */
function isControllerService(s: LoadBalancerServiceObservation): boolean {
  return (
    s.loadBalancerClass?.startsWith('service.k8s.aws/') === true ||
    s.annotations[AWS_LBC_SERVICE_ANNOTATION] !== undefined
  );
}

/**
 * The GatewayClass controllers of the AWS Load Balancer Controller: it
 * provisions an ALB for each Gateway whose class names
 * `gateway.k8s.aws/alb` and an NLB for `gateway.k8s.aws/nlb`, and nothing
 * for other classes (or a class that does not exist).
 */
export const AWS_GATEWAY_CONTROLLERS = [
  'gateway.k8s.aws/alb',
  'gateway.k8s.aws/nlb',
];

function isAwsGateway(g: GatewayObservation): boolean {
  return (
    g.controllerName !== undefined &&
    AWS_GATEWAY_CONTROLLERS.includes(g.controllerName)
  );
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Load balancers that the AWS Load Balancer Controller (or the in-tree cloud
 * provider) created for Services, Ingresses and Gateway API Gateways (of a
 * class the controller runs) live outside the cluster:
 * deleting the cluster first leaves them (and their security groups) behind.
 * Not on EKS Auto Mode, where EKS deletes the load balancers it made with
 * the cluster: there only what a self-installed controller made is at risk
 * (Auto Mode does not run the Gateway API's gateway.k8s.aws classes, so
 * such Gateways count there too).
 */
export const loadBalancersLeftOnDelete: DiagnosticCheck = obs => {
  const workloads = obs.workloads.data;
  if (!workloads) return [];
  const gateways = (obs.gateways.data ?? [])
    .filter(isAwsGateway)
    .map(g => `gateway/${g.namespace}/${g.name}`);
  const autoMode = obs.cluster.data?.autoMode === true;
  const selfInstalled =
    !autoMode || workloads.deployments.some(isLoadBalancerController);
  const services = (selfInstalled ? workloads.loadBalancerServices : [])
    .filter(s => !autoMode || isControllerService(s))
    .map(s => `service/${s.namespace}/${s.name}`);
  const ingresses = (selfInstalled ? workloads.ingresses : [])
    .filter(
      i =>
        i.ingressClassName === 'alb' ||
        i.annotations['kubernetes.io/ingress.class'] === 'alb' ||
        Object.keys(i.annotations).some(k =>
          k.startsWith('alb.ingress.kubernetes.io/'),
        ),
    )
    .map(i => `ingress/${i.namespace}/${i.name}`);
  const resources = [...services, ...ingresses, ...gateways];
  if (resources.length === 0) return [];
  const managedByController =
    autoMode ||
    gateways.length > 0 ||
    workloads.loadBalancerServices.some(isControllerService);
  const kinds = [
    services.length > 0 &&
      plural(services.length, 'LoadBalancer Service', 'LoadBalancer Services'),
    ingresses.length > 0 &&
      plural(ingresses.length, 'ALB Ingress', 'ALB Ingresses'),
    gateways.length > 0 &&
      plural(gateways.length, 'Gateway API Gateway', 'Gateway API Gateways'),
  ].filter(Boolean);
  return [
    {
      id: 'load-balancers-left-on-delete',
      severity: 'info',
      title:
        'Deleting this cluster as is would leave AWS load balancers behind',
      what: `${kinds.join(', ')} ${
        resources.length === 1
          ? 'has an AWS load balancer'
          : 'have AWS load balancers'
      } created from inside the cluster${
        managedByController ? ' by the AWS Load Balancer Controller' : ''
      }.`,
      why: "These load balancers, their target groups and security groups are not part of the cluster: if the cluster (or the controller) is deleted first, nothing removes them, they keep costing money and block the VPC's deletion.",
      fix: 'Delete these Services, Ingresses and Gateways first and wait until their load balancers are gone, then uninstall the load balancer controller, then delete the cluster. The aws:eks:cluster:delete action does this in that order.',
      link: 'https://docs.aws.amazon.com/eks/latest/userguide/delete-cluster.html',
      resources,
    },
  ];
};
