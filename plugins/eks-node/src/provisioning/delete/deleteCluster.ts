import {
  Cluster,
  DeleteClusterCommand,
  waitUntilClusterDeleted,
} from '@aws-sdk/client-eks';
import { InputError } from '@backstage/errors';
import {
  defaultKarpenterInterruptionQueueName,
  validateClusterName,
  validateSqsQueueName,
} from '@backstage-eks/plugin-eks-common';
import { KubernetesClientFactory } from '../../kubernetes/KubernetesClientFactory';
import { findCluster } from '../clusterLookup';
import { checkField } from '../inputRules';
import { provisioningKubernetesClients } from '../kubernetesAccess';
import { ProvisioningRun } from '../ProvisioningRun';
import { ifExists, runWaiter } from '../waiters';
import { deleteCreatedResources, KeptResource } from './createdResources';
import {
  checkDeletionProtection,
  deletionProtectionNote,
  turnOffDeletionProtection,
} from './deletionProtection';
import { AssociationRoles, deleteEksChildren } from './eksChildren';
import { deleteKarpenterAwsResources } from './karpenterAwsResources';
import { deleteKarpenterNodes, karpenterNodeRoles } from './karpenterNodes';
import { findLeftovers, LeftoverResource } from './leftovers';
import { deleteLoadBalancers } from './loadBalancerObjects';
import { deletionReport, logReport } from './report';
import { sweepControllerLeftovers } from './sweep';

/** Input of {@link deleteCluster}. @public */
export interface DeleteClusterOptions {
  clusterName: string;
  /**
   * A typed confirmation (e.g. from a template form): when given, it must
   * equal clusterName, or nothing is deleted. A cluster with deletion
   * protection needs it: only then is the protection turned off.
   */
  confirmClusterName?: string;
  /** Also delete Karpenter's interruption queue, rules and IAM roles. */
  deleteKarpenterResources?: boolean;
  /** Karpenter's queue name (default `Karpenter-<cluster>`). */
  karpenterQueueName?: string;
  /**
   * Karpenter's service account (default `karpenter`): the role of its Pod
   * Identity association and the EC2NodeClasses' node roles are deleted with
   * the Karpenter resources.
   */
  karpenterServiceAccount?: string;
  /**
   * Also delete the IAM roles and launch templates made with the cluster
   * (only those carrying its cluster tag): aws:eks:cluster:create's cluster
   * and node roles and launch templates, and the roles aws:eks:addon:install
   * made for the cluster's add-ons (their associations are owned by the
   * add-on). Roles of other Pod Identity associations, such as those
   * aws:eks:pod-identity:create made for workloads, are kept: they can be
   * reused on other clusters. Default true.
   */
  deleteCreatedResources?: boolean;
}

/** Outcome of {@link deleteCluster}. @public */
export interface DeleteClusterResult {
  /** False when there was no cluster to delete. */
  clusterDeleted: boolean;
  /**
   * True when the cluster's deletion protection was turned off (in a dry
   * run: would be) after the typed confirmation matched its name.
   */
  deletionProtectionTurnedOff: boolean;
  deletedLoadBalancerObjects: string[];
  /** What was deleted (in a dry run: would be), in order. */
  deleted: string[];
  /** What was kept on purpose, with the reason. */
  kept: KeptResource[];
  /** What is still tagged for the cluster after the deletion. */
  leftovers: LeftoverResource[];
  /** The final report for a person: deleted, kept (why), left behind. */
  report: string;
}

/** Checks {@link DeleteClusterOptions} before any call. @public */
export function validateDeleteClusterOptions(opts: DeleteClusterOptions): void {
  checkField('clusterName', opts.clusterName, validateClusterName);
  checkField(
    'karpenterQueueName',
    opts.karpenterQueueName,
    validateSqsQueueName,
  );
  const { clusterName, confirmClusterName } = opts;
  if (confirmClusterName !== undefined && confirmClusterName !== clusterName) {
    throw new InputError(
      `confirmClusterName must equal clusterName: "${confirmClusterName}" is not "${clusterName}", so nothing was deleted`,
    );
  }
}

type Deps = { kubernetes: KubernetesClientFactory };

/** What the steps inside the cluster found for the later ones. */
interface Found extends AssociationRoles {
  deletedLoadBalancerObjects: string[];
}

