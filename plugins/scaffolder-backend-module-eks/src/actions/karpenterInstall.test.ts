import { DescribeTagsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  GetQueueUrlCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  HelmCommandError,
  karpenterControllerPolicy,
  SpawnHelmRunner,
} from '@backstage-eks/plugin-eks-node';
import {
  createBareCluster,
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
import { createEksClusterCreateAction } from './clusterCreate';
import { createEksKarpenterInstallAction } from './karpenterInstall';
import { examples } from './karpenterInstall.examples';

jest.setTimeout(60_000);

describe('aws:eks:karpenter:install', () => {
  const harness = useActionSandbox({
    helm: true,
    prepare: async ({ sandbox }) => {
      await createBareCluster(sandbox, 'payments', {
        nodegroupAmiType: 'AL2023_x86_64_STANDARD',
      });
      sandbox.clearWrites();
    },
  });

  const action = () => createEksKarpenterInstallAction(harness.options);
  const input = { clusterName: 'payments' };

  it('sets Karpenter up in a safe order, with the agent add-on first', async () => {
    const { ctx, outputs } = actionContext(input);
    await action().handler(ctx);
    const ops = writesOf(harness.sandbox);
    // the Pod Identity agent before anything else
    expect(ops[0]).toBe('eks:CreateAddon');
    expect(harness.sandbox.writes[0].params).toMatchObject({
      addonName: 'eks-pod-identity-agent',
    });
    expect(ops).toEqual(
      expect.arrayContaining([
        'eks:CreateAccessEntry',
        'sqs:CreateQueue',
        'events:PutRule',
        'events:PutTargets',
        'eks:CreatePodIdentityAssociation',
        'ec2:CreateTags',
      ]),
    );
    expect(ops.filter(o => o === 'events:PutRule')).toHaveLength(5);

    const accessEntry = harness.sandbox.writes.find(
      w => w.operation === 'CreateAccessEntry',
    )!;
    expect(accessEntry.params).toMatchObject({ type: 'EC2_LINUX' });
    const queue = harness.sandbox.writes.find(
      w => w.operation === 'CreateQueue',
    )!;
    const attributes = (queue.params as any).Attributes;
    expect(attributes).toMatchObject({
      MessageRetentionPeriod: '300',
      SqsManagedSseEnabled: 'true',
    });
    const queuePolicy = JSON.parse(attributes.Policy);
    expect(queuePolicy.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Effect: 'Deny',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
        expect.objectContaining({
          Effect: 'Allow',
          Principal: { Service: ['events.amazonaws.com', 'sqs.amazonaws.com'] },
        }),
      ]),
    );
    const patterns = harness.sandbox.writes
      .filter(w => w.operation === 'PutRule')
      .map(
        w =>
          JSON.parse(String((w.params as any).EventPattern))['detail-type'][0],
      );
    expect(patterns.sort()).toEqual([
      'AWS Health Event',
      'EC2 Capacity Reservation Instance Interruption Warning',
      'EC2 Instance Rebalance Recommendation',
      'EC2 Instance State-change Notification',
      'EC2 Spot Instance Interruption Warning',
    ]);
    const controllerRole = harness.sandbox.writes.find(
      w =>
        w.operation === 'CreateRole' &&
        (w.params as any).RoleName === 'payments-karpenter-controller',
    )!;
    const trust = JSON.parse(
      String((controllerRole.params as any).AssumeRolePolicyDocument),
    );
    expect(trust.Statement[0]).toMatchObject({
      Principal: { Service: 'pods.eks.amazonaws.com' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
    });
    const policy = harness.sandbox.writes.find(
      w => w.operation === 'PutRolePolicy',
    )!;
    const document = JSON.parse(String((policy.params as any).PolicyDocument));
    const bySid = Object.fromEntries(
      document.Statement.map((s: any) => [s.Sid, s]),
    );
    expect(bySid.AllowAPIServerEndpointDiscovery.Resource).toBe(
      'arn:aws:eks:eu-west-1:000000000000:cluster/payments',
    );
    expect(bySid.AllowScopedDeletion.Condition.StringEquals).toEqual({
      'aws:ResourceTag/kubernetes.io/cluster/payments': 'owned',
    });
    expect(bySid.AllowInterruptionQueueActions.Resource).toBe(
      'arn:aws:sqs:eu-west-1:000000000000:Karpenter-payments',
    );

    const upgrade = harness.helm.invocations().find(a => a[0] === 'upgrade')!;
    expect(upgrade).toEqual(
      expect.arrayContaining([
        '--install',
        'karpenter',
        'oci://public.ecr.aws/karpenter/karpenter',
        '--version',
        '1.14.1',
        '--kubeconfig',
      ]),
    );
    // the 30-minute wait is capped so that helm's token (15 minutes) outlives it
    expect(upgrade[upgrade.indexOf('--timeout') + 1]).toBe('840s');
    const k8s = await sandboxKubernetes(
      harness.sandbox,
      harness.options.awsClientFactory!,
      'payments',
    );
    const nodePool = (await k8s.customObjects.getClusterCustomObject({
      group: 'karpenter.sh',
      version: 'v1',
      plural: 'nodepools',
      name: 'default',
    })) as any;
    expect(nodePool.spec.disruption.consolidationPolicy).toBe(
      'WhenEmptyOrUnderutilized',
    );
    expect(nodePool.spec.template.spec.requirements).toContainEqual({
      key: 'topology.kubernetes.io/zone',
      operator: 'In',
      values: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
    });
    const nodeClass = (await k8s.customObjects.getClusterCustomObject({
      group: 'karpenter.k8s.aws',
      version: 'v1',
      plural: 'ec2nodeclasses',
      name: 'default',
    })) as any;
    // payments shares demo's subnets, which demo's Karpenter discovers by
    // tag: they keep karpenter.sh/discovery=demo and are selected by id.
    const ec2 = new EC2Client({
      region: harness.sandbox.region,
      endpoint: harness.sandbox.url,
      credentials: {
        accessKeyId: harness.sandbox.accountId,
        secretAccessKey: 'sandbox',
      },
    });
    const demoSubnets =
      (
        await ec2.send(
          new DescribeTagsCommand({
            Filters: [
              { Name: 'key', Values: ['karpenter.sh/discovery'] },
              { Name: 'resource-type', Values: ['subnet'] },
            ],
          }),
        )
      ).Tags ?? [];
    expect(demoSubnets.length).toBeGreaterThan(0);
    expect(demoSubnets.every(t => t.Value === 'demo')).toBe(true);
    expect(nodeClass.spec).toMatchObject({
      role: 'payments-karpenter-node',
      metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 2 },
    });
    expect(nodeClass.spec.subnetSelectorTerms).toEqual([
      { tags: { 'karpenter.sh/discovery': 'payments' } },
      ...demoSubnets.map(t => ({ id: t.ResourceId })),
    ]);
    expect(nodeClass.spec.securityGroupSelectorTerms).toEqual([
      { tags: { 'karpenter.sh/discovery': 'payments' } },
    ]);
    // Karpenter resolves it: the node role exists and its selectors match
    // the subnets and the cluster security group the install tagged
    expect(nodeClass.status.conditions).toContainEqual(
      expect.objectContaining({ type: 'Ready', status: 'True' }),
    );
    expect(nodeClass.status.securityGroups).toEqual([
      expect.objectContaining({
        name: expect.stringMatching(/^eks-cluster-sg-payments-/),
      }),
    ]);
    expect(nodeClass.status.subnets.length).toBeGreaterThan(0);
    expect(outputs.queueName).toBe('Karpenter-payments');
    expect(outputs.ruleNames).toHaveLength(5);
  });

  it('makes no writes when run again with the same input', async () => {
    await action().handler(actionContext(input).ctx);
    harness.sandbox.clearWrites();
    const helmCalls = harness.helm.invocations().length;
    await action().handler(actionContext(input).ctx);
    expect(harness.sandbox.writes).toEqual([]);
    expect(
      harness.helm
        .invocations()
        .slice(helmCalls)
        .map(a => a[0]),
    ).toEqual(['list', 'status']);
  });

  it('upgrades with the same action and a newer chartVersion: the policy, then the chart, then its CRDs', async () => {
    await action().handler(
      actionContext({ ...input, chartVersion: '1.13.1' }).ctx,
    );
    const k8s = await sandboxKubernetes(
      harness.sandbox,
      harness.options.awsClientFactory!,
      'payments',
    );
    const crdNames = async () =>
      (
        (await k8s.customObjects.listClusterCustomObject({
          group: 'apiextensions.k8s.io',
          version: 'v1',
          plural: 'customresourcedefinitions',
        })) as any
      ).items.map((c: any) => c.metadata.name);
    expect(await crdNames()).not.toContain(
      'capacitybuffers.autoscaling.x-k8s.io',
    );
    harness.sandbox.clearWrites();
    const helmCalls = harness.helm.invocations().length;
    const { ctx, outputs, logLines } = actionContext({
      ...input,
      chartVersion: '1.14.1',
      enableZonalShift: true,
    });
    await action().handler(ctx);
    expect(outputs.chartVersion).toBe('1.14.1');
    // the policy (zonal shift now) and the cluster's zonal shift config
    // before the chart; the chart before the CRDs
    const started = (title: RegExp) =>
      logLines.findIndex(l => /Step \d+\/11 started/.test(l) && title.test(l));
    expect(started(/controller IAM role/)).toBeLessThan(
      started(/Helm chart karpenter 1\.14\.1/),
    );
    expect(started(/Helm chart karpenter 1\.14\.1/)).toBeLessThan(
      started(/Karpenter CRDs/),
    );
    // AWS writes, then what helm applied
    const ops = writesOf(harness.sandbox);
    expect(ops.filter(o => !o.startsWith('kubernetes:'))).toEqual([
      'iam:PutRolePolicy',
      'eks:UpdateClusterConfig',
    ]);
    expect(ops.indexOf('kubernetes:apply')).toBeGreaterThan(
      ops.indexOf('eks:UpdateClusterConfig'),
    );
    const policy = JSON.parse(
      String((harness.sandbox.writes[0].params as any).PolicyDocument),
    );
    expect(
      policy.Statement.find(
        (s: any) => s.Sid === 'AllowZonalShiftStatusReadOnly',
      ),
    ).toBeDefined();
    const upgrades = harness.helm
      .invocations()
      .slice(helmCalls)
      .filter(a => a[0] === 'upgrade')
      .map(a => `${a[2]} ${a[a.indexOf('--version') + 1]}`);
    expect(upgrades).toEqual(['karpenter 1.14.1', 'karpenter-crd 1.14.1']);
    // 1.14's CapacityBuffer CRD came with the CRD chart
    expect(await crdNames()).toContain('capacitybuffers.autoscaling.x-k8s.io');
  });

  it('corrects a queue whose retention drifted', async () => {
    await action().handler(actionContext(input).ctx);
    const sqs = new SQSClient({
      region: harness.sandbox.region,
      endpoint: harness.sandbox.url,
      credentials: {
        accessKeyId: harness.sandbox.accountId,
        secretAccessKey: 'sandbox',
      },
    });
    const { QueueUrl } = await sqs.send(
      new GetQueueUrlCommand({ QueueName: 'Karpenter-payments' }),
    );
    await sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl,
        Attributes: { MessageRetentionPeriod: '1209600' },
      }),
    );
    harness.sandbox.clearWrites();
    const { ctx, outputs } = actionContext(input);
    await action().handler(ctx);
    expect(outputs.drift).toEqual([
      'SQS queue Karpenter-payments: MessageRetentionPeriod differ',
    ]);
    expect(writesOf(harness.sandbox)).toEqual(['sqs:SetQueueAttributes']);
  });

  it('writes nothing in a dry run and returns the plan', async () => {
    const { ctx, outputs } = actionContext(input, { isDryRun: true });
    await action().handler(ctx);
    expect(harness.sandbox.writes).toEqual([]);
    expect(
      harness.helm
        .invocations()
        .some(a => a[0] === 'upgrade' && a.includes('payments')),
    ).toBe(false);
    expect((outputs.plan as any[]).map(p => p.resource)).toEqual(
      expect.arrayContaining([
        'add-on eks-pod-identity-agent',
        'SQS queue Karpenter-payments',
        'Helm release karpenter 1.14.1',
      ]),
    );
  });

  // demo runs a Karpenter these actions did not install: its controller's
  // Pod Identity role lacks most of the controller policy
  it('refuses on demo with a report of what cannot serve, and never re-points its association', async () => {
    const { ctx } = actionContext({ clusterName: 'demo' });
    await expect(action().handler(ctx)).rejects.toThrow(
      /^adopt: refusing to take over[\s\S]*Pod Identity association kube-system\/karpenter \(role arn:aws:iam::\d+:role\/KarpenterController-demo\) exists and was not made by this request \(not made by Backstage\); this run would change it: its role KarpenterController-demo does not allow .*ec2:CreateLaunchTemplate/,
    );
    expect(harness.sandbox.writes).toEqual([]);
  });

  it("refuses demo's 1.8.1 controller even once its role has the 1.14.1 policy, naming the upgrade adopt would make: no write", async () => {
    const { iam } = setupClients(harness.sandbox);
    const { accountId, region } = harness.sandbox;
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'KarpenterController-demo',
        PolicyName: 'KarpenterControllerPolicy',
        PolicyDocument: JSON.stringify(
          karpenterControllerPolicy({
            clusterName: 'demo',
            region,
            accountId,
            queueArn: `arn:aws:sqs:${region}:${accountId}:Karpenter-demo`,
            nodeRoleArn: `arn:aws:iam::${accountId}:role/KarpenterNodeRole-demo`,
            chartVersion: '1.14.1',
          }),
        ),
      }),
    );
    harness.sandbox.clearWrites();
    const { ctx } = actionContext({ clusterName: 'demo' });
    const refusal = action().handler(ctx);
    // the role serves now: only the controller's version stands in the way
    await expect(refusal).rejects.toThrow(
      /^adopt: refusing to take over[\s\S]*Deployment kube-system\/karpenter \(public\.ecr\.aws\/karpenter\/controller:1\.8\.1, not from a Helm release\)[\s\S]*runs Karpenter 1\.8\.1, not 1\.14\.1/,
    );
    await expect(refusal).rejects.not.toThrow(/does not allow/);
    expect(harness.sandbox.writes).toEqual([]);
  });

  it("takes demo's Karpenter over with adopt: true, without duplicating the queue", async () => {
    const { ctx, outputs } = actionContext({
      clusterName: 'demo',
      adopt: true,
    });
    await action().handler(ctx);
    const ops = writesOf(harness.sandbox);
    expect(ops).not.toContain('sqs:CreateQueue');
    expect(ops).toEqual(
      expect.arrayContaining([
        'sqs:TagQueue',
        'eks:TagResource',
        'eks:UpdatePodIdentityAssociation',
      ]),
    );
    expect((outputs.plan as any[]).filter(c => c.action === 'tag')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          resource: 'Pod Identity association kube-system/karpenter',
        }),
        expect.objectContaining({ resource: 'NodePool default' }),
      ]),
    );
    // the existing EC2NodeClass's node role is used (Karpenter's CRD makes
    // the role immutable)
    const k8s = await sandboxKubernetes(
      harness.sandbox,
      harness.options.awsClientFactory!,
      'demo',
    );
    const nodeClass = (await k8s.customObjects.getClusterCustomObject({
      group: 'karpenter.k8s.aws',
      version: 'v1',
      plural: 'ec2nodeclasses',
      name: 'default',
    })) as any;
    expect(nodeClass.spec.role).toBe('KarpenterNodeRole-demo');
    expect(nodeClass.spec.metadataOptions.httpPutResponseHopLimit).toBe(2);
    expect(nodeClass.metadata.annotations).toMatchObject({
      'eks.backstage.io/entity-ref': 'resource:default/demo',
    });
    // the next run is a re-run of the same request
    harness.sandbox.clearWrites();
    await action().handler(actionContext({ clusterName: 'demo' }).ctx);
    expect(writesOf(harness.sandbox)).toEqual([]);
  });

  describe('on an EKS Auto Mode cluster', () => {
    beforeEach(async () => {
      await createEksClusterCreateAction(harness.options).handler(
        actionContext({ clusterName: 'auto', autoMode: true }).ctx,
      );
      harness.sandbox.clearWrites();
    });

    it('refuses before any write, explaining that Auto Mode runs Karpenter and how to add a NodePool to it', async () => {
      const helmCalls = harness.helm.invocations().length;
      const { ctx } = actionContext({ clusterName: 'auto' });
      const refusal = action().handler(ctx);
      await expect(refusal).rejects.toMatchObject({ name: 'InputError' });
      await expect(refusal).rejects.toThrow(
        /^clusterName: cluster auto runs EKS Auto Mode, which already runs Karpenter itself: EKS manages its controller and nodes, with the built-in node pools general-purpose and system\.[\s\S]*nodeClassRef is \{ group: eks\.amazonaws\.com, kind: NodeClass, name: default \}[\s\S]*besideAutoMode: true/,
      );
      expect(harness.sandbox.writes).toEqual([]);
      expect(harness.helm.invocations().length).toBe(helmCalls);
    });

    it('goes past the refusal when asked to with besideAutoMode: a dry run plans the self-managed Karpenter and says why', async () => {
      const { ctx, outputs, logLines } = actionContext(
        { clusterName: 'auto', besideAutoMode: true },
        { isDryRun: true },
      );
      await action().handler(ctx);
      expect(logLines).toContainEqual(
        expect.stringMatching(
          /^warn: Cluster auto runs EKS Auto Mode.*installed beside it as asked \(besideAutoMode: true\)/,
        ),
      );
      expect(
        (outputs.plan as any[]).map(c => `${c.action} ${c.resource}`),
      ).toEqual(expect.arrayContaining(['create SQS queue Karpenter-auto']));
      expect(harness.sandbox.writes).toEqual([]);
    });
  });

  it('explains how to install helm when it is missing', async () => {
    const noHelm = createEksKarpenterInstallAction({
      ...harness.options,
      helm: new SpawnHelmRunner({ helmPath: 'helm-not-installed-here' }),
    });
    await expect(noHelm.handler(actionContext(input).ctx)).rejects.toThrow(
      /"helm-not-installed-here" executable was not found.*install Helm 3\.8\+.*eks\.provisioning\.helmPath/,
    );
  });

  it('resumes after a crash without repeating checkpointed writes', async () => {
    await runCrashedThenResumed(action, input, '/create/sqs-queue/');
    const ops = writesOf(harness.sandbox);
    expect(ops.filter(o => o === 'sqs:CreateQueue')).toHaveLength(1);
    expect(ops.filter(o => o === 'eks:CreateAddon')).toHaveLength(1);
  });

  it('retries throttled calls', async () => {
    throttleCalls(harness.sandbox, [
      ...['eks', 'iam', 'sqs'].map(service => ({ service, throttleRate: 0.2 })),
      // the Kubernetes API too: the product's calls and helm's (client-go
      // honours Retry-After, as the stand-in does)
      { service: 'kubernetes', throttleRate: 1, count: 3 },
    ]);
    const { ctx, outputs } = actionContext(input);
    await action().handler(ctx);
    harness.sandbox.faults.clear();
    expect(harness.sandbox.faults.injected()).toBeGreaterThan(0);
    expect(outputs.queueUrl).toEqual(expect.any(String));
  });

  it('runs a helm command again when it failed on a transient API error', async () => {
    const spawned = new SpawnHelmRunner();
    let failures = 1;
    const upgrades = () =>
      harness.helm.invocations().filter(args => args[0] === 'upgrade').length;
    const upgradesBefore = upgrades();
    const flakyHelm = Object.assign(Object.create(spawned), {
      upgradeInstall: async (request: any) => {
        if (request.release === 'karpenter' && failures-- > 0) {
          throw new HelmCommandError(
            'helm upgrade failed with exit code 1: Error: UPGRADE FAILED: the server is currently unable to handle the request',
          );
        }
        return spawned.upgradeInstall(request);
      },
    });
    const { ctx, outputs } = actionContext(input);
    await createEksKarpenterInstallAction({
      ...harness.options,
      helm: flakyHelm,
    }).handler(ctx);
    expect(failures).toBe(-1);
    expect(outputs.chartVersion).toEqual(expect.any(String));
    // the chart once after its retry, then the CRD chart
    expect(upgrades() - upgradesBefore).toBe(2);
  });

  it('does not run a helm command again when it failed for good', async () => {
    const spawned = new SpawnHelmRunner();
    let attempts = 0;
    const brokenHelm = Object.assign(Object.create(spawned), {
      upgradeInstall: async () => {
        attempts++;
        throw new HelmCommandError(
          'helm upgrade failed with exit code 1: Error: INSTALLATION FAILED: chart "karpenter" version "9.9.9" not found',
        );
      },
    });
    await expect(
      createEksKarpenterInstallAction({
        ...harness.options,
        helm: brokenHelm,
      }).handler(actionContext(input).ctx),
    ).rejects.toThrow(/version "9.9.9" not found/);
    expect(attempts).toBe(1);
  });

  it.each([
    [{ clusterName: '' }, /^clusterName must not be empty/],
    [{ namespace: 'Kube_System' }, /^namespace must be a DNS-1123 label/],
    [
      { serviceAccount: 'Karpenter' },
      /^serviceAccount must be a DNS-1123 subdomain/,
    ],
    [{ chartVersion: 'v1' }, /^chartVersion must be a Karpenter chart version/],
    [
      { chartVersion: '1.8.1' },
      /^chartVersion must be a Karpenter release whose IAM policy, Kubernetes support and values this installer knows: 1\.13\.0 to 1\.14\.1/,
    ],
    [
      { chartVersion: '1.15.0' },
      /^chartVersion must be a Karpenter release .*1\.15\.0 is not in that table/,
    ],
    [
      {
        helmValues: {
          settings: {
            interruptionQueue:
              'arn:aws:sqs:eu-west-1:000000000000:Karpenter-payments',
          },
        },
      },
      /^helmValues\.settings\.interruptionQueue must be the interruption queue's NAME/,
    ],
    [{ queueName: 'bad.name' }, /^queueName must be an SQS queue name/],
    [
      { nodeRoleArn: 'arn:aws:iam::000000000000:user/x' },
      /^nodeRoleArn must be an IAM role ARN/,
    ],
    [{ cpuLimit: 'lots' }, /^cpuLimit must be a CPU quantity/],
    [{ capacityTypes: [] }, /^capacityTypes must list/],
    [{ clusterName: 'nope' }, /^clusterName: no EKS cluster "nope"/],
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
      const { ctx, outputs } = actionContext(exampleInput(example));
      await action().handler(ctx);
      expect(outputs.chartVersion).toBe(
        (exampleInput(example) as any).chartVersion ?? '1.14.1',
      );
    },
  );
});
