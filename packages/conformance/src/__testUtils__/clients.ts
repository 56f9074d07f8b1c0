import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { SANDBOX_SECRET_ACCESS_KEY } from '@backstage-eks/sandbox';

/** A real client this suite drives: the AWS CLI or kubectl. */
export type ClientName = 'aws' | 'kubectl';

/** What a client printed and how it ended. */
export interface ClientRun {
  command: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  /**
   * True when the run was ended by `stopWhen` rather than by the client
   * itself or the timeout. kubectl traps SIGTERM once a watch is open and
   * exits with code 1, so `signal` alone does not tell who ended it.
   */
  stoppedByCaller: boolean;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * What the AWS CLI prints when a response does not parse (botocore's
 * ResponseParserError for XML and JSON bodies). A conformant sandbox makes
 * none of them appear.
 */
export const AWS_PARSE_FAILURE =
  /Unable to parse response|ResponseParserError|invalid XML received|invalid JSON received|not well-formed|Traceback \(most recent call last\)/;

/**
 * What kubectl (client-go) prints when a response does not decode: JSON
 * syntax errors, bodies that are not a Status, watch streams it cannot read.
 */
export const KUBECTL_PARSE_FAILURE =
  /couldn't get version\/kind; json parse error|invalid character '.' (looking for beginning of value|after)|unexpected end of JSON input|unable to decode an event from the watch stream|the server responded with the status code \d+ but did not return more information|failed to decode|error decoding response|Object 'Kind' is missing in/;

/**
 * The AWS CLI executable behind `aws`: when `aws` is a pyenv shim (a shell
 * script that starts pyenv, then Python), the CLI it runs, so that each of
 * the suite's hundreds of calls does not pay for the shim. Otherwise `aws`.
 */
export function awsExecutable(): string {
  const r = spawnSync('pyenv', ['which', 'aws'], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  return !r.error && r.status === 0 && r.stdout.trim()
    ? r.stdout.trim()
    : 'aws';
}

/** The clients found on PATH (`aws --version`, `kubectl version --client`). */
export function findClients(
  env: NodeJS.ProcessEnv = process.env,
): Record<ClientName, string | undefined> {
  const version = (command: string, args: string[]) => {
    const r = spawnSync(command, args, {
      encoding: 'utf8',
      timeout: 20_000,
      env,
    });
    if (r.error || r.status !== 0) return undefined;
    return `${r.stdout}${r.stderr}`.trim().split('\n')[0];
  };
  return {
    aws: version('aws', ['--version']),
    kubectl: version('kubectl', ['version', '--client']),
  };
}

/**
 * What is said when a client is missing: undefined when all are found. The
 * suites then fail under CI=true (they must run in CI) and otherwise skip,
 * printing this.
 */
export function missingClients(
  needed: ClientName[],
  found: Record<ClientName, string | undefined>,
): string | undefined {
  const missing = needed.filter(c => !found[c]);
  if (missing.length === 0) return undefined;
  return `conformance: ${missing
    .map(c => `the ${c} CLI`)
    .join(' and ')} not found on PATH, so these conformance cases cannot run${
    process.env.CI === 'true' ? '' : ' (skipped; CI=true makes this a failure)'
  }`;
}

/** Runs a command to its end (or kills it after `timeoutMs`). */
export function runCommand(
  command: string,
  args: string[],
  opts: {
    env: NodeJS.ProcessEnv;
    input?: string;
    timeoutMs?: number;
    /** Ends the child (SIGTERM) as soon as its stdout satisfies this. */
    stopWhen?: (stdout: string) => boolean;
  },
): Promise<ClientRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: opts.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let stoppedByCaller = false;
    let exited = false;
    const timer = setTimeout(
      () => child.kill('SIGTERM'),
      opts.timeoutMs ?? 60_000,
    );
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      stdout += d;
      if (!exited && !stoppedByCaller && opts.stopWhen?.(stdout)) {
        stoppedByCaller = true;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', e => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('exit', () => {
      exited = true;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        command: [command, ...args]
          .map(a =>
            a.length > 160 ? `${a.slice(0, 150)}…(${a.length} chars)` : a,
          )
          .join(' '),
        code,
        signal,
        stoppedByCaller,
        stdout,
        stderr,
        ms: Date.now() - started,
      });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/**
 * The environment both clients run in: fixed credentials for the sandbox's
 * account, empty AWS config and credentials files (nothing of the machine's
 * own AWS setup leaks in), no pager, and kubectl's caches in a temp folder.
 */
export class ClientEnvironment {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  private readonly awsPath: string;

