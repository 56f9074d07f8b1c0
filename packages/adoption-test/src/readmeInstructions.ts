import { readFileSync } from 'node:fs';

/**
 * A fenced code block of a README that an adopter is told to apply, marked
 * `adoption` in its info string so this test applies exactly what a reader
 * sees:
 *
 * - ` ```sh adoption ` commands run in the app's root, one per line
 *   (`# comments` skipped); ` ```sh adoption background ` starts a
 *   long-running command (a server) and leaves it running;
 * - ` ```yaml adoption file=app-config.yaml ` settings merged into that file;
 * - ` ```ts adoption file=packages/backend/src/index.ts before="backend.start();" `
 *   lines inserted before the first line that holds the anchor (or appended
 *   when there is none).
 */
export interface ReadmeInstruction {
  /** The README it comes from, and the line of its opening fence. */
  source: string;
  kind: 'run' | 'background' | 'merge-yaml' | 'insert';
  language: string;
  /** For merge-yaml and insert: the file, relative to the app's root. */
  file?: string;
  /** For insert: the text of the line to insert before. */
  before?: string;
  body: string;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const ATTRIBUTE = /([\w-]+)=(?:"([^"]*)"|'([^']*)'|(\S+))|(\S+)/g;
const SHELLS = new Set(['sh', 'bash', 'shell', 'console']);

/** The words and key=value pairs of a fence's info string. */
export function parseInfoString(info: string): {
  words: string[];
  attributes: Record<string, string>;
} {
  const words: string[] = [];
  const attributes: Record<string, string> = {};
  for (const m of info.trim().matchAll(ATTRIBUTE)) {
    if (m[1]) attributes[m[1]] = m[2] ?? m[3] ?? m[4] ?? '';
    else if (m[5]) words.push(m[5]);
  }
  return { words, attributes };
}

/** The `adoption` blocks of a README's Markdown, in order. */
export function readmeInstructions(
  markdown: string,
  source: string,
): ReadmeInstruction[] {
  const lines = markdown.split('\n');
  const found: ReadmeInstruction[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const fence = open[1];
    const closing = new RegExp(`^ {0,3}\\${fence[0]}{${fence.length},}\\s*$`);
    const end = lines.findIndex((l, j) => j > i && closing.test(l));
    const close = end === -1 ? lines.length : end;
    const { words, attributes } = parseInfoString(open[2]);
    if (words.includes('adoption')) {
      found.push(
        toInstruction(
          words,
          attributes,
          lines.slice(i + 1, close).join('\n'),
          `${source}:${i + 1}`,
        ),
      );
    }
    i = close;
  }
  return found;
}

function toInstruction(
  words: string[],
  attributes: Record<string, string>,
  body: string,
  source: string,
): ReadmeInstruction {
  const language = words[0] === 'adoption' ? '' : words[0];
  if (attributes.file) {
    return {
      source,
      kind: language === 'yaml' || language === 'yml' ? 'merge-yaml' : 'insert',
      language,
      file: attributes.file,
      before: attributes.before,
      body,
    };
  }
  if (!SHELLS.has(language)) {
    throw new Error(
      `${source}: an adoption block is a shell block or names its file= (got '${language}' without file=)`,
    );
  }
  return {
    source,
    kind: words.includes('background') ? 'background' : 'run',
    language,
    body,
  };
}

/** The commands of a shell block: one per line, comments and blanks left out. */
export function shellCommands(body: string): string[] {
  return body
    .split('\n')
    .map(l => l.trim())
    .filter(l => l && !l.startsWith('#'))
    .map(l => l.replace(/^\$\s+/, ''));
}

/** The `adoption` blocks of the README files, in the order given. */
export function readReadmeInstructions(paths: string[]): ReadmeInstruction[] {
  return paths.flatMap(p => readmeInstructions(readFileSync(p, 'utf8'), p));
}
