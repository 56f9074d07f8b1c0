import { hex } from '../../ids';
import type { RegionState } from '../../state';
import { LoadBalancer, TargetGroup } from './model';

const HOSTED_ZONES: Record<string, { application: string; network: string }> = {
  'eu-west-1': { application: 'Z32O12XQLNTSW2', network: 'Z2IFOLAFXWLO4F' },
  'us-east-1': { application: 'Z35SXDOTRQ7X7K', network: 'Z26RNL4JYFTOTI' },
};

export interface NewLoadBalancer {
  name: string;
  type: LoadBalancer['type'];
  scheme: LoadBalancer['scheme'];
  subnetIds: string[];
  securityGroups: string[];
  tags: Record<string, string>;
  /** The DNS name, when it is already known (else one is made up as ELB does). */
  dnsName?: string;
}

/** Creates a load balancer in `provisioning` state. */
export function addLoadBalancer(
  regional: RegionState,
  input: NewLoadBalancer,
): LoadBalancer {
  const subnets = input.subnetIds
    .map(id => regional.ec2.subnets.get(id)!)
    .filter(Boolean);
  const id = hex(16);
  const prefix = input.type === 'application' ? 'app' : 'net';
  const internal = input.scheme === 'internal' ? 'internal-' : '';
  const zones = HOSTED_ZONES[regional.region] ?? HOSTED_ZONES['eu-west-1'];
  const lb: LoadBalancer = {
    arn: `arn:aws:elasticloadbalancing:${regional.region}:${regional.accountId}:loadbalancer/${prefix}/${input.name}/${id}`,
    name: input.name,
    dnsName:
      input.dnsName ??
      (input.type === 'network'
        ? `${internal}${input.name}-${hex(10)}.elb.${
            regional.region
          }.amazonaws.com`
        : `${internal}${input.name}-${hex(10)}.${
            regional.region
          }.elb.amazonaws.com`),
    type: input.type,
    scheme: input.scheme,
    state: 'provisioning',
    vpcId: subnets[0]?.vpcId ?? '',
    subnets: subnets.map(s => ({
      subnetId: s.subnetId,
      zoneName: s.availabilityZone,
    })),
    securityGroups: input.securityGroups,
    createdTime: new Date(),
    canonicalHostedZoneId: zones[input.type],
    tags: { ...input.tags },
  };
  regional.elbv2.loadBalancers.set(lb.arn, lb);
  return lb;
}

/**
 * Adds a target group a load balancer forwards to (as the load balancer
 * controller makes one per backend), with its tags.
 */
export function addTargetGroup(
  regional: RegionState,
  lb: LoadBalancer,
  input: { name: string; port: number; tags: Record<string, string> },
): TargetGroup {
  const tg: TargetGroup = {
    arn: `arn:aws:elasticloadbalancing:${regional.region}:${
      regional.accountId
    }:targetgroup/${input.name}/${hex(16)}`,
    name: input.name,
    protocol: lb.type === 'network' ? 'TCP' : 'HTTP',
    port: input.port,
    vpcId: lb.vpcId,
    targetType: 'ip',
    loadBalancerArns: [lb.arn],
    tags: { ...input.tags },
  };
  regional.elbv2.targetGroups.set(tg.arn, tg);
  return tg;
}

/** Deletes a load balancer: its listeners go with it, so its target groups are no longer in use. */
export function removeLoadBalancer(regional: RegionState, arn: string): void {
  regional.elbv2.loadBalancers.delete(arn);
  for (const tg of regional.elbv2.targetGroups.values()) {
    tg.loadBalancerArns = tg.loadBalancerArns.filter(a => a !== arn);
  }
}
