import { type Sandbox } from '@backstage-eks/sandbox';
import { useSandboxSuite } from '../../__testUtils__/sandboxSuite';
import { KubernetesClientFactory } from '../../kubernetes/KubernetesClientFactory';
import { ProvisioningRun } from '../ProvisioningRun';
import { HelmRunner, HelmUpgradeInstallRequest } from './helm';
import { installKarpenter } from './installKarpenter';

describe('installKarpenter', () => {
  let sandbox: Sandbox;
  let run: ProvisioningRun;
  let lines: string[];
  let installs: HelmUpgradeInstallRequest[];
  const helm = {
    listReleases: async () => [],
    getUserValues: async () => ({}),
    upgradeInstall: async (request: HelmUpgradeInstallRequest) => {
      installs.push(request);
    },
  } as unknown as HelmRunner;
  const deps = { kubernetes: new KubernetesClientFactory(), helm };

  useSandboxSuite(s => ({ sandbox, run, lines } = s));
  beforeEach(() => {
    installs = [];
  });

  const stepsStarted = () =>
    lines
      .map(l => /^info: Step (\d+\/\d+) started: (.*)$/.exec(l))
      .filter(Boolean)
      .map(m => `${m![1]} ${m![2]}`);

  it('runs its nine named steps in order on demo, adopting what another installed and keeping its controller', async () => {
    const adopting = new ProvisioningRun({
      aws: run.aws,
      adopt: true,
      logger: {
        info: m => lines.push(`info: ${m}`),
        warn: m => lines.push(`warn: ${m}`),
      },
      wait: run.wait,
    });
    const result = await installKarpenter(
      adopting,
      { clusterName: 'demo' },
      deps,
    );
    expect(stepsStarted()).toEqual([
      '1/9 preflight: region, node role, the cluster and the Karpenter pieces that exist',
      '2/9 the Pod Identity agent add-on (Karpenter hangs without it)',
      '3/9 node IAM role and its access entry',
      '4/9 interruption queue and EventBridge rules',
      '5/9 controller IAM role (Pod Identity trust, cluster-scoped policy)',
      '6/9 Pod Identity association of the controller',
      '7/9 karpenter.sh/discovery tags on subnets and the cluster security group',
      '8/9 Helm chart karpenter 1.8.1',
      '9/9 default EC2NodeClass and NodePool (server-side apply)',
    ]);
    expect(result).toMatchObject({
      // the existing EC2NodeClass's role, and demo's queue
      nodeRoleName: 'KarpenterNodeRole-demo',
      queueName: 'Karpenter-demo',
      queueUrl: expect.stringContaining('Karpenter-demo'),
      chartVersion: '1.8.1',
      namespace: 'kube-system',
      // demo's controller runs 1.8.1 and is no Helm release: kept
      helmInstalled: false,
      controllerRoleArn: `arn:aws:iam::${sandbox.accountId}:role/demo-karpenter-controller`,
    });
    expect(result.ruleNames).toHaveLength(5);
    expect(installs).toEqual([]);
  });

  it('plans every step in a dry run for a cluster not made yet, writing nothing', async () => {
    const dryRun = new ProvisioningRun({ aws: run.aws, dryRun: true });
    sandbox.clearWrites();
    const result = await installKarpenter(
      dryRun,
      { clusterName: 'new-one' },
      deps,
    );
    expect(sandbox.writes).toEqual([]);
    expect(result.helmInstalled).toBe(false);
    expect(dryRun.plan.map(c => `${c.action} ${c.resource}`)).toEqual(
      expect.arrayContaining([
        'create IAM role new-one-karpenter-node',
        'create SQS queue Karpenter-new-one',
        'create IAM role new-one-karpenter-controller',
        'tag cluster subnets and security group',
        'install Helm release karpenter 1.8.1',
        'apply EC2NodeClass default, NodePool default',
      ]),
    );
  });
});
