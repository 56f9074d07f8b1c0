import pLimit from 'p-limit';
import { Sandbox, startSandbox } from '@backstage-eks/sandbox';
import { AWS_CASES } from './__testUtils__/awsCases';
import { CaseOutcome, readWorld, runAwsCase } from './__testUtils__/awsHarness';
import {
  ClientEnvironment,
  findClients,
  AWS_PARSE_FAILURE,
  missingClients,
} from './__testUtils__/clients';
import { caseTitle } from './__testUtils__/coverage';

jest.setTimeout(1_800_000);

/** Cases run four at a time; each uses names of its own, so none depends on another. */
const CONCURRENCY = 4;

const missing = missingClients(['aws'], findClients());

describe('the AWS CLI against the sandbox', () => {
  if (missing) {
    if (process.env.CI === 'true') {
      it('finds the AWS CLI on PATH (required in CI)', () => {
        expect(missing).toBeUndefined();
      });
    } else {
      // eslint-disable-next-line no-console
      console.warn(missing);
      it.todo(`AWS CLI conformance cases (skipped: ${missing})`);
    }
    return;
  }

  let sandbox: Sandbox;
  let env: ClientEnvironment;
  const outcomes = new Map<number, CaseOutcome>();

  beforeAll(async () => {
    // latency 0: state transitions happen at once, so the cases wait for nothing
    sandbox = await startSandbox({ latencyFactor: 0 });
    env = new ClientEnvironment(sandbox.url, sandbox.region);
    const world = await readWorld(env);
    const limit = pLimit(CONCURRENCY);
    await Promise.all(
      AWS_CASES.map((c, i) =>
        limit(async () => outcomes.set(i, await runAwsCase(c, i, env, world))),
      ),
    );
  });

  afterAll(async () => {
    const runs = [...outcomes.values()].flatMap(o => o.runs);
    const ms = runs.map(r => r.ms).sort((x, y) => x - y);
    // eslint-disable-next-line no-console
    console.log(
      `conformance (aws): ${AWS_CASES.length} cases, ${
        new Set(AWS_CASES.map(c => `${c.service} ${c.operation}`)).size
      } operations, ${runs.length} CLI runs (median ${
        ms[Math.floor(ms.length / 2)]
      } ms)`,
    );
    env?.dispose();
    await sandbox?.stop();
  });

  it.each(AWS_CASES.map((c, i) => [caseTitle(c), i] as const))(
    '%s',
    (_title, i) => {
      const outcome = outcomes.get(i);
      expect(outcome?.runs.length).toBeGreaterThan(0);
      if (outcome?.error) throw outcome.error;
    },
  );

  it('every response the CLI received parsed', () => {
    const failures = [...outcomes.values()]
      .flatMap(o => o.runs)
      .filter(r => AWS_PARSE_FAILURE.test(r.stderr))
      .map(r => `${r.command}: ${r.stderr.trim()}`);
    expect(failures).toEqual([]);
    expect(outcomes.size).toBe(AWS_CASES.length);
  });
});
