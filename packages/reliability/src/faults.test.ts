import {
  FakeHelm,
  installFakeHelm,
  SandboxHarness,
  startHarness,
} from '@backstage-eks/scaffolder-test-utils';
import type { Sandbox, SandboxWrite } from '@backstage-eks/sandbox';
import {
  clusterVersions,
  type ClusterVersions,
  LIFECYCLE_CLUSTER,
  LIFECYCLE_STEPS,
  LIFECYCLE_VERSIONS,
  prepareLifecycle,
  ROLLBACK_STEP,
  runStep,
  UPGRADE_STEP,
  versionUpdates,
} from './__testUtils__/actions';

jest.setTimeout(600_000);

/** Faults on every AWS service and on the Kubernetes API (a rule without a service matches all). */
const FAULTS = {
  throttleRate: 0.3,
  serverErrorRate: 0.05,
  latencyMs: 5,
};
const FAULT_SEED = 20240808;

const named = (name: string) =>
  new RegExp(`(^|[-_/:.])${LIFECYCLE_CLUSTER}([-_/:.]|$)`).test(name);
const tagged = (tags: Record<string, string>) =>
  Object.entries(tags).some(
    ([key, value]) => named(key) || value === LIFECYCLE_CLUSTER,
  );

/**
 * Everything in the sandbox that is named for the lifecycle's cluster or
 * tagged with it, as `type id` lines.
 */
function resourcesOfCluster(sandbox: Sandbox): string[] {
  const account = sandbox.state.account(sandbox.accountId);
  const region = account.region(sandbox.region);
  const found: string[] = [];
  const scan = (
    type: string,
    items: Iterable<[string, { tags?: Record<string, string> }]>,
  ) => {
    for (const [id, item] of items) {
      if (named(id) || tagged(item.tags ?? {})) found.push(`${type} ${id}`);
    }
  };
  scan('IAM role', account.iam.roles);
  scan('IAM policy', account.iam.policies);
  scan('IAM instance profile', account.iam.instanceProfiles);
  scan('VPC', region.ec2.vpcs);
  scan('subnet', region.ec2.subnets);
  scan('security group', region.ec2.securityGroups);
  scan(
    'launch template',
    [...region.ec2.launchTemplates.values()].map(t => [
      t.launchTemplateName,
      t,
    ]),
  );
  scan(
    'EC2 instance',
    [...region.ec2.instances].filter(([, i]) => i.state !== 'terminated'),
  );
  scan('EBS volume', region.ec2.volumes);
  scan(
    'load balancer',
    [...region.elbv2.loadBalancers.values()].map(lb => [lb.name, lb]),
  );
  scan(
    'SQS queue',
    [...region.sqs.queues.values()].map(q => [q.name, q]),
  );
  scan(
    'EventBridge rule',
    [...region.events.rules.values()].map(r => [r.name, r]),
  );
  const eks = region.eks;
  if (eks.clusters.has(LIFECYCLE_CLUSTER)) found.push('EKS cluster');
  for (const [what, byCluster] of [
    ['node group', eks.nodegroups],
    ['add-on', eks.addons],
    ['Pod Identity association', eks.podIdentityAssociations],
    ['access entry', eks.accessEntries],
    ['Fargate profile', eks.fargateProfiles],
  ] as const) {
    for (const id of byCluster.get(LIFECYCLE_CLUSTER)?.keys() ?? []) {
      found.push(`${what} ${String(id)}`);
    }
  }
  return found.sort();
}

/** What a create call makes, by the parameters that name it. */
const CREATED_BY: Record<string, (p: any) => unknown[]> = {
  'iam:CreateRole': p => [p.RoleName],
  'iam:CreatePolicy': p => [p.PolicyName],
  'iam:CreateInstanceProfile': p => [p.InstanceProfileName],
  'ec2:CreateLaunchTemplate': p => [p.LaunchTemplateName],
  'ec2:CreateSecurityGroup': p => [p.GroupName, p.VpcId],
  'sqs:CreateQueue': p => [p.QueueName],
  'events:PutRule': p => [p.Name],
  'eks:CreateCluster': p => [p.name],
  'eks:CreateNodegroup': p => [p.clusterName, p.nodegroupName],
  'eks:CreateAddon': p => [p.clusterName, p.addonName],
  'eks:CreateAccessEntry': p => [p.clusterName, p.principalArn],
  'eks:CreatePodIdentityAssociation': p => [
    p.clusterName,
    p.namespace,
    p.serviceAccount,
  ],
};

