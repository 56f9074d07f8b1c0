import {
  Cluster,
  DeleteAddonCommand,
  DeleteFargateProfileCommand,
  DeleteNodegroupCommand,
  DeletePodIdentityAssociationCommand,
  DescribePodIdentityAssociationCommand,
  EKSClient,
  PodIdentityAssociationSummary,
  paginateListAddons,
  paginateListFargateProfiles,
  paginateListNodegroups,
  paginateListPodIdentityAssociations,
  waitUntilAddonDeleted,
  waitUntilFargateProfileDeleted,
  waitUntilNodegroupDeleted,
} from '@aws-sdk/client-eks';
import pLimit from 'p-limit';
import { ProvisioningRun } from '../ProvisioningRun';
import { ifExists, runWaiter } from '../waiters';

/** The IAM role of one of the cluster's Pod Identity associations. */
export interface AssociationRole {
  roleName: string;
  namespace: string;
  serviceAccount: string;
  /** The add-on that owns the association (EKS's ownerArn), if any. */
  ownerArn?: string;
}

/** The IAM roles the cluster's Pod Identity associations used. */
export interface AssociationRoles {
  karpenterRoles: string[];
  associationRoles: AssociationRole[];
}

/** An SDK waiter of EKS (`waitUntilAddonDeleted` and friends). */
type EksWaiter<I> = (
  params: {
    client: EKSClient;
    maxWaitTime: number;
    minDelay: number;
    maxDelay: number;
  },
  input: I,
) => Promise<unknown>;

/** One child of the cluster to delete: its id (in the key) and how it reads. */
interface Child {
  id: string;
  resource: string;
}

/** How one kind of child is deleted. */
interface ChildDeletion {
  /** The checkpoint key's kind, e.g. `addon`. */
  keyKind: string;
  /** How many are deleted at once. */
  concurrency: number;
  remove(id: string): Promise<unknown>;
  /** Waits until it is gone (not called in a dry run). */
  waitGone?(child: Child): Promise<void>;
}

/**
 * Deletes the children of one kind, `concurrency` at a time: each delete
 * (a child already gone counts as deleted) in its own checkpoint, then,
 * outside a dry run, the wait until it is gone. After a failure no further
 * delete starts.
 */
export async function deleteChildren(
  run: ProvisioningRun,
  clusterName: string,
  children: Child[],
  how: ChildDeletion,
): Promise<void> {
  const limit = pLimit(how.concurrency);
  let failed = false;
  const deleteOne = async (child: Child) => {
    if (failed) return;
    try {
      await run.change(
        { action: 'delete', resource: child.resource },
        [how.keyKind, clusterName, child.id],
        async () => {
          await ifExists(() => how.remove(child.id));
        },
      );
      if (!run.dryRun && how.waitGone) await how.waitGone(child);
    } catch (error) {
      failed = true;
      throw error;
    }
  };
  await Promise.all(children.map(child => limit(() => deleteOne(child))));
}

async function listAssociations(
  eks: EKSClient,
  clusterName: string,
): Promise<PodIdentityAssociationSummary[]> {
  const associations: PodIdentityAssociationSummary[] = [];
  for await (const page of paginateListPodIdentityAssociations(
    { client: eks },
    { clusterName },
  )) {
    associations.push(...(page.associations ?? []));
  }
  return associations;
}

/**
 * The roles of the cluster's Pod Identity associations, read before any
 * delete (deleting an add-on deletes the associations it owns); those of
 * Karpenter's service account are also listed as Karpenter's.
 */
