export interface LoadBalancer {
  arn: string;
  name: string;
  dnsName: string;
  type: 'application' | 'network';
  scheme: 'internet-facing' | 'internal';
  state: 'provisioning' | 'active' | 'failed';
  vpcId: string;
  subnets: { subnetId: string; zoneName: string }[];
  securityGroups: string[];
  createdTime: Date;
  canonicalHostedZoneId: string;
  tags: Record<string, string>;
}

/** A target group; in use while a load balancer forwards to it (a listener). */
export interface TargetGroup {
  arn: string;
  name: string;
  protocol: 'HTTP' | 'HTTPS' | 'TCP' | 'UDP' | 'TLS' | 'TCP_UDP';
  port: number;
  vpcId: string;
  targetType: 'instance' | 'ip';
  loadBalancerArns: string[];
  tags: Record<string, string>;
}

export class Elbv2State {
  readonly loadBalancers = new Map<string, LoadBalancer>();
  readonly targetGroups = new Map<string, TargetGroup>();
}
