import { resourceTags } from '@backstage-eks/plugin-eks-node';
import {
  actionContext,
  SandboxHarness,
  writesOf,
  exampleInput,
  expectRefusedBeforeAnyWrite,
  useActionSandbox,
  runCrashedThenResumed,
  throttleCalls,
} from '@backstage-eks/scaffolder-test-utils';
import { createEksAddonInstallAction } from './addonInstall';
import { examples } from './addonInstall.examples';

jest.setTimeout(60_000);

describe('aws:eks:addon:install', () => {
  /**
   * demo's add-ons as if this request had installed them: the ownership
   * rule refuses to change another's (tested below and in the reliability
   * suite), and these tests are about installing and updating.
   */
  function ownDemoAddons({ sandbox }: SandboxHarness) {
    const addons = sandbox.state
      .region(sandbox.accountId, sandbox.region)
      .eks.addons.get('demo');
    for (const addon of addons?.values() ?? []) {
      Object.assign(addon.tags, resourceTags('demo'));
    }
  }

  const harness = useActionSandbox({ prepare: ownDemoAddons });

  const action = () => createEksAddonInstallAction(harness.options);
  const input = {
    clusterName: 'demo',
    addons: [
      { name: 'metrics-server', version: 'latest' },
      {
        name: 'coredns',
        version: 'latest',
        configurationValues: 'replicaCount: 3\n',
      },
    ],
  };

  it('installs and updates add-ons in parallel, resolving versions for the cluster', async () => {
    const { ctx, outputs, logLines } = actionContext(input);
    await action().handler(ctx);
    const results = outputs.addons as any[];
    expect(results.map(r => [r.name, r.status, r.action])).toEqual([
      ['metrics-server', 'ACTIVE', 'created'],
      ['coredns', 'ACTIVE', 'updated'],
    ]);
    const create = harness.sandbox.writes.find(
      w => w.operation === 'CreateAddon',
    )!;
    expect(create.params).toMatchObject({ addonName: 'metrics-server' });
    const update = harness.sandbox.writes.find(
      w => w.operation === 'UpdateAddon',
    )!;
    expect(JSON.stringify(update.params)).toContain('replicaCount');
    expect(results[1].version).toMatch(/^v1\.12\./);
    expect(logLines.join('\n')).toMatch(
      /Waiting for add-on metrics-server to become ACTIVE/,
    );
    // the configuration the person asked for is a change, not drift
    expect(logLines).toContainEqual(
      expect.stringMatching(
        /^info: Changing as asked: add-on coredns: .*configuration values/,
      ),
    );
    expect(logLines.filter(l => /drift/i.test(l))).toEqual([
      'info: Made 2 change(s); 0 drift finding(s)',
    ]);
    expect(outputs.drift).toEqual([]);
  });

  it('makes no writes when run again with the same input', async () => {
    await action().handler(actionContext(input).ctx);
    harness.sandbox.clearWrites();
    const { ctx, outputs } = actionContext(input);
    await action().handler(ctx);
    expect(harness.sandbox.writes).toEqual([]);
    expect((outputs.addons as any[]).map(r => r.action)).toEqual([
      'unchanged',
      'unchanged',
    ]);
  });

  it('writes nothing in a dry run and returns the plan', async () => {
    harness.sandbox.clearWrites();
    const { ctx, outputs } = actionContext(input, { isDryRun: true });
    await action().handler(ctx);
    expect(harness.sandbox.writes).toEqual([]);
    expect(
      (outputs.plan as any[]).map(p => `${p.action} ${p.resource}`),
    ).toEqual(['install add-on metrics-server', 'update add-on coredns']);
  });

  it('refuses to change an add-on this request did not install, before any write, unless adopting', async () => {
    await harness.sandbox.reset();
    const refused = actionContext(input);
    await expect(action().handler(refused.ctx)).rejects.toThrow(
      /^adopt: refusing to take over[\s\S]*add-on coredns exists and was not made by this request \(not made by Backstage\); this run would change it: version \S+ -> \S+, configuration values/,
    );
    expect(harness.sandbox.writes).toEqual([]);

    const adopting = actionContext({ ...input, adopt: true });
    await action().handler(adopting.ctx);
    expect(writesOf(harness.sandbox)).toEqual(
      expect.arrayContaining(['eks:TagResource', 'eks:UpdateAddon']),
    );
    harness.sandbox.clearWrites();
    // the next run is a re-run of the same request
    await action().handler(actionContext(input).ctx);
    expect(harness.sandbox.writes).toEqual([]);
  });

  it('fails the step when an add-on ends DEGRADED, naming the issue and the fix, with every add-on in the output', async () => {
    // demo's aws-ebs-csi-driver has no role: DEGRADED
    const { ctx, outputs, logLines } = actionContext({
      clusterName: 'demo',
      addons: [{ name: 'metrics-server' }, { name: 'aws-ebs-csi-driver' }],
    });
    const failure = action().handler(ctx);
    await expect(failure).rejects.toThrow(
      /^1 add-on\(s\) did not become ACTIVE:\n- aws-ebs-csi-driver \S+ is DEGRADED: InsufficientNumberOfReplicas \(.+\)\. Fix: aws-ebs-csi-driver has no IAM role for kube-system\/ebs-csi-controller-sa, which EKS recommends one for: give that service account a role with arn:aws:iam::aws:policy\/service-role\/AmazonEBSCSIDriverPolicy through the "Pod Identity for a workload" template .* \[Open the fix\]\(\/create\/templates\/default\/eks-pod-identity\?formData=[^)\s]+\)$/,
    );
    const error = await failure.catch(e => e);
    // shown as its message, without a stack of file paths
    expect(error.stack).toBe(`AddonsNotHealthyError: ${error.message}`);
    const results = outputs.addons as any[];
    expect(results.map(r => [r.name, r.status])).toEqual([
      ['metrics-server', 'ACTIVE'],
      ['aws-ebs-csi-driver', 'DEGRADED'],
    ]);
    const [issue] = results[1].issues;
    // the sandbox reports what the field saw: too few replicas, because
    // the controller has no credentials
    expect(issue.code).toBe('InsufficientNumberOfReplicas');
    const link = new URL(issue.fixPath, 'http://portal');
    expect(link.pathname).toBe('/create/templates/default/eks-pod-identity');
    expect(JSON.parse(link.searchParams.get('formData')!)).toEqual({
      cluster: 'demo',
      region: harness.sandbox.region,
      accountId: harness.sandbox.accountId,
      namespace: 'kube-system',
      serviceAccount: 'ebs-csi-controller-sa',
      managedPolicyArns: [
        'arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy',
      ],
    });
    expect(logLines.join('\n')).toMatch(
      /aws-ebs-csi-driver is DEGRADED; InsufficientNumberOfReplicas/,
    );
  });

  it('ends green when the add-on becomes ACTIVE: the same add-on with the recommended Pod Identity role', async () => {
    const { ctx, outputs } = actionContext({
      clusterName: 'demo',
      addons: [{ name: 'aws-ebs-csi-driver', podIdentity: 'recommended' }],
    });
    await action().handler(ctx);
    const [ebs] = outputs.addons as any[];
    expect(ebs).toMatchObject({ status: 'ACTIVE', issues: [] });
    expect(ebs.podIdentityRoleArn).toMatch(/:role\/demo-aws-ebs-csi-driver$/);
  });

  it('names the missing Pod Identity agent as the fix when the add-on has its role but no agent runs', async () => {
    const { sandbox } = harness;
    // demo without its agent add-on
    sandbox.state
      .region(sandbox.accountId, sandbox.region)
      .eks.addons.get('demo')
      ?.delete('eks-pod-identity-agent');
    const { ctx, outputs } = actionContext({
      clusterName: 'demo',
      addons: [{ name: 'aws-ebs-csi-driver', podIdentity: 'recommended' }],
    });
    await expect(action().handler(ctx)).rejects.toThrow(
      /aws-ebs-csi-driver \S+ is DEGRADED: AccessDenied .*Fix: aws-ebs-csi-driver's service account kube-system\/ebs-csi-controller-sa has a Pod Identity association, but the eks-pod-identity-agent add-on is not installed, so its pods get no AWS credentials: install eks-pod-identity-agent/,
    );
    expect((outputs.addons as any[])[0].issues[0].fixPath).toBeUndefined();
  });

  it('a dry run does not fail: it notes the add-ons that are not ACTIVE', async () => {
    const { ctx, outputs, logLines } = actionContext(
      { clusterName: 'demo', addons: [{ name: 'aws-ebs-csi-driver' }] },
      { isDryRun: true },
    );
    await action().handler(ctx);
    expect((outputs.addons as any[])[0].status).toBe('DEGRADED');
    expect(logLines).toContainEqual(
      expect.stringMatching(
        /^warn: Add-on aws-ebs-csi-driver \S+ is DEGRADED: InsufficientNumberOfReplicas .* \[Open the fix\]\(\/create\/templates\/default\/eks-pod-identity\?/,
      ),
    );
  });

  it('resumes after a crash without repeating checkpointed writes', async () => {
    await runCrashedThenResumed(
      action,
      input,
      '/install/addon/demo/metrics-server',
    );
    const ops = writesOf(harness.sandbox);
    expect(ops.filter(o => o === 'eks:CreateAddon')).toHaveLength(1);
  });

  it('retries throttled calls', async () => {
    throttleCalls(harness.sandbox, [{ service: 'eks', throttleRate: 0.3 }]);
    const { ctx, outputs } = actionContext(input);
    await action().handler(ctx);
    harness.sandbox.faults.clear();
    expect(harness.sandbox.faults.injected()).toBeGreaterThan(0);
    expect((outputs.addons as any[]).every(r => r.status === 'ACTIVE')).toBe(
      true,
    );
  });

  it.each([
    [
      { clusterName: 'demo', addons: [] },
      /^addons must list at least one add-on/,
    ],
    [
      { clusterName: 'Bad Name', addons: [{ name: 'coredns' }] },
      /^clusterName must start with a letter or digit/,
    ],
    [
      { clusterName: 'demo', addons: [{ name: 'CoreDNS' }] },
      /^addons\[0\]\.name must be an EKS add-on name/,
    ],
    [
      {
        clusterName: 'demo',
        addons: [{ name: 'coredns' }, { name: 'coredns' }],
      },
      /^addons\[1\]\.name "coredns" is listed twice/,
    ],
    [
      { clusterName: 'demo', addons: [{ name: 'no-such-addon' }] },
      /^addons\[0\]\.name "no-such-addon" is not an EKS add-on/,
    ],
    [
      { clusterName: 'demo', addons: [{ name: 'coredns', version: '1.2' }] },
      /^addons\[0\]\.version must be "latest", "default" or an exact version/,
    ],
    [
      {
        clusterName: 'demo',
        addons: [{ name: 'coredns', version: 'v9.9.9-eksbuild.1' }],
      },
      /^addons\[0\]\.version "v9.9.9-eksbuild.1" is not offered for coredns on Kubernetes 1.33; available: v1\.12/,
    ],
    [
      {
        clusterName: 'demo',
        addons: [{ name: 'coredns', configurationValues: '{"replicas": 2}' }],
      },
      /addons\[0\]\.configurationValues\.replicas is not a setting of this add-on; allowed keys: .*replicaCount/,
    ],
    [
      {
        clusterName: 'demo',
        addons: [
          { name: 'coredns', configurationValues: 'replicaCount: many' },
        ],
      },
      /addons\[0\]\.configurationValues\.replicaCount must be integer/,
    ],
    [
      {
        clusterName: 'demo',
        addons: [{ name: 'coredns', configurationValues: '- a\n- b' }],
      },
      /^addons\[0\]\.configurationValues must be a JSON or YAML object/,
    ],
    [
      {
        clusterName: 'demo',
        addons: [{ name: 'coredns', configurationValues: '{"a":' }],
      },
      /^addons\[0\]\.configurationValues must be JSON or YAML/,
    ],
    [
      {
        clusterName: 'demo',
        addons: [
          {
            name: 'aws-ebs-csi-driver',
            podIdentity: { roleArn: 'arn:aws:iam::111111111111:role/x' },
          },
        ],
      },
      /^addons\[0\]\.podIdentity\.roleArn must be a role in account 000000000000/,
    ],
    [
      { clusterName: 'nope', addons: [{ name: 'coredns' }] },
      /^clusterName: no EKS cluster "nope"/,
    ],
    [
      { clusterName: 'demo', addons: [{ name: 'coredns' }], concurrency: 0 },
      /^concurrency must be a whole number from 1 to 20/,
    ],
  ])('rejects bad input %j before any write', async (badInput, message) => {
    await expectRefusedBeforeAnyWrite(harness, action(), badInput, message);
  });

  it.each(examples.map(e => [e.description, e.example]))(
    'runs the example: %s',
    async (_description, example) => {
      const stepInput = exampleInput(example);
      const { ctx, outputs } = actionContext(stepInput);
      await action().handler(ctx);
      expect((outputs.addons as any[]).length).toBe(stepInput.addons.length);
    },
  );
});