export async function readAssociationRoles(
  run: ProvisioningRun,
  clusterName: string,
  karpenterServiceAccount: string,
): Promise<AssociationRoles> {
  const { eks } = run.aws;
  const roles: AssociationRoles = { karpenterRoles: [], associationRoles: [] };
  for (const association of await listAssociations(eks, clusterName)) {
    const described = await ifExists(() =>
      eks.send(
        new DescribePodIdentityAssociationCommand({
          clusterName,
          associationId: association.associationId ?? '',
        }),
      ),
    );
    const roleArn = described?.association?.roleArn;
    if (!roleArn) continue;
    const roleName = roleArn.slice(roleArn.lastIndexOf('/') + 1);
    roles.associationRoles.push({
      roleName,
      namespace: association.namespace ?? '',
      serviceAccount: association.serviceAccount ?? '',
      ownerArn: described?.association?.ownerArn,
    });
    if (association.serviceAccount === karpenterServiceAccount) {
      roles.karpenterRoles.push(roleName);
    }
  }
  return roles;
}

async function names<P>(
  pages: AsyncIterable<P>,
  items: (page: P) => string[] | undefined,
): Promise<Child[]> {
  const found: string[] = [];
  for await (const page of pages) found.push(...(items(page) ?? []));
  return found.map(id => ({ id, resource: id }));
}

/**
 * Deletes the cluster's add-ons, then its node groups (four at a time,
 * waiting for each to be gone), its Fargate profiles (EKS deletes one at a
 * time) and its remaining Pod Identity associations; returns the roles the
 * associations used, read first.
 */
export async function deleteEksChildren(
  run: ProvisioningRun,
  cluster: Cluster,
  karpenterServiceAccount: string,
): Promise<AssociationRoles> {
  const { eks } = run.aws;
  const clusterName = cluster.name ?? '';
  const roles = await readAssociationRoles(
    run,
    clusterName,
    karpenterServiceAccount,
  );
  const client = { client: eks };
  const named = (label: string, children: Child[]) =>
    children.map(c => ({ id: c.id, resource: `${label} ${c.id}` }));
  const waitGone =
    <I>(waiter: EksWaiter<I>, input: (id: string) => I) =>
    (child: Child) =>
      runWaiter(
        run,
        `${child.resource} to be deleted`,
        waiter,
        eks,
        input(child.id),
      );

  const addons = await names(
    paginateListAddons(client, { clusterName }),
    p => p.addons,
  );
  await deleteChildren(run, clusterName, named('add-on', addons), {
    keyKind: 'addon',
    concurrency: 4,
    remove: addonName =>
      eks.send(new DeleteAddonCommand({ clusterName, addonName })),
    waitGone: waitGone(waitUntilAddonDeleted, addonName => ({
      clusterName,
      addonName,
    })),
  });

  const nodegroups = await names(
    paginateListNodegroups(client, { clusterName }),
    p => p.nodegroups,
  );
  await deleteChildren(run, clusterName, named('node group', nodegroups), {
    keyKind: 'nodegroup',
    concurrency: 4,
    remove: nodegroupName =>
      eks.send(new DeleteNodegroupCommand({ clusterName, nodegroupName })),
    waitGone: waitGone(waitUntilNodegroupDeleted, nodegroupName => ({
      clusterName,
      nodegroupName,
    })),
  });

  const profiles = await names(
    paginateListFargateProfiles(client, { clusterName }),
    p => p.fargateProfileNames,
  );
  await deleteChildren(run, clusterName, named('Fargate profile', profiles), {
    keyKind: 'fargate',
    concurrency: 1,
    remove: fargateProfileName =>
      eks.send(
        new DeleteFargateProfileCommand({ clusterName, fargateProfileName }),
      ),
    waitGone: waitGone(waitUntilFargateProfileDeleted, fargateProfileName => ({
      clusterName,
      fargateProfileName,
    })),
  });

  // Listed again: the associations add-ons own went with their add-ons.
  const associations = (await listAssociations(eks, clusterName)).map(a => ({
    id: a.associationId ?? '',
    resource: `Pod Identity association ${a.namespace}/${a.serviceAccount}`,
  }));
  await deleteChildren(run, clusterName, associations, {
    keyKind: 'pod-identity',
    concurrency: 1,
    remove: associationId =>
      eks.send(
        new DeletePodIdentityAssociationCommand({ clusterName, associationId }),
      ),
  });
  return roles;
}
