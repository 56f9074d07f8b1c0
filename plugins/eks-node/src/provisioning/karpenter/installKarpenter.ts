import { KubernetesClientFactory } from '../../kubernetes/KubernetesClientFactory';
import { roleArnFor } from '../iam';
import {
  ensurePodIdentityAgent,
  ensurePodIdentityAssociation,
} from '../podIdentity';
import { ProvisioningRun } from '../ProvisioningRun';
import {
  checkKarpenterRequest,
  KarpenterPreflight,
} from './checkKarpenterRequest';
import { tagClusterForDiscovery } from './discoveryTags';
import { HelmRunner } from './helm';
import { CurrentRelease, installKarpenterChart } from './helmChart';
import { ensureInterruptionQueue } from './interruptionQueue';
import { applyDefaultNodePool } from './nodePool';
import { ensureClusterZonalShift } from './zonalShift';
import { installKarpenterCrds } from './crds';
import {
  InstallKarpenterOptions,
  InstallKarpenterResult,
  KarpenterRequest,
  resolveKarpenterRequest,
  validateInstallKarpenterOptions,
} from './request';
import { ensureControllerRole, ensureKarpenterNodeRole } from './roles';

// the request's input rules, where callers found them before the flow had steps
export { validateInstallKarpenterOptions } from './request';

/**
 * The release the chart step installs over: an adopting run upgrades
 * another's release, but keeps a controller that is no Helm release (Helm
 * will not install over it).
 */
function currentRelease(
  run: ProvisioningRun,
  found: KarpenterPreflight,
): CurrentRelease {
  const { existing } = found;
  return {
    release: found.release,
    releaseValues: found.releaseValues,
    pinToControllerNodes: found.pinToControllerNodes,
    // another's Karpenter that is no karpenter release, taken over
    adoptObjects: run.adopt && !found.release,
    keepController:
      run.adopt && existing.controllerIsHelmRelease
        ? undefined
        : existing.keepController,
  };
}

/** What the request asks of the default NodePool. */
function nodePoolOptions(request: KarpenterRequest) {
  const { opts } = request;
  return {
    clusterName: request.clusterName,
    capacityTypes: opts.capacityTypes,
    architectures: opts.architectures,
    cpuLimit: opts.cpuLimit,
    create: opts.createDefaultNodePool ?? true,
  };
}

/**
 * Steps 7 to 11, on the cluster: the discovery tags, the zonal shift
 * config, the chart, its CRDs and the default NodePool.
 */
async function clusterSteps(
  run: ProvisioningRun,
  request: KarpenterRequest,
  found: KarpenterPreflight,
  nodeRoleName: string,
  deps: { kubernetes: KubernetesClientFactory; helm: HelmRunner },
): Promise<{ helmInstalled: boolean; crdsInstalled: boolean }> {
  const { clusterName, chartVersion } = request;
  const { cluster } = found;
  const sharedSubnetIds = await run.step(
    'karpenter.sh/discovery tags on the private subnets and the node security group',
    () => tagClusterForDiscovery(run, clusterName, cluster),
  );
  await run.step(
    request.enableZonalShift
      ? "the cluster's zonal shift config (enableZonalShift)"
      : "the cluster's zonal shift config (not asked: left as it is)",
    () =>
      ensureClusterZonalShift(
        run,
        clusterName,
        cluster,
        request.enableZonalShift,
      ),
  );
  const helmInstalled = await run.step(
    `Helm chart karpenter ${chartVersion}`,
    () =>
      installKarpenterChart(
        run,
        request,
        cluster,
        currentRelease(run, found),
        deps,
      ),
  );
  const crdsInstalled = await run.step(
    `Karpenter CRDs (Helm chart karpenter-crd ${chartVersion})`,
    () => installKarpenterCrds(run, request, cluster, found.crdRelease, deps),
  );
  await run.step('default EC2NodeClass and NodePool (server-side apply)', () =>
    applyDefaultNodePool(run, deps.kubernetes, cluster, {
      ...nodePoolOptions(request),
      nodeRoleName,
      sharedSubnetIds,
    }),
  );
  return { helmInstalled, crdsInstalled };
}

/**
 * Sets Karpenter up on a cluster as terraform-aws-eks v21's karpenter module
 * and the Karpenter docs do, in a safe order of named steps:
 *
 * 1. preflight: region, node role, the cluster and the Karpenter pieces
 *    that exist (another's are used as they are, or refused);
 * 2. the Pod Identity agent add-on (without it Karpenter gets no
 *    credentials and crash-loops);
 * 3. the node role and its EC2_LINUX access entry;
 * 4. the interruption queue and its five rules;
 * 5. the controller role with a cluster-scoped policy;
 * 6. the controller's Pod Identity association;
 * 7. the discovery tags on the private subnets and the node security group;
 * 8. the cluster's zonal shift config, with `enableZonalShift`;
 * 9. the Helm chart, pinned to the system node group, and the wait for the
 *    controller;
 * 10. the CRDs of the chart version (karpenter-crd chart);
 * 11. the default EC2NodeClass and NodePool.
 *
 * Upgrading is the same run with a newer `chartVersion`: the controller
 * policy the new version needs is written (step 5), then the chart is
 * upgraded (step 9), then its CRDs (step 10).
 *
 * @public
 */
export async function installKarpenter(
  run: ProvisioningRun,
  opts: InstallKarpenterOptions,
  deps: { kubernetes: KubernetesClientFactory; helm: HelmRunner },
): Promise<InstallKarpenterResult> {
  validateInstallKarpenterOptions(opts, run.aws.target);
  const request = resolveKarpenterRequest(run, opts);
  const { clusterName, namespace, serviceAccount, chartVersion, tags } =
    request;
  run.beginSteps(11);
  const found = await run.step(
    'preflight: region, node role, the cluster and the Karpenter pieces that exist',
    () => checkKarpenterRequest(run, request, deps),
  );
  const { cluster, existing } = found;
  await run.step(
    'the Pod Identity agent add-on (Karpenter hangs without it)',
    () => ensurePodIdentityAgent(run, cluster, clusterName, true),
  );
  const nodeRole = await run.step('node IAM role and its access entry', () =>
    ensureKarpenterNodeRole(run, request, existing, !cluster),
  );
  const queue = await run.step('interruption queue and EventBridge rules', () =>
    ensureInterruptionQueue(run, {
      queueName: request.queueName,
      tags,
      clusterName,
    }),
  );
  const controllerRoleArn = await run.step(
    'controller IAM role (Pod Identity trust, cluster-scoped policy)',
    () =>
      ensureControllerRole(run, request, existing, {
        queueArn: queue.queueArn,
        nodeRoleArn: nodeRole.nodeRoleArn,
      }),
  );
  await run.step('Pod Identity association of the controller', () =>
    ensurePodIdentityAssociation(run, {
      clusterName,
      namespace,
      serviceAccount,
      roleArn: controllerRoleArn || roleArnFor(run, request.controllerRoleName),
      tags,
      clusterMissing: !cluster,
    }),
  );
  const { helmInstalled, crdsInstalled } = await clusterSteps(
    run,
    request,
    found,
    nodeRole.nodeRoleName,
    deps,
  );
  return {
    controllerRoleArn,
    ...nodeRole,
    ...queue,
    chartVersion,
    namespace,
    helmInstalled,
    crdsInstalled,
  };
}
