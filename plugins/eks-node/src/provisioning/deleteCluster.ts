import {
  Cluster,
  DeleteAddonCommand,
  DeleteClusterCommand,
  DeleteFargateProfileCommand,
  DeleteNodegroupCommand,
  DeletePodIdentityAssociationCommand,
  DescribePodIdentityAssociationCommand,
  ListAddonsCommand,
  ListFargateProfilesCommand,
  ListNodegroupsCommand,
  ListPodIdentityAssociationsCommand,
  waitUntilAddonDeleted,
  waitUntilClusterDeleted,
  waitUntilFargateProfileDeleted,
  waitUntilNodegroupDeleted,
} from '@aws-sdk/client-eks';
import {
  DeleteLaunchTemplateCommand,
  DescribeLaunchTemplatesCommand,
} from '@aws-sdk/client-ec2';
import {
  DeleteRuleCommand,
  ListTargetsByRuleCommand,
  RemoveTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { DeleteQueueCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import {
  defaultKarpenterInterruptionQueueName,
  validateClusterName,
} from '@backstage-eks/plugin-eks-common';
import pLimit from 'p-limit';
import {
  KubernetesClientFactory,
  KubernetesClients,
} from '../kubernetes/KubernetesClientFactory';
import { findCluster } from './clusterLookup';
import { provisioningKubernetesClients } from './kubernetesAccess';
import { withKubernetesRetry } from './kubernetesRetry';
import { deleteRole, findRole } from './iam';
import { checkField } from './inputRules';
import {
  interruptionRuleName,
  KARPENTER_INTERRUPTION_RULES,
} from './karpenter/interruptionQueue';
import {
  findClusterLoadBalancers,
  findLeftovers,
  LeftoverResource,
} from './leftovers';
import { ProvisioningRun } from './ProvisioningRun';
import { CLUSTER_TAG } from './tags';
import { ifExists, pollUntil, runWaiter } from './waiters';

/** Input of {@link deleteCluster}. @public */
export interface DeleteClusterOptions {
  clusterName: string;
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

/** Something the deletion kept on purpose, and why. @public */
export interface KeptResource {
  resource: string;
  reason: string;
}

/** Outcome of {@link deleteCluster}. @public */
export interface DeleteClusterResult {
  /** False when there was no cluster to delete. */
  clusterDeleted: boolean;
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
  checkField('karpenterQueueName', opts.karpenterQueueName, v =>
    /^[A-Za-z0-9_-]{1,80}$/.test(v)
      ? undefined
      : 'must be an SQS queue name: 1-80 letters, digits, "-" and "_"',
  );
}

const KARPENTER = { group: 'karpenter.sh', version: 'v1' };

async function listKarpenter(
  run: ProvisioningRun,
  k8s: KubernetesClients,
  plural: string,
  group = KARPENTER.group,
): Promise<string[]> {
  try {
    const list = (await withKubernetesRetry(run, `list ${plural}`, () =>
      k8s.customObjects.listClusterCustomObject({
        group,
        version: 'v1',
        plural,
      }),
    )) as { items?: { metadata?: { name?: string } }[] };
    return (list.items ?? []).map(i => i.metadata?.name ?? '').filter(Boolean);
  } catch (error) {
    const code = (error as { code?: number }).code;
    if (code === 404) return [];
    throw error;
  }
}

async function deleteLoadBalancerObjects(
  run: ProvisioningRun,
  k8s: KubernetesClients,
  clusterName: string,
): Promise<string[]> {
  const deleted: string[] = [];
  const services = await withKubernetesRetry(run, 'list Services', () =>
    k8s.core.listServiceForAllNamespaces(),
  );
  for (const service of services.items) {
    if (service.spec?.type !== 'LoadBalancer') continue;
    const name = service.metadata?.name ?? '';
    const namespace = service.metadata?.namespace ?? 'default';
    deleted.push(`Service ${namespace}/${name}`);
    await run.change(
      {
        action: 'delete',
        resource: `Service ${namespace}/${name}`,
        detail: 'type LoadBalancer',
      },
      ['k8s-service', clusterName, namespace, name],
      async () => {
        await ifExists(() =>
          withKubernetesRetry(run, `delete Service ${name}`, () =>
            k8s.core.deleteNamespacedService({ name, namespace }),
          ),
        );
      },
    );
  }
  const ingresses = await withKubernetesRetry(run, 'list Ingresses', () =>
    k8s.networking.listIngressForAllNamespaces(),
  );
  for (const ingress of ingresses.items) {
    const name = ingress.metadata?.name ?? '';
    const namespace = ingress.metadata?.namespace ?? 'default';
    deleted.push(`Ingress ${namespace}/${name}`);
    await run.change(
      { action: 'delete', resource: `Ingress ${namespace}/${name}` },
      ['k8s-ingress', clusterName, namespace, name],
      async () => {
        await ifExists(() =>
          withKubernetesRetry(run, `delete Ingress ${name}`, () =>
            k8s.networking.deleteNamespacedIngress({ name, namespace }),
          ),
        );
      },
    );
  }
  return deleted;
}

/** The node roles Karpenter's EC2NodeClasses use (read before deletion). */
async function karpenterNodeRoles(
  run: ProvisioningRun,
  k8s: KubernetesClients,
): Promise<string[]> {
  try {
    const list = (await withKubernetesRetry(run, 'list EC2NodeClasses', () =>
      k8s.customObjects.listClusterCustomObject({
        group: 'karpenter.k8s.aws',
        version: 'v1',
        plural: 'ec2nodeclasses',
      }),
    )) as { items?: { spec?: { role?: string } }[] };
    return (list.items ?? []).map(i => i.spec?.role ?? '').filter(Boolean);
  } catch (error) {
    if ((error as { code?: number }).code === 404) return [];
    throw error;
  }
}

async function deleteKarpenterNodes(
  run: ProvisioningRun,
  k8s: KubernetesClients,
  clusterName: string,
): Promise<void> {
  const nodePools = await listKarpenter(run, k8s, 'nodepools');
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
  const nodeClaims = await listKarpenter(run, k8s, 'nodeclaims');
  if (run.dryRun || (nodePools.length === 0 && nodeClaims.length === 0)) return;
  await pollUntil(
    run,
    'Karpenter NodeClaims and their nodes to be gone',
    async () => {
      const claims = await listKarpenter(run, k8s, 'nodeclaims');
      const nodes = await withKubernetesRetry(run, 'list nodes', () =>
        k8s.core.listNode({ labelSelector: 'karpenter.sh/nodepool' }),
      );
      return claims.length === 0 && nodes.items.length === 0;
    },
  );
}

/** The IAM role of one of the cluster's Pod Identity associations. */
interface AssociationRole {
  roleName: string;
  namespace: string;
  serviceAccount: string;
  /** The add-on that owns the association (EKS's ownerArn), if any. */
  ownerArn?: string;
}

/** The IAM roles the cluster's Pod Identity associations used. */
interface AssociationRoles {
  karpenterRoles: string[];
  associationRoles: AssociationRole[];
}

async function deleteEksChildren(
  run: ProvisioningRun,
  cluster: Cluster,
  karpenterServiceAccount: string,
): Promise<AssociationRoles> {
  const karpenterRoles: string[] = [];
  const associationRoles: AssociationRole[] = [];
  const { eks } = run.aws;
  const clusterName = cluster.name ?? '';
  const limit = pLimit(4);

  // The roles are read first: deleting an add-on deletes the associations it owns.
  const existing =
    (await eks.send(new ListPodIdentityAssociationsCommand({ clusterName })))
      .associations ?? [];
  for (const association of existing) {
    const described = await ifExists(() =>
      eks.send(
        new DescribePodIdentityAssociationCommand({
          clusterName,
          associationId: association.associationId ?? '',
        }),
      ),
    );
    const roleArn = described?.association?.roleArn;
    if (roleArn) {
      const roleName = roleArn.slice(roleArn.lastIndexOf('/') + 1);
      associationRoles.push({
        roleName,
        namespace: association.namespace ?? '',
        serviceAccount: association.serviceAccount ?? '',
        ownerArn: described?.association?.ownerArn,
      });
      if (association.serviceAccount === karpenterServiceAccount) {
        karpenterRoles.push(roleName);
      }
    }
  }

  const addons =
    (await eks.send(new ListAddonsCommand({ clusterName }))).addons ?? [];
  await Promise.all(
    addons.map(addonName =>
      limit(async () => {
        await run.change(
          { action: 'delete', resource: `add-on ${addonName}` },
          ['addon', clusterName, addonName],
          async () => {
            await ifExists(() =>
              eks.send(new DeleteAddonCommand({ clusterName, addonName })),
            );
          },
        );
        if (!run.dryRun) {
          await runWaiter(
            run,
            `add-on ${addonName} to be deleted`,
            waitUntilAddonDeleted,
            eks,
            { clusterName, addonName },
          );
        }
      }),
    ),
  );

  const nodegroups =
    (await eks.send(new ListNodegroupsCommand({ clusterName }))).nodegroups ??
    [];
  await Promise.all(
    nodegroups.map(nodegroupName =>
      limit(async () => {
        await run.change(
          { action: 'delete', resource: `node group ${nodegroupName}` },
          ['nodegroup', clusterName, nodegroupName],
          async () => {
            await ifExists(() =>
              eks.send(
                new DeleteNodegroupCommand({ clusterName, nodegroupName }),
              ),
            );
          },
        );
        if (!run.dryRun) {
          await runWaiter(
            run,
            `node group ${nodegroupName} to be deleted`,
            waitUntilNodegroupDeleted,
            eks,
            { clusterName, nodegroupName },
          );
        }
      }),
    ),
  );

  // EKS deletes one Fargate profile at a time.
  const profiles =
    (await eks.send(new ListFargateProfilesCommand({ clusterName })))
      .fargateProfileNames ?? [];
  for (const fargateProfileName of profiles) {
    await run.change(
      { action: 'delete', resource: `Fargate profile ${fargateProfileName}` },
      ['fargate', clusterName, fargateProfileName],
      async () => {
        await ifExists(() =>
          eks.send(
            new DeleteFargateProfileCommand({
              clusterName,
              fargateProfileName,
            }),
          ),
        );
      },
    );
    if (!run.dryRun) {
      await runWaiter(
        run,
        `Fargate profile ${fargateProfileName} to be deleted`,
        waitUntilFargateProfileDeleted,
        eks,
        { clusterName, fargateProfileName },
      );
    }
  }

  // Listed again: the associations add-ons own went with their add-ons.
  const associations =
    (await eks.send(new ListPodIdentityAssociationsCommand({ clusterName })))
      .associations ?? [];
  for (const association of associations) {
    const associationId = association.associationId ?? '';
    await run.change(
      {
        action: 'delete',
        resource: `Pod Identity association ${association.namespace}/${association.serviceAccount}`,
      },
      ['pod-identity', clusterName, associationId],
      async () => {
        await ifExists(() =>
          eks.send(
            new DeletePodIdentityAssociationCommand({
              clusterName,
              associationId,
            }),
          ),
        );
      },
    );
  }
  return { karpenterRoles, associationRoles };
}

async function deleteKarpenterAwsResources(
  run: ProvisioningRun,
  clusterName: string,
  queueName: string,
  discoveredRoles: string[],
): Promise<void> {
  const { sqs, eventBridge } = run.aws;
  for (const spec of KARPENTER_INTERRUPTION_RULES) {
    const rule = interruptionRuleName(queueName, spec);
    const targets = await ifExists(() =>
      eventBridge.send(new ListTargetsByRuleCommand({ Rule: rule })),
    );
    if (!targets) continue;
    const ids = (targets.Targets ?? []).map(t => t.Id ?? '').filter(Boolean);
    if (ids.length > 0) {
      await run.change(
        {
          action: 'update',
          resource: `EventBridge rule ${rule}`,
          detail: 'remove targets',
        },
        ['events-target', rule],
        async () => {
          await eventBridge.send(
            new RemoveTargetsCommand({ Rule: rule, Ids: ids }),
          );
        },
      );
    }
    await run.change(
      { action: 'delete', resource: `EventBridge rule ${rule}` },
      ['events-rule', rule],
      async () => {
        await ifExists(() =>
          eventBridge.send(new DeleteRuleCommand({ Name: rule })),
        );
      },
    );
  }
  const queueUrl = (
    await ifExists(() =>
      sqs.send(new GetQueueUrlCommand({ QueueName: queueName })),
    )
  )?.QueueUrl;
  if (queueUrl) {
    await run.change(
      { action: 'delete', resource: `SQS queue ${queueName}` },
      ['sqs-queue', queueName],
      async () => {
        await sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
      },
    );
  }
  const roleNames = new Set([
    `${clusterName}-karpenter-controller`.slice(0, 64),
    `${clusterName}-karpenter-node`.slice(0, 64),
    ...discoveredRoles,
  ]);
  for (const roleName of roleNames) {
    await deleteRole(run, roleName, {
      deleteInstanceProfiles: true,
    });
  }
}

/**
 * Deletes what was made with the cluster and returns what it kept on
 * purpose: the cluster and node roles, the add-ons' Pod Identity roles
 * (associations an add-on owns) and launch templates, each only when tagged
 * for this cluster; the roles of other associations (a workload's, made by
 * aws:eks:pod-identity:create, or anyone's) are kept.
 */
async function deleteCreatedResources(
  run: ProvisioningRun,
  clusterName: string,
  associationRoles: AssociationRole[],
  karpenterRoles: string[],
  karpenterDeleted: boolean,
): Promise<KeptResource[]> {
  const kept: KeptResource[] = [];
  const candidates = new Set([
    `${clusterName}-cluster`.slice(0, 64),
    `${clusterName}-node`.slice(0, 64),
    ...associationRoles.filter(a => a.ownerArn).map(a => a.roleName),
  ]);
  for (const association of associationRoles) {
    if (association.ownerArn || candidates.has(association.roleName)) continue;
    if (karpenterRoles.includes(association.roleName)) {
      if (!karpenterDeleted) {
        kept.push({
          resource: `IAM role ${association.roleName}`,
          reason: `Karpenter's controller role: deleted only with "Also delete Karpenter's AWS resources"`,
        });
      }
      continue;
    }
    kept.push({
      resource: `IAM role ${association.roleName}`,
      reason: `the role of the Pod Identity association for ${association.namespace}/${association.serviceAccount} (a workload's role, e.g. made by the "Pod Identity for a workload" template): it can be reused on other clusters, so it is not deleted with this one`,
    });
  }
  for (const name of candidates) {
    const role = await findRole(run, name);
    if (!role) continue;
    const ours = role.Tags?.some(
      t => t.Key === CLUSTER_TAG && t.Value === clusterName,
    );
    if (ours) {
      await deleteRole(run, name, { deleteInstanceProfiles: true });
    } else {
      kept.push({
        resource: `IAM role ${name}`,
        reason: `not tagged ${CLUSTER_TAG}=${clusterName}: not made with this cluster`,
      });
    }
  }
  const templates = await run.aws.ec2.send(
    new DescribeLaunchTemplatesCommand({
      Filters: [{ Name: `tag:${CLUSTER_TAG}`, Values: [clusterName] }],
    }),
  );
  for (const template of templates.LaunchTemplates ?? []) {
    const id = template.LaunchTemplateId ?? '';
    await run.change(
      {
        action: 'delete',
        resource: `launch template ${template.LaunchTemplateName}`,
      },
      ['launch-template', id],
      async () => {
        await run.aws.ec2.send(
          new DeleteLaunchTemplateCommand({ LaunchTemplateId: id }),
        );
      },
    );
  }
  return kept;
}

/**
 * Deletes a cluster in the order the field notes teach: LoadBalancer
 * Services and Ingresses first, waiting until the load balancer controller
 * has removed its AWS load balancers (deleting the cluster first strands
 * them); then Karpenter NodePools and their nodes; add-ons; node groups;
 * Fargate profiles; Pod Identity associations; the cluster; optionally
 * Karpenter's AWS resources; the IAM roles and launch templates the actions
 * created for the cluster; and finally reports what is still tagged for
 * the cluster. Running it again on a deleted cluster changes nothing.
 *
 * @public
 */
export async function deleteCluster(
  run: ProvisioningRun,
  opts: DeleteClusterOptions,
  deps: { kubernetes: KubernetesClientFactory },
): Promise<DeleteClusterResult> {
  validateDeleteClusterOptions(opts);
  const { clusterName } = opts;
  const cluster = await findCluster(run, clusterName);
  let deletedLoadBalancerObjects: string[] = [];
  const karpenterRoles: string[] = [];
  const associationRoles: AssociationRole[] = [];
  const active = cluster?.status === 'ACTIVE';
  const deletes = Boolean(cluster) && cluster?.status !== 'DELETING';
  const deleteCreated = opts.deleteCreatedResources ?? true;
  run.beginSteps(
    (active ? 2 : 0) +
      (deletes ? 1 : 0) +
      (cluster ? 1 : 0) +
      (opts.deleteKarpenterResources ? 1 : 0) +
      (deleteCreated ? 1 : 0) +
      1,
  );
  if (!cluster) {
    run.logger.info(`Cluster ${clusterName} does not exist: nothing to delete`);
  } else if (cluster.status === 'DELETING') {
    run.logger.info(`Cluster ${clusterName} is already being deleted`);
  } else {
    if (active) {
      const k8s = await provisioningKubernetesClients(
        run,
        deps.kubernetes,
        cluster,
      );
      deletedLoadBalancerObjects = await run.step(
        'LoadBalancer Services and Ingresses',
        async () => {
          const deletedObjects = await deleteLoadBalancerObjects(
            run,
            k8s,
            clusterName,
          );
          if (!run.dryRun) {
            await pollUntil(
              run,
              'the load balancer controller to remove its load balancers',
              async () =>
                (await findClusterLoadBalancers(run, clusterName)).length === 0,
            );
          }
          return deletedObjects;
        },
      );
      await run.step('Karpenter NodePools and nodes', async () => {
        if (opts.deleteKarpenterResources) {
          karpenterRoles.push(...(await karpenterNodeRoles(run, k8s)));
        }
        await deleteKarpenterNodes(run, k8s, clusterName);
      });
    } else {
      run.note(
        `Cluster ${clusterName} is ${cluster.status}: its Kubernetes API is not used, so LoadBalancer Services and Karpenter nodes are not cleaned up first`,
      );
    }
    await run.step(
      'add-ons, node groups, Fargate profiles, Pod Identity associations',
      async () => {
        const roles = await deleteEksChildren(
          run,
          cluster,
          opts.karpenterServiceAccount ?? 'karpenter',
        );
        karpenterRoles.push(...roles.karpenterRoles);
        associationRoles.push(...roles.associationRoles);
      },
    );
  }
  if (cluster) {
    await run.step('the cluster', async () => {
      if (deletes) {
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
    });
  }
  if (opts.deleteKarpenterResources) {
    await run.step(
      'Karpenter interruption queue, rules and IAM roles',
      async () => {
        await deleteKarpenterAwsResources(
          run,
          clusterName,
          opts.karpenterQueueName ??
            defaultKarpenterInterruptionQueueName(clusterName),
          opts.deleteKarpenterResources ? karpenterRoles : [],
        );
      },
    );
  }
  const kept: KeptResource[] = [];
  if (deleteCreated) {
    kept.push(
      ...(await run.step(
        'the IAM roles and launch templates made with the cluster',
        () =>
          deleteCreatedResources(
            run,
            clusterName,
            associationRoles,
            karpenterRoles,
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
  const leftovers = await run.step('what is still tagged for the cluster', () =>
    findLeftovers(run, clusterName),
  );
  const deleted = run.plan
    .filter(c => c.action === 'delete')
    .map(c => c.resource);
  const report = deletionReport(clusterName, run.dryRun, {
    deleted,
    kept,
    leftovers,
  });
  // the report, line by line: what is left is a warning
  for (const line of report.split('\n')) {
    if (line.startsWith('- Left behind')) run.logger.warn(line.slice(2));
    else if (line) run.logger.info(line);
  }
  return {
    clusterDeleted: Boolean(cluster) && !run.dryRun,
    deletedLoadBalancerObjects,
    deleted,
    kept,
    leftovers,
    report,
  };
}

/**
 * The final report of a deletion, as Markdown a person reads in the task's
 * output and log: what was deleted, what was kept and why, and what is left
 * behind (still tagged for the cluster) with what to do.
 *
 * @public
 */
export function deletionReport(
  clusterName: string,
  dryRun: boolean,
  parts: {
    deleted: string[];
    kept: KeptResource[];
    leftovers: LeftoverResource[];
  },
): string {
  const lines = [
    `Report for cluster ${clusterName}${
      dryRun ? ' (dry run: nothing was deleted)' : ''
    }:`,
    `${dryRun ? 'Would delete' : 'Deleted'} ${parts.deleted.length}:`,
    ...parts.deleted.map(d => `- ${d}`),
    `Kept on purpose ${parts.kept.length}:`,
    ...parts.kept.map(k => `- Kept ${k.resource}: ${k.reason}`),
    `Left behind ${parts.leftovers.length}${
      parts.leftovers.length
        ? ' (still tagged for the cluster: delete them in the AWS console or CLI if nothing else uses them)'
        : ''
    }:`,
    ...parts.leftovers.map(
      l => `- Left behind: ${l.type} ${l.id} (tagged ${l.tag})`,
    ),
  ];
  return lines.join('\n');
}
