import {
  CreateLoadBalancerCommand,
  DeleteLoadBalancerCommand,
  DescribeLoadBalancersCommand,
  LoadBalancerNotFoundException,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  DeleteClusterCommand,
  DeleteNodegroupCommand,
  waitUntilClusterDeleted,
  waitUntilNodegroupDeleted,
} from '@aws-sdk/client-eks';
import {
  eksClient,
  elbv2Client,
  eventually,
  fastWaiter,
  loadBalancersWithTags,
} from '../../__testUtils__/clients';
import type { KubeObject } from '../../kubernetes';
import { useSandbox } from '../../__testUtils__/useSandbox';

const loadBalancerService = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: {
    name,
    namespace: 'shop',
    annotations: {
      'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
    },
  },
  spec: {
    type: 'LoadBalancer',
    selector: { app: name },
    ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }],
  },
});

describe('ELBv2 and the simulated AWS Load Balancer Controller', () => {
  const sandbox = useSandbox({ latencyFactor: 0.001 });
  beforeEach(() => sandbox.reset());

  const kube = () =>
    sandbox.state.region('000000000000', 'eu-west-1').eks.clusters.get('demo')!
      .kube!;

  async function controllerLoadBalancers() {
    return (await loadBalancersWithTags(sandbox)).filter(
      x =>
        x.tags['elbv2.k8s.aws/cluster'] === 'demo' &&
        x.tags['service.k8s.aws/stack'] === 'shop/web',
    );
  }

  it('creates a tagged NLB for a LoadBalancer Service and deletes it with the Service', async () => {
    kube().apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'shop' },
    });
    kube().apply(loadBalancerService('web'));
    const [created] = await eventually(async () => {
      const lbs = await controllerLoadBalancers();
      return lbs.length ? lbs : undefined;
    });
    expect(created.tags['service.k8s.aws/stack']).toBe('shop/web');
    expect(created.lb).toMatchObject({
      Type: 'network',
      Scheme: 'internet-facing',
    });
    const hostname = (
      kube().get('v1', 'Service', 'shop', 'web')!.status as {
        loadBalancer: { ingress: { hostname: string }[] };
      }
    ).loadBalancer.ingress[0].hostname;
    expect(created.lb.DNSName).toBe(hostname);
    expect(created.lb.AvailabilityZones?.map(z => z.ZoneName).sort()).toEqual([
      'eu-west-1a',
      'eu-west-1b',
      'eu-west-1c',
    ]);
    await eventually(async () =>
      (await controllerLoadBalancers())[0].lb.State?.Code === 'active'
        ? true
        : undefined,
    );

    kube().remove('v1', 'Service', 'shop', 'web');
    await eventually(async () =>
      (await controllerLoadBalancers()).length === 0 ? true : undefined,
    );
  });

  it('leaves the load balancers behind when the cluster is deleted before its Services', async () => {
    kube().apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'shop' },
    });
    kube().apply(loadBalancerService('web'));
    await eventually(async () =>
      (await controllerLoadBalancers()).length ? true : undefined,
    );
    const eks = eksClient(sandbox);
    await eks.send(
      new DeleteNodegroupCommand({
        clusterName: 'demo',
        nodegroupName: 'system',
      }),
    );
    await waitUntilNodegroupDeleted(fastWaiter(eks), {
      clusterName: 'demo',
      nodegroupName: 'system',
    });
    await eks.send(new DeleteClusterCommand({ name: 'demo' }));
    await waitUntilClusterDeleted(fastWaiter(eks), { name: 'demo' });
    const leftBehind = await controllerLoadBalancers();
    expect(leftBehind.map(x => x.tags['service.k8s.aws/stack'])).toEqual([
      'shop/web',
    ]);
  });

  it('creates, describes and deletes load balancers through the API', async () => {
    const elb = elbv2Client(sandbox);
    const subnets = [
      ...sandbox.state.region('000000000000', 'eu-west-1').ec2.subnets.values(),
    ]
      .filter(s => s.mapPublicIpOnLaunch)
      .map(s => s.subnetId);
    const { LoadBalancers } = await elb.send(
      new CreateLoadBalancerCommand({
        Name: 'shop-alb',
        Subnets: subnets,
        Type: 'application',
        Tags: [{ Key: 'team', Value: 'shop' }],
      }),
    );
    expect(LoadBalancers?.[0]).toMatchObject({
      LoadBalancerName: 'shop-alb',
      Type: 'application',
      State: { Code: 'provisioning' },
    });
    expect(LoadBalancers?.[0].DNSName).toMatch(
      /^shop-alb-[0-9a-f]{10}\.eu-west-1\.elb\.amazonaws\.com$/,
    );
    await expect(
      elb.send(
        new CreateLoadBalancerCommand({ Name: 'shop-alb', Subnets: subnets }),
      ),
    ).rejects.toThrow(/same name/);
    const named = await elb.send(
      new DescribeLoadBalancersCommand({ Names: ['shop-alb'] }),
    );
    expect(named.LoadBalancers?.[0].CreatedTime).toBeInstanceOf(Date);
    await elb.send(
      new DeleteLoadBalancerCommand({
        LoadBalancerArn: LoadBalancers![0].LoadBalancerArn,
      }),
    );
    await expect(
      elb.send(new DescribeLoadBalancersCommand({ Names: ['shop-alb'] })),
    ).rejects.toBeInstanceOf(LoadBalancerNotFoundException);
  });
});
