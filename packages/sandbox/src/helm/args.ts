import { HelmError } from './errors';

const VALUE_FLAGS = new Set([
  '--namespace',
  '-n',
  '--kubeconfig',
  '--kube-context',
  '--version',
  '--set',
  '--set-string',
  '--values',
  '-f',
  '--timeout',
  '--output',
  '-o',
  '--description',
  '--revision',
  '--template',
]);

const BOOLEAN_FLAGS = new Set([
  '--install',
  '-i',
  '--create-namespace',
  '--wait',
  '--wait-for-jobs',
  '--atomic',
  '--debug',
  '--dry-run',
  '--force',
  '--reset-values',
  '--reuse-values',
  '--all-namespaces',
  '-A',
  '--short',
  '--skip-crds',
  '--keep-history',
  '--no-hooks',
  '--all',
  '-a',
]);

const LONG_NAMES: Record<string, string> = {
  '-n': '--namespace',
  '-f': '--values',
  '-o': '--output',
  '-i': '--install',
  '-A': '--all-namespaces',
  '-a': '--all',
};

/** Flags that may be given more than once; every value is kept, in order. */
export interface RepeatedFlags {
  '--set': string[];
  '--set-string': string[];
  '--values': string[];
}

/** A parsed command line: positional arguments, single flags and repeated flags. */
export interface HelmArgs {
  positional: string[];
  /** Boolean flags (true/false) and value flags (their last value), by long name. */
  flags: Record<string, string | boolean | undefined>;
  multi: RepeatedFlags;
}

function isRepeated(name: string): name is keyof RepeatedFlags {
  return name === '--set' || name === '--set-string' || name === '--values';
}

/** Parses helm's flags (`--flag value`, `--flag=value`, shorthands, booleans). */
export function parseArgs(argv: string[]): HelmArgs {
  const positional: string[] = [];
  const flags: HelmArgs['flags'] = {};
  const multi: RepeatedFlags = {
    '--set': [],
    '--set-string': [],
    '--values': [],
  };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    let inline: string | undefined;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      inline = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const name = LONG_NAMES[arg] ?? arg;
    if (BOOLEAN_FLAGS.has(arg)) {
      flags[name] = inline === undefined ? true : inline !== 'false';
      continue;
    }
    if (!VALUE_FLAGS.has(arg)) {
      throw new HelmError(
        arg.startsWith('--')
          ? `unknown flag: ${arg}`
          : `unknown shorthand flag: '${arg.slice(1)}' in ${arg}`,
      );
    }
    const value = inline !== undefined ? inline : argv[++i];
    if (value === undefined) {
      throw new HelmError(`flag needs an argument: ${arg}`);
    }
    if (isRepeated(name)) multi[name].push(value);
    else flags[name] = value;
  }
  return { positional, flags, multi };
}

/** A value flag's value, or undefined when it was not given. */
export function stringFlag(args: HelmArgs, name: string): string | undefined {
  const value = args.flags[name];
  return typeof value === 'string' ? value : undefined;
}

/** Whether a boolean flag was given (and not as `=false`). */
export function booleanFlag(args: HelmArgs, name: string): boolean {
  return args.flags[name] === true;
}

const DURATION_UNITS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Go's time.ParseDuration for what helm users write (5m0s, 300s, 1h30m), in milliseconds. */
export function parseDuration(text: string): number {
  if (text === '0') return 0;
  const invalid = () =>
    new HelmError(
      `invalid argument "${text}" for "--timeout" flag: time: invalid duration "${text}"`,
    );
  if (text.length === 0) throw invalid();
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/y;
  let total = 0;
  let pos = 0;
  while (pos < text.length) {
    re.lastIndex = pos;
    const match = re.exec(text);
    if (!match) throw invalid();
    total += Number(match[1]) * DURATION_UNITS[match[2]];
    pos = re.lastIndex;
  }
  return total;
}
