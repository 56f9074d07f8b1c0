import type { LoadBalancerServiceObservation } from '../types';
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
 * Load balancers that the AWS Load Balancer Controller (or the in-tree cloud
 * provider) created for Services and Ingresses live outside the cluster:
 * deleting the cluster first leaves them (and their security groups) behind.
 * Not on EKS Auto Mode, where EKS deletes the load balancers it made with
 * the cluster: there only what a self-installed controller made is at risk.
 */
export const loadBalancersLeftOnDelete: DiagnosticCheck = obs => {
  const workloads = obs.workloads.data;
  if (!workloads) return [];
  const autoMode = obs.cluster.data?.autoMode === true;
  if (autoMode && !workloads.deployments.some(isLoadBalancerController)) {
    return [];
  }
  const services = workloads.loadBalancerServices
    .filter(s => !autoMode || isControllerService(s))
    .map(s => `service/${s.namespace}/${s.name}`);
  const ingresses = workloads.ingresses
    .filter(
      i =>
        i.ingressClassName === 'alb' ||
        i.annotations['kubernetes.io/ingress.class'] === 'alb' ||
        Object.keys(i.annotations).some(k =>
          k.startsWith('alb.ingress.kubernetes.io/'),
        ),
    )
    .map(i => `ingress/${i.namespace}/${i.name}`);
  const resources = [...services, ...ingresses];
  if (resources.length === 0) return [];
  const managedByController =
    autoMode || workloads.loadBalancerServices.some(isControllerService);
  return [
    {
      id: 'load-balancers-left-on-delete',
      severity: 'info',
      title:
        'Deleting this cluster as is would leave AWS load balancers behind',
      what: `${resources.length} LoadBalancer Service${
        services.length === 1 ? '' : 's'
      }/ALB Ingress${
        ingresses.length === 1 ? '' : 'es'
      } have AWS load balancers created from inside the cluster${
        managedByController ? ' by the AWS Load Balancer Controller' : ''
      }.`,
      why: "These load balancers, their target groups and security groups are not part of the cluster: if the cluster (or the controller) is deleted first, nothing removes them, they keep costing money and block the VPC's deletion.",
      fix: 'Delete these Services and Ingresses first and wait until their load balancers are gone, then uninstall the load balancer controller, then delete the cluster. The aws:eks:cluster:delete action does this in that order.',
      link: 'https://docs.aws.amazon.com/eks/latest/userguide/delete-cluster.html',
      resources,
    },
  ];
};
