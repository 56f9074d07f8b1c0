import {
  codeOrigin,
  cpuByPhase,
  wholeNumberFromEnv,
  type CpuProfile,
} from './cpuProfile';

describe('cpuByPhase', () => {
  const frame = (functionName: string, url: string) => ({
    functionName,
    url,
    lineNumber: 0,
  });
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(idle)', '') },
      {
        id: 2,
        callFrame: frame('send', 'file:///x/node_modules/@smithy/core/a.js'),
      },
      {
        id: 3,
        callFrame: frame('observe', 'file:///x/plugins/eks-node/src/a.ts'),
      },
      { id: 4, callFrame: frame('(garbage collector)', '') },
    ],
    startTime: 1_000_000,
    // samples 1 ms apart from 1 ms after the start
    samples: [2, 3, 1, 2, 4, 2],
    timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000],
  };

  it('adds up each phase of every load by where the code comes from, without idle time', () => {
    // two loads, from 1.0005 s (samples 0.5 and 1.5 ms in, then idle) and
    // from 1.004 s (samples 0, 1 and 2 ms in)
    const phases = cpuByPhase(
      profile,
      [1_000_500, 1_004_000],
      [
        { name: 'first', fromMs: 0, toMs: 2 },
        { name: 'then', fromMs: 2, toMs: 10 },
      ],
    );
    expect(phases.map(p => [p.phase.name, p.cpuMsPerLoad])).toEqual([
      ['first', 2],
      ['then', 0.5],
    ]);
    expect(phases[0].byPackage).toEqual([
      ['@smithy/core', 1],
      ['plugins/eks-node', 0.5],
      ['(garbage collector)', 0.5],
    ]);
    expect(phases[1].byPackage).toEqual([['@smithy/core', 0.5]]);
  });

  it('names code by npm package, workspace package or Node.js module', () => {
    expect(codeOrigin('file:///a/node_modules/undici/lib/x.js', 'f')).toBe(
      'undici',
    );
    expect(codeOrigin('node:internal/streams/readable', 'f')).toBe(
      'node:streams',
    );
    expect(codeOrigin('node:_http_client', 'f')).toBe('node:_http_client');
    expect(codeOrigin('', '(program)')).toBe('(program)');
  });
});

describe('wholeNumberFromEnv', () => {
  it('takes the variable, or the fallback when it is unset', () => {
    expect(wholeNumberFromEnv({ N: '20' }, 'N', 60)).toBe(20);
    expect(wholeNumberFromEnv({}, 'N', 60)).toBe(60);
  });

  it.each(['', 'abc', '0', '-5', '1.5', '2e3', '20ms'])(
    'refuses %j, naming the variable',
    text => {
      expect(() => wholeNumberFromEnv({ LOADS: text }, 'LOADS', 20)).toThrow(
        `LOADS must be a whole number of at least 1; got "${text}"`,
      );
    },
  );
});
