import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse } from 'yaml';
import { HelmError } from './errors';
import { isObject, type Values } from './values';

/** How to reach and authenticate to the cluster a kubeconfig context names. */
export interface ClusterAccess {
  /** The API server URL, without a trailing slash (may carry a path prefix). */
  server: string;
  /** PEM of the CA to verify the server with (else the system roots). */
  ca?: string;
  /** `insecure-skip-tls-verify`: no verification at all (real helm honours it too). */
  insecureSkipTlsVerify: boolean;
  /** `tls-server-name`: the name to verify the server certificate against. */
  tlsServerName?: string;
  /**
   * The bearer token, computed on first use (a static token, a token file, or
   * an exec credential plugin such as `aws eks get-token`); undefined when the
   * user has none. Like client-go, it is only ever sent over TLS.
   */
  bearerToken(): string | undefined;
}

function unreachable(detail: string): HelmError {
  return new HelmError(`Kubernetes cluster unreachable: ${detail}`);
}

function named(list: unknown, name: unknown): Values | undefined {
  if (!Array.isArray(list)) return undefined;
  const entry: unknown = list.find(e => isObject(e) && e.name === name);
  return isObject(entry) ? entry : undefined;
}

function field(obj: unknown, key: string): unknown {
  return isObject(obj) ? obj[key] : undefined;
}

function optionalString(obj: unknown, key: string): string | undefined {
  const value = field(obj, key);
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * Runs an exec credential plugin as client-go does: the command with its
 * args and env, `KUBERNETES_EXEC_INFO` describing the request, and the token
 * read from the ExecCredential it prints.
 */
function execCredential(exec: Values, baseDir: string): string {
  const command = optionalString(exec, 'command');
  if (!command) {
    throw unreachable(
      'getting credentials: exec: no command in the kubeconfig',
    );
  }
  const apiVersion =
    optionalString(exec, 'apiVersion') ??
    'client.authentication.k8s.io/v1beta1';
  const args = Array.isArray(exec.args) ? exec.args.map(String) : [];
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (Array.isArray(exec.env)) {
    for (const entry of exec.env) {
      const name = optionalString(entry, 'name');
      if (name) env[name] = String(field(entry, 'value') ?? '');
    }
  }
  env.KUBERNETES_EXEC_INFO = JSON.stringify({
    apiVersion,
    kind: 'ExecCredential',
    spec: { interactive: false },
  });
  // like client-go, a command with a path separator is relative to the kubeconfig
  const executable =
    command.includes('/') && !isAbsolute(command)
      ? resolve(baseDir, command)
      : command;
  let output: string;
  try {
    output = execFileSync(executable, args, {
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
  } catch (e) {
    const error = e as NodeJS.ErrnoException & { status?: number };
    throw unreachable(
      error.code === 'ENOENT'
        ? `getting credentials: exec: executable ${command} not found`
        : `getting credentials: exec: executable ${command} failed with exit code ${
            error.status ?? 1
          }`,
    );
  }
  let credential: unknown;
  try {
    credential = JSON.parse(output);
  } catch {
    throw unreachable(
      "getting credentials: decoding stdout: couldn't get version/kind; json parse error",
    );
  }
  const token = optionalString(field(credential, 'status'), 'token');
  if (!token) {
    throw unreachable(
      "getting credentials: exec plugin didn't return a token or cert/key pair",
    );
  }
  return token;
}

/**
 * Reads the kubeconfig named by `--kubeconfig` (else `$KUBECONFIG`, its first
 * file) and resolves the context (`--kube-context`, else `current-context`)
 * to its cluster and user, as helm does through client-go.
 */
export function loadClusterAccess(
  kubeconfigFlag: string | undefined,
  contextFlag: string | undefined,
): ClusterAccess {
  const file =
    kubeconfigFlag ??
    process.env.KUBECONFIG?.split(':').find(path => path.length > 0);
  if (!file) {
    throw unreachable('no kubeconfig: pass --kubeconfig or set KUBECONFIG');
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw unreachable(`stat ${file}: no such file or directory`);
  }
  const baseDir = dirname(resolve(file));
  let config: unknown;
  try {
    config = parse(text);
  } catch (e) {
    throw unreachable(
      `error loading config file "${file}": ${(e as Error).message}`,
    );
  }
  const contextName = contextFlag ?? field(config, 'current-context');
  const context = field(
    named(field(config, 'contexts'), contextName),
    'context',
  );
  if (!context) {
    throw unreachable(
      `context "${
        typeof contextName === 'string' ? contextName : ''
      }" does not exist`,
    );
  }
  const cluster = field(
    named(field(config, 'clusters'), field(context, 'cluster')),
    'cluster',
  );
  const user = field(
    named(field(config, 'users'), field(context, 'user')),
    'user',
  );
  const server = optionalString(cluster, 'server');
  if (!server) {
    throw unreachable('the kubeconfig names no cluster server');
  }
  const caData = optionalString(cluster, 'certificate-authority-data');
  const caFile = optionalString(cluster, 'certificate-authority');
  let ca: string | undefined;
  if (caData) {
    ca = Buffer.from(caData, 'base64').toString('utf8');
  } else if (caFile) {
    const path = isAbsolute(caFile) ? caFile : resolve(baseDir, caFile);
    try {
      ca = readFileSync(path, 'utf8');
    } catch {
      throw unreachable(`unable to read certificate-authority ${caFile}`);
    }
  }
  let token: string | undefined;
  let computed = false;
  const bearerToken = () => {
    if (!computed) {
      computed = true;
      const tokenFile = optionalString(user, 'tokenFile');
      const exec = field(user, 'exec');
      token = optionalString(user, 'token');
      if (!token && tokenFile) {
        const path = isAbsolute(tokenFile)
          ? tokenFile
          : resolve(baseDir, tokenFile);
        try {
          token = readFileSync(path, 'utf8').trim();
        } catch {
          throw unreachable(`open ${path}: no such file or directory`);
        }
      }
      if (!token && isObject(exec)) token = execCredential(exec, baseDir);
    }
    return token;
  };
  return {
    server: server.replace(/\/+$/, ''),
    ca,
    insecureSkipTlsVerify: field(cluster, 'insecure-skip-tls-verify') === true,
    tlsServerName: optionalString(cluster, 'tls-server-name'),
    bearerToken,
  };
}
