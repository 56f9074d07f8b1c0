#!/usr/bin/env node
/*
 * Checks the tarballs scripts/pack-packages.sh made (node scripts/verify-packs.js DIR):
 * each is publishable as it is and holds only what runs. Per tarball:
 *  - package.json: not private, public access, main/types/exports in dist/,
 *    no `workspace:` range left, and a config schema in the tarball when the
 *    package declares one;
 *  - files: dist/ (code and types), bin/, the docs, the generated
 *    config.schema.json, and the files a package reads at run time that it
 *    names in `files` (the sandbox's .proto files); nothing else from src/,
 *    no tests, test utilities or fixtures;
 *  - every package the built code imports is a dependency or peer dependency
 *    (a test-only package among them would be missing when installed).
 * Prints one line per tarball (name, packed and unpacked size, file count)
 * and exits 1 naming every problem.
 */
'use strict';

const { execFileSync } = require('node:child_process');
const {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} = require('node:fs');
const { builtinModules } = require('node:module');
const { tmpdir } = require('node:os');
const { join, relative } = require('node:path');

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/verify-packs.js <folder of .tgz files>');
  process.exit(2);
}

const DOCS = /^(README|CHANGELOG|LICENSE|NOTICE|RULES)(\.md)?$/;
const TEST_FILE =
  /(^|\/)(__testUtils__|__fixtures__|__mocks__)\/|\.test\.[cm]?[jt]sx?$|setupTests\./;

function walk(root, sub = '') {
  return readdirSync(join(root, sub), { withFileTypes: true }).flatMap(e => {
    const path = sub ? `${sub}/${e.name}` : e.name;
    return e.isDirectory() ? walk(root, path) : [path];
  });
}

/** A package name as npm allows it, and its subpath. */
const PACKAGE_SPEC = /^((?:@[a-z0-9][\w.~-]*\/)?[a-z0-9][\w.~-]*)(\/.*)?$/;

/**
 * The packages a built file loads: rollup writes them as top-level
 * `require('x')` (CommonJS) or `import ... from 'x'` lines (ES modules), and
 * dynamic imports as `import('x')` / `require('x')` calls.
 */
function importedPackages(source) {
  const names = new Set();
  const patterns = [
    /\brequire\(\s*['"]([^'"\s]+)['"]\s*\)/g,
    /\bimport\(\s*['"]([^'"\s]+)['"]\s*\)/g,
    /^\s*(?:import|export)\s[^;'"]*?\bfrom\s*['"]([^'"\s]+)['"]/gm,
    /^\s*import\s*['"]([^'"\s]+)['"]/gm,
  ];
  for (const re of patterns) {
    for (const [, spec] of source.matchAll(re)) {
      if (spec.startsWith('.') || spec.startsWith('node:')) continue;
      const match = PACKAGE_SPEC.exec(spec);
      if (!match || builtinModules.includes(match[1])) continue;
      names.add(match[1]);
    }
  }
  return names;
}

/**
 * Every file an `exports` map points at: its `./` values (not its keys, nor
 * the `backstage` condition, which names the package's feature type).
 */
function exportTargets(exp) {
  if (typeof exp === 'string') return exp.startsWith('./') ? [exp] : [];
  if (!exp || typeof exp !== 'object') return [];
  return Object.values(exp).flatMap(exportTargets);
}

