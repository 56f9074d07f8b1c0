import type { ClientEnvironment, ClientRun } from './clients';
import { AWS_PARSE_FAILURE } from './clients';
import {
  AwsCase,
  AwsCaseContext,
  AwsCliService,
  cliCommand,
  SeededWorld,
} from './cases';

/** How a case ended: `error` is what made it fail (none: it passed). */
export interface CaseOutcome {
  ms: number;
  error?: Error;
  runs: ClientRun[];
}

const parseJson = (run: ClientRun): Record<string, any> => {
  const text = run.stdout.trim();
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${run.command} printed output that is not JSON:\n${text}`);
  }
};

/** The seeded world, read through the AWS CLI. */
export async function readWorld(env: ClientEnvironment): Promise<SeededWorld> {
  const call = async (
    service: AwsCliService,
    command: string,
    args: string[],
  ) => {
    const run = await env.aws([service, command, ...args]);
    if (run.code !== 0) {
      throw new Error(`${run.command} failed: ${run.stderr}`);
    }
    return parseJson(run);
  };
  const identity = await call('sts', 'get-caller-identity', []);
  const { cluster } = await call('eks', 'describe-cluster', ['--name', 'demo']);
  const vpcId = cluster.resourcesVpcConfig.vpcId as string;
  const privateSubnetIds = cluster.resourcesVpcConfig.subnetIds as string[];
  const subnets = await call('ec2', 'describe-subnets', [
    '--filters',
    `Name=vpc-id,Values=${vpcId}`,
  ]);
  const publicSubnetIds = (subnets.Subnets as any[])
    .filter(s => s.MapPublicIpOnLaunch)
    .map(s => s.SubnetId as string);
  const roleArn = async (name: string) =>
    (await call('iam', 'get-role', ['--role-name', name])).Role.Arn as string;
  const { QueueUrl } = await call('sqs', 'get-queue-url', [
    '--queue-name',
    'Karpenter-demo',
  ]);
  const { Attributes } = await call('sqs', 'get-queue-attributes', [
    '--queue-url',
    QueueUrl,
    '--attribute-names',
    'QueueArn',
  ]);
  return {
    accountId: identity.Account,
    region: env.region,
    vpcId,
    privateSubnetIds,
    publicSubnetIds,
    cluster: 'demo',
    clusterRoleArn: cluster.roleArn,
    nodeRoleArn: await roleArn('demo-node'),
    karpenterNodeRoleArn: await roleArn('KarpenterNodeRole-demo'),
    queueUrl: QueueUrl,
    queueArn: Attributes.QueueArn,
    ruleName: 'Karpenter-demo-SpotInterrupt',
  };
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * Runs one case: its preparation, then the call itself. A good case must
 * succeed with JSON output its checks accept; a bad case must fail with the
 * real service's error code, as the CLI prints it. No run of the case may
 * show a response the CLI could not parse.
 */
export async function runAwsCase(
  c: AwsCase,
  index: number,
  env: ClientEnvironment,
  world: SeededWorld,
): Promise<CaseOutcome> {
  const started = Date.now();
  const runs: ClientRun[] = [];
  const t: AwsCaseContext = {
    world,
    name: prefix => `${prefix}-${index}`,
    call: async (service, command, args) => {
      const run = await env.aws([service, command, ...args]);
      runs.push(run);
      if (run.code !== 0) {
        throw new Error(
          `preparing the case, ${run.command} failed (exit ${run.code}):\n${run.stderr}`,
        );
      }
      return parseJson(run);
    },
    waitFor: async (what, probe) => {
      const deadline = Date.now() + 30_000;
      while (!(await probe())) {
        if (Date.now() > deadline)
          throw new Error(`timed out waiting for ${what}`);
        await sleep(50);
      }
    },
  };
  let error: Error | undefined;
  try {
    const args = await c.args(t);
    const run = await env.aws([c.service, cliCommand(c), ...args], {
      env: c.credentials && {
        AWS_SECRET_ACCESS_KEY: c.credentials.secretAccessKey,
        ...(c.credentials.accessKeyId && {
          AWS_ACCESS_KEY_ID: c.credentials.accessKeyId,
        }),
      },
    });
    runs.push(run);
    if (c.kind === 'good') {
      if (run.code !== 0) {
        throw new Error(
          `expected ${run.command} to succeed; it exited ${run.code}:\n${run.stderr}`,
        );
      }
      await c.check?.(parseJson(run), t);
    } else {
      const expected = `An error occurred (${c.error}) when calling the ${c.operation} operation`;
      if (run.code === 0 || !run.stderr.includes(expected)) {
        throw new Error(
          `expected ${run.command} to fail with "${expected}"; it exited ${
            run.code
          }:\n${run.stderr || run.stdout}`,
        );
      }
    }
  } catch (e) {
    error = e instanceof Error ? e : new Error(String(e));
  }
  const unparsed = runs.filter(r => AWS_PARSE_FAILURE.test(r.stderr));
  if (unparsed.length > 0 && !error) {
    error = new Error(
      `the CLI could not parse a response:\n${unparsed
        .map(r => `${r.command}\n${r.stderr}`)
        .join('\n')}`,
    );
  }
  return { error, runs, ms: Date.now() - started };
}
