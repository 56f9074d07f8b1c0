import { addLoadBalancer } from '../aws/elbv2/loadBalancers';
import type { EksCluster } from '../aws/eks/model';
import type { KubeChange, KubeObject, KubernetesCluster } from '../kubernetes';
import { DURATIONS, Scheduler } from '../scheduler';
import type { RegionState } from '../state';

type Kind = 'Service' | 'Ingress';

function wantsLoadBalancer(obj: KubeObject): Kind | undefined {
  if (
    obj.kind === 'Service' &&
    (obj.spec as { type?: string } | undefined)?.type === 'LoadBalancer'
  ) {
    return 'Service';
  }
  if (obj.kind === 'Ingress') {
    const cls = (obj.spec as { ingressClassName?: string } | undefined)
      ?.ingressClassName;
    const annotation =
      obj.metadata.annotations?.['kubernetes.io/ingress.class'];
    if (cls === 'alb' || annotation === 'alb') return 'Ingress';
  }
  return undefined;
}

function hostnameOf(obj: KubeObject): string | undefined {
  const status = obj.status as
    | { loadBalancer?: { ingress?: { hostname?: string }[] } }
    | undefined;
  return status?.loadBalancer?.ingress?.[0]?.hostname;
}

function stackTag(kind: Kind) {
  return kind === 'Service' ? 'service.k8s.aws/stack' : 'ingress.k8s.aws/stack';
}

function isInternal(obj: KubeObject) {
  const a = obj.metadata.annotations ?? {};
  return (
    a['service.beta.kubernetes.io/aws-load-balancer-scheme'] !==
      'internet-facing' &&
    a['alb.ingress.kubernetes.io/scheme'] !== 'internet-facing'
  );
}

/**
 * The AWS side of the AWS Load Balancer Controller. The Kubernetes simulation
 * gives LoadBalancer Services and `alb` Ingresses their hostname while the
 * controller runs; this creates the matching ELBv2 load balancer, tagged as
 * the controller tags it, and deletes it (after a delay) when the object goes.
 * Deleting the cluster first leaves the load balancers behind, as in real life.
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

  private find(kind: Kind, stack: string) {
    return [...this.regional.elbv2.loadBalancers.values()].find(
      lb =>
        lb.tags['elbv2.k8s.aws/cluster'] === this.cluster.name &&
        lb.tags[stackTag(kind)] === stack,
    );
  }

  private onChange(change: KubeChange) {
    const kind = wantsLoadBalancer(change.object);
    if (!kind) return;
    const { namespace = 'default', name } = change.object.metadata;
    const stack = `${namespace}/${name}`;
    const existing = this.find(kind, stack);
    if (change.type === 'DELETED') {
      if (existing) {
        this.scheduler.after(DURATIONS.loadBalancerDelete, () => {
          this.regional.elbv2.loadBalancers.delete(existing.arn);
        });
      }
      return;
    }
    const hostname = hostnameOf(change.object);
    if (existing || !hostname) return;
    const internal = isInternal(change.object);
    const roleTag = internal
      ? 'kubernetes.io/role/internal-elb'
      : 'kubernetes.io/role/elb';
    const vpcSubnets = [...this.regional.ec2.subnets.values()].filter(
      s =>
        s.vpcId === this.cluster.resourcesVpcConfig.vpcId &&
        s.tags[roleTag] !== undefined,
    );
    const lb = addLoadBalancer(this.regional, {
      name: hostname
        .split('.')[0]
        .replace(/^internal-/, '')
        .slice(0, 32),
      dnsName: hostname,
      type: kind === 'Service' ? 'network' : 'application',
      scheme: internal ? 'internal' : 'internet-facing',
      subnetIds: vpcSubnets.length
        ? vpcSubnets.map(s => s.subnetId)
        : this.cluster.resourcesVpcConfig.subnetIds,
      securityGroups:
        kind === 'Ingress'
          ? [this.cluster.resourcesVpcConfig.clusterSecurityGroupId]
          : [],
      tags: {
        'elbv2.k8s.aws/cluster': this.cluster.name,
        [stackTag(kind)]: stack,
      },
    });
    this.scheduler.after(DURATIONS.loadBalancerCreate, () => {
      if (lb.state === 'provisioning') lb.state = 'active';
    });
  }
}
