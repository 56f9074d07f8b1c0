import { InputError } from '@backstage/errors';
import {
  clusterKubernetesClients,
  useSandboxRun,
} from '../../__testUtils__/sandboxRun';
import { KubernetesClients } from '../../kubernetes/KubernetesClientFactory';
import { KubernetesClientFactory } from '../../kubernetes/KubernetesClientFactory';
import { ProvisioningRun } from '../ProvisioningRun';
import { clusterNodes } from './clusterNodes';
import { upgradeCluster } from './upgradeCluster';

jest.setTimeout(120_000);

const ctx = useSandboxRun({ latencyFactor: 0.001 });
const deps = { kubernetes: new KubernetesClientFactory() };
const opts = { clusterName: 'demo', targetVersion: '1.34' };

/** A workload the node group cannot hold: Karpenter launches nodes for it. */
async function launchKarpenterNodes(k8s: KubernetesClients) {
  await k8s.apps.createNamespacedDeployment({
    namespace: 'default',
    body: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'inflate', namespace: 'default' },
      spec: {
        replicas: 4,
        selector: { matchLabels: { app: 'inflate' } },
        template: {
          metadata: { labels: { app: 'inflate' } },
          spec: {
            containers: [
              {
                name: 'pause',
                image: 'public.ecr.aws/eks-distro/kubernetes/pause:3.10',
                resources: { requests: { cpu: '1500m', memory: '1Gi' } },
              },
            ],
          },
        },
      },
    },
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const nodes = (await clusterNodes(ctx.run, k8s)).filter(
      n => n.owner === 'karpenter',
    );
    if (nodes.length > 0) return nodes;
    if (Date.now() > deadline) throw new Error('Karpenter launched no node');
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

describe('upgradeCluster with Karpenter', () => {
  it("waits for Karpenter's drift to replace its nodes with ones on the target's kubelet", async () => {
    const k8s = await clusterKubernetesClients(ctx.run);
    const launched = await launchKarpenterNodes(k8s);
    expect(launched.every(n => n.kubeletMinor === '1.33')).toBe(true);

    const result = await upgradeCluster(ctx.run, opts, deps);

    expect(result.plan).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^Karpenter: ${launched.length} nodes? replaced through drift`,
        ),
      ),
    );
    expect(result.karpenterNodes).toEqual({
      replaced: launched.length,
      remaining: 0,
    });
    const after = (await clusterNodes(ctx.run, k8s)).filter(
      n => n.owner === 'karpenter',
    );
    expect(after.length).toBeGreaterThan(0);
    expect(after.every(n => n.kubeletMinor === '1.34')).toBe(true);
    expect(after.some(n => launched.map(l => l.name).includes(n.name))).toBe(
      false,
    );
    expect(result.lagging.filter(l => /karpenter/.test(l))).toEqual([]);
  });

  it('reports the Karpenter nodes that still lag when drift does not replace them within the wait, instead of failing', async () => {
    const k8s = await clusterKubernetesClients(ctx.run);
    const launched = await launchKarpenterNodes(k8s);
    // no Karpenter controller runs: nothing replaces the drifted nodes
    const controller = (
      await k8s.apps.listDeploymentForAllNamespaces()
    ).items.find(
      d => d.metadata?.labels?.['app.kubernetes.io/name'] === 'karpenter',
    )!;
    await k8s.apps.patchNamespacedDeployment({
      name: controller.metadata!.name!,
      namespace: controller.metadata!.namespace!,
      body: [{ op: 'replace', path: '/spec/replicas', value: 0 }],
    } as never);
    const run = new ProvisioningRun({
      aws: ctx.run.aws,
      logger: ctx.run.logger,
      wait: { ...ctx.run.wait, timeoutSeconds: 3 },
    });

    const result = await upgradeCluster(run, opts, deps);

    expect(result.toVersion).toBe('1.34');
    expect(result.karpenterNodes).toEqual({
      replaced: 0,
      remaining: launched.length,
    });
    for (const node of launched) {
      expect(result.lagging).toContain(
        `node ${node.name} (karpenter ${node.group}) runs kubelet 1.33`,
      );
    }
    expect(ctx.messages).toContainEqual(
      expect.stringMatching(/^Karpenter's drift to replace .*: gave up after/),
    );

    // not waiting: counted at once
    const again = await upgradeCluster(
      ctx.run,
      { ...opts, waitForKarpenterDrift: false },
      deps,
    );
    expect(again.alreadyAtTarget).toBe(true);
    expect(again.karpenterNodes?.remaining).toBe(launched.length);
  });

  it('stops before any change when the installed Karpenter does not support the target, naming the release to upgrade to', async () => {
    const k8s = await clusterKubernetesClients(ctx.run);
    const deployments = await k8s.apps.listDeploymentForAllNamespaces();
    const controller = (deployments.items ?? []).find(
      d => d.metadata?.labels?.['app.kubernetes.io/name'] === 'karpenter',
    );
    expect(controller).toBeDefined();
    // a Karpenter older than 1.34 supports (1.6.0)
    const containers = controller!.spec!.template.spec!.containers;
    const index = containers.findIndex(c => /karpenter/.test(c.image ?? ''));
    await k8s.apps.patchNamespacedDeployment({
      name: controller!.metadata!.name!,
      namespace: controller!.metadata!.namespace!,
      body: [
        {
          op: 'replace',
          path: `/spec/template/spec/containers/${index}/image`,
          value: 'public.ecr.aws/karpenter/controller:1.5.2',
        },
      ],
    } as never);
    const arranged = ctx.writes().length;
    const error = await upgradeCluster(ctx.run, opts, deps).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(
      /Karpenter 1\.5\.2 is too old for Kubernetes 1\.34 \(ERROR\): Karpenter supports Kubernetes 1\.34 from 1\.6\.0; .* Fix: Upgrade Karpenter to \d+\.\d+\.\d+ \(or at least 1\.6\.0\) first by running the Set up Karpenter template/,
    );
    expect(ctx.writes().slice(arranged)).toEqual(['eks:StartInsightsRefresh']);

    // force overrides it: the upgrade goes on, noting what it overrode
    const forced = await upgradeCluster(
      ctx.run,
      { ...opts, force: true },
      deps,
    );
    expect(forced.toVersion).toBe('1.34');
    expect(forced.findings.map(f => f.id)).toContain(
      'preflight:karpenter:controller',
    );
    expect(ctx.messages).toContainEqual(
      expect.stringMatching(/^Overridden by force: Karpenter 1\.5\.2/),
    );
    const upgradeCall = ctx.sandbox.writes.find(
      w => w.operation === 'UpdateClusterVersion',
    );
    expect(upgradeCall?.params).toMatchObject({ version: '1.34', force: true });
  });
});
