import { DescribeClusterCommand } from '@aws-sdk/client-eks';
import { type Sandbox } from '@backstage-eks/sandbox';
import { useSandboxSuite } from '../../__testUtils__/sandboxSuite';
import { KubernetesClientFactory } from '../../kubernetes/KubernetesClientFactory';
import { ProvisioningRun } from '../ProvisioningRun';
import { deleteCluster, validateDeleteClusterOptions } from './deleteCluster';

describe('validateDeleteClusterOptions', () => {
  it('names the field and the rule', () => {
    expect(() =>
      validateDeleteClusterOptions({ clusterName: 'demo cluster' }),
    ).toThrow(/^clusterName must start with a letter or digit/);
    expect(() =>
      validateDeleteClusterOptions({
        clusterName: 'demo',
        karpenterQueueName: 'q.fifo',
      }),
    ).toThrow(/^karpenterQueueName must be an SQS queue name/);
  });
});

const SWEEP =
  "what the cluster's controllers left: Karpenter's instances and launch templates, load balancers and target groups, network interfaces and security groups";

describe('deleteCluster', () => {
  let sandbox: Sandbox;
  let run: ProvisioningRun;
  let lines: string[];
  const deps = { kubernetes: new KubernetesClientFactory() };

  useSandboxSuite(s => ({ sandbox, run, lines } = s));

  const stepsStarted = () =>
    lines
      .map(l => /^info: Step (\d+\/\d+) started: (.*)$/.exec(l))
      .filter(Boolean)
      .map(m => `${m![1]} ${m![2]}`);

  it('runs its named steps in the safe order and reports', async () => {
    const result = await deleteCluster(
      run,
      { clusterName: 'demo', deleteKarpenterResources: true },
      deps,
    );
    expect(stepsStarted()).toEqual([
      '1/8 LoadBalancer Services, Ingresses and Gateways',
      '2/8 Karpenter NodePools and nodes',
      '3/8 EKS Capabilities, add-ons, node groups, Fargate profiles, Pod Identity associations',
      '4/8 the cluster',
      '5/8 Karpenter interruption queue, rules and IAM roles',
      '6/8 the IAM roles and launch templates made with the cluster',
      `7/8 ${SWEEP}`,
      '8/8 what is still tagged for the cluster',
    ]);
    expect(result.clusterDeleted).toBe(true);
    expect(result.deleted).toEqual(
      expect.arrayContaining([
        'NodePool default',
        'add-on coredns',
        'node group system',
        'EKS cluster demo',
        'SQS queue Karpenter-demo',
        'IAM role KarpenterNodeRole-demo',
      ]),
    );
    expect(result.kept).toEqual(
      expect.arrayContaining([
        {
          resource: 'IAM role demo-cluster',
          reason:
            'not tagged eks.backstage.io/cluster=demo: not made with this cluster',
        },
      ]),
    );
    expect(result.report).toMatch(/^Report for cluster demo:\n\nDeleted \d+:/);
    expect(lines).toContain('info: Report for cluster demo:');
    await expect(
      run.aws.eks.send(new DescribeClusterCommand({ name: 'demo' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('keeps what it was not asked to delete, and says why', async () => {
    const result = await deleteCluster(
      run,
      { clusterName: 'demo', deleteCreatedResources: false },
      deps,
    );
    expect(stepsStarted()).toHaveLength(6);
    expect(result.kept).toEqual([
      {
        resource: 'the IAM roles and launch templates made with the cluster',
        reason: 'not asked to delete them (deleteCreatedResources: false)',
      },
      {
        resource:
          "Karpenter's interruption queue, rules and IAM roles (if any)",
        reason: 'not asked to delete them (deleteKarpenterResources: false)',
      },
    ]);
    expect(
      sandbox.writes.filter(w => w.service === 'sqs' || w.service === 'iam'),
    ).toEqual([]);
  });

  it('has nothing to delete for a cluster that does not exist', async () => {
    sandbox.clearWrites();
    const result = await deleteCluster(run, { clusterName: 'gone' }, deps);
    expect(result.clusterDeleted).toBe(false);
    expect(result.deleted).toEqual([]);
    expect(stepsStarted()).toEqual([
      '1/3 the IAM roles and launch templates made with the cluster',
      `2/3 ${SWEEP}`,
      '3/3 what is still tagged for the cluster',
    ]);
    expect(lines).toContain(
      'info: Cluster gone does not exist: nothing to delete',
    );
    expect(sandbox.writes).toEqual([]);
  });

  it('writes nothing in a dry run and plans the deletion', async () => {
    const dryRun = new ProvisioningRun({ aws: run.aws, dryRun: true });
    sandbox.clearWrites();
    const result = await deleteCluster(
      dryRun,
      { clusterName: 'demo', deleteKarpenterResources: true },
      deps,
    );
    expect(sandbox.writes).toEqual([]);
    expect(result.clusterDeleted).toBe(false);
    expect(result.report).toMatch(/\(dry run: nothing was deleted\)/);
    expect(dryRun.plan.map(c => c.resource)).toEqual(
      expect.arrayContaining(['EKS cluster demo', 'node group system']),
    );
  });
  describe('a cluster with deletion protection', () => {
    const protect = () => {
      sandbox.state
        .region(sandbox.accountId, sandbox.region)
        .eks.clusters.get('demo')!.deletionProtection = true;
    };

    it('is not touched without the typed confirmation, and the error says what is needed', async () => {
      protect();
      sandbox.clearWrites();
      await expect(
        deleteCluster(run, { clusterName: 'demo' }, deps),
      ).rejects.toThrow(
        /^confirmClusterName is required: cluster demo has deletion protection on/,
      );
      expect(sandbox.writes).toEqual([]);
    });

    it('has its protection turned off once the confirmation matched, then is deleted, and the report says so', async () => {
      protect();
      sandbox.clearWrites();
      const result = await deleteCluster(
        run,
        { clusterName: 'demo', confirmClusterName: 'demo' },
        deps,
      );
      const eksWrites = sandbox.writes
        .filter(w => w.service === 'eks')
        .map(w => w.operation);
      expect(eksWrites).toContain('UpdateClusterConfig');
      expect(eksWrites.indexOf('UpdateClusterConfig')).toBeLessThan(
        eksWrites.indexOf('DeleteCluster'),
      );
      expect(
        sandbox.writes.find(w => w.operation === 'UpdateClusterConfig')!.params,
      ).toMatchObject({ deletionProtection: false });
      expect(result.deletionProtectionTurnedOff).toBe(true);
      expect(result.clusterDeleted).toBe(true);
      expect(result.report).toContain(
        "Changed before deleting 1:\n- Turned off deletion protection of EKS cluster demo (UpdateClusterConfig deletionProtection: false): the typed confirmation matched the cluster's name",
      );
      expect(lines).toContain(
        'info: Cluster demo has deletion protection on; the typed confirmation matched its name, so it is turned off',
      );
    });

    it('only plans turning it off in a dry run', async () => {
      protect();
      const dryRun = new ProvisioningRun({ aws: run.aws, dryRun: true });
      sandbox.clearWrites();
      const result = await deleteCluster(
        dryRun,
        { clusterName: 'demo', confirmClusterName: 'demo' },
        deps,
      );
      expect(sandbox.writes).toEqual([]);
      expect(result.deletionProtectionTurnedOff).toBe(true);
      expect(dryRun.plan).toContainEqual({
        action: 'update',
        resource: 'EKS cluster demo deletion protection',
        detail:
          "deletionProtection: false (the typed confirmation matched the cluster's name)",
      });
      expect(result.report).toMatch(/Would change before deleting 1:/);
    });
  });
});
