import { selectBenchmarks } from './benchmarkSelection';

describe('selectBenchmarks', () => {
  it('runs everything without BENCH_ONLY', () => {
    expect(selectBenchmarks(undefined)).toBeUndefined();
  });

  it('takes a comma-separated list of benchmark names', () => {
    expect(selectBenchmarks('health, throughput')).toEqual([
      'health',
      'throughput',
    ]);
  });

  it.each(['', 'health,', 'Health', 'healthview', 'health;throughput'])(
    'refuses %j, naming the variable and the names it takes',
    value => {
      expect(() => selectBenchmarks(value)).toThrow(
        /^BENCH_ONLY must be a comma-separated list of health, provisioning, throughput, upgrade, fleet; ".*" is none of them$/,
      );
    },
  );
});
