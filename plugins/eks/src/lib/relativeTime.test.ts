import { formatRelativeTime } from './relativeTime';

describe('formatRelativeTime', () => {
  const now = Date.parse('2026-11-21T20:00:00.000Z');

  it.each([
    ['2026-11-21T19:59:30.000Z', '30 seconds ago'],
    ['2026-11-21T19:45:00.000Z', '15 minutes ago'],
    ['2026-11-21T17:00:00.000Z', '3 hours ago'],
    ['2026-11-20T09:00:00.000Z', 'yesterday'],
    ['2026-11-01T00:00:00.000Z', '2 weeks ago'],
    ['2025-10-01T00:00:00.000Z', 'last year'],
    ['2026-11-23T20:00:00.000Z', 'in 2 days'],
    ['2026-11-21T20:00:00.000Z', 'now'],
  ])('formats %s as %s', (iso, expected) => {
    expect(formatRelativeTime(iso, now)).toBe(expected);
  });

  it('returns undefined for a value that is not a timestamp', () => {
    expect(formatRelativeTime('yesterday-ish', now)).toBeUndefined();
  });
});
