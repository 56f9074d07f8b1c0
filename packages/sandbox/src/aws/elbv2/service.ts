import { hex } from '../../ids';
import { DURATIONS } from '../../scheduler';
import { AwsError } from '../AwsError';
import type { AwsContext } from '../context';
import { queryService } from '../protocols/query';
import { QueryParams, str, strList, tagsOf } from '../protocols/queryParams';
import type { XmlValue } from '../protocols/xml';
import { addLoadBalancer, removeLoadBalancer } from './loadBalancers';
import { LoadBalancer, TargetGroup } from './model';

const NAME = /^(?!internal-)[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?$/;

function lbXml(lb: LoadBalancer): Record<string, XmlValue> {
  return {
    LoadBalancerArn: lb.arn,
    DNSName: lb.dnsName,
    CanonicalHostedZoneId: lb.canonicalHostedZoneId,
    CreatedTime: lb.createdTime,
    LoadBalancerName: lb.name,
    Scheme: lb.scheme,
    VpcId: lb.vpcId,
    State: { Code: lb.state },
    Type: lb.type,
    AvailabilityZones: lb.subnets.map(s => ({
      ZoneName: s.zoneName,
      SubnetId: s.subnetId,
    })),
    SecurityGroups:
      lb.type === 'application' || lb.securityGroups.length
        ? lb.securityGroups
        : undefined,
    IpAddressType: 'ipv4',
  };
}

function requireLb(ctx: AwsContext, arn: string): LoadBalancer {
  const lb = ctx.regional.elbv2.loadBalancers.get(arn);
  if (!lb)
    throw new AwsError(
      'LoadBalancerNotFound',
      `Load balancer '${arn}' not found`,
    );
  return lb;
}

function tgXml(tg: TargetGroup): Record<string, XmlValue> {
  return {
    TargetGroupArn: tg.arn,
    TargetGroupName: tg.name,
    Protocol: tg.protocol,
    Port: tg.port,
    VpcId: tg.vpcId,
    TargetType: tg.targetType,
    LoadBalancerArns: tg.loadBalancerArns,
    IpAddressType: 'ipv4',
  };
}

function requireTargetGroup(ctx: AwsContext, arn: string): TargetGroup {
  const tg = ctx.regional.elbv2.targetGroups.get(arn);
  if (!tg)
    throw new AwsError(
      'TargetGroupNotFound',
      `Target groups '${arn}' not found`,
    );
  return tg;
}

/** A load balancer or target group by ARN: what tags are on. */
function requireTaggable(
  ctx: AwsContext,
  arn: string,
): { tags: Record<string, string> } {
  return arn.includes(':targetgroup/')
    ? requireTargetGroup(ctx, arn)
    : requireLb(ctx, arn);
}

/** One page (PageSize 1-400, Marker) of a Describe* list. */
function page<T>(params: QueryParams, items: T[]) {
  const pageSize = Number(str(params, 'PageSize') ?? 400);
  const start = Number(str(params, 'Marker') ?? 0);
  return {
    items: items.slice(start, start + pageSize),
    NextMarker:
      start + pageSize < items.length ? String(start + pageSize) : undefined,
  };
}

/** A load balancer or target group ARN, or ValidationError as ELBv2 answers a malformed one. */
function requiredArn(
  params: QueryParams,
  key: string,
  kind: 'loadbalancer' | 'targetgroup',
): string {
  const arn = required(params, key);
  const shape =
    kind === 'loadbalancer'
      ? /^arn:aws[\w-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/(app|net|gwy)\/[\w-]+\/[0-9a-f]+$/
      : /^arn:aws[\w-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:targetgroup\/[\w-]+\/[0-9a-f]+$/;
  if (!shape.test(arn)) {
    throw new AwsError(
      'ValidationError',
      `'${arn}' is not a valid ${
        kind === 'loadbalancer' ? 'load balancer' : 'target group'
      } ARN`,
    );
  }
  return arn;
}

function required(params: QueryParams, key: string) {
  const v = str(params, key);
  if (!v) throw new AwsError('ValidationError', `${key} is required`);
  return v;
}

export const elbv2Service = queryService({
  name: 'elasticloadbalancing',
  xmlns: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
  reads: /^Describe/,
  throttlingCode: 'Throttling',
  throttlingStatus: 400,
  serverErrorCode: 'InternalFailure',
  handlers: {
    DescribeLoadBalancers(ctx, params) {
      const arns = strList(params, 'LoadBalancerArns');
      const names = strList(params, 'Names');
      let lbs = [...ctx.regional.elbv2.loadBalancers.values()];
      if (arns.length) lbs = arns.map(a => requireLb(ctx, a));
      if (names.length) {
        lbs = names.map(n => {
          const lb = lbs.find(l => l.name === n);
          if (!lb)
            throw new AwsError(
              'LoadBalancerNotFound',
              `One or more load balancers not found: ${n}`,
            );
          return lb;
        });
      }
      const { items, NextMarker } = page(params, lbs);
      return { LoadBalancers: items.map(lbXml), NextMarker };
    },
    DescribeTags(ctx, params) {
      const arns = strList(params, 'ResourceArns');
      if (arns.length === 0 || arns.length > 20) {
        throw new AwsError(
          'ValidationError',
          'ResourceArns must contain between 1 and 20 ARNs',
        );
      }
      return {
        TagDescriptions: arns.map(arn => ({
          ResourceArn: arn,
          Tags: Object.entries(requireTaggable(ctx, arn).tags).map(
            ([Key, Value]) => ({ Key, Value }),
          ),
        })),
      };
    },
    CreateLoadBalancer(ctx, params) {
      const name = required(params, 'Name');
      if (!NAME.test(name)) {
        throw new AwsError(
          'ValidationError',
          `Name: '${name}' must be at most 32 alphanumeric characters or hyphens, not start or end with a hyphen, and not start with internal-`,
        );
      }
      if (
        [...ctx.regional.elbv2.loadBalancers.values()].some(
          l => l.name === name,
        )
      ) {
        throw new AwsError(
          'DuplicateLoadBalancerName',
          `A load balancer with the same name '${name}' exists, but with different settings`,
        );
      }
      const subnetIds = strList(params, 'Subnets');
      if (subnetIds.length === 0)
        throw new AwsError(
          'ValidationError',
          'Subnets: at least one subnet is required',
        );
      for (const id of subnetIds) {
        if (!ctx.regional.ec2.subnets.has(id))
          throw new AwsError(
            'SubnetNotFound',
            `The subnet ID '${id}' is not valid`,
          );
      }
      const type = (str(params, 'Type') ??
        'application') as LoadBalancer['type'];
      if (type !== 'application' && type !== 'network') {
        throw new AwsError(
          'ValidationError',
          `Type: ${type} is not supported by the sandbox; use application or network`,
        );
      }
      const scheme = (str(params, 'Scheme') ??
        'internet-facing') as LoadBalancer['scheme'];
      const lb = addLoadBalancer(ctx.regional, {
        name,
        type,
        scheme,
        subnetIds,
        securityGroups: strList(params, 'SecurityGroups'),
        tags: tagsOf(params, 'Tags'),
      });
      ctx.scheduler.after(DURATIONS.loadBalancerCreate, () => {
        if (lb.state === 'provisioning') lb.state = 'active';
      });
      return { LoadBalancers: [lbXml(lb)] };
    },
    DeleteLoadBalancer(ctx, params) {
      // deleting what is gone succeeds, as ELBv2 documents
      const arn = requiredArn(params, 'LoadBalancerArn', 'loadbalancer');
      removeLoadBalancer(ctx.regional, arn);
      return {};
    },
    CreateTargetGroup(ctx, params) {
      const name = required(params, 'Name');
      if (!NAME.test(name)) {
        throw new AwsError(
          'ValidationError',
          `Name: '${name}' must be at most 32 alphanumeric characters or hyphens, and not start or end with a hyphen`,
        );
      }
      const vpcId = required(params, 'VpcId');
      if (!ctx.regional.ec2.vpcs.has(vpcId)) {
        throw new AwsError(
          'ValidationError',
          `The VPC ID '${vpcId}' is not found`,
        );
      }
      const existing = [...ctx.regional.elbv2.targetGroups.values()].find(
        t => t.name === name,
      );
      if (existing) {
        throw new AwsError(
          'DuplicateTargetGroupName',
          `A target group with the same name '${name}' exists, but with different settings`,
        );
      }
      const tg: TargetGroup = {
        arn: `arn:aws:elasticloadbalancing:${ctx.region}:${
          ctx.accountId
        }:targetgroup/${name}/${hex(16)}`,
        name,
        protocol: (str(params, 'Protocol') ??
          'HTTP') as TargetGroup['protocol'],
        port: Number(str(params, 'Port') ?? 80),
        vpcId,
        targetType: (str(params, 'TargetType') ??
          'instance') as TargetGroup['targetType'],
        loadBalancerArns: [],
        tags: tagsOf(params, 'Tags'),
      };
      ctx.regional.elbv2.targetGroups.set(tg.arn, tg);
      return { TargetGroups: [tgXml(tg)] };
    },
    DescribeTargetGroups(ctx, params) {
      const arns = strList(params, 'TargetGroupArns');
      const names = strList(params, 'Names');
      const lbArn = str(params, 'LoadBalancerArn');
      let tgs = [...ctx.regional.elbv2.targetGroups.values()];
      if (lbArn) {
        requireLb(ctx, lbArn);
        tgs = tgs.filter(t => t.loadBalancerArns.includes(lbArn));
      }
      if (arns.length) tgs = arns.map(a => requireTargetGroup(ctx, a));
      if (names.length) {
        tgs = names.map(n => {
          const tg = tgs.find(t => t.name === n);
          if (!tg)
            throw new AwsError(
              'TargetGroupNotFound',
              `One or more target groups not found`,
            );
          return tg;
        });
      }
      const { items, NextMarker } = page(params, tgs);
      return { TargetGroups: items.map(tgXml), NextMarker };
    },
    DeleteTargetGroup(ctx, params) {
      const arn = requiredArn(params, 'TargetGroupArn', 'targetgroup');
      const tg = ctx.regional.elbv2.targetGroups.get(arn);
      // deleting what is gone succeeds, as ELBv2's deletes do
      if (!tg) return {};
      if (tg.loadBalancerArns.length) {
        throw new AwsError(
          'ResourceInUse',
          `Target group '${arn}' is currently in use by a listener or a rule`,
        );
      }
      ctx.regional.elbv2.targetGroups.delete(arn);
      return {};
    },
    AddTags(ctx, params) {
      const tags = tagsOf(params, 'Tags');
      for (const arn of strList(params, 'ResourceArns'))
        Object.assign(requireTaggable(ctx, arn).tags, tags);
      return undefined;
    },
    RemoveTags(ctx, params) {
      const keys = strList(params, 'TagKeys');
      for (const arn of strList(params, 'ResourceArns')) {
        const taggable = requireTaggable(ctx, arn);
        for (const k of keys) delete taggable.tags[k];
      }
      return undefined;
    },
  },
});