/** Resources whose create call appears more than once in the write log. */
function createdTwice(writes: SandboxWrite[]): string[] {
  const counts = new Map<string, number>();
  for (const write of writes) {
    const identify = CREATED_BY[`${write.service}:${write.operation}`];
    if (!identify) continue;
    const key = `${write.service}:${write.operation} ${identify(
      write.params,
    ).join(' ')}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].filter(([, n]) => n > 1).map(([key, n]) => `${key} x${n}`);
}

/**
 * 30% throttling, 5% server errors and latency on every AWS service and the
 * Kubernetes API: every action of the cluster's lifecycle completes (its
 * upgrade one minor version and the rollback of that upgrade included),
 * nothing is created or updated twice, and after the delete nothing named
 * for or tagged with the cluster is left.
 */
describe('the lifecycle under throttling, server errors and latency everywhere', () => {
  let harness: SandboxHarness;
  let helm: FakeHelm;
  const injected = { throttle: 0, serverError: 0, calls: 0 };
  /** The cluster's versions after the upgrade and after the rollback. */
  const versionsAfter = new Map<string, ClusterVersions>();

  beforeAll(async () => {
    helm = installFakeHelm();
    harness = await startHarness();
    await prepareLifecycle(harness);
    harness.sandbox.clearWrites();
    harness.sandbox.faults.seed(FAULT_SEED);
    harness.sandbox.faults.set(FAULTS);
    const { faults } = harness.sandbox;
    const decide = faults.decide.bind(faults);
    jest.spyOn(faults, 'decide').mockImplementation((service, operation) => {
      const decision = decide(service, operation);
      injected.calls += 1;
      if (decision.fault) injected[decision.fault] += 1;
      return decision;
    });
  });
  afterAll(async () => {
    helm.restore();
    await harness.stop();
  });

  it('starts from a sandbox with nothing of the cluster', () => {
    expect(resourcesOfCluster(harness.sandbox)).toEqual([]);
  });

  it.each(LIFECYCLE_STEPS.map(step => [step.name, step]))(
    '%s completes',
    async (_name, step) => {
      const before = harness.sandbox.writes.length;
      const { outputs } = await runStep(harness, step);
      expect(outputs.plan).not.toEqual([]);
      expect(harness.sandbox.writes.length).toBeGreaterThan(before);
      versionsAfter.set(
        step.name,
        clusterVersions(harness.sandbox, LIFECYCLE_CLUSTER),
      );
    },
  );

  it('upgraded the cluster and its node group one minor version, then rolled both back', () => {
    const { created, upgraded } = LIFECYCLE_VERSIONS;
    const afterUpgrade = versionsAfter.get(UPGRADE_STEP.name);
    const afterRollback = versionsAfter.get(ROLLBACK_STEP.name);
    expect(afterUpgrade).toMatchObject({
      cluster: upgraded,
      nodegroups: { system: upgraded },
    });
    expect(Object.keys(afterUpgrade!.addons)).toHaveLength(6);
    expect(afterRollback).toMatchObject({
      cluster: created,
      nodegroups: { system: created },
    });
  });

  it('updated nothing twice: each version update was written once', () => {
    const updates = versionUpdates(harness.sandbox.writes);
    const { created, upgraded } = LIFECYCLE_VERSIONS;
    expect(
      updates.filter(u => u.startsWith('eks:UpdateClusterVersion')),
    ).toEqual([
      `eks:UpdateClusterVersion ${LIFECYCLE_CLUSTER} ${upgraded}`,
      `eks:UpdateClusterVersion ${LIFECYCLE_CLUSTER} ${created}`,
    ]);
    expect(
      updates.filter(u => u.startsWith('eks:UpdateNodegroupVersion')),
    ).toEqual([
      `eks:UpdateNodegroupVersion ${LIFECYCLE_CLUSTER} system ${upgraded}`,
      `eks:UpdateNodegroupVersion ${LIFECYCLE_CLUSTER} system ${created}`,
    ]);
    expect(updates.filter((u, i) => updates.indexOf(u) !== i)).toEqual([]);
  });

  it('met the faults it was meant to meet', () => {
    harness.sandbox.faults.clear();
    expect(injected.throttle).toBeGreaterThan(0.2 * injected.calls);
    expect(injected.serverError).toBeGreaterThan(0.02 * injected.calls);
  });

  it('created nothing twice', () => {
    expect(createdTwice(harness.sandbox.writes)).toEqual([]);
  });

  it('left nothing of the cluster behind but the workload role it keeps on purpose', () => {
    // the Pod Identity action's role can be reused on other clusters:
    // cluster:delete keeps it (and says so in its report)
    expect(resourcesOfCluster(harness.sandbox)).toEqual([
      'IAM role ledger-orders-orders-api',
    ]);
  });
});
