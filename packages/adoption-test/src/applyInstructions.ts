import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument, stringify } from 'yaml';
import type { ReadmeInstruction } from './readmeInstructions';

type Plain = Record<string, unknown>;

const isPlainObject = (v: unknown): v is Plain =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `patch` merged into `base`: objects key by key, lists appended (a README's
 * `catalog.locations` adds to the app's), anything else replaced.
 */
export function mergeSettings(base: unknown, patch: unknown): unknown {
  if (Array.isArray(base) && Array.isArray(patch)) return [...base, ...patch];
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch;
  const merged: Plain = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    merged[key] = key in base ? mergeSettings(base[key], value) : value;
  }
  return merged;
}

/**
 * `file`'s text with `block` inserted before the line holding `before`,
 * leaving out what an adopter would not type: a first line that only names
 * the file (`// packages/backend/src/index.ts`) and lines the file already
 * has (the app's own `backend.add(...)` of the scaffolder or catalog).
 */
export function insertLines(
  text: string,
  block: string,
  before: string | undefined,
  where: string,
  file = '',
): string {
  const lines = text.split('\n');
  const present = new Set(lines.map(l => l.trim()).filter(Boolean));
  const added = block
    .split('\n')
    .filter((l, i) => !(i === 0 && file && l.trim() === `// ${file}`))
    .filter(l => !present.has(l.trim()))
    .join('\n');
  if (!added.trim()) return text;
  const at = before ? lines.findIndex(l => l.includes(before)) : -1;
  if (before && at === -1) {
    throw new Error(`${where}: no line holds '${before}' to insert before`);
  }
  if (at === -1) return `${text.replace(/\n*$/, '\n')}${added}\n`;
  return [...lines.slice(0, at), ...added.split('\n'), ...lines.slice(at)].join(
    '\n',
  );
}

/** Applies a file instruction (merge-yaml or insert) inside `appDir`. */
export function applyFileInstruction(
  appDir: string,
  instruction: ReadmeInstruction,
): void {
  const path = join(appDir, instruction.file ?? '');
  const where = `${instruction.source} (${instruction.file})`;
  if (instruction.kind === 'merge-yaml') {
    const base = existsSync(path)
      ? parseDocument(readFileSync(path, 'utf8')).toJS() ?? {}
      : {};
    const patch = parseDocument(instruction.body).toJS();
    writeFileSync(path, stringify(mergeSettings(base, patch)));
    return;
  }
  if (!existsSync(path)) {
    throw new Error(`${where}: the app has no such file`);
  }
  writeFileSync(
    path,
    insertLines(
      readFileSync(path, 'utf8'),
      instruction.body,
      instruction.before,
      where,
      instruction.file,
    ),
  );
}
