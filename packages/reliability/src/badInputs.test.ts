import { createEksActions } from '@backstage-eks/plugin-scaffolder-backend-module-eks';
import {
  actionContext,
  FakeHelm,
  installFakeHelm,
  runAsScaffolder,
  SandboxHarness,
  startHarness,
} from '@backstage-eks/scaffolder-test-utils';
import request from 'supertest';
import {
  actionCases,
  openApiRoutes,
  routeCases,
  ruleOf,
  validParameterValues,
  type ActionCase,
  type RouteCase,
} from './__testUtils__/badInputsCorpus';
import { startEksBackend } from './__testUtils__/eksBackend';

jest.setTimeout(120_000);

const routes = openApiRoutes();
const allRouteCases = routeCases(routes);

/** The problem with each case's outcome, or undefined when it passed. */
const outcomes = new Map<string, string | undefined>();

/** What each case came to, for the counts of the closing note. */
interface Tally {
  preflightClass?: string;
  /** Refused with an InputError or 400 naming the field and the rule. */
  refused: boolean;
  /** Writes the sandbox logged before the refusal. */
  writes: number;
  /** A 5xx status (route) or an AWS 5xx error (action). */
  serverError: boolean;
}
const tallies = new Map<string, Tally>();

/** The counts, printed once the suite ends. */
function summary(): string {
  const lines: string[] = [];
  const count = (label: string, list: Tally[]) =>
    lines.push(
      `${label}: ${list.length} cases, ${
        list.filter(t => t.refused).length
      } refused, ${
        list.filter(t => t.writes > 0).length
      } with writes before the refusal (${list.reduce(
        (n, t) => n + t.writes,
        0,
      )} writes), ${list.filter(t => t.serverError).length} 5xx`,
    );
  const all = [...tallies.values()];
  count('bad inputs, all', all);
  const preflight = all.filter(t => t.preflightClass);
  count('  read-only AWS checks before the first write (preflight)', preflight);
  for (const cls of [...new Set(preflight.map(t => t.preflightClass!))]) {
    count(
      `    ${cls}`,
      preflight.filter(t => t.preflightClass === cls),
    );
  }
  return lines.join('\n');
}

function title(c: ActionCase | RouteCase, index: number) {
  return `#${index} ${c.target} ${c.field}: ${c.label}`;
}

