import {
  CreateLoadBalancerCommand,
  DeleteLoadBalancerCommand,
  DeleteTargetGroupCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { elbv2Client, eventually } from '../../__testUtils__/clients';
import { useSandbox } from '../../__testUtils__/useSandbox';
import { addTargetGroup } from './loadBalancers';

const ACCOUNT = '000000000000';

describe('ELBv2 target groups', () => {
  const sandbox = useSandbox({ latencyFactor: 0.001 });
  beforeEach(() => sandbox.reset());

  const regional = () => sandbox.state.region(ACCOUNT, 'eu-west-1');

  it('are in use while their load balancer exists, deletable after, and tagged', async () => {
    const elb = elbv2Client(sandbox);
    const subnets = [...regional().ec2.subnets.values()]
      .slice(0, 2)
      .map(s => s.subnetId);
    const { LoadBalancers = [] } = await elb.send(
      new CreateLoadBalancerCommand({ Name: 'web', Subnets: subnets }),
    );
    const lb = regional().elbv2.loadBalancers.get(
      LoadBalancers[0].LoadBalancerArn!,
    )!;
    const tg = addTargetGroup(regional(), lb, {
      name: 'k8s-web-80',
      port: 80,
      tags: { 'elbv2.k8s.aws/cluster': 'demo' },
    });
    const { TargetGroups = [] } = await elb.send(
      new DescribeTargetGroupsCommand({ LoadBalancerArn: lb.arn }),
    );
    expect(
      TargetGroups.map(t => [t.TargetGroupName, t.LoadBalancerArns]),
    ).toEqual([['k8s-web-80', [lb.arn]]]);
    const { TagDescriptions = [] } = await elb.send(
      new DescribeTagsCommand({ ResourceArns: [tg.arn] }),
    );
    expect(TagDescriptions[0].Tags).toEqual([
      { Key: 'elbv2.k8s.aws/cluster', Value: 'demo' },
    ]);
    await expect(
      elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: tg.arn })),
    ).rejects.toMatchObject({ name: 'ResourceInUseException' });
    await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: lb.arn }));
    await elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: tg.arn }));
    await expect(
      elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [tg.arn] })),
    ).rejects.toMatchObject({ name: 'TargetGroupNotFoundException' });
  });

  it("are made by the load balancer controller with a Service's load balancer and removed with it", async () => {
    const kube = regional().eks.clusters.get('demo')!.kube!;
    const tagged = () =>
      [...regional().elbv2.targetGroups.values()].filter(
        t => t.tags['service.k8s.aws/stack'] === 'shop/storefront',
      );
    // the seeded shop/storefront LoadBalancer Service has its load balancer
    await eventually(() => tagged().length === 1);
    expect(tagged()[0].tags['elbv2.k8s.aws/cluster']).toBe('demo');
    kube.remove('v1', 'Service', 'shop', 'storefront');
    await eventually(() => tagged().length === 0);
  });
});
