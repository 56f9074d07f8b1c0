import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * An ajv validator compiled from a published schema, as the packages
 * kubernetes-models and @kubernetes-models/karpenter ship them.
 */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: Array<{
    instancePath: string;
    keyword: string;
    params: Record<string, unknown>;
    message?: string;
  }> | null;
}

/** Node's `require`, not a test runner's stand-in for it. */
const nativeRequire = process
  .getBuiltinModule('node:module')
  .createRequire(__filename);

const dirs = new Map<string, string>();

/**
 * The folder of an installed package, found along Node's lookup paths from
 * this file. The kubernetes-models packages export their files to `import`
 * only, so a bare `require` of them fails; their files are loaded by path
 * with Node's own `require` (Node 22 loads an ES module with `require`), also
 * under jest, whose module system would resolve their internal imports with
 * the `require` condition.
 */
export function packageDir(name: string): string {
  const cached = dirs.get(name);
  if (cached) return cached;
  for (const base of require.resolve.paths(name) ?? []) {
    const dir = join(base, name);
    if (existsSync(join(dir, 'package.json'))) {
      dirs.set(name, dir);
      return dir;
    }
  }
  throw new Error(`the package ${name} is not installed`);
}

const validators = new Map<string, CompiledValidator>();
const definitions = new Map<string, string>();

/**
 * The compiled validator of one definition of a package, by its qualified
 * name (e.g. `IoK8sApiAppsV1Deployment`).
 */
export function loadValidator(
  pkg: string,
  definition: string,
): CompiledValidator {
  const key = `${pkg}:${definition}`;
  const cached = validators.get(key);
  if (cached) return cached;
  const file = join(packageDir(pkg), '_schemas', `${definition}.js`);
  if (!existsSync(file)) {
    throw new Error(`${pkg} has no schema ${definition}`);
  }
  const { validate } = nativeRequire(file) as { validate: CompiledValidator };
  validators.set(key, validate);
  return validate;
}

/**
 * The qualified definition name a model file of a package validates with,
 * e.g. `apps/v1/Deployment` -> `IoK8sApiAppsV1Deployment`.
 */
export function definitionOfModel(pkg: string, model: string): string {
  const key = `${pkg}:${model}`;
  const cached = definitions.get(key);
  if (cached) return cached;
  const source = readFileSync(join(packageDir(pkg), `${model}.js`), 'utf8');
  const match = /_schemas\/([A-Za-z0-9]+)\.js/.exec(source);
  if (!match) throw new Error(`${pkg}/${model} names no schema`);
  definitions.set(key, match[1]);
  return match[1];
}