describe('bad inputs', () => {
  let harness: SandboxHarness;
  let helm: FakeHelm;
  let actions: ReturnType<typeof createEksActions>;
  let server: Awaited<ReturnType<typeof startEksBackend>>;

  beforeAll(async () => {
    harness = await startHarness();
    helm = installFakeHelm();
    actions = createEksActions(harness.options);
    server = await startEksBackend(harness.sandbox);
  });
  afterAll(async () => {
    helm.restore();
    await harness.stop();
    // the counts for the closing note
    process.stdout.write(`\n${summary()}\n`);
  });

  /** Writes of the case, then a clean sandbox for the next one. */
  async function writesOfCase(): Promise<string[]> {
    const writes = harness.sandbox.writes.map(
      w => `${w.service}:${w.operation}`,
    );
    if (writes.length > 0) await harness.sandbox.reset();
    harness.sandbox.clearWrites();
    return writes;
  }

  describe('actions: InputError naming the field and the rule, no write', () => {
    beforeEach(() => harness.sandbox.clearWrites());

    it.each(actionCases.map((c, i) => [title(c, i), c] as const))(
      '%s',
      async (name, c) => {
        const action = actions.find(a => a.id === c.target)!;
        const { ctx } = actionContext(structuredClone(c.input));
        const error = await runAsScaffolder(action, ctx).then(
          () => undefined,
          (e: Error) => e,
        );
        const writes = await writesOfCase();
        const message = error?.message.slice(0, 500);
        const problems = [
          !error && 'the action completed',
          error && error.name !== 'InputError' && `${error.name}: ${message}`,
          error?.name === 'InputError' &&
            !error.message.includes(c.field) &&
            `message does not name ${c.field}: ${message}`,
          error?.name === 'InputError' &&
            !c.rule.test(error.message) &&
            `message does not state ${c.rule}: ${message}`,
          writes.length > 0 && `writes: ${writes.join(', ')}`,
        ].filter(Boolean);
        outcomes.set(name, problems.join('; ') || undefined);
        const status = (error as { $metadata?: { httpStatusCode?: number } })
          ?.$metadata?.httpStatusCode;
        tallies.set(name, {
          preflightClass: c.preflightClass,
          refused:
            error?.name === 'InputError' &&
            error.message.includes(c.field) &&
            c.rule.test(error.message),
          writes: writes.length,
          serverError: (status ?? 0) >= 500,
        });
        expect(problems).toEqual([]);
      },
    );

    it.each(
      actionCases
        .map((c, i) => [title(c, i), c] as const)
        .filter(([, c]) => c.preflightClass),
    )('dry run: %s', async (_name, c) => {
      const action = actions.find(a => a.id === c.target)!;
      const { ctx } = actionContext(structuredClone(c.input), {
        isDryRun: true,
      });
      const error = await runAsScaffolder(action, ctx).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(await writesOfCase()).toEqual([]);
      expect(error?.name).toBe('InputError');
      expect(error?.message).toContain(c.field);
      expect(error?.message).toMatch(c.rule);
    });

    it('covers every class of input AWS checks read-only, refused before any write', () => {
      expect(
        [...new Set(actionCases.map(c => c.preflightClass))]
          .filter(Boolean)
          .sort(),
      ).toEqual(
        [
          'inline policy grammar and size',
          'managed policy existence',
          'role trust',
          'role existence',
          'instance type offering',
          'region',
          'subnets',
          'Kubernetes version',
          'add-on Pod Identity',
          'Karpenter chart version',
          'upgrade and rollback preconditions',
        ].sort(),
      );
    });
  });

  describe('routes: 400 naming the parameter, no write', () => {
    it('every parameter of the OpenAPI spec has a valid value and bad cases', () => {
      const parameters = routes.flatMap(r => r.parameters.map(p => p.name));
      expect(parameters.filter(p => !(p in validParameterValues))).toEqual([]);
      expect(
        routes.flatMap(r =>
          r.parameters.filter(p => !ruleOf(r, p.name)).map(p => p.name),
        ),
      ).toEqual([]);
      const uncovered = routes.flatMap(route =>
        route.parameters
          .filter(
            p =>
              !allRouteCases.some(
                c => c.target === route.id && c.field === p.name,
              ),
          )
          .map(p => `${route.id} ${p.name}`),
      );
      expect(uncovered).toEqual([]);
    });

    it.each(allRouteCases.map((c, i) => [title(c, i), c] as const))(
      '%s',
      async (name, c) => {
        harness.sandbox.clearWrites();
        const res = await request(server).get(c.path).query(c.query);
        const writes = await writesOfCase();
        const message: string = res.body?.error?.message ?? res.text;
        const problems = [
          res.status !== 400 &&
            `status ${res.status}: ${message.slice(0, 300)}`,
          res.status === 400 &&
            !message.includes(c.field) &&
            `message does not name ${c.field}: ${message}`,
          res.status === 400 &&
            !c.rule.test(message) &&
            `message does not state ${c.rule}: ${message}`,
          writes.length > 0 && `writes: ${writes.join(', ')}`,
        ].filter(Boolean);
        outcomes.set(name, problems.join('; ') || undefined);
        tallies.set(name, {
          refused:
            res.status === 400 &&
            message.includes(c.field) &&
            c.rule.test(message),
          writes: writes.length,
          serverError: res.status >= 500,
        });
        expect(problems).toEqual([]);
      },
    );
  });

  describe('routes without parameters: any query is ignored, never a 5xx', () => {
    const bare = routes.filter(
      r => r.parameters.length === 0 && r.method === 'get',
    );
    it.each(bare.map(r => [r.id, r] as const))('%s', async (_id, route) => {
      const path = `/api/eks${route.path}`;
      const plain = await request(server).get(path);
      expect(plain.status).toBe(200);
      // unknown and hostile values are ignored
      for (const query of [
        { refresh: 'yes', limit: '-1', region: 'mars-1' },
        { 'a[b]': '../../etc/passwd', constructor: 'x' },
        { x: '\u0000\u202e<script>', y: 'x'.repeat(5000) },
      ]) {
        const res = await request(server).get(path).query(query);
        expect({ query, status: res.status }).toEqual({ query, status: 200 });
        expect(res.headers['content-type']).toBe(plain.headers['content-type']);
      }
      // a value given twice is refused as on every route
      const twice = await request(server)
        .get(path)
        .query({ q: ['a', 'b'] });
      expect(twice.status).toBe(400);
      expect(twice.body.error.message).toMatch(/q must be given once/);
    });
  });

  it('covers at least 200 cases across all actions and routes, 100% refused cleanly', () => {
    const total = actionCases.length + allRouteCases.length;
    expect(total).toBeGreaterThanOrEqual(200);
    expect(new Set(actionCases.map(c => c.target))).toEqual(
      new Set(actions.map(a => a.id)),
    );
    // routes without parameters have no bad value to refuse: they are
    // checked above to ignore any query they are given
    expect(new Set(allRouteCases.map(c => c.target))).toEqual(
      new Set(routes.filter(r => r.parameters.length > 0).map(r => r.id)),
    );
    expect(outcomes.size).toBe(total);
    const failed = [...outcomes].filter(([, problem]) => problem);
    expect(failed).toEqual([]);
  });
});

/**
 * Idempotency is for resuming and re-running the same request, not for
 * taking over someone else's resources: the sandbox's seeded `demo` (its
 * node group, add-ons and Karpenter made without these actions) is refused
 * before any write, and adopted only with `adopt: true`, whose dry run
 * lists every change.
 */
