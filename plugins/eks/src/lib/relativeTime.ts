const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/**
 * A timestamp relative to `now`, e.g. "3 hours ago" or "in 2 days";
 * `undefined` when the timestamp cannot be parsed.
 */
export function formatRelativeTime(
  iso: string,
  now: number = Date.now(),
): string | undefined {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) {
    return undefined;
  }
  const seconds = Math.round((at - now) / 1000);
  const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === 'second') {
      return format.format(Math.trunc(seconds / size), unit);
    }
  }
  return undefined;
}
