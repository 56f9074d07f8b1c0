import { Cluster } from '@aws-sdk/client-eks';
import { DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import { InputError } from '@backstage/errors';
import {
  defaultKarpenterInterruptionQueueName,
  partitionForRegion,
  validateClusterName,
  validateNamespace,
  validateServiceAccountName,
} from '@backstage-eks/plugin-eks-common';
import {
  EKS_TOKEN_VALIDITY_SECONDS,
  KubernetesClientFactory,
} from '../../kubernetes/KubernetesClientFactory';
import { ensureAccessEntry } from '../cluster/accessEntries';
import { findCluster } from '../clusterLookup';
import {
  provisioningHelmKubeconfig,
  provisioningKubernetesClients,
} from '../kubernetesAccess';
import { checkRoleArn } from '../cluster/createClusterInput';
import {
  ensureInstanceProfile,
  ensureRole,
  roleArnFor,
  roleNameFromArn,
} from '../iam';
import { checkField, checkTags } from '../inputRules';
import { ensureNodeRole } from '../cluster/nodeGroup';
import { awsManagedPolicyArn, podIdentityTrustPolicy } from '../policies';
import {
  ensurePodIdentityAgent,
  ensurePodIdentityAssociation,
} from '../podIdentity';
import {
  checkKarpenterChartVersion,
  preflightInstallKarpenter,
} from '../preflight';
import { ProvisioningRun } from '../ProvisioningRun';
import { resourceTags } from '../tags';
import { sameJson } from '../sameJson';
import { pollUntil } from '../waiters';
import { withKubernetesRetry } from '../kubernetesRetry';
import { karpenterControllerPolicy } from './controllerPolicy';
import { ensureDiscoveryTags } from './discoveryTags';
import {
  ExistingKarpenter,
  inspectExistingKarpenter,
} from './existingKarpenter';
import { HelmRelease, HelmRunner } from './helm';
import { ensureInterruptionQueue } from './interruptionQueue';
import { ownershipRefusal } from '../ownership';
import { ENTITY_REF_TAG, ownershipIdentity } from '../tags';
import { applyIfChanged } from '../kubernetesApply';
import {
  defaultEc2NodeClass,
  defaultNodePool,
  keepNodeClassIdentity,
} from './nodePool';

/** The Karpenter chart. @public */
export const KARPENTER_CHART = 'oci://public.ecr.aws/karpenter/karpenter';

/**
 * The longest `helm --wait` (seconds): the helm run's token must outlive it
 * (EKS refuses a token 15 minutes after signing), with a minute for helm's
 * own calls before the wait.
 */
const HELM_WAIT_LIMIT_SECONDS = EKS_TOKEN_VALIDITY_SECONDS - 60;
/** The chart version installed unless another is asked for. @public */
export const DEFAULT_KARPENTER_VERSION = '1.8.1';

/** Input of {@link installKarpenter}. @public */
export interface InstallKarpenterOptions {
  clusterName: string;
  /** Namespace of the controller (default kube-system). */
  namespace?: string;
  /** Service account of the controller (default karpenter). */
  serviceAccount?: string;
  /** Chart version (default {@link DEFAULT_KARPENTER_VERSION}). */
  chartVersion?: string;
  /** An existing node role; default: `<cluster>-karpenter-node` is created. */
  nodeRoleArn?: string;
  /** Also create an instance profile for the node role (Karpenter >= 0.32 manages its own). */
  createInstanceProfile?: boolean;
  /** Interruption queue name (default `Karpenter-<cluster>`). */
  queueName?: string;
  /** Apply the default EC2NodeClass and NodePool (default true). */
  createDefaultNodePool?: boolean;
  capacityTypes?: ('on-demand' | 'spot')[];
  architectures?: ('amd64' | 'arm64')[];
  cpuLimit?: string;
  /** Extra Helm values, merged over the computed ones. */
  helmValues?: Record<string, unknown>;
  tags?: Record<string, string>;
  /**
   * Install a self-managed Karpenter on a cluster that runs EKS Auto Mode,
   * beside Auto Mode's own (default false: refused, since Auto Mode already
   * runs Karpenter-managed node pools).
   */
  besideAutoMode?: boolean;
}

/** Outcome of {@link installKarpenter}. @public */
export interface InstallKarpenterResult {
  controllerRoleArn: string;
  nodeRoleArn: string;
  nodeRoleName: string;
  instanceProfileName?: string;
  queueName: string;
  queueUrl: string;
  queueArn: string;
  ruleNames: string[];
  chartVersion: string;
  namespace: string;
  helmInstalled: boolean;
}

/** Checks {@link InstallKarpenterOptions} before any call. @public */
export function validateInstallKarpenterOptions(
  opts: InstallKarpenterOptions,
  target: { accountId: string; region: string },
): void {
  checkField('clusterName', opts.clusterName, validateClusterName);
  checkField('namespace', opts.namespace, validateNamespace);
  checkField('serviceAccount', opts.serviceAccount, validateServiceAccountName);
  checkRoleArn('nodeRoleArn', opts.nodeRoleArn, target);
  checkKarpenterChartVersion('chartVersion', opts.chartVersion);
  checkField('queueName', opts.queueName, v =>
    /^[A-Za-z0-9_-]{1,80}$/.test(v)
      ? undefined
      : 'must be an SQS queue name: 1-80 letters, digits, "-" and "_"',
  );
  if (opts.queueName === undefined) {
    // SQS queue names have at most 80 characters, cluster names 100
    const queueName = defaultKarpenterInterruptionQueueName(opts.clusterName);
    if (queueName.length > 80)
      throw new InputError(
        `queueName must be given for a cluster name of ${opts.clusterName.length} characters: the default ${queueName} has ${queueName.length}, SQS allows 80`,
      );
  }
  checkField('cpuLimit', opts.cpuLimit, v =>
    /^\d+(m)?$/.test(v)
      ? undefined
      : 'must be a CPU quantity such as "100" or "500m"',
  );
  if (opts.capacityTypes && opts.capacityTypes.length === 0) {
    throw new InputError('capacityTypes must list "on-demand", "spot" or both');
  }
  checkTags('tags', opts.tags);
}

async function clusterZones(
  run: ProvisioningRun,
  cluster: Cluster | undefined,
): Promise<string[]> {
  const subnetIds = cluster?.resourcesVpcConfig?.subnetIds ?? [];
  if (subnetIds.length === 0) return [];
  const subnets = await run.aws.ec2.send(
    new DescribeSubnetsCommand({ SubnetIds: subnetIds }),
  );
  return [
    ...new Set((subnets.Subnets ?? []).map(s => s.AvailabilityZone ?? '')),
  ]
    .filter(Boolean)
    .sort();
}

/**
 * Why Karpenter is not set up on an Auto Mode cluster, and what to do
 * instead: Auto Mode runs Karpenter itself, with its built-in node pools
 * (general-purpose and system, when enabled) and EKS's NodeClass; more
 * capacity is a NodePool that references an Auto Mode NodeClass.
 */
function autoModeRefusal(clusterName: string, cluster: Cluster): string {
  const pools = cluster.computeConfig?.nodePools ?? [];
  return [
    `clusterName: cluster ${clusterName} runs EKS Auto Mode, which already runs Karpenter itself: EKS manages its controller and nodes${
      pools.length
        ? `, with the built-in node pools ${pools.join(' and ')}`
        : ' (its built-in node pools are turned off)'
    }. A second, self-managed Karpenter would compete with it for the same pods.`,
    'To add capacity, apply a NodePool (karpenter.sh/v1) whose spec.template.spec.nodeClassRef is { group: eks.amazonaws.com, kind: NodeClass, name: default } (or a NodeClass of your own, apiVersion eks.amazonaws.com/v1): https://docs.aws.amazon.com/eks/latest/userguide/create-node-pool.html',
    'To install a self-managed Karpenter beside Auto Mode anyway, run again with besideAutoMode: true ("Also beside EKS Auto Mode" in the Set up Karpenter template).',
  ].join('\n');
}

/**
 * Sets Karpenter up on a cluster as terraform-aws-eks v21's karpenter module
 * and the Karpenter docs do, in a safe order: the Pod Identity agent add-on
 * first (without it Karpenter gets no credentials and crash-loops), node role
 * (+ EC2_LINUX access entry), interruption queue and its five rules,
 * controller role with a cluster-scoped policy, Pod Identity association,
 * discovery tags, the Helm chart, then the default EC2NodeClass and NodePool.
 *
 * @public
 */
export async function installKarpenter(
  run: ProvisioningRun,
  opts: InstallKarpenterOptions,
  deps: { kubernetes: KubernetesClientFactory; helm: HelmRunner },
): Promise<InstallKarpenterResult> {
  validateInstallKarpenterOptions(opts, run.aws.target);
  const { clusterName } = opts;
  const namespace = opts.namespace ?? 'kube-system';
  const serviceAccount = opts.serviceAccount ?? 'karpenter';
  const chartVersion = opts.chartVersion ?? DEFAULT_KARPENTER_VERSION;
  const queueName =
    opts.queueName ?? defaultKarpenterInterruptionQueueName(clusterName);
  const partition = partitionForRegion(run.region);
  const tags = resourceTags(clusterName, opts.tags);

  const queueArn = `arn:${partition}:sqs:${run.region}:${run.accountId}:${queueName}`;
  let existingKarpenter: ExistingKarpenter = { findings: [] };
  let release: HelmRelease | undefined;
  let releaseValues: Record<string, unknown> | undefined;
  run.beginSteps(9);
  const cluster = await run.step(
    'preflight: region, node role, the cluster and the Karpenter pieces that exist',
    async () => {
      await preflightInstallKarpenter(run, opts);
      const found = await findCluster(run, clusterName);
      if (!found && !run.dryRun) {
        throw new InputError(
          `clusterName: no EKS cluster "${clusterName}" in account ${run.accountId}, region ${run.region}`,
        );
      }
      if (found && found.status !== 'ACTIVE') {
        throw new Error(
          `Cluster ${clusterName} is ${found.status}; Karpenter can be installed once it is ACTIVE`,
        );
      }
      if (found?.computeConfig?.enabled) {
        if (!opts.besideAutoMode) {
          throw new InputError(autoModeRefusal(clusterName, found));
        }
        run.note(
          `Cluster ${clusterName} runs EKS Auto Mode, which already includes a managed Karpenter; a self-managed one is installed beside it as asked (besideAutoMode: true)`,
        );
      }

      // What exists is judged before the first write: pieces of a Karpenter
      // someone else installed are used as they are when they can serve, and
      // the run refuses with every one that cannot (unless it adopts).
      if (found) {
        const kubeconfig = () =>
          provisioningHelmKubeconfig(run, deps.kubernetes, found);
        const releases = await withKubernetesRetry(run, 'helm list', async () =>
          deps.helm.listReleases({ namespace, kubeconfig: await kubeconfig() }),
        );
        release = releases.find(r => r.name === 'karpenter');
        releaseValues = release
          ? await withKubernetesRetry(run, 'helm status karpenter', async () =>
              deps.helm.getUserValues({
                release: 'karpenter',
                namespace,
                kubeconfig: await kubeconfig(),
              }),
            )
          : undefined;
        const k8s = await provisioningKubernetesClients(
          run,
          deps.kubernetes,
          found,
        );
        existingKarpenter = await inspectExistingKarpenter(run, {
          clusterName,
          namespace,
          serviceAccount,
          chartVersion,
          queueName,
          queueArn,
          nodeRoleArn: opts.nodeRoleArn,
          release,
          releaseValues,
          objects: k8s.objects,
        });
        if (existingKarpenter.findings.length > 0 && !run.adopt) {
          throw ownershipRefusal(clusterName, existingKarpenter.findings, [
            ...(existingKarpenter.controllerRoleArn
              ? [
                  `the controller's Pod Identity association and its role ${existingKarpenter.controllerRoleArn} can serve and would be used as they are`,
                ]
              : []),
            ...(existingKarpenter.keepController
              ? [
                  `${existingKarpenter.keepController} runs the wanted version and would be kept`,
                ]
              : []),
          ]);
        }
      }
      return found;
    },
  );
  // an adopting run upgrades another's release, but keeps a controller
  // that is no Helm release (Helm will not install over it)
  const keepController =
    run.adopt && existingKarpenter.controllerIsHelmRelease
      ? undefined
      : existingKarpenter.keepController;

  await run.step(
    'the Pod Identity agent add-on (Karpenter hangs without it)',
    () => ensurePodIdentityAgent(run, cluster, clusterName, true),
  );

  const { nodeRoleArn, nodeRoleName, instanceProfileName } = await run.step(
    'node IAM role and its access entry',
    async () => {
      if (!opts.nodeRoleArn && existingKarpenter.nodeRoleArn) {
        run.logger.info(
          `Using the node role of the existing EC2NodeClass default: ${existingKarpenter.nodeRoleArn}`,
        );
      }
      const roleArn =
        opts.nodeRoleArn ??
        existingKarpenter.nodeRoleArn ??
        (await ensureNodeRole(run, {
          name: `${clusterName}-karpenter-node`.slice(0, 64),
          tags,
          extraPolicyArns: [
            awsManagedPolicyArn(partition, 'AmazonSSMManagedInstanceCore'),
          ],
        }));
      const roleName = roleNameFromArn(roleArn);
      let profileName: string | undefined;
      if (opts.createInstanceProfile) {
        profileName = await ensureInstanceProfile(run, {
          name: roleName,
          roleName,
          tags,
        });
      }
      await ensureAccessEntry(run, {
        clusterName,
        principalArn: roleArn,
        type: 'EC2_LINUX',
        tags,
        clusterMissing: !cluster,
      });
      return {
        nodeRoleArn: roleArn,
        nodeRoleName: roleName,
        instanceProfileName: profileName,
      };
    },
  );

  const queue = await run.step('interruption queue and EventBridge rules', () =>
    ensureInterruptionQueue(run, {
      queueName,
      tags,
      clusterName,
    }),
  );

  const controllerRoleName = `${clusterName}-karpenter-controller`.slice(0, 64);
  const controllerRoleArn = await run.step(
    'controller IAM role (Pod Identity trust, cluster-scoped policy)',
    async () => {
      if (existingKarpenter.controllerRoleArn) {
        run.logger.info(
          `Using the role of the existing Pod Identity association ${namespace}/${serviceAccount} as it is: ${existingKarpenter.controllerRoleArn} (its trust and permissions serve Karpenter ${chartVersion})`,
        );
      }
      return (
        existingKarpenter.controllerRoleArn ??
        (await ensureRole(run, {
          name: controllerRoleName,
          description: `Karpenter controller of ${clusterName}`,
          trustPolicy: podIdentityTrustPolicy(),
          inlinePolicies: {
            KarpenterController: karpenterControllerPolicy({
              clusterName,
              region: run.region,
              accountId: run.accountId,
              queueArn: queue.queueArn,
              nodeRoleArn,
            }),
          },
          tags,
        }))
      );
    },
  );

  await run.step('Pod Identity association of the controller', () =>
    ensurePodIdentityAssociation(run, {
      clusterName,
      namespace,
      serviceAccount,
      roleArn: controllerRoleArn || roleArnFor(run, controllerRoleName),
      tags,
      clusterMissing: !cluster,
    }),
  );

  const sharedSubnetIds = await run.step(
    'karpenter.sh/discovery tags on subnets and the cluster security group',
    async () => {
      if (cluster) {
        return (
          await ensureDiscoveryTags(run, {
            clusterName,
            resourceIds: [
              ...(cluster.resourcesVpcConfig?.subnetIds ?? []),
              cluster.resourcesVpcConfig?.clusterSecurityGroupId ?? '',
            ],
          })
        ).sharedSubnetIds;
      }
      run.plan.push({
        action: 'tag',
        resource: 'cluster subnets and security group',
        detail: `karpenter.sh/discovery=${clusterName}`,
      });
      return [];
    },
  );

  const values = {
    ...opts.helmValues,
    settings: {
      clusterName,
      clusterEndpoint: cluster?.endpoint ?? '',
      interruptionQueue: queueName,
      ...((opts.helmValues?.settings as Record<string, unknown> | undefined) ??
        {}),
    },
    serviceAccount: {
      name: serviceAccount,
      ...((opts.helmValues?.serviceAccount as
        | Record<string, unknown>
        | undefined) ?? {}),
    },
    // the controller's pods carry this request's identity: a later run
    // knows the release as its own
    podAnnotations: {
      ...((opts.helmValues?.podAnnotations as
        | Record<string, unknown>
        | undefined) ?? {}),
      [ENTITY_REF_TAG]: ownershipIdentity(clusterName),
    },
  };
  const helmInstalled = await run.step(
    `Helm chart karpenter ${chartVersion}`,
    async () => {
      if (!cluster) {
        run.plan.push({
          action: 'install',
          resource: `Helm release karpenter ${chartVersion}`,
          detail: namespace,
        });
        return false;
      }
      // each helm run gets a token signed just before it (helm cannot
      // refresh one, and EKS refuses it 15 minutes after signing)
      const kubeconfig = () =>
        provisioningHelmKubeconfig(run, deps.kubernetes, cluster);
      // helm's commands are idempotent: one that failed on a transient API
      // answer (HelmCommandError.code) runs again
      const upToDate =
        Boolean(keepController) ||
        (release?.status === 'deployed' &&
          release.chart === `karpenter-${chartVersion}` &&
          sameJson(releaseValues, values));
      if (keepController) {
        run.logger.info(
          `${keepController} was not installed by this request and runs Karpenter ${chartVersion}: kept as it is`,
        );
      }
      if (release && !upToDate) {
        if (release.chart !== `karpenter-${chartVersion}`) {
          run.reportRequestedChange(
            `Helm release karpenter is ${release.chart}; upgrading to karpenter-${chartVersion}`,
          );
        } else {
          run.reportDrift(
            `Helm release karpenter ${release.chart} is ${release.status} or has other values than this action sets; upgrading it`,
          );
        }
      }
      if (upToDate) return false;
      await run.change(
        {
          action: 'install',
          resource: `Helm release karpenter ${chartVersion}`,
          detail: namespace,
        },
        ['helm', clusterName, namespace, 'karpenter', chartVersion],
        async () => {
          await withKubernetesRetry(
            run,
            'helm upgrade --install karpenter',
            async () =>
              deps.helm.upgradeInstall({
                release: 'karpenter',
                chart: KARPENTER_CHART,
                version: chartVersion,
                namespace,
                values,
                kubeconfig: await kubeconfig(),
                // --wait must end while the token is good; the wait for the
                // controller below goes on with clients that re-sign tokens
                timeoutSeconds: Math.min(
                  run.wait.timeoutSeconds,
                  HELM_WAIT_LIMIT_SECONDS,
                ),
              }),
          );
        },
      );
      if (!run.dryRun) {
        const k8s = await provisioningKubernetesClients(
          run,
          deps.kubernetes,
          cluster,
        );
        await pollUntil(
          run,
          'the Karpenter controller Deployment to become available',
          async () => {
            const deployment = await withKubernetesRetry(
              run,
              'read the Karpenter Deployment',
              () =>
                k8s.apps.readNamespacedDeployment({
                  name: 'karpenter',
                  namespace,
                }),
            );
            return (deployment.status?.availableReplicas ?? 0) > 0;
          },
        ).catch(error => {
          throw new Error(
            `${
              (error as Error).message
            }. Karpenter pods that crash-loop after "ec2 api connectivity check failed" lack credentials: check that the ${'eks-pod-identity-agent'} add-on is ACTIVE and the Pod Identity association ${namespace}/${serviceAccount} exists`,
          );
        });
      }
      return true;
    },
  );

  await run.step(
    'default EC2NodeClass and NodePool (server-side apply)',
    async () => {
      if (!cluster) {
        run.plan.push({
          action: 'apply',
          resource: 'EC2NodeClass default, NodePool default',
          detail: 'server-side apply',
        });
        return;
      }
      if (!(opts.createDefaultNodePool ?? true)) {
        run.logger.info('Not creating them (createDefaultNodePool: false)');
        return;
      }
      const k8s = await provisioningKubernetesClients(
        run,
        deps.kubernetes,
        cluster,
      );
      const zones = await clusterZones(run, cluster);
      const poolOptions = {
        clusterName,
        nodeRoleName,
        zones,
        capacityTypes: opts.capacityTypes,
        architectures: opts.architectures,
        cpuLimit: opts.cpuLimit,
        sharedSubnetIds,
      };
      await applyIfChanged(
        run,
        k8s.objects,
        defaultEc2NodeClass(poolOptions),
        [clusterName],
        keepNodeClassIdentity(identity =>
          run.logger.warn(
            `EC2NodeClass default keeps its ${identity}: Karpenter does not let a node class change its role (delete the EC2NodeClass to have it re-created with ${nodeRoleName})`,
          ),
        ),
        { clusterName, keepForeign: true },
      );
      await applyIfChanged(
        run,
        k8s.objects,
        defaultNodePool(poolOptions),
        [clusterName],
        undefined,
        { clusterName, keepForeign: true },
      );
    },
  );
  return {
    controllerRoleArn,
    nodeRoleArn,
    nodeRoleName,
    instanceProfileName,
    queueName,
    queueUrl: queue.queueUrl,
    queueArn: queue.queueArn,
    ruleNames: queue.ruleNames,
    chartVersion,
    namespace,
    helmInstalled,
  };
}
