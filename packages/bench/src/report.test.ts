import {
  atMost,
  exactly,
  figuresTable,
  info,
  machineLine,
  mergeResultsDocuments,
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

  it('with BENCH_ONLY, replaces the sections run and keeps the others, marked with their run, and their missed goals', () => {
    const doc = (
      command: string,
      date: string,
      results: Parameters<typeof resultsDocument>[0]['results'],
    ) =>
      resultsDocument({
        intro: 'Intro.',
        machine: 'm',
        command,
        date: new Date(date),
        durationSeconds: 1,
        results,
      });
    const full = doc('yarn bench', '2026-01-01T00:00:00Z', [
      { title: 'One', notes: ['Old one.'], figures: [atMost('r', 3, 2)] },
      { title: 'Two', notes: ['Old two.'], figures: [atMost('s', 3, 2)] },
      { title: 'Three', notes: ['Old three.'], figures: [exactly('c', 0, 0)] },
    ]);
    const onlyTwo = doc('BENCH_ONLY=two yarn bench', '2026-01-02T00:00:00Z', [
      { title: 'Two', notes: ['New two.'], figures: [atMost('s', 1, 2)] },
    ]);
    const merged = mergeResultsDocuments(full, onlyTwo);
    expect(merged.match(/^## .*$/gm)).toEqual([
      '## One',
      '## Two',
      '## Three',
      '## Goals missed',
    ]);
    expect(merged).toContain('- Command: `BENCH_ONLY=two yarn bench`');
    expect(merged).toContain('New two.');
    expect(merged).not.toContain('Old two.');
    expect(merged).toContain(
      '## One\n\n_Measured in the run of 2026-01-01T00:00:00.000Z (`yarn bench`), kept when a later run measured other sections._\n\nOld one.',
    );
    expect(merged.split('## Goals missed')[1].trim()).toBe(
      '- One: r = 3.00 (goal <= 2.00)',
    );
    // merged again: a kept section keeps the run it was measured in
    const onlyThree = doc(
      'BENCH_ONLY=three yarn bench',
      '2026-01-03T00:00:00Z',
      [
        {
          title: 'Three',
          notes: ['New three.'],
          figures: [exactly('c', 1, 0)],
        },
      ],
    );
    const again = mergeResultsDocuments(merged, onlyThree);
    expect(again.match(/_Measured in the run of [^ ]+/g)).toEqual([
      '_Measured in the run of 2026-01-01T00:00:00.000Z',
      '_Measured in the run of 2026-01-02T00:00:00.000Z',
    ]);
    expect(again.split('## Goals missed')[1].trim()).toBe(
      '- One: r = 3.00 (goal <= 2.00)\n- Three: c = 1 (goal = 0)',
    );
  });
});