function checkManifest(pkg, files, problems) {
  if (pkg.private) problems.push('package.json is "private"');
  if (pkg.publishConfig?.access !== 'public') {
    problems.push('publishConfig.access is not "public"');
  }
  for (const field of ['main', 'types']) {
    if (!pkg[field] || !/^(\.\/)?dist\//.test(pkg[field])) {
      problems.push(`${field} is ${pkg[field]}, not a file in dist/`);
    } else if (!files.includes(pkg[field].replace(/^\.\//, ''))) {
      problems.push(`${field} ${pkg[field]} is not in the tarball`);
    }
  }
  for (const target of exportTargets(pkg.exports)) {
    const path = target.replace(/^\.\//, '');
    if (!files.includes(path)) {
      problems.push(`exports names ${path}, which is not in the tarball`);
    }
  }
  for (const field of [
    'dependencies',
    'peerDependencies',
    'optionalDependencies',
  ]) {
    for (const [name, range] of Object.entries(pkg[field] ?? {})) {
      if (String(range).startsWith('workspace:')) {
        problems.push(`${field}.${name} is still ${range}`);
      }
    }
  }
  if (pkg.configSchema && !files.includes(pkg.configSchema)) {
    problems.push(`configSchema ${pkg.configSchema} is not in the tarball`);
  }
  for (const bin of Object.values(
    typeof pkg.bin === 'string' ? { bin: pkg.bin } : pkg.bin ?? {},
  )) {
    if (!files.includes(bin.replace(/^\.\//, ''))) {
      problems.push(`bin ${bin} is not in the tarball`);
    }
  }
}

function checkFiles(pkg, files, problems) {
  const named = (pkg.files ?? []).filter(
    f => !/^(dist|bin)(\/|$)/.test(f) && f.startsWith('src/'),
  );
  const namedRe = named.map(
    f => new RegExp(`^${f.replace(/\./g, '\\.').replace(/\*/g, '[^/]*')}$`),
  );
  for (const file of files) {
    if (TEST_FILE.test(file)) {
      problems.push(`${file} is a test, test utility or fixture`);
    } else if (file.startsWith('src/') && !namedRe.some(re => re.test(file))) {
      problems.push(`${file} is source, not build output`);
    } else if (
      !/^(dist|bin|migrations)\//.test(file) &&
      !file.startsWith('src/') &&
      !DOCS.test(file) &&
      !['package.json', 'config.schema.json', 'openapi.yaml'].includes(file)
    ) {
      problems.push(`${file} is neither build output nor docs`);
    }
  }
  if (!files.some(f => /^dist\/.*\.d\.ts$/.test(f))) {
    problems.push('no type declarations (dist/*.d.ts)');
  }
}

function checkImports(pkg, root, files, problems) {
  const declared = new Set([
    ...Object.keys(pkg.dependencies ?? {}),
    ...Object.keys(pkg.peerDependencies ?? {}),
    ...Object.keys(pkg.optionalDependencies ?? {}),
  ]);
  const missing = new Map();
  for (const file of files) {
    if (!/^(dist|bin)\//.test(file) || !/(\.[cm]?js|^bin\/[^.]+)$/.test(file))
      continue;
    const source = readFileSync(join(root, file), 'utf8');
    for (const name of importedPackages(source)) {
      if (name === pkg.name || declared.has(name)) continue;
      // the bins' repository-only branch (src/ is not in the tarball)
      if (file.startsWith('bin/') && name === '@backstage/cli') continue;
      if (!missing.has(name)) missing.set(name, file);
    }
  }
  for (const [name, file] of missing) {
    problems.push(`${file} imports ${name}, which is not a dependency`);
  }
}

let failed = false;
const tarballs = readdirSync(dir)
  .filter(f => f.endsWith('.tgz'))
  .sort();
if (tarballs.length === 0) {
  console.error(`no .tgz files in ${dir}`);
  process.exit(1);
}
for (const tarball of tarballs) {
  const path = join(dir, tarball);
  const out = mkdtempSync(join(tmpdir(), 'verify-pack-'));
  try {
    execFileSync('tar', ['xzf', path, '-C', out]);
    const root = join(out, 'package');
    const files = walk(root);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const problems = [];
    checkManifest(pkg, files, problems);
    checkFiles(pkg, files, problems);
    checkImports(pkg, root, files, problems);
    const unpacked = files.reduce(
      (n, f) => n + statSync(join(root, f)).size,
      0,
    );
    const kb = n => `${(n / 1024).toFixed(0)} kB`;
    console.log(
      `${problems.length ? 'FAIL' : 'ok  '} ${pkg.name}@${pkg.version}: ${kb(
        statSync(path).size,
      )} packed, ${kb(unpacked)} unpacked, ${files.length} files (${relative(
        process.cwd(),
        path,
      )})`,
    );
    for (const problem of problems) console.log(`       ${problem}`);
    failed ||= problems.length > 0;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
process.exit(failed ? 1 : 0);
