import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SANDBOX_SECRET_ACCESS_KEY } from '../aws/sts/accessKeys';
import type { Sandbox } from '../sandbox';

/** What a client printed, and how it ended. */
export interface ClientRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The environment the real AWS CLI and kubectl run in against a sandbox:
 * the process's own, less every AWS_* variable and KUBECONFIG, with the
 * sandbox account's credentials and empty config files in `dir`, so nothing
 * on the machine (a profile, a real credential) reaches the sandbox.
 */
export function isolatedClientEnv(
  sandbox: Sandbox,
  dir: string,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('AWS_') && key !== 'KUBECONFIG')
      env[key] = value;
  }
  return {
    ...env,
    AWS_ACCESS_KEY_ID: sandbox.accountId,
    AWS_SECRET_ACCESS_KEY: SANDBOX_SECRET_ACCESS_KEY,
    AWS_CONFIG_FILE: join(dir, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'aws-credentials'),
  };
}

/** Runs a client to its end (at most a minute), with `input` on its stdin. */
export function runClient(
  command: string,
  args: string[],
  env: Record<string, string>,
  input?: string,
): Promise<ClientRun> {
  return new Promise(done => {
    const child = execFile(
      command,
      args,
      { env, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error
          ? Number((error as { code?: number | string }).code) || 1
          : 0;
        done({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** Which of the real clients (`aws`, `kubectl`) are not on PATH. */
export async function missingClients(
  env: Record<string, string>,
): Promise<string[]> {
  const probes = [
    ['aws', ['--version']],
    ['kubectl', ['version', '--client']],
  ] as const;
  const runs = await Promise.all(
    probes.map(([client, args]) => runClient(client, [...args], env)),
  );
  return probes.filter((_, i) => runs[i].code !== 0).map(([client]) => client);
}

/**
 * Whether a proof by the real clients can run: true when none is missing;
 * in CI a missing client fails the test, elsewhere it is skipped visibly.
 */
export function clientsPresent(missing: string[], proof: string): boolean {
  if (missing.length === 0) return true;
  const names = missing.join(' and ');
  if (process.env.CI === 'true') {
    throw new Error(
      `${names} not found on PATH: CI must have the real clients`,
    );
  }
  // eslint-disable-next-line no-console
  console.warn(
    `SKIPPED: ${proof} needs ${names} on PATH (it fails when CI=true)`,
  );
  return false;
}

/**
 * Writes `<dir>/kubeconfig` for the sandbox's demo cluster: its HTTPS
 * endpoint and CA, and one token from the real `aws eks get-token` (good for
 * 15 minutes) instead of an exec plugin per kubectl call (the TLS suite
 * proves the exec path). Returns the file's path.
 */
export async function writeDemoKubeconfig(
  sandbox: Sandbox,
  dir: string,
  env: Record<string, string>,
  namespace?: string,
): Promise<string> {
  const token = await runClient(
    'aws',
    [
      'eks',
      'get-token',
      '--cluster-name',
      'demo',
      '--endpoint-url',
      sandbox.url,
      '--region',
      sandbox.region,
    ],
    env,
  );
  if (token.code !== 0) {
    throw new Error(`aws eks get-token failed: ${token.stderr}`);
  }
  const file = join(dir, 'kubeconfig');
  writeFileSync(
    file,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'demo',
          cluster: {
            server: sandbox.clusterEndpoint('demo'),
            'certificate-authority-data': Buffer.from(
              sandbox.certificateAuthority,
            ).toString('base64'),
          },
        },
      ],
      users: [
        {
          name: 'demo',
          user: { token: JSON.parse(token.stdout).status.token },
        },
      ],
      contexts: [
        {
          name: 'demo',
          context: { cluster: 'demo', user: 'demo', namespace },
        },
      ],
      'current-context': 'demo',
    }),
  );
  return file;
}
