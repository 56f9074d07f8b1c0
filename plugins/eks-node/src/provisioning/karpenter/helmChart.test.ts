import { useSandboxSuite } from '../../__testUtils__/sandboxSuite';
import { KubernetesClientFactory } from '../../kubernetes/KubernetesClientFactory';
import { requireCluster } from '../clusterLookup';
import { ProvisioningRun } from '../ProvisioningRun';
import { HelmRunner, HelmUpgradeInstallRequest } from './helm';
import {
  installKarpenterChart,
  KARPENTER_CHART,
  karpenterHelmValues,
} from './helmChart';
import { resolveKarpenterRequest } from './request';

describe('karpenterHelmValues', () => {
  const run = new ProvisioningRun({
    aws: { target: { accountId: '1', region: 'eu-west-1' } } as any,
  });

  it("merges the request's values under the ones the action sets, and marks the pods as this request's", () => {
    const request = resolveKarpenterRequest(run, {
      clusterName: 'shop',
      helmValues: {
        replicas: 1,
        settings: { featureGates: { spotToSpotConsolidation: true } },
        podAnnotations: { team: 'a' },
      },
    });
    expect(
      karpenterHelmValues(request, 'https://shop.example', {
        pinToControllerNodes: false,
      }),
    ).toEqual({
      replicas: 1,
      settings: {
        clusterName: 'shop',
        clusterEndpoint: 'https://shop.example',
        interruptionQueue: 'Karpenter-shop',
        featureGates: { spotToSpotConsolidation: true },
      },
      serviceAccount: { name: 'karpenter' },
      podAnnotations: {
        team: 'a',
        'eks.backstage.io/entity-ref': expect.stringContaining('shop'),
      },
    });
  });
});

describe('karpenterHelmValues placement and zonal shift', () => {
  const run = new ProvisioningRun({
    aws: { target: { accountId: '1', region: 'eu-west-1' } } as any,
  });

  it('pins the controller to the karpenter.sh/controller=true nodes when the cluster has them, and sets zonal shift when asked', () => {
    const request = resolveKarpenterRequest(run, {
      clusterName: 'shop',
      enableZonalShift: true,
    });
    const values = karpenterHelmValues(request, 'https://shop.example', {
      pinToControllerNodes: true,
    });
    expect(values.nodeSelector).toEqual({ 'karpenter.sh/controller': 'true' });
    expect(values.settings).toMatchObject({
      interruptionQueue: 'Karpenter-shop',
      enableZonalShift: true,
    });
  });
});

describe('installKarpenterChart on demo', () => {
  let run: ProvisioningRun;
  let installs: HelmUpgradeInstallRequest[];
  const kubernetes = new KubernetesClientFactory();
  const helm = {
    listReleases: async () => [],
    getUserValues: async () => ({}),
    upgradeInstall: async (request: HelmUpgradeInstallRequest) => {
      installs.push(request);
    },
  } as unknown as HelmRunner;

  useSandboxSuite(s => ({ run } = s));
  beforeEach(async () => {
    installs = [];
  });

  it('installs the chart and waits for the controller to be available', async () => {
    const request = resolveKarpenterRequest(run, { clusterName: 'demo' });
    const cluster = await requireCluster(run, 'demo');
    expect(
      await installKarpenterChart(
        run,
        request,
        cluster,
        {},
        { kubernetes, helm },
      ),
    ).toBe(true);
    expect(installs).toEqual([
      expect.objectContaining({
        release: 'karpenter',
        chart: KARPENTER_CHART,
        version: '1.14.1',
        namespace: 'kube-system',
        values: karpenterHelmValues(request, cluster.endpoint ?? '', {
          pinToControllerNodes: false,
        }),
      }),
    ]);
    expect(installs[0].timeoutSeconds).toBeLessThan(15 * 60);
  });

  it('installs nothing over a release that is up to date, nor over a kept controller', async () => {
    const request = resolveKarpenterRequest(run, { clusterName: 'demo' });
    const cluster = await requireCluster(run, 'demo');
    const values = karpenterHelmValues(request, cluster.endpoint ?? '', {
      pinToControllerNodes: false,
    });
    const release = {
      name: 'karpenter',
      namespace: 'kube-system',
      chart: 'karpenter-1.14.1',
      status: 'deployed',
    } as any;
    const deps = { kubernetes, helm };
    expect(
      await installKarpenterChart(
        run,
        request,
        cluster,
        { release, releaseValues: values },
        deps,
      ),
    ).toBe(false);
    expect(
      await installKarpenterChart(
        run,
        request,
        cluster,
        { keepController: 'Deployment kube-system/karpenter' },
        deps,
      ),
    ).toBe(false);
    expect(installs).toEqual([]);
    // another version: upgraded, as asked
    expect(
      await installKarpenterChart(
        run,
        request,
        cluster,
        {
          release: { ...release, chart: 'karpenter-1.7.0' },
          releaseValues: values,
        },
        deps,
      ),
    ).toBe(true);
    expect(installs).toHaveLength(1);
  });

  it('plans the install for a cluster a dry run has not made yet', async () => {
    const request = resolveKarpenterRequest(run, { clusterName: 'new-one' });
    expect(
      await installKarpenterChart(
        run,
        request,
        undefined,
        {},
        { kubernetes, helm },
      ),
    ).toBe(false);
    expect(run.plan).toEqual([
      {
        action: 'install',
        resource: 'Helm release karpenter 1.14.1',
        detail: 'kube-system',
      },
    ]);
  });
});
