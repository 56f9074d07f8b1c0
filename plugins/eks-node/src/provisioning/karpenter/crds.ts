import { Cluster } from '@aws-sdk/client-eks';
import { karpenterReleaseLine } from '@backstage-eks/plugin-eks-common';
import { KubernetesClientFactory } from '../../kubernetes/KubernetesClientFactory';
import {
  provisioningHelmKubeconfig,
  provisioningKubernetesClients,
} from '../kubernetesAccess';
import { withKubernetesRetry } from '../kubernetesRetry';
import { ProvisioningRun } from '../ProvisioningRun';
import { HelmRelease, HelmRunner } from './helm';
import { HELM_WAIT_LIMIT_SECONDS } from './helmChart';
import { adoptIntoRelease, karpenterCrdObjects } from './helmOwnership';
import { KarpenterRequest } from './request';

/** Karpenter's CRD chart. @public */
export const KARPENTER_CRD_CHART =
  'oci://public.ecr.aws/karpenter/karpenter-crd';

/** The Helm release of the CRD chart. */
export const KARPENTER_CRD_RELEASE = 'karpenter-crd';

/**
 * The CRD step, after the chart: Helm installs the karpenter chart's crds/
 * folder only on the first install and never upgrades it, so the CRDs of
 * the chart version (e.g. 1.14's CapacityBuffer) come from the karpenter-crd
 * chart, as Karpenter's upgrade guide recommends. CRDs the karpenter chart
 * installed carry no Helm ownership: they are marked as the karpenter-crd
 * release's first (Karpenter's troubleshooting guide), then `helm upgrade
 * --install karpenter-crd`. Nothing is done when the release already runs
 * the version. Returns whether it installed.
 */
export async function installKarpenterCrds(
  run: ProvisioningRun,
  request: KarpenterRequest,
  cluster: Cluster | undefined,
  crdRelease: HelmRelease | undefined,
  deps: { kubernetes: KubernetesClientFactory; helm: HelmRunner },
): Promise<boolean> {
  const { clusterName, namespace, chartVersion } = request;
  const change = {
    action: 'install' as const,
    resource: `Helm release ${KARPENTER_CRD_RELEASE} ${chartVersion}`,
    detail: `${namespace}: the CRDs of Karpenter ${chartVersion}`,
  };
  if (!cluster) {
    run.plan.push(change);
    return false;
  }
  const wantedChart = `${KARPENTER_CRD_RELEASE}-${chartVersion}`;
  if (crdRelease?.status === 'deployed' && crdRelease.chart === wantedChart) {
    return false;
  }
  if (crdRelease) {
    run.reportRequestedChange(
      `Helm release ${KARPENTER_CRD_RELEASE} is ${crdRelease.chart} (${crdRelease.status}); upgrading to ${wantedChart}`,
    );
  }
  const k8s = await provisioningKubernetesClients(
    run,
    deps.kubernetes,
    cluster,
  );
  await adoptIntoRelease(
    run,
    k8s.objects,
    { name: KARPENTER_CRD_RELEASE, namespace, clusterName },
    karpenterCrdObjects(karpenterReleaseLine(chartVersion)?.crds ?? []),
  );
  await run.change(
    change,
    ['helm', clusterName, namespace, KARPENTER_CRD_RELEASE, chartVersion],
    async () => {
      await withKubernetesRetry(
        run,
        `helm upgrade --install ${KARPENTER_CRD_RELEASE}`,
        async () =>
          deps.helm.upgradeInstall({
            release: KARPENTER_CRD_RELEASE,
            chart: KARPENTER_CRD_CHART,
            version: chartVersion,
            namespace,
            values: {},
            kubeconfig: await provisioningHelmKubeconfig(
              run,
              deps.kubernetes,
              cluster,
            ),
            timeoutSeconds: Math.min(
              run.wait.timeoutSeconds,
              HELM_WAIT_LIMIT_SECONDS,
            ),
          }),
      );
    },
  );
  return true;
}
