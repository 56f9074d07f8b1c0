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
import {
  deleteCapability,
  listCapabilities,
  waitForCapabilityDeleted,
} from '../capabilities/capability';
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
  label: string,
  pages: AsyncIterable<P>,
  items: (page: P) => string[] | undefined,
): Promise<Child[]> {
  const found: string[] = [];
  for await (const page of pages) found.push(...(items(page) ?? []));
  return found.map(id => ({ id, resource: `${label} ${id}` }));
}

/** Waits, with an EKS waiter, until a child is deleted. */
function waitUntilGone<I>(
  run: ProvisioningRun,
  waiter: EksWaiter<I>,
  input: (id: string) => I,
): (child: Child) => Promise<void> {
  return child =>
    runWaiter(
      run,
      `${child.resource} to be deleted`,
      waiter,
      run.aws.eks,
      input(child.id),
    );
}

/** One kind of child: how it is listed and deleted. */
interface ChildKind extends ChildDeletion {
  list(): Promise<Child[]>;
}

/**
 * The cluster's EKS Capabilities (managed Argo CD, ACK, kro), deleted
 * first: while they run, Argo CD would sync back what the delete removes
 * and ACK would act on its resources. Each is deleted with the
 * deletePropagationPolicy it was created with (RETAIN: the Kubernetes
 * resources it managed, and the AWS resources ACK made for them, are
 * kept; the log says so) and waited for (polled: EKS has no waiter).
 */
function capabilityKind(run: ProvisioningRun, clusterName: string): ChildKind {
  return {
    keyKind: 'capability',
    concurrency: 3,
    list: async () =>
      (await listCapabilities(run, clusterName)).map(c => ({
        id: c.capabilityName ?? '',
        resource: `${c.type} capability ${c.capabilityName}`,
      })),
    remove: async capabilityName => {
      await deleteCapability(run, clusterName, capabilityName);
    },
    waitGone: async child => {
      await waitForCapabilityDeleted(run, clusterName, child.id);
      run.logger.info(
        `Deleted ${child.resource}; its deletePropagationPolicy RETAIN keeps the Kubernetes resources it managed (and the AWS resources ACK made for them)`,
      );
    },
  };
}

/**
 * The cluster's children in the order they are deleted: capabilities (see
 * `capabilityKind`), add-ons, node groups (four at a time, each waited
 * for), Fargate profiles (EKS deletes one at a time) and the Pod Identity
 * associations left (those add-ons own go with their add-ons, so they are
 * listed after).
 */
function childKinds(run: ProvisioningRun, clusterName: string): ChildKind[] {
  const { eks } = run.aws;
  const client = { client: eks };
  const waitGone = <I>(waiter: EksWaiter<I>, input: (id: string) => I) =>
    waitUntilGone(run, waiter, input);
  return [
    capabilityKind(run, clusterName),
    {
      keyKind: 'addon',
      concurrency: 4,
      list: () =>
        names(
          'add-on',
          paginateListAddons(client, { clusterName }),
          p => p.addons,
        ),
      remove: addonName =>
        eks.send(new DeleteAddonCommand({ clusterName, addonName })),
      waitGone: waitGone(waitUntilAddonDeleted, addonName => ({
        clusterName,
        addonName,
      })),
    },
    {
      keyKind: 'nodegroup',
      concurrency: 4,
      list: () =>
        names(
          'node group',
          paginateListNodegroups(client, { clusterName }),
          p => p.nodegroups,
        ),
      remove: nodegroupName =>
        eks.send(new DeleteNodegroupCommand({ clusterName, nodegroupName })),
      waitGone: waitGone(waitUntilNodegroupDeleted, nodegroupName => ({
        clusterName,
        nodegroupName,
      })),
    },
    {
      keyKind: 'fargate',
      concurrency: 1,
      list: () =>
        names(
          'Fargate profile',
          paginateListFargateProfiles(client, { clusterName }),
          p => p.fargateProfileNames,
        ),
      remove: fargateProfileName =>
        eks.send(
          new DeleteFargateProfileCommand({ clusterName, fargateProfileName }),
        ),
      waitGone: waitGone(
        waitUntilFargateProfileDeleted,
        fargateProfileName => ({
          clusterName,
          fargateProfileName,
        }),
      ),
    },
    {
      keyKind: 'pod-identity',
      concurrency: 1,
      list: async () =>
        (await listAssociations(eks, clusterName)).map(a => ({
          id: a.associationId ?? '',
          resource: `Pod Identity association ${a.namespace}/${a.serviceAccount}`,
        })),
      remove: associationId =>
        eks.send(
          new DeletePodIdentityAssociationCommand({
            clusterName,
            associationId,
          }),
        ),
    },
  ];
}

/**
 * Deletes the cluster's capabilities, then its add-ons, its node groups, its Fargate profiles
 * and its remaining Pod Identity associations (see `childKinds`), each kind
 * gone before the next; returns the roles the associations used, read
 * first (deleting an add-on deletes the associations it owns).
 */
export async function deleteEksChildren(
  run: ProvisioningRun,
  cluster: Cluster,
  karpenterServiceAccount: string,
): Promise<AssociationRoles> {
  const clusterName = cluster.name ?? '';
  const roles = await readAssociationRoles(
    run,
    clusterName,
    karpenterServiceAccount,
  );
  for (const kind of childKinds(run, clusterName)) {
    await deleteChildren(run, clusterName, await kind.list(), kind);
  }
  return roles;
}
