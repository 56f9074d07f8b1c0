import { DURATIONS } from '../../scheduler';
import { AwsError } from '../AwsError';
import type { AwsContext } from '../context';
import { queryService } from '../protocols/query';
import { QueryParams, str, strList, tagsOf } from '../protocols/queryParams';
import type { XmlValue } from '../protocols/xml';
import { addLoadBalancer } from './loadBalancers';
import { LoadBalancer } from './model';

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
      const pageSize = Number(str(params, 'PageSize') ?? 400);
      const start = Number(str(params, 'Marker') ?? 0);
      const page = lbs.slice(start, start + pageSize);
      return {
        LoadBalancers: page.map(lbXml),
        NextMarker:
          start + pageSize < lbs.length ? String(start + pageSize) : undefined,
      };
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
          Tags: Object.entries(requireLb(ctx, arn).tags).map(
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
      const arn = required(params, 'LoadBalancerArn');
      ctx.regional.elbv2.loadBalancers.delete(arn);
      return undefined;
    },
    AddTags(ctx, params) {
      const tags = tagsOf(params, 'Tags');
      for (const arn of strList(params, 'ResourceArns'))
        Object.assign(requireLb(ctx, arn).tags, tags);
      return undefined;
    },
    RemoveTags(ctx, params) {
      const keys = strList(params, 'TagKeys');
      for (const arn of strList(params, 'ResourceArns')) {
        const lb = requireLb(ctx, arn);
        for (const k of keys) delete lb.tags[k];
      }
      return undefined;
    },
  },
});
