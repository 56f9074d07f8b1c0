/** The benchmarks `yarn bench` runs, by the names BENCH_ONLY takes. */
export const BENCHMARK_NAMES = [
  'health',
  'provisioning',
  'throughput',
  'upgrade',
  'fleet',
] as const;

export type BenchmarkName = (typeof BENCHMARK_NAMES)[number];

/**
 * The benchmarks to run: all without BENCH_ONLY, else the comma-separated
 * names it lists. An unknown or empty name is an error naming the variable.
 */
export function selectBenchmarks(
  benchOnly: string | undefined,
): BenchmarkName[] | undefined {
  if (benchOnly === undefined) return undefined;
  const names = benchOnly.split(',').map(name => name.trim());
  for (const name of names) {
    if (!(BENCHMARK_NAMES as readonly string[]).includes(name)) {
      throw new Error(
        `BENCH_ONLY must be a comma-separated list of ${BENCHMARK_NAMES.join(
          ', ',
        )}; "${name}" is none of them`,
      );
    }
  }
  return names as BenchmarkName[];
}
