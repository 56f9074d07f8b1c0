import { appendFileSync } from 'node:fs';
import { parseArgs } from './args';
import { COMMANDS, type Output } from './commands';
import { HelmError } from './errors';

const HELP = `The Kubernetes package manager (sandbox stand-in)

Usage:
  helm [command]

Available Commands:
  get         download extended information of a named release (values only)
  install     install a chart
  list        list releases
  status      display the status of the named release
  uninstall   uninstall a release
  upgrade     upgrade a release
  version     print the client version information
`;

/** Appends one JSON line per invocation to `$SANDBOX_HELM_LOG`, when set. */
function logInvocation(argv: string[], exitCode: number) {
  const file = process.env.SANDBOX_HELM_LOG;
  if (!file) return;
  appendFileSync(
    file,
    `${JSON.stringify({
      at: new Date().toISOString(),
      args: argv,
      exitCode,
    })}\n`,
  );
}

/**
 * Runs the stand-in helm with `argv` (the arguments after `helm`): writes
 * what helm would to stdout and stderr and returns the exit code.
 */
export async function runHelm(argv: string[]): Promise<number> {
  const out: Output = [];
  let exitCode = 0;
  const flush = () => {
    if (out.length) process.stdout.write(`${out.join('\n')}\n`);
  };
  try {
    const [command, ...rest] = argv;
    if (!command || ['help', '--help', '-h'].includes(command)) {
      process.stdout.write(HELP);
    } else {
      const run = COMMANDS[command];
      if (!run) {
        throw new HelmError(
          `unknown command "${command}" for "helm"\nRun 'helm --help' for usage.`,
        );
      }
      await run(parseArgs(rest), out);
      flush();
    }
  } catch (e) {
    exitCode = 1;
    flush();
    if (e instanceof HelmError) {
      process.stderr.write(`Error: ${e.message}\n`);
      if (e.usage) process.stderr.write(`\nUsage:  ${e.usage}\n`);
    } else {
      process.stderr.write(`Error: ${(e as Error)?.stack ?? String(e)}\n`);
    }
  }
  logInvocation(argv, exitCode);
  return exitCode;
}
