import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import prettier from 'prettier';
import { buildPolicies, COMBINED_ID, PolicyDocument } from './policies';
import { permissionsPage, policyJson } from './render';
import { REPO } from './sdkCalls';
import { policyProblems } from './validate';

export const DOCS = join(REPO, 'docs');

/** Every generated file: repository path and text. */
export async function generatedFiles(): Promise<{
  files: Map<string, string>;
  combined: PolicyDocument;
  problems: string[];
}> {
  const { scopes, combined } = buildPolicies();
  const files = new Map<string, string>();
  const problems: string[] = [];
  const options = (await prettier.resolveConfig(join(DOCS, 'x.md'))) ?? {};
  const format = (path: string, text: string) =>
    files.set(path, prettier.format(text, { ...options, filepath: path }));
  const add = (id: string, policy: PolicyDocument) => {
    for (const p of policyProblems(policy)) problems.push(`${id}.json: ${p}`);
    format(join(DOCS, 'iam', `${id}.json`), policyJson(policy));
  };
  for (const s of scopes) add(s.scope.id, s.policy);
  add(COMBINED_ID, combined);
  format(join(DOCS, 'iam-permissions.md'), permissionsPage(scopes, combined));
  return { files, combined, problems };
}

/** Writes the files; returns their repository paths. */
export function writeFiles(files: Map<string, string>): string[] {
  return [...files].map(([path, text]) => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return relative(REPO, path);
  });
}

/** The generated files that differ from what is committed, and docs/iam files nothing generates. */
export function staleFiles(files: Map<string, string>): string[] {
  const dir = join(DOCS, 'iam');
  const extra = existsSync(dir)
    ? readdirSync(dir)
        .map(name => join(dir, name))
        .filter(path => !files.has(path))
    : [];
  return [
    ...[...files]
      .filter(
        ([path, text]) =>
          !existsSync(path) || readFileSync(path, 'utf8') !== text,
      )
      .map(([path]) => path),
    ...extra,
  ].map(path => relative(REPO, path));
}
