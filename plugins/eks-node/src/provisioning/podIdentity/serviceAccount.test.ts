import { type Sandbox } from '@backstage-eks/sandbox';
import { useSandboxSuite } from '../../__testUtils__/sandboxSuite';
import { KubernetesClientFactory } from '../../kubernetes/KubernetesClientFactory';
import { requireCluster } from '../clusterLookup';
import { provisioningKubernetesClients } from '../kubernetesAccess';
import { ProvisioningRun } from '../ProvisioningRun';
import { ensureServiceAccount } from './serviceAccount';

describe('ensureServiceAccount', () => {
  let sandbox: Sandbox;
  let run: ProvisioningRun;
  const kubernetes = new KubernetesClientFactory();
  const target = {
    clusterName: 'demo',
    namespace: 'orders',
    serviceAccount: 'orders-api',
  };

  useSandboxSuite(s => ({ sandbox, run } = s));

  it('creates the namespace and the service account, and nothing on a second run', async () => {
    const cluster = await requireCluster(run, 'demo');
    await ensureServiceAccount(run, kubernetes, cluster, target);
    expect(run.plan.map(c => c.resource)).toEqual([
      'Namespace orders',
      'ServiceAccount orders/orders-api',
    ]);
    const k8s = await provisioningKubernetesClients(run, kubernetes, cluster);
    const account = await k8s.core.readNamespacedServiceAccount({
      name: 'orders-api',
      namespace: 'orders',
    });
    expect(account.metadata?.name).toBe('orders-api');
    sandbox.clearWrites();
    await ensureServiceAccount(run, kubernetes, cluster, target);
    expect(sandbox.writes).toEqual([]);
  });

  it('plans them for a cluster a dry run has not made yet', async () => {
    await ensureServiceAccount(run, kubernetes, undefined, target);
    expect(run.plan).toEqual([
      {
        action: 'apply',
        resource: 'Namespace orders, ServiceAccount orders/orders-api',
        detail: 'created when missing',
      },
    ]);
  });
});
