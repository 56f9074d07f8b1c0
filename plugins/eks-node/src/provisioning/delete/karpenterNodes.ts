import { KubernetesClients } from '../../kubernetes/KubernetesClientFactory';
import { withKubernetesRetry } from '../kubernetesRetry';
import { ProvisioningRun } from '../ProvisioningRun';
import { ifExists, pollUntil } from '../waiters';

const KARPENTER = { group: 'karpenter.sh', version: 'v1' };

/** The items of a cluster-scoped Karpenter list; none when its CRD is absent. */
async function listKarpenterObjects<T>(
  run: ProvisioningRun,
  k8s: KubernetesClients,
  plural: string,
  group: string,
): Promise<T[]> {
  const list = (await ifExists(() =>
    withKubernetesRetry(run, `list ${plural}`, () =>
      k8s.customObjects.listClusterCustomObject({
        group,
        version: 'v1',
        plural,
      }),
    ),
  )) as { items?: T[] } | undefined;
  return list?.items ?? [];
}

async function karpenterNames(
  run: ProvisioningRun,
  k8s: KubernetesClients,
  plural: string,
): Promise<string[]> {
  const items = await listKarpenterObjects<{ metadata?: { name?: string } }>(
    run,
    k8s,
    plural,
    KARPENTER.group,
  );
  return items.map(i => i.metadata?.name ?? '').filter(Boolean);
}

/** The node roles Karpenter's EC2NodeClasses use (read before deletion). */
export async function karpenterNodeRoles(
  run: ProvisioningRun,
  k8s: KubernetesClients,
): Promise<string[]> {
  const items = await listKarpenterObjects<{ spec?: { role?: string } }>(
    run,
    k8s,
    'ec2nodeclasses',
    'karpenter.k8s.aws',
  );
  return items.map(i => i.spec?.role ?? '').filter(Boolean);
}

/**
 * Deletes Karpenter's NodePools and, outside a dry run, waits until their
 * NodeClaims and nodes are gone (Karpenter terminates the instances it
 * launched). A cluster without Karpenter has nothing to delete.
 */
export async function deleteKarpenterNodes(
  run: ProvisioningRun,
  k8s: KubernetesClients,
  clusterName: string,
): Promise<void> {
  const nodePools = await karpenterNames(run, k8s, 'nodepools');
  for (const name of nodePools) {
    await run.change(
      { action: 'delete', resource: `NodePool ${name}` },
      ['karpenter-nodepool', clusterName, name],
      async () => {
        await ifExists(() =>
          withKubernetesRetry(run, `delete NodePool ${name}`, () =>
            k8s.customObjects.deleteClusterCustomObject({
              ...KARPENTER,
              plural: 'nodepools',
              name,
            }),
          ),
        );
      },
    );
  }
  const nodeClaims = await karpenterNames(run, k8s, 'nodeclaims');
  if (run.dryRun || (nodePools.length === 0 && nodeClaims.length === 0)) return;
  await pollUntil(
    run,
    'Karpenter NodeClaims and their nodes to be gone',
    async () => {
      const claims = await karpenterNames(run, k8s, 'nodeclaims');
      const nodes = await withKubernetesRetry(run, 'list nodes', () =>
        k8s.core.listNode({ labelSelector: 'karpenter.sh/nodepool' }),
      );
      return claims.length === 0 && nodes.items.length === 0;
    },
  );
}
