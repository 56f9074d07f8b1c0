import {
  parseSandboxCliArgs,
  runSandboxCli,
  SANDBOX_CLI_DEFAULT_PORT,
} from './sandboxCli';
import { DEFAULT_LATENCY_FACTOR } from './sandbox';

describe('eks-sandbox arguments', () => {
  it('listens on 127.0.0.1:4599 at the default latency factor when told nothing', () => {
    expect(parseSandboxCliArgs([], {})).toEqual({
      kind: 'start',
      port: SANDBOX_CLI_DEFAULT_PORT,
      host: '127.0.0.1',
      latencyFactor: DEFAULT_LATENCY_FACTOR,
      quiet: false,
    });
    expect(SANDBOX_CLI_DEFAULT_PORT).toBe(4599);
  });

  it('takes the flags, which win over the environment', () => {
    expect(
      parseSandboxCliArgs(
        [
          '--port',
          '4610',
          '--host=0.0.0.0',
          '--latency-factor',
          '0.5',
          '--quiet',
        ],
        {
          SANDBOX_PORT: '4700',
          SANDBOX_HOST: 'localhost',
          SANDBOX_LATENCY_FACTOR: '2',
        },
      ),
    ).toEqual({
      kind: 'start',
      port: 4610,
      host: '0.0.0.0',
      latencyFactor: 0.5,
      quiet: true,
    });
  });

  it('falls back to SANDBOX_PORT, SANDBOX_HOST and SANDBOX_LATENCY_FACTOR', () => {
    expect(
      parseSandboxCliArgs([], {
        SANDBOX_PORT: '0',
        SANDBOX_HOST: 'localhost',
        SANDBOX_LATENCY_FACTOR: '1',
      }),
    ).toEqual({
      kind: 'start',
      port: 0,
      host: 'localhost',
      latencyFactor: 1,
      quiet: false,
    });
  });

  it('answers --help and -h with the help', () => {
    expect(parseSandboxCliArgs(['--help'], {})).toEqual({ kind: 'help' });
    expect(parseSandboxCliArgs(['-h', '--port', 'x'], {})).toEqual({
      kind: 'help',
    });
  });

  it.each([
    [
      ['--port', '70000'],
      {},
      '--port must be a port number (0-65535), got "70000"',
    ],
    [
      ['--port', '12.5'],
      {},
      '--port must be a port number (0-65535), got "12.5"',
    ],
    [['--port='], {}, '--port must be a port number (0-65535), got ""'],
    [
      [],
      { SANDBOX_PORT: 'http' },
      'SANDBOX_PORT must be a port number (0-65535), got "http"',
    ],
    [
      ['--latency-factor=-1'],
      {},
      '--latency-factor must be a number >= 0, got "-1"',
    ],
    [
      [],
      { SANDBOX_LATENCY_FACTOR: 'fast' },
      'SANDBOX_LATENCY_FACTOR must be a number >= 0, got "fast"',
    ],
    [['--host', ' '], {}, '--host must name an address, got ""'],
  ])('refuses %j %j: %s', (argv, env, message) => {
    expect(() => parseSandboxCliArgs(argv, env)).toThrow(message);
  });

  it('refuses an unknown flag, a positional and a flag without its value, naming it', () => {
    expect(() => parseSandboxCliArgs(['--prot', '4599'], {})).toThrow(
      /Unknown option '--prot'[\s\S]*eks-sandbox --help/,
    );
    expect(() => parseSandboxCliArgs(['start'], {})).toThrow(/'start'/);
    expect(() => parseSandboxCliArgs(['--port'], {})).toThrow(/--port/);
  });
});

describe('eks-sandbox fleet and rate limit arguments', () => {
  it('takes --fleet with its accounts and regions, and --rate-limit with its burst', () => {
    const command = parseSandboxCliArgs(
      [
        '--fleet',
        '500',
        '--fleet-accounts',
        '3',
        '--rate-limit',
        '20',
        '--rate-limit-burst',
        '40',
      ],
      {},
    );
    expect(command).toMatchObject({
      kind: 'start',
      fleet: { clusters: 500, accounts: 3, regions: 4 },
      rateLimit: { requestsPerSecond: 20, burst: 40 },
    });
    expect(
      parseSandboxCliArgs([], {
        SANDBOX_FLEET: '2000',
        SANDBOX_RATE_LIMIT: '10',
      }),
    ).toMatchObject({
      fleet: { clusters: 2000, accounts: 5, regions: 4 },
      rateLimit: { requestsPerSecond: 10 },
    });
    expect(parseSandboxCliArgs([], {})).not.toHaveProperty('fleet');
    expect(parseSandboxCliArgs([], {})).not.toHaveProperty('rateLimit');
  });

  it('refuses a fleet size or rate that is not a positive number, naming the flag', () => {
    expect(() => parseSandboxCliArgs(['--fleet', 'many'], {})).toThrow(
      /--fleet/,
    );
    expect(() =>
      parseSandboxCliArgs(['--fleet', '10', '--fleet-regions', '0'], {}),
    ).toThrow(/--fleet-regions/);
    expect(() => parseSandboxCliArgs(['--rate-limit', 'x'], {})).toThrow(
      /--rate-limit/,
    );
  });
});

describe('runSandboxCli', () => {
  it('starts a sandbox that answers AWS requests and prints how to reach it', async () => {
    const lines: string[] = [];
    const signalHandlers = {
      SIGINT: process.listeners('SIGINT'),
      SIGTERM: process.listeners('SIGTERM'),
    };
    const log = jest
      .spyOn(console, 'log')
      .mockImplementation((line: string) => void lines.push(line));
    const sandbox = await runSandboxCli(
      ['--port', '0', '--latency-factor', '0', '--quiet'],
      {},
    );
    try {
      expect(sandbox).toBeDefined();
      const printed = lines.join('\n');
      expect(printed).toContain(`sandbox listening on ${sandbox!.url}`);
      expect(printed).toContain(
        `aws --endpoint-url ${
          sandbox!.url
        } --region eu-west-1 eks list-clusters`,
      );
      expect(printed).toMatch(/stand-in helm for the Karpenter action: .*helm/);
      const response = await fetch(`${sandbox!.url}/clusters`);
      // unsigned: the sandbox refuses it as EKS does, so it is listening
      expect(response.status).toBe(403);
    } finally {
      log.mockRestore();
      for (const [signal, before] of Object.entries(signalHandlers)) {
        for (const handler of process.listeners(signal as NodeJS.Signals)) {
          if (!before.includes(handler))
            process.removeListener(signal, handler);
        }
      }
      await sandbox?.stop();
    }
  });

  it('prints the help and starts nothing for --help', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await expect(runSandboxCli(['--help'], {})).resolves.toBeUndefined();
      expect(log).toHaveBeenCalledWith(
        expect.stringContaining('Usage: eks-sandbox [options]'),
      );
    } finally {
      log.mockRestore();
    }
  });
});