describe('bad inputs: taking over what another made', () => {
  let harness: SandboxHarness;
  let helm: FakeHelm;
  let actions: ReturnType<typeof createEksActions>;

  beforeAll(async () => {
    harness = await startHarness();
    helm = installFakeHelm();
    actions = createEksActions(harness.options);
  });
  afterAll(async () => {
    helm.restore();
    await harness.stop();
  });
  beforeEach(async () => {
    await harness.sandbox.reset();
    harness.sandbox.clearWrites();
  });

  const run = async (
    id: string,
    input: Record<string, unknown>,
    opts: { isDryRun?: boolean } = {},
  ) => {
    const action = actions.find(a => a.id === id)!;
    const { ctx, outputs } = actionContext(input, opts);
    const error = await runAsScaffolder(action, ctx).then(
      () => undefined,
      (e: Error) => e,
    );
    return {
      error,
      outputs,
      writes: harness.sandbox.writes.map(w => `${w.service}:${w.operation}`),
    };
  };
  const newClusterNamedDemo = {
    clusterName: 'demo',
    nodeGroup: {
      name: 'system',
      instanceTypes: ['t3.large'],
      minSize: 2,
      maxSize: 4,
      desiredSize: 2,
    },
  };
  const upgrades = {
    clusterName: 'demo',
    addons: ['vpc-cni', 'coredns', 'kube-proxy', 'eks-pod-identity-agent'].map(
      name => ({ name, version: 'latest' }),
    ),
  };

  it('cluster:create with the name of an existing cluster is refused before any write, naming who owns it and how to adopt it', async () => {
    const { error, writes } = await run(
      'aws:eks:cluster:create',
      newClusterNamedDemo,
    );
    expect(error?.name).toBe('InputError');
    expect(error?.message).toMatch(/^adopt: refusing to take over/);
    expect(error?.message).toMatch(
      /EKS cluster demo exists and was not made by this request \(not made by Backstage\)/,
    );
    expect(error?.message).toMatch(
      /node group system .*scaling 3-6 \(desired 3\) -> 2-4 \(desired 2\)/,
    );
    expect(error?.message).toMatch(/adopt: true/);
    expect(writes).toEqual([]);
  });

  it('cluster:create with adopt: true lists in its dry run every change it would make to demo', async () => {
    const { error, outputs, writes } = await run(
      'aws:eks:cluster:create',
      { ...newClusterNamedDemo, adopt: true },
      { isDryRun: true },
    );
    expect(error).toBeUndefined();
    expect(outputs.plan).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'tag',
          resource: 'EKS cluster demo',
        }),
        expect.objectContaining({
          action: 'tag',
          resource: 'node group system',
        }),
        expect.objectContaining({
          action: 'update',
          resource: 'node group system',
          detail: 'scaling',
        }),
      ]),
    );
    expect(writes).toEqual([]);
  });

  it("addon:install that would upgrade demo's add-ons is refused before any write, and its adopting dry run lists the upgrades", async () => {
    const refused = await run('aws:eks:addon:install', upgrades);
    expect(refused.error?.name).toBe('InputError');
    expect(refused.error?.message).toMatch(
      /add-on coredns exists and was not made by this request \(not made by Backstage\); this run would change it: version \S+ -> \S+/,
    );
    expect(refused.writes).toEqual([]);

    const planned = await run(
      'aws:eks:addon:install',
      { ...upgrades, adopt: true },
      { isDryRun: true },
    );
    expect(planned.error).toBeUndefined();
    const plan = planned.outputs.plan as {
      action: string;
      resource: string;
      detail?: string;
    }[];
    expect(
      plan.filter(c => c.action === 'update').map(c => c.resource),
    ).toEqual(expect.arrayContaining(['add-on coredns', 'add-on kube-proxy']));
    expect(plan.filter(c => c.action === 'tag')).toHaveLength(4);
    expect(planned.writes).toEqual([]);
  });

  it('karpenter:install on demo never re-points its association: refused with a report of what cannot serve', async () => {
    const { error, writes } = await run('aws:eks:karpenter:install', {
      clusterName: 'demo',
    });
    expect(error?.name).toBe('InputError');
    expect(error?.message).toMatch(
      /Pod Identity association kube-system\/karpenter \(role arn:aws:iam::\d+:role\/KarpenterController-demo\) exists .*does not allow .*ec2:CreateLaunchTemplate/,
    );
    expect(error?.message).not.toMatch(/SQS queue Karpenter-demo/);
    expect(writes).toEqual([]);
  });

  it("pod-identity:create that would re-point the association of demo's load balancer controller is refused before any write", async () => {
    const { error, writes } = await run('aws:eks:pod-identity:create', {
      clusterName: 'demo',
      namespace: 'kube-system',
      serviceAccount: 'aws-load-balancer-controller',
      managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
    });
    expect(error?.name).toBe('InputError');
    expect(error?.message).toMatch(
      /Pod Identity association kube-system\/aws-load-balancer-controller exists and was not made by this request \(not made by Backstage\); this run would change it: re-point it from \S+demo-aws-load-balancer-controller to \S+demo-kube-system-aws-load-balancer-controller/,
    );
    expect(writes).toEqual([]);
  });
});
