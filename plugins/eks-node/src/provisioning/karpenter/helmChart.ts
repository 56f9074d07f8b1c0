import { Cluster } from '@aws-sdk/client-eks';
import {
  EKS_TOKEN_VALIDITY_SECONDS,
  KubernetesClientFactory,
} from '../../kubernetes/KubernetesClientFactory';
import {
  provisioningHelmKubeconfig,
  provisioningKubernetesClients,
} from '../kubernetesAccess';
import { withKubernetesRetry } from '../kubernetesRetry';
import { ProvisioningRun } from '../ProvisioningRun';
import { sameJson } from '../sameJson';
import { ENTITY_REF_TAG, ownershipIdentity } from '../tags';
import { pollUntil } from '../waiters';
import { HelmRelease, HelmRunner } from './helm';
import { adoptIntoRelease, karpenterChartObjects } from './helmOwnership';
import { KarpenterRequest } from './request';

/** The Karpenter chart. @public */
export const KARPENTER_CHART = 'oci://public.ecr.aws/karpenter/karpenter';

/**
 * The longest `helm --wait` (seconds): the helm run's token must outlive it
 * (EKS refuses a token 15 minutes after signing), with a minute for helm's
 * own calls before the wait.
 */
export const HELM_WAIT_LIMIT_SECONDS = EKS_TOKEN_VALIDITY_SECONDS - 60;

type Values = Record<string, unknown>;

/**
 * The label of the system node group's nodes that Karpenter's controller is
 * pinned to (the cluster create action puts it on its system node group):
 * the controller must not run on nodes it manages itself.
 *
 * @public
 */
export const KARPENTER_CONTROLLER_NODE_LABEL = 'karpenter.sh/controller';

/**
 * The chart's values: the request's extra values, with the cluster's name,
 * endpoint and interruption queue (its NAME: Karpenter looks it up with
 * GetQueueUrl), zonal shift when asked, the service account, the pinning to
 * the system node group's `karpenter.sh/controller=true` nodes when the
 * cluster has them, and this request's identity on the controller's pods
 * (a later run knows the release as its own) merged in.
 */
export function karpenterHelmValues(
  request: KarpenterRequest,
  clusterEndpoint: string,
  placement: { pinToControllerNodes: boolean },
): Values {
  const extra = request.opts.helmValues;
  const part = (key: string) => (extra?.[key] as Values | undefined) ?? {};
  return {
    ...extra,
    settings: {
      clusterName: request.clusterName,
      clusterEndpoint,
      interruptionQueue: request.queueName,
      ...(request.enableZonalShift ? { enableZonalShift: true } : {}),
      ...part('settings'),
    },
    ...(placement.pinToControllerNodes
      ? {
          // merged by Helm over the chart's kubernetes.io/os: linux
          nodeSelector: {
            [KARPENTER_CONTROLLER_NODE_LABEL]: 'true',
            ...part('nodeSelector'),
          },
        }
      : {}),
    serviceAccount: { name: request.serviceAccount, ...part('serviceAccount') },
    podAnnotations: {
      ...part('podAnnotations'),
      [ENTITY_REF_TAG]: ownershipIdentity(request.clusterName),
    },
  };
}

/** What the chart step knows of the release that exists. */
export interface CurrentRelease {
  release?: HelmRelease;
  /** Whether nodes labelled karpenter.sh/controller=true exist to pin the controller to. */
  pinToControllerNodes?: boolean;
  releaseValues?: Values;
  /** A controller another installed at the wanted version, kept as it is. */
  keepController?: string;
  /**
   * An adopting run takes over a Karpenter that is no `karpenter` release:
   * its objects are marked as the release's first (Helm refuses otherwise).
   */
  adoptObjects?: boolean;
}

/**
 * Whether the release needs no install: a kept controller, or a deployed
 * release of the wanted chart with the same values. Says why it installs
 * over one that exists (asked-for upgrade, or drift).
 */
