import { arch, cpus, platform, release, totalmem } from 'node:os';

/** One measured figure, with its goal when it has one. */
export interface Figure {
  name: string;
  value: string;
  /** e.g. `<= 2.3`; empty when the figure is informative only. */
  goal?: string;
  /** Whether the goal is met; undefined when there is no goal. */
  pass?: boolean;
}

/** The figures of one benchmark, with the text that explains them. */
export interface BenchmarkResult {
  title: string;
  /** Markdown paragraphs: what was run and how the figures are defined. */
  notes: string[];
  figures: Figure[];
}

/** A figure compared with an upper bound. */
export function atMost(
  name: string,
  value: number,
  goal: number,
  format: (n: number) => string = n => n.toFixed(2),
): Figure {
  return {
    name,
    value: format(value),
    goal: `<= ${format(goal)}`,
    pass: value <= goal,
  };
}

/** A figure compared with an exact expected value. */
export function exactly(name: string, value: number, goal: number): Figure {
  return {
    name,
    value: String(value),
    goal: `= ${goal}`,
    pass: value === goal,
  };
}

/** A figure without a goal. */
export function info(name: string, value: string | number): Figure {
  return { name, value: String(value) };
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** A markdown table of figures: Figure | Value | Goal | Result. */
export function figuresTable(figures: Figure[]): string {
  const rows = figures.map(f => {
    let verdict = '';
    if (f.pass !== undefined) verdict = f.pass ? 'PASS' : '**MISS**';
    return `| ${cell(f.name)} | ${cell(f.value)} | ${cell(
      f.goal ?? '',
    )} | ${verdict} |`;
  });
  return [
    '| Figure | Value | Goal | Result |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** The machine the figures come from: CPU, cores, memory, OS, Node. */
export function machineLine(): string {
  const cpuList = cpus();
  const model = cpuList[0]?.model.trim() ?? 'unknown CPU';
  const memoryGiB = (totalmem() / 1024 ** 3).toFixed(1);
  return `${model}, ${
    cpuList.length
  } cores, ${memoryGiB} GiB RAM, ${platform()} ${release()} ${arch()}, Node ${
    process.version
  }`;
}

/** The whole RESULTS.md. */
export function resultsDocument(opts: {
  intro: string;
  machine: string;
  command: string;
  date: Date;
  durationSeconds: number;
  results: BenchmarkResult[];
}): string {
  const missed = opts.results.flatMap(r =>
    r.figures
      .filter(f => f.pass === false)
      .map(f => `${r.title}: ${f.name} = ${f.value} (goal ${f.goal})`),
  );
  const sections = opts.results.map(r =>
    [`## ${r.title}`, ...r.notes, figuresTable(r.figures)].join('\n\n'),
  );
  const text = [
    '# Benchmark results',
    opts.intro,
    [
      `- Machine: ${opts.machine}`,
      `- Command: \`${opts.command}\``,
      `- Date: ${opts.date.toISOString()}`,
      `- Run time: ${opts.durationSeconds.toFixed(0)} s, one process`,
    ].join('\n'),
    ...sections,
    '## Goals missed',
    missed.length ? missed.map(m => `- ${m}`).join('\n') : 'None.',
  ].join('\n\n');
  return `${text}\n`;
}

interface ParsedResults {
  /** Everything before the first section. */
  head: string;
  /** Each section's title and its text after the heading, in order. */
  sections: Array<{ title: string; body: string }>;
  /** The bullets of "Goals missed", each `- <title>: ...`. */
  missed: string[];
}

const GOALS_MISSED = 'Goals missed';

function parseResults(document: string): ParsedResults {
  const [head, ...parts] = document.split(/^## /m);
  const sections: ParsedResults['sections'] = [];
  let missed: string[] = [];
  for (const part of parts) {
    const newline = part.indexOf('\n');
    const title = (newline < 0 ? part : part.slice(0, newline)).trim();
    const body = newline < 0 ? '' : part.slice(newline + 1).trim();
    if (title === GOALS_MISSED) {
      missed = body.split('\n').filter(line => line.startsWith('- '));
    } else {
      sections.push({ title, body });
    }
  }
  return { head, sections, missed };
}

/** The value of a `- Name: value` line of a document's head. */
function headValue(head: string, name: string): string | undefined {
  return new RegExp(`^- ${name}: (.*)$`, 'm').exec(head)?.[1].trim();
}

/** The line a kept section starts with: the run it was measured in. */
const KEPT_MARK = '_Measured in the run of ';

/**
 * RESULTS.md after a run of some of the benchmarks (BENCH_ONLY): `fresh`
 * (that run's {@link resultsDocument}) with the sections of `previous` that
 * it did not run kept as they were, in `previous`'s order, each marked with
 * the run it comes from, and their missed goals kept too.
 */
export function mergeResultsDocuments(previous: string, fresh: string): string {
  const before = parseResults(previous);
  const now = parseResults(fresh);
  const freshTitles = new Set(now.sections.map(s => s.title));
  const run = `${headValue(before.head, 'Date') ?? 'an earlier date'} (${
    headValue(before.head, 'Command') ?? '`yarn bench`'
  })`;
  const kept = before.sections
    .filter(s => !freshTitles.has(s.title))
    .map(s => ({
      title: s.title,
      body: s.body.startsWith(KEPT_MARK)
        ? s.body
        : `${KEPT_MARK}${run}, kept when a later run measured other sections._\n\n${s.body}`,
    }));
  const order = [
    ...before.sections.map(s => s.title),
    ...now.sections.map(s => s.title),
  ].filter((title, i, all) => all.indexOf(title) === i);
  const byTitle = new Map(
    [...kept, ...now.sections].map(s => [s.title, s] as const),
  );
  const sections = order.map(title => byTitle.get(title)!);
  const missedOf = (title: string) =>
    (freshTitles.has(title) ? now.missed : before.missed).filter(line =>
      line.startsWith(`- ${title}: `),
    );
  const missed = order.flatMap(missedOf);
  return `${[
    now.head.trim(),
    ...sections.map(s => `## ${s.title}\n\n${s.body}`),
    `## ${GOALS_MISSED}`,
    missed.length ? missed.join('\n') : 'None.',
  ].join('\n\n')}\n`;
}
