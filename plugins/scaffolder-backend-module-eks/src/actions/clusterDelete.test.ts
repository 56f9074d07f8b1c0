import { CreateVolumeCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeClusterCommand } from '@aws-sdk/client-eks';
import {
  createBareCluster,
  createSandboxRole,
  sandboxKubernetes,
  setupClients,
  actionContext,
  writesOf,
  exampleInput,
  expectRefusedBeforeAnyWrite,
  useActionSandbox,
  runCrashedThenResumed,
  throttleCalls,
} from '@backstage-eks/scaffolder-test-utils';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { createEksAddonInstallAction } from './addonInstall';
import { createEksClusterDeleteAction } from './clusterDelete';
import { createEksPodIdentityCreateAction } from './podIdentityCreate';
import { examples } from './clusterDelete.examples';

jest.setTimeout(60_000);

describe('aws:eks:cluster:delete', () => {
  const harness = useActionSandbox();

  const action = () => createEksClusterDeleteAction(harness.options);
  const input = { clusterName: 'demo', deleteKarpenterResources: true };

  async function addLoadBalancerService() {
    const k8s = await sandboxKubernetes(
      harness.sandbox,
      harness.options.awsClientFactory!,
      'demo',
    );
    await k8s.core.createNamespacedService({
      namespace: 'default',
      body: {
        metadata: { name: 'web' },
        spec: {
          type: 'LoadBalancer',
          ports: [{ port: 80 }],
          selector: { app: 'web' },
        },
      },
    });
  }

  it('deletes load balancer objects first, then Karpenter nodes, add-ons, node groups, associations, the cluster and Karpenter resources', async () => {
    await addLoadBalancerService();
    harness.sandbox.clearWrites();
    const { ctx, outputs, logLines } = actionContext(input);
    await action().handler(ctx);
    const ops = writesOf(harness.sandbox);
    const first = (op: string) => ops.findIndex(o => o.endsWith(op));
    const serviceDeleted = harness.sandbox.writes.findIndex(
      w =>
        w.service === 'kubernetes' &&
        w.operation === 'delete' &&
        (w.params as any).kind === 'Service' &&
        (w.params as any).name === 'web',
    );
    expect(serviceDeleted).toBeGreaterThanOrEqual(0);
    expect(serviceDeleted).toBeLessThan(first('DeleteAddon'));
    expect(first('DeleteAddon')).toBeLessThan(first('DeleteNodegroup'));
    expect(first('DeleteNodegroup')).toBeLessThan(first('DeleteCluster'));
    expect(first('DeletePodIdentityAssociation')).toBeLessThan(
      first('DeleteCluster'),
    );
    expect(first('DeleteCluster')).toBeLessThan(first('DeleteQueue'));
    expect(ops).toEqual(
      expect.arrayContaining(['events:DeleteRule', 'sqs:DeleteQueue']),
    );
    // the seeded controller role (from the Pod Identity association) and
    // node role (from the EC2NodeClass) go with the Karpenter resources
    const deletedRoles = harness.sandbox.writes
      .filter(w => w.operation === 'DeleteRole')
      .map(w => (w.params as any).RoleName);
    expect(deletedRoles.length).toBeGreaterThanOrEqual(2);
    expect(outputs.clusterDeleted).toBe(true);
    expect(outputs.deletedLoadBalancerObjects).toEqual(
      expect.arrayContaining(['Service default/web']),
    );
    expect(
      (outputs.leftovers as any[]).filter(l => l.type === 'load balancer'),
    ).toEqual([]);
    expect(logLines.join('\n')).toMatch(
      /Waiting for the load balancer controller to remove its load balancers/,
    );
    const { eks } = setupClients(harness.sandbox);
    await expect(
      eks.send(new DescribeClusterCommand({ name: 'demo' })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('turns deletion protection off only after the confirmation matched, and says so in its log and output', async () => {
    harness.sandbox.state
      .region(harness.sandbox.accountId, harness.sandbox.region)
      .eks.clusters.get('demo')!.deletionProtection = true;
    harness.sandbox.clearWrites();
    await expect(
      action().handler(actionContext({ clusterName: 'demo' }).ctx),
    ).rejects.toThrow(
      /^confirmClusterName is required: cluster demo has deletion protection on/,
    );
    expect(harness.sandbox.writes).toEqual([]);
    const { ctx, outputs, logLines } = actionContext({
      clusterName: 'demo',
      confirmClusterName: 'demo',
    });
    await action().handler(ctx);
    expect(outputs.deletionProtectionTurnedOff).toBe(true);
    expect(outputs.clusterDeleted).toBe(true);
    expect(logLines.join('\n')).toContain(
      "Turned off deletion protection of EKS cluster demo (UpdateClusterConfig deletionProtection: false): the typed confirmation matched the cluster's name",
    );
    const ops = writesOf(harness.sandbox);
    expect(ops.indexOf('eks:UpdateClusterConfig')).toBeLessThan(
      ops.indexOf('eks:DeleteCluster'),
    );
  });

  it('reports an EBS volume still tagged for the cluster as left behind', async () => {
    const ec2 = new EC2Client({
      region: harness.sandbox.region,
      endpoint: harness.sandbox.url,
      credentials: {
        accessKeyId: harness.sandbox.accountId,
        secretAccessKey: 'sandbox',
      },
    });
    const volumeTagged = (key: string) =>
      ec2.send(
        new CreateVolumeCommand({
          AvailabilityZone: 'eu-west-1a',
          Size: 10,
          VolumeType: 'gp3',
          TagSpecifications: [
            { ResourceType: 'volume', Tags: [{ Key: key, Value: 'owned' }] },
          ],
        }),
      );
    // what the EBS CSI driver leaves when a PersistentVolume outlives its cluster
    const leftover = await volumeTagged('kubernetes.io/cluster/demo');
    const otherClusters = await volumeTagged('kubernetes.io/cluster/shop');
    const { ctx, outputs, logLines } = actionContext(input);
    await action().handler(ctx);

    expect(outputs.clusterDeleted).toBe(true);
    const volumes = (outputs.leftovers as any[]).filter(
      l => l.type === 'EBS volume',
    );
    expect(volumes).toEqual([
      {
        type: 'EBS volume',
        id: leftover.VolumeId,
        tag: 'kubernetes.io/cluster/demo',
      },
    ]);
    const log = logLines.join('\n');
    expect(log).toContain(
      `Left behind: EBS volume ${leftover.VolumeId} (tagged kubernetes.io/cluster/demo)`,
    );
    expect(log).not.toContain(otherClusters.VolumeId);
    expect(log).not.toMatch(/Could not check for leftover/);
    // reporting is all: the action deletes no volumes
    expect(writesOf(harness.sandbox)).not.toContain('ec2:DeleteVolume');
  });

  it("deletes the add-ons' Pod Identity roles made with the cluster, keeps workload roles (reusable on other clusters), and reports both", async () => {
    const podIdentity = createEksPodIdentityCreateAction(harness.options);
    await podIdentity.handler(
      actionContext({
        clusterName: 'demo',
        namespace: 'orders',
        serviceAccount: 'orders-api',
        managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
      }).ctx,
    );
    const given = await createSandboxRole(
      harness.sandbox,
      'shared-workload-role',
      'pods.eks.amazonaws.com',
    );
    await podIdentity.handler(
      actionContext({
        clusterName: 'demo',
        namespace: 'orders',
        serviceAccount: 'orders-worker',
        roleArn: given,
      }).ctx,
    );
    await createEksAddonInstallAction(harness.options).handler(
      actionContext({
        clusterName: 'demo',
        addons: [{ name: 'aws-efs-csi-driver', podIdentity: 'recommended' }],
      }).ctx,
    );
    const { ctx, outputs, logLines } = actionContext({
      ...input,
      deleteCreatedResources: true,
    });
    await action().handler(ctx);
    const { iam } = setupClients(harness.sandbox);
    const role = (name: string) =>
      iam.send(new GetRoleCommand({ RoleName: name })).then(
        r => r.Role?.RoleName,
        e => e.name,
      );
    // the add-on's role (its association is owned by the add-on) was made
    // for this cluster's add-on: deleted with it
    expect(await role('demo-aws-efs-csi-driver')).toBe('NoSuchEntityException');
    // the Pod Identity action's role, tagged for demo all the same, can be
    // reused on other clusters: kept, as is a role it was given
    expect(await role('demo-orders-orders-api')).toBe('demo-orders-orders-api');
    expect(await role('shared-workload-role')).toBe('shared-workload-role');
    expect(outputs.deleted).toEqual(
      expect.arrayContaining([
        'EKS cluster demo',
        'IAM role demo-aws-efs-csi-driver',
      ]),
    );
    expect(outputs.kept).toEqual(
      expect.arrayContaining([
        {
          resource: 'IAM role demo-orders-orders-api',
          reason: expect.stringMatching(
            /Pod Identity association for orders\/orders-api.*reused on other clusters/,
          ),
        },
        {
          resource: 'IAM role shared-workload-role',
          reason: expect.stringMatching(/orders\/orders-worker/),
        },
      ]),
    );
    const report = outputs.report as string;
    expect(report).toMatch(/^Report for cluster demo:\n\nDeleted \d+:\n/);
    expect(report).toContain('- IAM role demo-aws-efs-csi-driver');
    expect(report).toMatch(
      /Kept on purpose \d+:[\s\S]*- Kept IAM role demo-orders-orders-api: /,
    );
    expect(report).toMatch(/Left behind \d+/);
    // the same report, line by line, ends the log
    expect(logLines).toContain('info: Report for cluster demo:');
    expect(logLines).toContainEqual(
      expect.stringMatching(/^info: - Kept IAM role demo-orders-orders-api: /),
    );
  });

  it('deletes when the typed confirmation matches the cluster name', async () => {
    const { ctx, outputs } = actionContext({
      ...input,
      confirmClusterName: 'demo',
    });
    await action().handler(ctx);
    expect(outputs.clusterDeleted).toBe(true);
  });

  it('makes no writes when run again with the same input', async () => {
    await action().handler(actionContext(input).ctx);
    harness.sandbox.clearWrites();
    const { ctx, outputs } = actionContext(input);
    await action().handler(ctx);
    expect(harness.sandbox.writes).toEqual([]);
    expect(outputs.clusterDeleted).toBe(false);
  });

  it('writes nothing in a dry run and returns the plan', async () => {
    harness.sandbox.clearWrites();
    const { ctx, outputs } = actionContext(input, { isDryRun: true });
    await action().handler(ctx);
    expect(harness.sandbox.writes).toEqual([]);
    expect((outputs.plan as any[]).map(p => p.resource)).toEqual(
      expect.arrayContaining([
        'EKS cluster demo',
        'node group system',
        'add-on coredns',
      ]),
    );
  });

  it('resumes after a crash without repeating checkpointed writes', async () => {
    await runCrashedThenResumed(action, input, '/delete/nodegroup/');
    const ops = writesOf(harness.sandbox);
    expect(ops.filter(o => o === 'eks:DeleteNodegroup')).toHaveLength(1);
    expect(ops.filter(o => o === 'eks:DeleteCluster')).toHaveLength(1);
  });

  it('retries throttled calls', async () => {
    throttleCalls(
      harness.sandbox,
      ['eks', 'sqs', 'events'].map(service => ({ service, throttleRate: 0.2 })),
    );
    const { ctx, outputs } = actionContext(input);
    await action().handler(ctx);
    harness.sandbox.faults.clear();
    expect(harness.sandbox.faults.injected()).toBeGreaterThan(0);
    expect(outputs.clusterDeleted).toBe(true);
  });

  it.each([
    [
      { clusterName: 'demo cluster' },
      /^clusterName must start with a letter or digit/,
    ],
    [
      { karpenterQueueName: 'q.fifo' },
      /^karpenterQueueName must be an SQS queue name/,
    ],
    [{ region: 'moon-1' }, /^region must be an AWS region/],
    [
      { confirmClusterName: 'dmeo' },
      /^confirmClusterName must equal clusterName: "dmeo" is not "demo", so nothing was deleted/,
    ],
  ])('rejects bad input %j before any write', async (change, message) => {
    await expectRefusedBeforeAnyWrite(
      harness,
      action(),
      { ...input, ...change },
      message,
    );
  });

  it.each(examples.map(e => [e.description, e.example]))(
    'runs the example: %s',
    async (_description, example) => {
      const stepInput = exampleInput(example);
      await createBareCluster(harness.sandbox, stepInput.clusterName);
      const { ctx, outputs } = actionContext(stepInput);
      await action().handler(ctx);
      expect(outputs.clusterDeleted).toBe(true);
    },
  );
});