function releaseUpToDate(
  run: ProvisioningRun,
  current: CurrentRelease,
  chartVersion: string,
  values: Values,
): boolean {
  const { release, keepController } = current;
  const wantedChart = `karpenter-${chartVersion}`;
  const upToDate =
    Boolean(keepController) ||
    (release?.status === 'deployed' &&
      release.chart === wantedChart &&
      sameJson(current.releaseValues, values));
  if (keepController) {
    run.logger.info(
      `${keepController} was not installed by this request and runs Karpenter ${chartVersion}: kept as it is`,
    );
  }
  if (release && !upToDate) {
    if (release.chart !== wantedChart) {
      run.reportRequestedChange(
        `Helm release karpenter is ${release.chart}; upgrading to ${wantedChart}`,
      );
    } else {
      run.reportDrift(
        `Helm release karpenter ${release.chart} is ${release.status} or has other values than this action sets; upgrading it`,
      );
    }
  }
  return upToDate;
}

/**
 * Waits until the controller Deployment has an available replica; a
 * timeout explains the usual cause (no Pod Identity credentials).
 */
export async function waitForKarpenterController(
  run: ProvisioningRun,
  kubernetes: KubernetesClientFactory,
  cluster: Cluster,
  request: Pick<KarpenterRequest, 'namespace' | 'serviceAccount'>,
): Promise<void> {
  const { namespace, serviceAccount } = request;
  const k8s = await provisioningKubernetesClients(run, kubernetes, cluster);
  await pollUntil(
    run,
    'the Karpenter controller Deployment to become available',
    async () => {
      const deployment = await withKubernetesRetry(
        run,
        'read the Karpenter Deployment',
        () =>
          k8s.apps.readNamespacedDeployment({ name: 'karpenter', namespace }),
      );
      return (deployment.status?.availableReplicas ?? 0) > 0;
    },
  ).catch(error => {
    throw new Error(
      `${
        (error as Error).message
      }. Karpenter pods that crash-loop after "ec2 api connectivity check failed" lack credentials: check that the eks-pod-identity-agent add-on is ACTIVE and the Pod Identity association ${namespace}/${serviceAccount} exists`,
    );
  });
}

/**
 * The chart step: `helm upgrade --install karpenter` unless the release is
 * up to date or another's controller is kept, then the wait for the
 * controller. Each helm run gets a token signed just before it (helm cannot
 * refresh one, and EKS refuses it 15 minutes after signing); a helm command
 * that failed on a transient API answer runs again. Returns whether it
 * installed.
 */
export async function installKarpenterChart(
  run: ProvisioningRun,
  request: KarpenterRequest,
  cluster: Cluster | undefined,
  current: CurrentRelease,
  deps: { kubernetes: KubernetesClientFactory; helm: HelmRunner },
): Promise<boolean> {
  const { clusterName, namespace, chartVersion } = request;
  const change = {
    action: 'install' as const,
    resource: `Helm release karpenter ${chartVersion}`,
    detail: namespace,
  };
  if (!cluster) {
    run.plan.push(change);
    return false;
  }
  const values = karpenterHelmValues(request, cluster.endpoint ?? '', {
    pinToControllerNodes: current.pinToControllerNodes ?? false,
  });
  if (releaseUpToDate(run, current, chartVersion, values)) return false;
  if (current.adoptObjects) {
    const k8s = await provisioningKubernetesClients(
      run,
      deps.kubernetes,
      cluster,
    );
    await adoptIntoRelease(
      run,
      k8s.objects,
      { name: 'karpenter', namespace, clusterName },
      karpenterChartObjects(namespace, request.serviceAccount),
    );
  }
  await run.change(
    change,
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
            kubeconfig: await provisioningHelmKubeconfig(
              run,
              deps.kubernetes,
              cluster,
            ),
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
    await waitForKarpenterController(run, deps.kubernetes, cluster, request);
  }
  return true;
}
