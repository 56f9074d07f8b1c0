const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};
const DECIMAL: Record<string, number> = {
  m: 1e-3,
  '': 1,
  k: 1e3,
  K: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
};

/** Parses a Kubernetes quantity (`100m`, `2`, `512Mi`, `1G`) to a number. */
export function parseQuantity(value: string | number | undefined): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const match = /^([0-9.]+)([A-Za-z]*)$/.exec(value.trim());
  if (!match) {
    throw new Error(`"${value}" is not a Kubernetes quantity`);
  }
  const [, number, suffix] = match;
  const factor = BINARY[suffix] ?? DECIMAL[suffix];
  if (factor === undefined) {
    throw new Error(`"${value}" has an unknown quantity suffix "${suffix}"`);
  }
  return Number(number) * factor;
}

/** Formats CPU cores as Kubernetes writes them (`2`, `1930m`). */
export function formatCpu(cores: number): string {
  const milli = Math.round(cores * 1000);
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** Formats bytes as Kubernetes writes node memory (`16070364Ki`, `8Gi`). */
export function formatMemory(bytes: number): string {
  if (bytes % BINARY.Gi === 0) return `${bytes / BINARY.Gi}Gi`;
  if (bytes % BINARY.Mi === 0) return `${bytes / BINARY.Mi}Mi`;
  return `${Math.round(bytes / BINARY.Ki)}Ki`;
}
