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
