import { DescribeClusterCommand } from '@aws-sdk/client-eks';
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

  it('runs its eleven named steps in order on demo, adopting what another installed and upgrading its 1.8.1 controller to the default 1.14.1', async () => {
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
      '1/11 preflight: region, node role, the cluster and the Karpenter pieces that exist',
      '2/11 the Pod Identity agent add-on (Karpenter hangs without it)',
      '3/11 node IAM role and its access entry',
      '4/11 interruption queue and EventBridge rules',
      '5/11 controller IAM role (Pod Identity trust, cluster-scoped policy)',
      '6/11 Pod Identity association of the controller',
      '7/11 karpenter.sh/discovery tags on the private subnets and the node security group',
      "8/11 the cluster's zonal shift config (not asked: left as it is)",
      '9/11 Helm chart karpenter 1.14.1',
      '10/11 Karpenter CRDs (Helm chart karpenter-crd 1.14.1)',
      '11/11 default EC2NodeClass and NodePool (server-side apply)',
    ]);
    expect(result).toMatchObject({
      // the existing EC2NodeClass's role, and demo's queue
      nodeRoleName: 'KarpenterNodeRole-demo',
      queueName: 'Karpenter-demo',
      queueUrl: expect.stringContaining('Karpenter-demo'),
      chartVersion: '1.14.1',
      namespace: 'kube-system',
      // demo's controller runs 1.8.1: the adopting run upgrades it
      helmInstalled: true,
      controllerRoleArn: `arn:aws:iam::${sandbox.accountId}:role/demo-karpenter-controller`,
    });
    expect(result.ruleNames).toHaveLength(5);
    // the policy for 1.14.1 before the chart, which is pinned to demo's
    // system node group (karpenter.sh/controller=true), then the CRD chart
    expect(installs).toEqual([
      expect.objectContaining({
        version: '1.14.1',
        values: expect.objectContaining({
          nodeSelector: { 'karpenter.sh/controller': 'true' },
          settings: expect.objectContaining({
            interruptionQueue: 'Karpenter-demo',
          }),
        }),
      }),
      expect.objectContaining({
        release: 'karpenter-crd',
        chart: 'oci://public.ecr.aws/karpenter/karpenter-crd',
        version: '1.14.1',
      }),
    ]);
    const stepOf = (text: string) => lines.findIndex(l => l.includes(text));
    // policy, then chart, then CRDs
    expect(stepOf('Step 5/11 started')).toBeGreaterThan(-1);
    expect(stepOf('Step 5/11 started')).toBeLessThan(
      stepOf('Step 9/11 started'),
    );
    expect(stepOf('Step 9/11 started')).toBeLessThan(
      stepOf('Step 10/11 started'),
    );
  });

  it('enables the cluster zonal shift config and grants the policy for it with enableZonalShift', async () => {
    const adopting = new ProvisioningRun({
      aws: run.aws,
      adopt: true,
      logger: { info: m => lines.push(`info: ${m}`), warn: () => {} },
      wait: run.wait,
    });
    sandbox.clearWrites();
    await installKarpenter(
      adopting,
      { clusterName: 'demo', chartVersion: '1.13.1', enableZonalShift: true },
      deps,
    );
    const update = sandbox.writes.find(
      w => w.operation === 'UpdateClusterConfig',
    );
    expect(update?.params).toMatchObject({
      name: 'demo',
      zonalShiftConfig: { enabled: true },
    });
    const { cluster } = await run.aws.eks.send(
      new DescribeClusterCommand({ name: 'demo' }),
    );
    expect(cluster?.zonalShiftConfig?.enabled).toBe(true);
    const policy = sandbox.writes.find(
      w =>
        w.operation === 'PutRolePolicy' &&
        (w.params as any).RoleName === 'demo-karpenter-controller',
    );
    expect(String((policy?.params as any).PolicyDocument)).toContain(
      'arc-zonal-shift:GetManagedResource',
    );
    expect(installs[0]).toMatchObject({
      version: '1.13.1',
      values: {
        settings: expect.objectContaining({ enableZonalShift: true }),
      },
    });
    // the policy is written before the zonal shift and the chart
    const order = sandbox.writes.map(w => w.operation);
    expect(order.indexOf('PutRolePolicy')).toBeLessThan(
      order.indexOf('UpdateClusterConfig'),
    );
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
        'tag cluster private subnets and node security group',
        'install Helm release karpenter 1.14.1',
        'install Helm release karpenter-crd 1.14.1',
        'apply EC2NodeClass default, NodePool default',
      ]),
    );
  });
});