  constructor(readonly sandboxUrl: string, readonly region: string) {
    this.dir = mkdtempSync(join(tmpdir(), 'conformance-'));
    const config = join(this.dir, 'aws-config');
    const credentials = join(this.dir, 'aws-credentials');
    writeFileSync(config, '');
    writeFileSync(credentials, '');
    const env: NodeJS.ProcessEnv = {};
    for (const key of ['LANG', 'LC_ALL', 'TMPDIR', 'SSL_CERT_FILE']) {
      if (process.env[key] !== undefined) env[key] = process.env[key];
    }
    this.awsPath = awsExecutable();
    // kubectl's exec plugin runs `aws eks get-token`: the same executable first on PATH
    const path = [
      ...(this.awsPath === 'aws' ? [] : [dirname(this.awsPath)]),
      process.env.PATH ?? '',
    ].join(delimiter);
    this.env = {
      ...env,
      PATH: path,
      HOME: this.dir,
      AWS_ACCESS_KEY_ID: '000000000000',
      // the account's own key: the sandbox checks EKS tokens' signatures with it
      AWS_SECRET_ACCESS_KEY: SANDBOX_SECRET_ACCESS_KEY,
      AWS_CONFIG_FILE: config,
      AWS_SHARED_CREDENTIALS_FILE: credentials,
      AWS_PAGER: '',
      AWS_DEFAULT_OUTPUT: 'json',
      AWS_MAX_ATTEMPTS: '1',
      AWS_RETRY_MODE: 'standard',
      KUBECACHEDIR: join(this.dir, 'kube-cache'),
    };
  }

  /**
   * `aws --endpoint-url <sandbox> --region <region> <args> --output json`,
   * with `env` over the environment's variables.
   */
  aws(
    args: string[],
    opts: { input?: string; env?: NodeJS.ProcessEnv } = {},
  ): Promise<ClientRun> {
    return runCommand(
      this.awsPath,
      [
        '--endpoint-url',
        this.sandboxUrl,
        '--region',
        this.region,
        ...args,
        '--output',
        'json',
      ],
      {
        env: { ...this.env, ...opts.env },
        input: opts.input,
        timeoutMs: 60_000,
      },
    );
  }

  /** A kubeconfig for a cluster, written by `aws eks update-kubeconfig`. */
  async kubeconfig(cluster: string): Promise<string> {
    const file = join(this.dir, `kubeconfig-${cluster}`);
    const run = await this.aws([
      'eks',
      'update-kubeconfig',
      '--name',
      cluster,
      '--kubeconfig',
      file,
    ]);
    if (run.code !== 0) {
      throw new Error(
        `aws eks update-kubeconfig --name ${cluster} failed: ${run.stderr}`,
      );
    }
    return file;
  }

  /** kubectl with a kubeconfig, in the same environment (its exec plugin runs `aws eks get-token`). */
  kubectl(
    kubeconfig: string,
    args: string[],
    opts: {
      input?: string;
      timeoutMs?: number;
      stopWhen?: (stdout: string) => boolean;
    } = {},
  ): Promise<ClientRun> {
    return runCommand('kubectl', ['--kubeconfig', kubeconfig, ...args], {
      env: this.env,
      input: opts.input,
      timeoutMs: opts.timeoutMs ?? 60_000,
      stopWhen: opts.stopWhen,
    });
  }

  dispose() {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
