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

export class Elbv2State {
  readonly loadBalancers = new Map<string, LoadBalancer>();
}
