/* eslint-disable no-console */
import { parseArgs } from 'node:util';
import { SANDBOX_HELM_PATH } from './helmPath';
import type { FleetSeedOptions } from './fleet';
import type { AccountRateLimit } from './rateLimit';
import { DEFAULT_LATENCY_FACTOR, startSandbox, type Sandbox } from './sandbox';

/** The port `eks-sandbox` listens on unless told otherwise. */
export const SANDBOX_CLI_DEFAULT_PORT = 4599;

/** What `eks-sandbox` was asked to do. */
export type SandboxCliCommand =
  | { kind: 'help' }
  | {
      kind: 'start';
      port: number;
      host: string;
      latencyFactor: number;
      quiet: boolean;
      /** Present with --fleet. */
      fleet?: FleetSeedOptions;
      /** Present with --rate-limit. */
      rateLimit?: AccountRateLimit;
    };

/** The text `eks-sandbox --help` prints. */
export const SANDBOX_CLI_USAGE = `Usage: eks-sandbox [options]

Starts the EKS sandbox: a local, stateful stand-in for the AWS APIs (EKS, IAM,
EC2, ELBv2, SQS, EventBridge, STS) and each cluster's Kubernetes API, so the
@backstage-eks plugins, the AWS CLI and kubectl can be tried without AWS.

Options:
  --port <port>              port of the AWS APIs (HTTP) and of the clusters'
                             Kubernetes APIs (HTTPS); 0 picks a free one
                             (env SANDBOX_PORT, default ${SANDBOX_CLI_DEFAULT_PORT})
  --host <host>              address to listen on
                             (env SANDBOX_HOST, default 127.0.0.1)
  --latency-factor <factor>  scales AWS's durations, 1 = real timings
                             (env SANDBOX_LATENCY_FACTOR, default ${DEFAULT_LATENCY_FACTOR})
  --fleet <clusters>         also seed a fleet of that many clusters over
                             accounts 000000000000, 111111111111, ... and
                             regions (env SANDBOX_FLEET)
  --fleet-accounts <n>       accounts of the fleet (default 5)
  --fleet-regions <n>        regions of the fleet (default 4)
  --rate-limit <rps>         AWS requests per second per account; past it,
                             ThrottlingException (env SANDBOX_RATE_LIMIT;
                             default off)
  --rate-limit-burst <n>     requests an idle account may make at once
                             (default: the rate)
  --quiet                    no log line per request
  -h, --help                 print this help

Credentials: access key id = the account id (000000000000 by default),
secret access key = sandbox, any region.
Backstage (app-config.yaml of the backend, no aws.accounts configured):
  eks:
    sandbox:
      enabled: true
      port: <port>
`;

function portOf(value: string, from: string): number {
  const port = Number(value);
  if (
    value.trim() === '' ||
    !Number.isInteger(port) ||
    port < 0 ||
    port > 65535
  ) {
    throw new Error(`${from} must be a port number (0-65535), got "${value}"`);
  }
  return port;
}

function latencyFactorOf(value: string, from: string): number {
  const factor = Number(value);
  if (value.trim() === '' || !Number.isFinite(factor) || factor < 0) {
    throw new Error(`${from} must be a number >= 0, got "${value}"`);
  }
  return factor;
}

/** A setting from its flag, else its environment variable, else its default. */
function settingOf<T>(
  flag: [string | undefined, string],
  envVar: [string | undefined, string],
  parse: (value: string, from: string) => T,
  fallback: T,
): T {
  for (const [value, from] of [flag, envVar]) {
    if (value !== undefined) return parse(value, from);
  }
  return fallback;
}

/**
 * Reads `eks-sandbox`'s arguments, with the SANDBOX_* environment variables
 * as defaults. A flag or value it does not accept is an error naming it.
 */
