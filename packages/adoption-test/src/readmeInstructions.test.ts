import {
  parseInfoString,
  readmeInstructions,
  shellCommands,
} from './readmeInstructions';
import { insertLines, mergeSettings } from './applyInstructions';

const README = [
  '# A plugin',
  '',
  '```sh adoption',
  '# from the app root',
  'yarn --cwd packages/backend add @backstage-eks/plugin-eks-backend',
  '```',
  '',
  '```sh',
  'yarn something --not-applied',
  '```',
  '',
  '```ts adoption file=packages/backend/src/index.ts before="backend.start();"',
  "backend.add(import('@backstage-eks/plugin-eks-backend'));",
  '```',
  '',
  '````yaml adoption file=app-config.local.yaml',
  'eks:',
  '  sandbox:',
  '    enabled: true',
  '```',
  'still yaml: a longer fence closes only on as long a fence',
  '````',
  '',
  '```sh adoption background',
  'npx @backstage-eks/sandbox --port 4599',
  '```',
].join('\n');

describe('readmeInstructions', () => {
  it('finds the adoption blocks, in order, and what each one does', () => {
    const found = readmeInstructions(README, 'README.md');
    expect(found.map(i => [i.kind, i.source, i.file])).toEqual([
      ['run', 'README.md:3', undefined],
      ['insert', 'README.md:12', 'packages/backend/src/index.ts'],
      ['merge-yaml', 'README.md:16', 'app-config.local.yaml'],
      ['background', 'README.md:24', undefined],
    ]);
    expect(found[1].before).toBe('backend.start();');
    expect(found[2].body).toContain('still yaml');
    expect(shellCommands(found[0].body)).toEqual([
      'yarn --cwd packages/backend add @backstage-eks/plugin-eks-backend',
    ]);
  });

  it('refuses an adoption block that is neither a shell block nor names its file', () => {
    expect(() =>
      readmeInstructions('```tsx adoption\n<EntityEksContent />\n```', 'R.md'),
    ).toThrow(
      "R.md:1: an adoption block is a shell block or names its file= (got 'tsx' without file=)",
    );
  });

  it('reads quoted and bare attributes', () => {
    expect(parseInfoString(`ts adoption file=a.ts before='x y'`)).toEqual({
      words: ['ts', 'adoption'],
      attributes: { file: 'a.ts', before: 'x y' },
    });
  });
});

describe('applying instructions', () => {
  it('merges settings key by key and appends lists', () => {
    expect(
      mergeSettings(
        { app: { title: 'x' }, catalog: { locations: [1] } },
        { catalog: { locations: [2], rules: [] }, eks: { a: 1 } },
      ),
    ).toEqual({
      app: { title: 'x' },
      catalog: { locations: [1, 2], rules: [] },
      eks: { a: 1 },
    });
  });

  it('inserts before the anchor line, or appends without one, and names a missing anchor', () => {
    expect(insertLines('a\nb\nend', 'new', 'end', 'f')).toBe('a\nb\nnew\nend');
    expect(insertLines('a\n', 'new', undefined, 'f')).toBe('a\nnew\n');
    // the file's own name and lines it has already are not typed again
    expect(
      insertLines(
        "backend.add(import('x'));\nbackend.start();",
        "// index.ts\nbackend.add(import('x'));\nbackend.add(import('y'));",
        'backend.start();',
        'f',
        'index.ts',
      ),
    ).toBe(
      "backend.add(import('x'));\nbackend.add(import('y'));\nbackend.start();",
    );
    expect(() => insertLines('a', 'new', 'zzz', 'R.md:3')).toThrow(
      "R.md:3: no line holds 'zzz' to insert before",
    );
  });
});
