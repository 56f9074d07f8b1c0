import { Cluster } from '@aws-sdk/client-eks';
import { InputError } from '@backstage/errors';
import { KubernetesClientFactory } from '../../kubernetes/KubernetesClientFactory';
import { findCluster } from '../clusterLookup';
import {
  provisioningHelmKubeconfig,
  provisioningKubernetesClients,
} from '../kubernetesAccess';
import { withKubernetesRetry } from '../kubernetesRetry';
import { ownershipRefusal } from '../ownership';
import { preflightInstallKarpenter } from '../preflight';
import { ProvisioningRun } from '../ProvisioningRun';
import {
  ExistingKarpenter,
  inspectExistingKarpenter,
} from './existingKarpenter';
import { HelmRelease, HelmRunner } from './helm';
import { KARPENTER_CONTROLLER_NODE_LABEL } from './helmChart';
import { KarpenterRequest } from './request';

/** What the preflight step found, for the steps after it. */
export interface KarpenterPreflight {
  /** The cluster; undefined only in a dry run for a cluster not made yet. */
  cluster?: Cluster;
  existing: ExistingKarpenter;
  /** The `karpenter` Helm release and its user values, when installed. */
  release?: HelmRelease;
  releaseValues?: Record<string, unknown>;
  /** The `karpenter-crd` Helm release (the CRD step's), when installed. */
  crdRelease?: HelmRelease;
  /**
   * Whether nodes labelled `karpenter.sh/controller=true` (the system node
   * group's) exist: the controller is pinned to them only then, since
   * pinned to no node it would never start.
   */
  pinToControllerNodes?: boolean;
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
 * The cluster a request is for: it must exist (outside a dry run) and be
 * ACTIVE; an Auto Mode cluster is refused unless `besideAutoMode`.
 */
export async function karpenterCluster(
  run: ProvisioningRun,
  request: KarpenterRequest,
): Promise<Cluster | undefined> {
  const { clusterName } = request;
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
    if (!request.opts.besideAutoMode) {
      throw new InputError(autoModeRefusal(clusterName, found));
    }
    run.note(
      `Cluster ${clusterName} runs EKS Auto Mode, which already includes a managed Karpenter; a self-managed one is installed beside it as asked (besideAutoMode: true)`,
    );
  }
  return found;
}

/** The `karpenter` Helm release in the namespace and its user values. */
async function readRelease(
  run: ProvisioningRun,
  deps: { kubernetes: KubernetesClientFactory; helm: HelmRunner },
  cluster: Cluster,
  namespace: string,
): Promise<
  Pick<KarpenterPreflight, 'release' | 'releaseValues' | 'crdRelease'>
> {
  const kubeconfig = () =>
    provisioningHelmKubeconfig(run, deps.kubernetes, cluster);
  const releases = await withKubernetesRetry(run, 'helm list', async () =>
    deps.helm.listReleases({ namespace, kubeconfig: await kubeconfig() }),
  );
  const release = releases.find(r => r.name === 'karpenter');
  const releaseValues = release
    ? await withKubernetesRetry(run, 'helm status karpenter', async () =>
        deps.helm.getUserValues({
          release: 'karpenter',
          namespace,
          kubeconfig: await kubeconfig(),
        }),
      )
    : undefined;
  const crdRelease = releases.find(r => r.name === 'karpenter-crd');
  return { release, releaseValues, crdRelease };
}

/** The pieces of another's Karpenter that would serve as they are. */
function servingPieces(existing: ExistingKarpenter): string[] {
  return [
    ...(existing.controllerRoleArn
      ? [
          `the controller's Pod Identity association and its role ${existing.controllerRoleArn} can serve and would be used as they are`,
        ]
      : []),
    ...(existing.keepController
      ? [`${existing.keepController} runs the wanted version and would be kept`]
      : []),
  ];
}

/**
 * The preflight step: region, node role, the cluster, and the Karpenter
 * pieces that exist, judged before the first write: pieces of a Karpenter
 * someone else installed are used as they are when they can serve, and the
 * run refuses with every one that cannot (unless it adopts).
 */
export async function checkKarpenterRequest(
  run: ProvisioningRun,
  request: KarpenterRequest,
  deps: { kubernetes: KubernetesClientFactory; helm: HelmRunner },
): Promise<KarpenterPreflight> {
  await preflightInstallKarpenter(run, request.opts);
  const cluster = await karpenterCluster(run, request);
  if (!cluster) return { cluster, existing: { findings: [] } };
  const { clusterName, namespace } = request;
  const { release, releaseValues, crdRelease } = await readRelease(
    run,
    deps,
    cluster,
    namespace,
  );
  const k8s = await provisioningKubernetesClients(
    run,
    deps.kubernetes,
    cluster,
  );
  const existing = await inspectExistingKarpenter(run, {
    clusterName,
    namespace,
    serviceAccount: request.serviceAccount,
    chartVersion: request.chartVersion,
    enableZonalShift: request.enableZonalShift,
    queueName: request.queueName,
    queueArn: request.queueArn,
    nodeRoleArn: request.opts.nodeRoleArn,
    release,
    releaseValues,
    objects: k8s.objects,
  });
  if (existing.findings.length > 0 && !run.adopt) {
    throw ownershipRefusal(
      clusterName,
      existing.findings,
      servingPieces(existing),
    );
  }
  const controllerNodes = await withKubernetesRetry(
    run,
    'list the karpenter.sh/controller nodes',
    () =>
      k8s.core.listNode({
        labelSelector: `${KARPENTER_CONTROLLER_NODE_LABEL}=true`,
        limit: 1,
      }),
  );
  const pinToControllerNodes = controllerNodes.items.length > 0;
  if (!pinToControllerNodes) {
    run.note(
      `No node of cluster ${clusterName} carries ${KARPENTER_CONTROLLER_NODE_LABEL}=true, so the Karpenter controller is not pinned to the system node group and may run on any Linux node outside Karpenter's NodePools. Label the system node group (aws eks update-nodegroup-config --labels 'addOrUpdateLabels={${KARPENTER_CONTROLLER_NODE_LABEL}=true}'; clusters made by aws:eks:cluster:create have it) and run again to pin it.`,
    );
  }
  return {
    cluster,
    existing,
    release,
    releaseValues,
    crdRelease,
    pinToControllerNodes,
  };
}
