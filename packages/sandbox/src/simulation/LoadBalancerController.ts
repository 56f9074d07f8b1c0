import { addLoadBalancer } from '../aws/elbv2/loadBalancers';
import type { EksCluster } from '../aws/eks/model';
import { hex } from '../ids';
import type { KubeChange, KubeObject, KubernetesCluster } from '../kubernetes';
import { DURATIONS, Scheduler } from '../scheduler';
import type { RegionState } from '../state';

type Kind = 'Service' | 'Ingress';

function wantsLoadBalancer(obj: KubeObject): Kind | undefined {
  if (obj.kind === 'Service' && (obj.spec as { type?: string } | undefined)?.type === 'LoadBalancer') {
    return 'Service';
  }
  if (obj.kind === 'Ingress') {
    const cls = (obj.spec as { ingressClassName?: string } | undefined)?.ingressClassName;
    const annotation = obj.metadata.annotations?.['kubernetes.io/ingress.class'];
    if (cls === 'alb' || annotation === 'alb') return 'Ingress';
  }
  return undefined;
}

function stackTag(kind: Kind) {
  return kind === 'Service' ? 'service.k8s.aws/stack' : 'ingress.k8s.aws/stack';
}

/**
 * The AWS Load Balancer Controller, simulated: while its Deployment runs in
 * kube-system, LoadBalancer Services get an NLB and `alb` Ingresses an ALB,
 * tagged as the controller tags them; deleting the object deletes the load
 * balancer. Deleting the cluster first leaves them behind, as in real life.
 */
export class LoadBalancerController {
  constructor(
    private readonly regional: RegionState,
    private readonly cluster: EksCluster,
    private readonly kube: KubernetesCluster,
    private readonly scheduler: Scheduler,
  ) {}

  start() {
    this.kube.onChange(change => this.onChange(change));
  }

  private running() {
    return this.kube.get('apps/v1', 'Deployment', 'kube-system', 'aws-load-balancer-controller') !== undefined;
  }

  private find(kind: Kind, stack: string) {
    return [...this.regional.elbv2.loadBalancers.values()].find(
      lb => lb.tags['elbv2.k8s.aws/cluster'] === this.cluster.name && lb.tags[stackTag(kind)] === stack,
    );
  }

  private onChange(change: KubeChange) {
    const kind = wantsLoadBalancer(change.object);
    if (!kind || !this.running()) return;
    const { namespace = 'default', name } = change.object.metadata;
    const stack = `${namespace}/${name}`;
    if (change.type === 'DELETED') {
      const lb = this.find(kind, stack);
      if (lb) {
        this.scheduler.after(DURATIONS.loadBalancerDelete, () => {
          this.regional.elbv2.loadBalancers.delete(lb.arn);
        });
      }
      return;
    }
    let lb = this.find(kind, stack);
    if (!lb) {
      const internal =
        change.object.metadata.annotations?.['service.beta.kubernetes.io/aws-load-balancer-scheme'] !== 'internet-facing' &&
        change.object.metadata.annotations?.['alb.ingress.kubernetes.io/scheme'] !== 'internet-facing';
      const roleTag = internal ? 'kubernetes.io/role/internal-elb' : 'kubernetes.io/role/elb';
      const subnets = this.cluster.resourcesVpcConfig.subnetIds.filter(
        id => this.regional.ec2.subnets.get(id)?.tags[roleTag] !== undefined,
      );
      lb = addLoadBalancer(this.regional, {
        name: `k8s-${namespace.slice(0, 8)}-${name.slice(0, 8)}-${hex(10)}`.slice(0, 32),
        type: kind === 'Service' ? 'network' : 'application',
        scheme: internal ? 'internal' : 'internet-facing',
        subnetIds: subnets.length ? subnets : this.cluster.resourcesVpcConfig.subnetIds,
        securityGroups: kind === 'Ingress' ? [this.cluster.resourcesVpcConfig.clusterSecurityGroupId] : [],
        tags: { 'elbv2.k8s.aws/cluster': this.cluster.name, [stackTag(kind)]: stack },
      });
      const created = lb;
      this.scheduler.after(DURATIONS.loadBalancerCreate, () => {
        if (created.state === 'provisioning') created.state = 'active';
      });
    }
    const status = change.object.status as { loadBalancer?: { ingress?: { hostname?: string }[] } } | undefined;
    if (status?.loadBalancer?.ingress?.[0]?.hostname !== lb.dnsName) {
      this.kube.apply({
        ...change.object,
        status: { ...(change.object.status as object), loadBalancer: { ingress: [{ hostname: lb.dnsName }] } },
      });
    }
  }
}
