import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A Helm release as `helm list -o json` shows it. @public */
export interface HelmRelease {
  name: string;
  namespace: string;
  chart: string;
  appVersion?: string;
  status: string;
}

/** Install/upgrade request of {@link HelmRunner.upgradeInstall}. @public */
export interface HelmUpgradeInstallRequest {
  release: string;
  chart: string;
  version?: string;
  namespace: string;
  values: Record<string, unknown>;
  /** kubeconfig YAML for the cluster (written to a temp file). */
  kubeconfig: string;
  timeoutSeconds: number;
}

/**
 * What the provisioning steps need from Helm. The default implementation
 * ({@link SpawnHelmRunner}) runs the real `helm` CLI.
 *
 * @public
 */
export interface HelmRunner {
  listReleases(opts: {
    namespace: string;
    kubeconfig: string;
  }): Promise<HelmRelease[]>;
  /** The values the release was installed with (`helm status -o json`'s `config`). */
  getUserValues(opts: {
    release: string;
    namespace: string;
    kubeconfig: string;
  }): Promise<Record<string, unknown>>;
  upgradeInstall(request: HelmUpgradeInstallRequest): Promise<void>;
  uninstall(opts: {
    release: string;
    namespace: string;
    kubeconfig: string;
  }): Promise<void>;
}

/** Thrown when the helm binary cannot be run. @public */
export class HelmNotFoundError extends Error {
  constructor(helmPath: string) {
    super(
      `The "${helmPath}" executable was not found on PATH of the Backstage backend. ` +
        'Karpenter is installed with the Helm CLI: install Helm 3.8+ on the backend host ' +
        '(https://helm.sh/docs/intro/install/, e.g. "curl -fsSL https://raw.githubusercontent.com/helm/helm/main/scripts/get-helm-3 | bash" ' +
        'or add it to the backend image), or set eks.provisioning.helmPath to its location.',
    );
    this.name = 'HelmNotFoundError';
  }
}

/**
 * A helm command that exited with an error. `code` is the HTTP status of
 * a transient Kubernetes API answer that made it fail (429 throttling, 5xx
 * server errors the client did not retry itself), so a caller can run the
 * idempotent command again; otherwise undefined.
 *
 * @public
 */
export class HelmCommandError extends Error {
  readonly code?: number;

  constructor(message: string) {
    super(message);
    this.name = 'HelmCommandError';
    this.code = transientStatusOf(message);
  }
}

/** The messages client-go prints for answers worth another try. */
const TRANSIENT_HELM_ERRORS: Array<[RegExp, number]> = [
  [/too many requests|TooManyRequests/i, 429],
  [/the server is currently unable to handle the request/i, 503],
  [/an error on the server .* has prevented the request/i, 500],
  [
    /Internal error occurred|etcdserver: (request timed out|leader changed)/,
    500,
  ],
  [/http2: client connection lost|connection reset by peer|i\/o timeout/, 503],
];

function transientStatusOf(message: string): number | undefined {
  return TRANSIENT_HELM_ERRORS.find(([pattern]) => pattern.test(message))?.[1];
}

/**
 * Runs the real `helm` CLI with `--kubeconfig <temp file>` per call; the file
 * holds the cluster's URL and an EKS bearer token and is removed afterwards.
 *
 * @public
 */
export class SpawnHelmRunner implements HelmRunner {
  private readonly helmPath: string;

  constructor(opts: { helmPath?: string } = {}) {
    this.helmPath = opts.helmPath ?? 'helm';
  }

  async listReleases(opts: {
    namespace: string;
    kubeconfig: string;
  }): Promise<HelmRelease[]> {
    const out = await this.run(opts.kubeconfig, [
      'list',
      '--namespace',
      opts.namespace,
      '--output',
      'json',
    ]);
    const parsed = out.trim() ? (JSON.parse(out) as HelmRelease[]) : [];
    return parsed.map(r => ({
      name: r.name,
      namespace: r.namespace,
      chart: r.chart,
      appVersion: (r as { app_version?: string }).app_version ?? r.appVersion,
      status: r.status,
    }));
  }

  async getUserValues(opts: {
    release: string;
    namespace: string;
    kubeconfig: string;
  }): Promise<Record<string, unknown>> {
    const out = await this.run(opts.kubeconfig, [
      'status',
      opts.release,
      '--namespace',
      opts.namespace,
      '--output',
      'json',
    ]);
    const parsed = out.trim()
      ? (JSON.parse(out) as { config?: Record<string, unknown> })
      : {};
    return parsed.config ?? {};
  }

  async upgradeInstall(request: HelmUpgradeInstallRequest): Promise<void> {
    const dir = await mkdtemp(join(tmpdir(), 'eks-helm-values-'));
    try {
      const valuesFile = join(dir, 'values.json');
      await writeFile(valuesFile, JSON.stringify(request.values), {
        mode: 0o600,
      });
      await this.run(request.kubeconfig, [
        'upgrade',
        '--install',
        request.release,
        request.chart,
        ...(request.version ? ['--version', request.version] : []),
        '--namespace',
        request.namespace,
        '--create-namespace',
        '--values',
        valuesFile,
        '--wait',
        '--timeout',
        `${request.timeoutSeconds}s`,
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async uninstall(opts: {
    release: string;
    namespace: string;
    kubeconfig: string;
  }): Promise<void> {
    await this.run(opts.kubeconfig, [
      'uninstall',
      opts.release,
      '--namespace',
      opts.namespace,
      '--wait',
    ]);
  }

  private async run(kubeconfig: string, args: string[]): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'eks-helm-'));
    const kubeconfigFile = join(dir, 'kubeconfig');
    try {
      await writeFile(kubeconfigFile, kubeconfig, { mode: 0o600 });
      return await this.spawn([...args, '--kubeconfig', kubeconfigFile]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private spawn(args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.helmPath, args, {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: process.env,
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', chunk => {
        stdout += chunk;
      });
      child.stderr.on('data', chunk => {
        stderr += chunk;
      });
      child.on('error', error => {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(new HelmNotFoundError(this.helmPath));
        } else {
          reject(error);
        }
      });
      child.on('close', code => {
        if (code === 0) {
          resolve(stdout);
        } else {
          reject(
            new HelmCommandError(
              `helm ${args[0]} failed with exit code ${code}: ${
                stderr.trim() || stdout.trim()
              }`,
            ),
          );
        }
      });
    });
  }
}
