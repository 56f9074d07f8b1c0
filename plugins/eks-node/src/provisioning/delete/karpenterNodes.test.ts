import { type Sandbox } from '@backstage-eks/sandbox';
import { useSandboxSuite } from '../../__testUtils__/sandboxSuite';
import { clusterKubernetesClients } from '../../__testUtils__/sandboxRun';
import { KubernetesClients } from '../../kubernetes/KubernetesClientFactory';
import { ProvisioningRun } from '../ProvisioningRun';
import { deleteKarpenterNodes, karpenterNodeRoles } from './karpenterNodes';

describe('Karpenter nodes on demo', () => {
  let sandbox: Sandbox;
  let run: ProvisioningRun;
  let k8s: KubernetesClients;

  useSandboxSuite(s => ({ sandbox, run } = s));
  beforeEach(async () => {
    k8s = await clusterKubernetesClients(run);
  });

  const nodeClaims = async () =>
    (
      (await k8s.customObjects.listClusterCustomObject({
        group: 'karpenter.sh',
        version: 'v1',
        plural: 'nodeclaims',
      })) as { items: unknown[] }
    ).items;

  it("reads the EC2NodeClasses' node roles", async () => {
    expect(await karpenterNodeRoles(run, k8s)).toEqual([
      'KarpenterNodeRole-demo',
    ]);
  });

  it('deletes the NodePools and waits until their NodeClaims and nodes are gone', async () => {
    sandbox.clearWrites();
    await deleteKarpenterNodes(run, k8s, 'demo');
    expect(run.plan).toEqual([
      { action: 'delete', resource: 'NodePool default' },
    ]);
    expect(await nodeClaims()).toEqual([]);
    const nodes = await k8s.core.listNode({
      labelSelector: 'karpenter.sh/nodepool',
    });
    expect(nodes.items).toEqual([]);
    // nothing left: a second run deletes nothing
    sandbox.clearWrites();
    await deleteKarpenterNodes(run, k8s, 'demo');
    expect(sandbox.writes).toEqual([]);
  });

  it('only plans in a dry run', async () => {
    const dryRun = new ProvisioningRun({ aws: run.aws, dryRun: true });
    sandbox.clearWrites();
    await deleteKarpenterNodes(dryRun, k8s, 'demo');
    expect(dryRun.plan).toEqual([
      { action: 'delete', resource: 'NodePool default' },
    ]);
    expect(sandbox.writes).toEqual([]);
  });
});
