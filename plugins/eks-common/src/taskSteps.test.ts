import {
  formatElapsed,
  formatTaskStepLine,
  parseTaskStepLine,
  TaskStepLine,
} from './taskSteps';

describe('task step lines', () => {
  const lines: Array<[TaskStepLine, string]> = [
    [
      { phase: 'started', index: 2, total: 8, title: 'node IAM role' },
      'Step 2/8 started: node IAM role',
    ],
    [
      {
        phase: 'done',
        index: 2,
        total: 8,
        title: 'node IAM role',
        elapsedMs: 1234,
      },
      'Step 2/8 done after 1.2s (1234 ms): node IAM role',
    ],
    [
      {
        phase: 'failed',
        index: 3,
        title: 'the cluster: wait until deleted',
        elapsedMs: 185012,
      },
      'Step 3 failed after 3m5s (185012 ms): the cluster: wait until deleted',
    ],
  ];

  it.each(lines)('writes %j as a line a person reads', (line, text) => {
    expect(formatTaskStepLine(line)).toBe(text);
  });

  it.each(lines)('reads %j back from its line', (line, text) => {
    expect(parseTaskStepLine(text)).toEqual(line);
  });

  it('reads a line as the task page gets it: timestamp, coloured level', () => {
    expect(
      parseTaskStepLine(
        '2026-12-03T13:25:19.123Z \u001b[32minfo\u001b[39m: Step 1/6 done after 850ms (850 ms): Pod Identity agent',
      ),
    ).toEqual({
      phase: 'done',
      index: 1,
      total: 6,
      title: 'Pod Identity agent',
      elapsedMs: 850,
    });
  });

  it('is undefined for any other log line', () => {
    for (const text of [
      'Beginning step Create the cluster',
      'Step 1: LoadBalancer Services and Ingresses',
      'Step 2/8 done: no elapsed time',
      'info: Create IAM role demo-cluster',
      'InputError: clusterName must ...',
    ]) {
      expect(parseTaskStepLine(text)).toBeUndefined();
    }
  });

  it('refuses a line it could not read back, naming the rule', () => {
    expect(() =>
      formatTaskStepLine({ phase: 'started', index: 0, title: 'x' }),
    ).toThrow('step index must be an integer of at least 1, got 0');
    expect(() =>
      formatTaskStepLine({ phase: 'started', index: 3, total: 2, title: 'x' }),
    ).toThrow('step total must be an integer of at least the index 3, got 2');
    expect(() =>
      formatTaskStepLine({ phase: 'started', index: 1, title: 'a\nb' }),
    ).toThrow('step title must be one non-empty line');
    expect(() =>
      formatTaskStepLine({ phase: 'done', index: 1, title: 'x' }),
    ).toThrow('a done step line needs its elapsed time in ms');
  });

  it('writes durations in the largest units that fit', () => {
    expect(formatElapsed(850)).toBe('850ms');
    expect(formatElapsed(59_940)).toBe('59.9s');
    expect(formatElapsed(60_000)).toBe('1m0s');
    expect(formatElapsed(3_725_000)).toBe('1h2m');
  });
});