/** The step that sweeps what the cluster's controllers left outside it. */
const SWEEP_STEP =
  "what the cluster's controllers left: Karpenter's instances and launch templates, load balancers and target groups, network interfaces and security groups";

/** How many named steps a deletion runs. */
function stepCount(cluster: Cluster | undefined, opts: DeleteClusterOptions) {
  const active = cluster?.status === 'ACTIVE';
  const deletes = Boolean(cluster) && cluster?.status !== 'DELETING';
  return (
    (active ? 2 : 0) +
    (deletes ? 1 : 0) +
    (cluster ? 1 : 0) +
    (opts.deleteKarpenterResources ? 1 : 0) +
    (opts.deleteCreatedResources ?? true ? 1 : 0) +
    2
  );
}

/**
 * Steps inside an ACTIVE cluster, through its Kubernetes API: LoadBalancer
 * Services, Ingresses and Gateway API Gateways (waiting for their load
 * balancers to go), then
 * Karpenter's NodePools and nodes (with its node roles, read first).
 */
async function deleteInKubernetes(
  run: ProvisioningRun,
  cluster: Cluster,
  opts: DeleteClusterOptions,
  deps: Deps,
  found: Found,
): Promise<void> {
  const { clusterName } = opts;
  const k8s = await provisioningKubernetesClients(
    run,
    deps.kubernetes,
    cluster,
  );
  found.deletedLoadBalancerObjects = await run.step(
    'LoadBalancer Services, Ingresses and Gateways',
    () => deleteLoadBalancers(run, k8s, clusterName),
  );
  await run.step('Karpenter NodePools and nodes', async () => {
    if (opts.deleteKarpenterResources) {
      found.karpenterRoles.push(...(await karpenterNodeRoles(run, k8s)));
    }
    await deleteKarpenterNodes(run, k8s, clusterName);
  });
}

/** The steps before the cluster itself: Kubernetes objects and EKS children. */
async function deleteInsideCluster(
  run: ProvisioningRun,
  cluster: Cluster,
  opts: DeleteClusterOptions,
  deps: Deps,
  found: Found,
): Promise<void> {
  const { clusterName } = opts;
  if (cluster.status === 'ACTIVE') {
    await deleteInKubernetes(run, cluster, opts, deps, found);
  } else {
    run.note(
      `Cluster ${clusterName} is ${cluster.status}: its Kubernetes API is not used, so LoadBalancer Services, Ingresses, Gateways and Karpenter nodes are not cleaned up first`,
    );
  }
  await run.step(
    'EKS Capabilities, add-ons, node groups, Fargate profiles, Pod Identity associations',
    async () => {
      const roles = await deleteEksChildren(
        run,
        cluster,
        opts.karpenterServiceAccount ?? 'karpenter',
      );
      found.karpenterRoles.push(...roles.karpenterRoles);
      found.associationRoles.push(...roles.associationRoles);
    },
  );
}

/**
 * Deletes the cluster (unless already deleting), turning its deletion
 * protection off first when it is on, and waits until it is gone; returns
 * whether protection was turned off.
 */
export async function deleteEksCluster(
  run: ProvisioningRun,
  cluster: Cluster,
): Promise<boolean> {
  const clusterName = cluster.name ?? '';
  let protectionOff = false;
  if (cluster.status !== 'DELETING') {
    protectionOff = await turnOffDeletionProtection(run, cluster);
    await run.change(
      { action: 'delete', resource: `EKS cluster ${clusterName}` },
      ['cluster', clusterName],
      async () => {
        await ifExists(() =>
          run.aws.eks.send(new DeleteClusterCommand({ name: clusterName })),
        );
      },
    );
  }
  if (!run.dryRun) {
    await runWaiter(
      run,
      `cluster ${clusterName} to be deleted`,
      waitUntilClusterDeleted,
      run.aws.eks,
      { name: clusterName },
    );
  }
  return protectionOff;
}

