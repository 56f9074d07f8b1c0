import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';

/** Where a step's commands run and where their output goes. */
export interface CommandContext {
  cwd: string;
  /** Every command's output is appended here. */
  logFile: string;
  env?: NodeJS.ProcessEnv;
}

/** Runs a shell command to its end; rejects with the log's path on failure. */
export function run(
  command: string,
  ctx: CommandContext,
  opts: { input?: string; timeoutMs?: number } = {},
): Promise<void> {
  const log = createWriteStream(ctx.logFile, { flags: 'a' });
  log.write(`\n$ (${ctx.cwd}) ${command}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-eo', 'pipefail', '-c', command], {
      cwd: ctx.cwd,
      env: { ...process.env, ...ctx.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    child.stdin.end(opts.input ?? '');
    const timer = setTimeout(() => {
      stopProcessGroup(child);
      reject(
        new Error(
          `'${command}' did not finish in ${opts.timeoutMs} ms (log: ${ctx.logFile})`,
        ),
      );
    }, opts.timeoutMs ?? 20 * 60_000);
    child.on('close', code => {
      clearTimeout(timer);
      log.end();
      if (code === 0) resolve();
      else
        reject(
          new Error(`'${command}' exited with ${code} (log: ${ctx.logFile})`),
        );
    });
  });
}

/** Starts a long-running command in a process group of its own. */
export function startInBackground(
  command: string,
  ctx: CommandContext,
): ChildProcess {
  const log = createWriteStream(ctx.logFile, { flags: 'a' });
  log.write(`\n$ (${ctx.cwd}, in the background) ${command}\n`);
  const child = spawn('bash', ['-c', command], {
    cwd: ctx.cwd,
    env: { ...process.env, ...ctx.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return child;
}

/** Ends a process started here and everything it started. */
export function stopProcessGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

/** A TCP port nothing listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** Polls `url` until `accept` says yes, or fails after `timeoutMs`. */
export async function waitForUrl(
  url: string,
  timeoutMs: number,
  accept: (response: Response) => boolean = r => r.ok,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (accept(response)) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`${url} was not ready in ${timeoutMs / 1000} s (${last})`);
}