export function parseSandboxCliArgs(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): SandboxCliCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'latency-factor': { type: 'string' },
        quiet: { type: 'boolean' },
        fleet: { type: 'string' },
        'fleet-accounts': { type: 'string' },
        'fleet-regions': { type: 'string' },
        'rate-limit': { type: 'string' },
        'rate-limit-burst': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    // node:util's own error (not always `instanceof Error` under a test runner)
    const reason = (e as { message?: string })?.message ?? String(e);
    throw new Error(`${reason}\nRun eks-sandbox --help for the options.`);
  }
  const { values } = parsed;
  if (values.help) return { kind: 'help' };
  const port = settingOf(
    [values.port, '--port'],
    [env.SANDBOX_PORT, 'SANDBOX_PORT'],
    portOf,
    SANDBOX_CLI_DEFAULT_PORT,
  );
  const latencyFactor = settingOf(
    [values['latency-factor'], '--latency-factor'],
    [env.SANDBOX_LATENCY_FACTOR, 'SANDBOX_LATENCY_FACTOR'],
    latencyFactorOf,
    DEFAULT_LATENCY_FACTOR,
  );
  const host = values.host ?? env.SANDBOX_HOST ?? '127.0.0.1';
  if (host.trim() === '') {
    throw new Error('--host must name an address, got ""');
  }
  const fleetClusters = values.fleet ?? env.SANDBOX_FLEET;
  const rate = values['rate-limit'] ?? env.SANDBOX_RATE_LIMIT;
  return {
    kind: 'start',
    port,
    host,
    latencyFactor,
    quiet: values.quiet ?? false,
    ...(fleetClusters !== undefined
      ? {
          fleet: {
            clusters: countOf(fleetClusters, '--fleet'),
            accounts: countOf(
              values['fleet-accounts'] ?? '5',
              '--fleet-accounts',
            ),
            regions: countOf(values['fleet-regions'] ?? '4', '--fleet-regions'),
          },
        }
      : {}),
    ...(rate !== undefined
      ? {
          rateLimit: {
            requestsPerSecond: latencyFactorOf(rate, '--rate-limit'),
            ...(values['rate-limit-burst'] !== undefined
              ? {
                  burst: countOf(
                    values['rate-limit-burst'],
                    '--rate-limit-burst',
                  ),
                }
              : {}),
          },
        }
      : {}),
  };
}

function countOf(value: string, from: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 1) {
    throw new Error(`${from} must be a whole number >= 1, got "${value}"`);
  }
  return n;
}

function printStarted(sandbox: Sandbox) {
  const { accessKeyId, secretAccessKey } = sandbox.credentials;
  console.log(
    [
      `sandbox listening on ${sandbox.url} (account ${sandbox.accountId}, region ${sandbox.region}, latency factor ${sandbox.latencyFactor})`,
      `credentials: AWS_ACCESS_KEY_ID=${accessKeyId} AWS_SECRET_ACCESS_KEY=${secretAccessKey}`,
      `try it: aws --endpoint-url ${sandbox.url} --region ${sandbox.region} eks list-clusters`,
      `demo cluster Kubernetes API: ${sandbox.clusterEndpoint(
        'demo',
      )} (HTTPS, CA in DescribeCluster's certificateAuthority.data; kubeconfig: aws eks update-kubeconfig --name demo --region ${
        sandbox.region
      } --endpoint-url ${sandbox.url})`,
      `stand-in helm for the Karpenter action: ${SANDBOX_HELM_PATH} (put its folder first on the Backstage backend's PATH)`,
    ].join('\n'),
  );
}

/**
 * `eks-sandbox` (the package's bin; `yarn workspace @backstage-eks/sandbox
 * start` in this repository): starts the sandbox as `argv` asks, logs one
 * line per request unless `--quiet`, and stops it on SIGINT or SIGTERM.
 * Resolves once it listens (or after printing the help); a bad argument
 * rejects with an error naming it.
 */
export async function runSandboxCli(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<Sandbox | undefined> {
  const command = parseSandboxCliArgs(argv, env);
  if (command.kind === 'help') {
    console.log(SANDBOX_CLI_USAGE);
    return undefined;
  }
  const sandbox = await startSandbox({
    port: command.port,
    host: command.host,
    latencyFactor: command.latencyFactor,
    fleet: command.fleet,
    rateLimit: command.rateLimit,
    log: command.quiet ? undefined : line => console.log(line),
  });
  printStarted(sandbox);
  const shutdown = () => {
    sandbox.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  return sandbox;
}
