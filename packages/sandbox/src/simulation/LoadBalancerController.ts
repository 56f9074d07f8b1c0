import {
  addLoadBalancer,
  addTargetGroup,
  removeLoadBalancer,
} from '../aws/elbv2/loadBalancers';
import type { EksCluster } from '../aws/eks/model';
import type { KubeChange, KubeObject, KubernetesCluster } from '../kubernetes';
import { GATEWAY_API_GROUP } from '../kubernetes/gatewayApiCrds';
import { gatewayLoadBalancerType } from '../kubernetes/simulation/loadBalancers';
import { DURATIONS, Scheduler } from '../scheduler';
import type { RegionState } from '../state';

type Kind = 'Service' | 'Ingress' | 'Gateway';

const GATEWAY_API_VERSION = `${GATEWAY_API_GROUP}/v1`;

function wantsLoadBalancer(
  obj: KubeObject,
  kube: KubernetesCluster,
): Kind | undefined {
  if (obj.kind === 'Gateway' && obj.apiVersion === GATEWAY_API_VERSION) {
    const classes = kube.list(GATEWAY_API_VERSION, 'GatewayClass');
    return gatewayLoadBalancerType(classes, obj) ? 'Gateway' : undefined;
  }
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
  if (obj.kind === 'Gateway') {
    return (obj.status as { addresses?: { value?: string }[] } | undefined)
      ?.addresses?.[0]?.value;
  }
  const status = obj.status as
    | { loadBalancer?: { ingress?: { hostname?: string }[] } }
    | undefined;
  return status?.loadBalancer?.ingress?.[0]?.hostname;
}

/** The tag of the controller's stack: `gateway.k8s.aws.alb/stack` for an ALB Gateway. */
function stackTag(kind: Kind, type: 'application' | 'network') {
  if (kind === 'Gateway') {
    return `gateway.k8s.aws.${type === 'application' ? 'alb' : 'nlb'}/stack`;
  }
  return kind === 'Service' ? 'service.k8s.aws/stack' : 'ingress.k8s.aws/stack';
}

/** The load balancer type of an object the controller serves. */
function typeOf(
  kind: Kind,
  obj: KubeObject,
  kube: KubernetesCluster,
): 'application' | 'network' {
  if (kind === 'Gateway') {
    return (
      gatewayLoadBalancerType(
        kube.list(GATEWAY_API_VERSION, 'GatewayClass'),
        obj,
      ) ?? 'application'
    );
  }
  return kind === 'Service' ? 'network' : 'application';
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
 * gives LoadBalancer Services, `alb` Ingresses and the Gateways of its
 * Gateway API classes their hostname while the
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

  private find(tag: string, stack: string) {
    return [...this.regional.elbv2.loadBalancers.values()].find(
      lb =>
        lb.tags['elbv2.k8s.aws/cluster'] === this.cluster.name &&
        lb.tags[tag] === stack,
    );
  }

  private onChange(change: KubeChange) {
    const kind = wantsLoadBalancer(change.object, this.kube);
    if (!kind) return;
    const { namespace = 'default', name } = change.object.metadata;
    const stack = `${namespace}/${name}`;
    const type = typeOf(kind, change.object, this.kube);
    const tag = stackTag(kind, type);
    const existing = this.find(tag, stack);
    if (change.type === 'DELETED') {
      if (existing) {
        this.scheduler.after(DURATIONS.loadBalancerDelete, () => {
          removeLoadBalancer(this.regional, existing.arn);
          // then the target groups it forwarded to
          for (const tg of [...this.regional.elbv2.targetGroups.values()]) {
            if (
              tg.tags['elbv2.k8s.aws/cluster'] === this.cluster.name &&
              tg.tags[tag] === stack
            ) {
              this.regional.elbv2.targetGroups.delete(tg.arn);
            }
          }
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
      type,
      scheme: internal ? 'internal' : 'internet-facing',
      subnetIds: vpcSubnets.length
        ? vpcSubnets.map(s => s.subnetId)
        : this.cluster.resourcesVpcConfig.subnetIds,
      securityGroups:
        type === 'application'
          ? [this.cluster.resourcesVpcConfig.clusterSecurityGroupId]
          : [],
      tags: {
        'elbv2.k8s.aws/cluster': this.cluster.name,
        [tag]: stack,
        ...(kind === 'Gateway'
          ? { [tag.replace('/stack', '/resource')]: 'LoadBalancer' }
          : {}),
      },
    });
    // one target group per backend; the simulation makes one per object
    addTargetGroup(this.regional, lb, {
      name: `k8s-${lb.name.slice(4, 20)}-${lb.arn.slice(-10)}`.slice(0, 32),
      port: 80,
      tags: { ...lb.tags },
    });
    this.scheduler.after(DURATIONS.loadBalancerCreate, () => {
      if (lb.state === 'provisioning') lb.state = 'active';
    });
  }
}
