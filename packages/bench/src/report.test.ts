import {
  atMost,
  exactly,
  figuresTable,
  info,
  machineLine,
  resultsDocument,
} from './report';

describe('report', () => {
  it('judges figures against their goals', () => {
    expect(atMost('ratio', 2.31, 2.3)).toEqual({
      name: 'ratio',
      value: '2.31',
      goal: '<= 2.30',
      pass: false,
    });
    expect(atMost('ratio', 2.3, 2.3).pass).toBe(true);
    expect(exactly('calls', 0, 0).pass).toBe(true);
    expect(exactly('calls', 1, 0).pass).toBe(false);
    expect(info('L', 200).pass).toBeUndefined();
  });

  it('writes a markdown table with PASS, MISS and figures without a goal', () => {
    expect(
      figuresTable([
        atMost('a | b', 1, 2),
        exactly('c', 3, 0),
        info('d', 'x'),
      ]).split('\n'),
    ).toEqual([
      '| Figure | Value | Goal | Result |',
      '| --- | --- | --- | --- |',
      '| a \\| b | 1.00 | <= 2.00 | PASS |',
      '| c | 3 | = 0 | **MISS** |',
      '| d | x |  |  |',
    ]);
  });

  it('names every missed goal with its figure at the end', () => {
    const text = resultsDocument({
      intro: 'Intro.',
      machine: machineLine(),
      command: 'yarn bench',
      date: new Date('2026-01-02T03:04:05Z'),
      durationSeconds: 12,
      results: [
        {
          title: 'One',
          notes: ['How.'],
          figures: [atMost('ratio', 3, 2.3), exactly('calls', 0, 0)],
        },
      ],
    });
    expect(text).toContain('- Command: `yarn bench`');
    expect(text).toContain(`Node ${process.version}`);
    expect(text).toContain('- Date: 2026-01-02T03:04:05.000Z');
    expect(text.split('## Goals missed')[1].trim()).toBe(
      '- One: ratio = 3.00 (goal <= 2.30)',
    );
  });
});
