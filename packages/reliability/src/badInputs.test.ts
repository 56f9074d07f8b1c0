import { createEksActions } from '@backstage-eks/plugin-scaffolder-backend-module-eks';
import {
  actionContext,
  FakeHelm,
  installFakeHelm,
  runAsScaffolder,
  SandboxHarness,
  startHarness,
} from '@backstage-eks/plugin-scaffolder-backend-module-eks/testUtils';
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

  it('covers at least 200 cases across all actions and routes, 100% refused cleanly', () => {
    const total = actionCases.length + allRouteCases.length;
    expect(total).toBeGreaterThanOrEqual(200);
    expect(new Set(actionCases.map(c => c.target)).size).toBe(5);
    expect(new Set(allRouteCases.map(c => c.target))).toEqual(
      new Set(routes.map(r => r.id)),
    );
    expect(outcomes.size).toBe(total);
    const failed = [...outcomes].filter(([, problem]) => problem);
    expect(failed).toEqual([]);
  });
});
