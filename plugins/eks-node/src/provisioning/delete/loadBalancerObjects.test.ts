import { gatewayApiCrds, type Sandbox } from '@backstage-eks/sandbox';
import { useSandboxSuite } from '../../__testUtils__/sandboxSuite';
import { clusterKubernetesClients } from '../../__testUtils__/sandboxRun';
import { KubernetesClients } from '../../kubernetes/KubernetesClientFactory';
import { ProvisioningRun } from '../ProvisioningRun';
import { findClusterLoadBalancers } from './leftovers';
import { deleteLoadBalancers } from './loadBalancerObjects';

describe('deleteLoadBalancers', () => {
  let sandbox: Sandbox;
  let run: ProvisioningRun;
  let k8s: KubernetesClients;

  useSandboxSuite(s => ({ sandbox, run } = s));
  beforeEach(async () => {
    k8s = await clusterKubernetesClients(run);
    const service = (name: string, type: string) =>
      k8s.core.createNamespacedService({
        namespace: 'default',
        body: {
          metadata: { name },
          spec: { type, ports: [{ port: 80 }], selector: { app: name } },
        },
      });
    await service('web', 'LoadBalancer');
    await service('internal', 'ClusterIP');
  });

  const kubernetesDeletes = () =>
    sandbox.writes
      .filter(w => w.service === 'kubernetes' && w.operation === 'delete')
      .map(w => `${(w.params as any).kind} ${(w.params as any).name}`);

  it('deletes LoadBalancer Services (not others) and waits until their load balancers are gone', async () => {
    sandbox.clearWrites();
    const deleted = await deleteLoadBalancers(run, k8s, 'demo');
    // demo's shop/storefront is seeded with a Service and an Ingress
    expect(deleted).toEqual([
      'Service default/web',
      'Service shop/storefront',
      'Ingress shop/storefront',
    ]);
    expect(kubernetesDeletes()).toEqual([
      'Service web',
      'Service storefront',
      'Ingress storefront',
    ]);
    expect(await findClusterLoadBalancers(run, 'demo')).toEqual([]);
    expect(run.plan[0]).toEqual({
      action: 'delete',
      resource: 'Service default/web',
      detail: 'type LoadBalancer',
    });
    expect(run.plan[2]).toEqual({
      action: 'delete',
      resource: 'Ingress shop/storefront',
    });
  });

  it('deletes Ingresses too', async () => {
    await k8s.networking.createNamespacedIngress({
      namespace: 'default',
      body: {
        metadata: { name: 'shop' },
        spec: {
          rules: [
            {
              http: {
                paths: [
                  {
                    path: '/',
                    pathType: 'Prefix',
                    backend: { service: { name: 'web', port: { number: 80 } } },
                  },
                ],
              },
            },
          ],
        },
      },
    });
    sandbox.clearWrites();
    const deleted = await deleteLoadBalancers(run, k8s, 'demo');
    expect(deleted).toEqual([
      'Service default/web',
      'Service shop/storefront',
      'Ingress default/shop',
      'Ingress shop/storefront',
    ]);
    expect(kubernetesDeletes()).toEqual([
      'Service web',
      'Service storefront',
      'Ingress shop',
      'Ingress storefront',
    ]);
  });

  it('deletes Gateway API Gateways too, and waits until the controller has removed their load balancers', async () => {
    const kube = sandbox.state
      .region(sandbox.accountId, sandbox.region)
      .eks.clusters.get('demo')!.kube!;
    for (const crd of gatewayApiCrds()) kube.apply(crd);
    await k8s.customObjects.createClusterCustomObject({
      group: 'gateway.networking.k8s.io',
      version: 'v1',
      plural: 'gatewayclasses',
      body: {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'GatewayClass',
        metadata: { name: 'aws-alb' },
        spec: { controllerName: 'gateway.k8s.aws/alb' },
      },
    });
    await k8s.customObjects.createNamespacedCustomObject({
      group: 'gateway.networking.k8s.io',
      version: 'v1',
      namespace: 'shop',
      plural: 'gateways',
      body: {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'Gateway',
        metadata: { name: 'public' },
        spec: {
          gatewayClassName: 'aws-alb',
          listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }],
        },
      },
    });
    // the controller made an ALB for the Gateway
    const gatewayBalancers = () =>
      [
        ...sandbox.state
          .region(sandbox.accountId, sandbox.region)
          .elbv2.loadBalancers.values(),
      ].filter(lb => lb.tags['gateway.k8s.aws.alb/stack'] === 'shop/public');
    for (let i = 0; i < 200 && gatewayBalancers().length === 0; i++) {
      await new Promise(r => setTimeout(r, 10));
    }
    expect(gatewayBalancers()).toHaveLength(1);
    sandbox.clearWrites();
    const deleted = await deleteLoadBalancers(run, k8s, 'demo');
    expect(deleted).toEqual([
      'Service default/web',
      'Service shop/storefront',
      'Ingress shop/storefront',
      'Gateway shop/public',
    ]);
    expect(kubernetesDeletes()).toContain('Gateway public');
    expect(run.plan[3]).toEqual({
      action: 'delete',
      resource: 'Gateway shop/public',
      detail: 'Gateway API',
    });
    expect(gatewayBalancers()).toEqual([]);
    expect(await findClusterLoadBalancers(run, 'demo')).toEqual([]);
  });

  it('only plans in a dry run', async () => {
    const dryRun = new ProvisioningRun({ aws: run.aws, dryRun: true });
    sandbox.clearWrites();
    expect(await deleteLoadBalancers(dryRun, k8s, 'demo')).toEqual([
      'Service default/web',
      'Service shop/storefront',
      'Ingress shop/storefront',
    ]);
    expect(sandbox.writes).toEqual([]);
  });
});
