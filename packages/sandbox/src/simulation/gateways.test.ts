import { eventually, loadBalancersWithTags } from '../__testUtils__/clients';
import { useSandbox } from '../__testUtils__/useSandbox';
import { gatewayApiCrds, type KubeObject } from '../kubernetes';

const API = 'gateway.networking.k8s.io/v1';

const gatewayClass = (name: string, controllerName: string): KubeObject => ({
  apiVersion: API,
  kind: 'GatewayClass',
  metadata: { name },
  spec: { controllerName },
});

const gateway = (name: string, className: string): KubeObject => ({
  apiVersion: API,
  kind: 'Gateway',
  metadata: { name, namespace: 'default' },
  spec: {
    gatewayClassName: className,
    listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }],
  },
});

describe('Gateway API Gateways and the simulated AWS Load Balancer Controller', () => {
  const sandbox = useSandbox({ latencyFactor: 0.001 });
  beforeEach(() => sandbox.reset());

  const kube = () =>
    sandbox.state.region('000000000000', 'eu-west-1').eks.clusters.get('demo')!
      .kube!;

  /** The load balancers tagged for a Gateway stack, with their tags. */
  async function gatewayLoadBalancers() {
    return (await loadBalancersWithTags(sandbox)).filter(x =>
      Object.keys(x.tags).some(k => k.startsWith('gateway.k8s.aws.')),
    );
  }

  beforeEach(() => {
    for (const crd of gatewayApiCrds()) kube().apply(crd);
    kube().apply(gatewayClass('aws-alb', 'gateway.k8s.aws/alb'));
    kube().apply(gatewayClass('aws-nlb', 'gateway.k8s.aws/nlb'));
    kube().apply(gatewayClass('istio', 'istio.io/gateway-controller'));
  });

  it("gives a Gateway of the controller's ALB class an ALB tagged as the controller tags it, and deletes it with the Gateway", async () => {
    kube().apply(gateway('web', 'aws-alb'));
    const [created] = await eventually(async () => {
      const lbs = await gatewayLoadBalancers();
      return lbs.length ? lbs : undefined;
    });
    expect(created.lb.Type).toBe('application');
    expect(created.tags).toMatchObject({
      'elbv2.k8s.aws/cluster': 'demo',
      'gateway.k8s.aws.alb/stack': 'default/web',
      'gateway.k8s.aws.alb/resource': 'LoadBalancer',
    });
    const addresses = (
      kube().get(API, 'Gateway', 'default', 'web')!.status as {
        addresses: { type: string; value: string }[];
      }
    ).addresses;
    expect(addresses).toEqual([
      { type: 'Hostname', value: created.lb.DNSName },
    ]);

    kube().remove(API, 'Gateway', 'default', 'web');
    await eventually(async () =>
      (await gatewayLoadBalancers()).length === 0 ? true : undefined,
    );
  });

  it("gives an NLB to the controller's NLB class, and nothing to another controller's Gateway", async () => {
    kube().apply(gateway('tcp', 'aws-nlb'));
    kube().apply(gateway('mesh', 'istio'));
    const lbs = await eventually(async () => {
      const found = await gatewayLoadBalancers();
      return found.length ? found : undefined;
    });
    expect(
      lbs.map(x => [x.lb.Type, x.tags['gateway.k8s.aws.nlb/stack']]),
    ).toEqual([['network', 'default/tcp']]);
    expect(
      kube().get(API, 'Gateway', 'default', 'mesh')!.status,
    ).toBeUndefined();
  });
});
