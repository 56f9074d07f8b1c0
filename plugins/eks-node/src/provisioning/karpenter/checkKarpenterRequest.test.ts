import { type Sandbox } from '@backstage-eks/sandbox';
import { useSandboxSuite } from '../../__testUtils__/sandboxSuite';
import { KubernetesClientFactory } from '../../kubernetes/KubernetesClientFactory';
import { ProvisioningRun } from '../ProvisioningRun';
import {
  checkKarpenterRequest,
  karpenterCluster,
} from './checkKarpenterRequest';
import { HelmRunner } from './helm';
import { resolveKarpenterRequest } from './request';

describe('the Karpenter preflight step', () => {
  let sandbox: Sandbox;
  let run: ProvisioningRun;
  const helm: HelmRunner = {
    listReleases: async () => [],
    getUserValues: async () => ({}),
    upgradeInstall: async () => {
      throw new Error('preflight installs nothing');
    },
  } as unknown as HelmRunner;
  const deps = { kubernetes: new KubernetesClientFactory(), helm };

  useSandboxSuite(s => ({ sandbox, run } = s));

  it('refuses a cluster that does not exist, naming the field; a dry run plans for it', async () => {
    const request = resolveKarpenterRequest(run, { clusterName: 'nope' });
    await expect(karpenterCluster(run, request)).rejects.toThrow(
      /^clusterName: no EKS cluster "nope" in account/,
    );
    const dryRun = new ProvisioningRun({ aws: run.aws, dryRun: true });
    expect(await checkKarpenterRequest(dryRun, request, deps)).toEqual({
      cluster: undefined,
      existing: { findings: [] },
    });
  });

  it("refuses demo's Karpenter, which another installed, listing what cannot serve and what could", async () => {
    const request = resolveKarpenterRequest(run, { clusterName: 'demo' });
    await expect(checkKarpenterRequest(run, request, deps)).rejects.toThrow(
      /Pod Identity association kube-system\/karpenter[\s\S]*Deployment kube-system\/karpenter .*runs Karpenter 1\.8\.1, not 1\.14\.1/,
    );
    expect(sandbox.writes).toEqual([]);
  });

  it('finds the pieces when adopting', async () => {
    const adopting = new ProvisioningRun({ aws: run.aws, adopt: true });
    const found = await checkKarpenterRequest(
      adopting,
      resolveKarpenterRequest(adopting, { clusterName: 'demo' }),
      deps,
    );
    expect(found.cluster?.name).toBe('demo');
    expect(found.release).toBeUndefined();
    // demo's controller runs 1.8.1, not the wanted 1.14.1: not kept
    expect(found.existing.keepController).toBeUndefined();
    expect(found.existing.findings.length).toBeGreaterThan(0);
  });
});