/** The steps after the cluster: Karpenter's AWS resources, what was made with it. */
async function deleteAroundCluster(
  run: ProvisioningRun,
  opts: DeleteClusterOptions,
  found: Found,
): Promise<KeptResource[]> {
  const { clusterName } = opts;
  const kept: KeptResource[] = [];
  if (opts.deleteKarpenterResources) {
    await run.step('Karpenter interruption queue, rules and IAM roles', () =>
      deleteKarpenterAwsResources(
        run,
        clusterName,
        opts.karpenterQueueName ??
          defaultKarpenterInterruptionQueueName(clusterName),
        found.karpenterRoles,
      ),
    );
  }
  if (opts.deleteCreatedResources ?? true) {
    kept.push(
      ...(await run.step(
        'the IAM roles and launch templates made with the cluster',
        () =>
          deleteCreatedResources(
            run,
            clusterName,
            found.associationRoles,
            found.karpenterRoles,
            Boolean(opts.deleteKarpenterResources),
          ),
      )),
    );
  } else {
    kept.push({
      resource: 'the IAM roles and launch templates made with the cluster',
      reason: 'not asked to delete them (deleteCreatedResources: false)',
    });
  }
  if (!opts.deleteKarpenterResources) {
    kept.push({
      resource: "Karpenter's interruption queue, rules and IAM roles (if any)",
      reason: 'not asked to delete them (deleteKarpenterResources: false)',
    });
  }
  return kept;
}

/**
 * Deletes a cluster in the order the field notes teach, as named steps:
 *
 * 1. LoadBalancer Services, Ingresses and Gateway API Gateways, waiting
 *    until the load balancer
 *    controller has removed its AWS load balancers (deleting the cluster
 *    first strands them) — ACTIVE clusters only;
 * 2. Karpenter NodePools and their nodes — ACTIVE clusters only;
 * 3. EKS Capabilities, add-ons, node groups, Fargate profiles, Pod Identity
 *    associations;
 * 4. the cluster (its deletion protection turned off first, which needs
 *    the typed confirmation);
 * 5. optionally Karpenter's interruption queue, rules and IAM roles;
 * 6. the IAM roles and launch templates the actions created for the cluster;
 * 7. what the cluster's controllers left outside it (Karpenter's instances
 *    and launch templates, the load balancer controller's load balancers,
 *    target groups and security groups, the VPC CNI's network interfaces),
 *    except on Auto Mode clusters, whose EKS deletes its own;
 * 8. what is still tagged for the cluster, in the final report.
 *
 * Running it again on a deleted cluster changes nothing.
 *
 * @public
 */
export async function deleteCluster(
  run: ProvisioningRun,
  opts: DeleteClusterOptions,
  deps: Deps,
): Promise<DeleteClusterResult> {
  validateDeleteClusterOptions(opts);
  const { clusterName } = opts;
  const cluster = await findCluster(run, clusterName);
  checkDeletionProtection(cluster, opts.confirmClusterName);
  const found: Found = {
    deletedLoadBalancerObjects: [],
    karpenterRoles: [],
    associationRoles: [],
  };
  run.beginSteps(stepCount(cluster, opts));
  if (!cluster) {
    run.logger.info(`Cluster ${clusterName} does not exist: nothing to delete`);
  } else if (cluster.status === 'DELETING') {
    run.logger.info(`Cluster ${clusterName} is already being deleted`);
  } else {
    await deleteInsideCluster(run, cluster, opts, deps, found);
  }
  const protectionOff = cluster
    ? await run.step('the cluster', () => deleteEksCluster(run, cluster))
    : false;
  const kept = await deleteAroundCluster(run, opts, found);
  await run.step(SWEEP_STEP, () =>
    sweepControllerLeftovers(run, clusterName, cluster),
  );
  const leftovers = await run.step('what is still tagged for the cluster', () =>
    findLeftovers(run, clusterName),
  );
  const deleted = run.plan
    .filter(c => c.action === 'delete')
    .map(c => c.resource);
  const report = deletionReport(clusterName, run.dryRun, {
    changed: protectionOff ? [deletionProtectionNote(clusterName)] : [],
    deleted,
    kept,
    leftovers,
  });
  logReport(run.logger, report);
  return {
    clusterDeleted: Boolean(cluster) && !run.dryRun,
    deletionProtectionTurnedOff: protectionOff,
    deletedLoadBalancerObjects: found.deletedLoadBalancerObjects,
    deleted,
    kept,
    leftovers,
    report,
  };
}
