/*
 * Writes src/kubernetes/openapi/builtinSchemas.json and karpenterSchemas.json
 * from the published packages kubernetes-models (Kubernetes' own OpenAPI
 * definitions, as TypeScript declarations with their descriptions) and
 * @kubernetes-models/karpenter (generated from Karpenter's API types):
 * `yarn workspace @backstage-eks/sandbox generate:schemas`.
 *
 * The declarations give the shape, descriptions, required fields and enums;
 * the packages' compiled validators know what the declarations cannot say
 * (integers, patterns, bounds, sizes), so each field is probed with values
 * that tell them (see probeConstraints).
 */
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createGenerator } from 'ts-json-schema-generator';
import {
  definitionOfModel,
  loadValidator,
  packageDir,
} from '../src/kubernetes/openapi/models';

type Schema = Record<string, any>;

/** The built-in kinds the sandbox serves, by their kubernetes-models file. */
const BUILTIN_KINDS: Array<[file: string, apiVersion: string, kind: string]> = [
  ['v1/Namespace', 'v1', 'Namespace'],
  ['v1/Node', 'v1', 'Node'],
  ['v1/Pod', 'v1', 'Pod'],
  ['v1/Service', 'v1', 'Service'],
  ['v1/ServiceAccount', 'v1', 'ServiceAccount'],
  ['v1/ConfigMap', 'v1', 'ConfigMap'],
  ['v1/Secret', 'v1', 'Secret'],
  ['v1/Event', 'v1', 'Event'],
  ['apps/v1/Deployment', 'apps/v1', 'Deployment'],
  ['apps/v1/DaemonSet', 'apps/v1', 'DaemonSet'],
  ['apps/v1/ReplicaSet', 'apps/v1', 'ReplicaSet'],
  ['autoscaling/v1/Scale', 'autoscaling/v1', 'Scale'],
  [
    'autoscaling/v2/HorizontalPodAutoscaler',
    'autoscaling/v2',
    'HorizontalPodAutoscaler',
  ],
  ['networking.k8s.io/v1/Ingress', 'networking.k8s.io/v1', 'Ingress'],
  ['policy/v1/PodDisruptionBudget', 'policy/v1', 'PodDisruptionBudget'],
  ['storage.k8s.io/v1/StorageClass', 'storage.k8s.io/v1', 'StorageClass'],
  [
    'apiextensions.k8s.io/v1/CustomResourceDefinition',
    'apiextensions.k8s.io/v1',
    'CustomResourceDefinition',
  ],
  [
    'flowcontrol.apiserver.k8s.io/v1/FlowSchema',
    'flowcontrol.apiserver.k8s.io/v1',
    'FlowSchema',
  ],
  [
    'flowcontrol.apiserver.k8s.io/v1/PriorityLevelConfiguration',
    'flowcontrol.apiserver.k8s.io/v1',
    'PriorityLevelConfiguration',
  ],
];

/**
 * Built-in kinds generated apart from BUILTIN_KINDS because their types share
 * names with those (apiregistration's and apiextensions' ServiceReference),
 * which one generator run would merge into one definition.
 */
const SEPARATE_BUILTIN_KINDS: typeof BUILTIN_KINDS = [
  [
    'apiregistration.k8s.io/v1/APIService',
    'apiregistration.k8s.io/v1',
    'APIService',
  ],
];

/**
 * flowcontrol.apiserver.k8s.io/v1beta3 (served until Kubernetes 1.32): its
 * types share names with v1's, so they are generated in a run of their own.
 */
const FLOWCONTROL_V1BETA3_KINDS: typeof BUILTIN_KINDS = [
  [
    'flowcontrol.apiserver.k8s.io/v1beta3/FlowSchema',
    'flowcontrol.apiserver.k8s.io/v1beta3',
    'FlowSchema',
  ],
  [
    'flowcontrol.apiserver.k8s.io/v1beta3/PriorityLevelConfiguration',
    'flowcontrol.apiserver.k8s.io/v1beta3',
    'PriorityLevelConfiguration',
  ],
];

const KARPENTER_KINDS: Array<[file: string, apiVersion: string, kind: string]> =
  [
    ['karpenter.sh/v1/NodePool', 'karpenter.sh/v1', 'NodePool'],
    ['karpenter.sh/v1/NodeClaim', 'karpenter.sh/v1', 'NodeClaim'],
    [
      'karpenter.k8s.aws/v1/EC2NodeClass',
      'karpenter.k8s.aws/v1',
      'EC2NodeClass',
    ],
  ];

/**
 * `IIoK8sApiAppsV1DeploymentSpec` -> `io.k8s.api.apps.v1.DeploymentSpec`,
 * the names Kubernetes' own OpenAPI documents use.
 */
export function kubernetesName(qualified: string): string {
  const name = qualified.replace(/^I(?=Io|Com)/, '');
  if (name === 'IoK8sApimachineryPkgApiResourceQuantity') {
    return 'io.k8s.apimachinery.pkg.api.resource.Quantity';
  }
  if (name === 'IoK8sApimachineryPkgUtilIntstrIntOrString') {
    return 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
  }
  if (name === 'IoK8sApimachineryPkgRuntimeRawExtension') {
    return 'io.k8s.apimachinery.pkg.runtime.RawExtension';
  }
  const match = /^(.*?)(V\d+(?:(?:alpha|beta)\d+)?)([A-Z].*)$/.exec(name);
  if (!match) return name;
  const [, prefix, version, kind] = match;
  const segments = prefix
    .split(/(?=[A-Z])/)
    .map(s => s.toLowerCase())
    .join('.')
    .replace('apiextensions.apiserver', 'apiextensions-apiserver')
    .replace('kube.aggregator', 'kube-aggregator');
  return `${segments}.${version.toLowerCase()}.${kind}`;
}

/** A declaration file exporting each kind's interface as `Root<Kind>`. */
function entryFile(dir: string, kinds: typeof BUILTIN_KINDS): string {
  const path = join(mkdtempSync(join(tmpdir(), 'schemas-')), 'entry.d.ts');
  const lines = kinds.map(
    ([file, , kind]) =>
      `export type { I${kind} as Root${kind} } from '${join(dir, file)}.js';`,
  );
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** Replaces `{$ref: '#/definitions/X'}` per `rename` and drops definition-only wrappers. */
function rewriteRefs(node: unknown, rename: (ref: string) => string): unknown {
  if (Array.isArray(node)) return node.map(n => rewriteRefs(n, rename));
  if (node === null || typeof node !== 'object') return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') {
      out.$ref = rename(value.replace('#/definitions/', ''));
    } else {
      out[key] = rewriteRefs(value, rename);
    }
  }
  return out;
}

/**
 * `number | string` (IntOrString, Quantity) becomes what Kubernetes' schemas
 * say for them; `additionalProperties: false` is dropped (Kubernetes
 * schemas never say it: unknown fields are a decoding matter).
 */
function kubernetesShapes(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(kubernetesShapes);
  if (node === null || typeof node !== 'object') return node;
  const schema = node as Schema;
  const types = Array.isArray(schema.type) ? schema.type : undefined;
  if (
    types &&
    types.length === 2 &&
    types.includes('number') &&
    types.includes('string')
  ) {
    const { type: _t, ...rest } = schema;
    return { ...rest, 'x-kubernetes-int-or-string': true };
  }
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'additionalProperties' && value === false) continue;
    // apiVersion and kind are checked against the URL, not the schema
    if (key === 'const') continue;
    out[key] = kubernetesShapes(value);
  }
  return out;
}

type Probe = (
  sample: (leaf: unknown) => unknown,
  path: string,
  leaf: unknown,
) => Array<{ keyword: string; params: Record<string, unknown> }>;

/**
 * Adds to a schema the constraints the package's compiled validator checks
 * and its declarations cannot say (integer or number, patterns, enums of
 * plain strings, bounds, lengths and sizes), found by validating a sample
 * that places one telling value at each field.
 */
function probeConstraints(
  schema: Schema,
  probe: Probe,
  sample: (leaf: unknown) => unknown = leaf => leaf,
  path = '',
  seen = new Set<Schema>(),
): void {
  if (seen.has(schema)) return;
  seen.add(schema);
  if (schema.$ref || schema['x-kubernetes-int-or-string']) return;
  const found = (leaf: unknown, keyword: string) =>
    probe(sample, path, leaf).find(e => e.keyword === keyword)?.params;
  if (schema.type === 'number' || schema.type === 'integer') {
    if (schema.type === 'number' && found(0.5, 'type')?.type === 'integer') {
      schema.type = 'integer';
    }
    const minimum = found(-1e12, 'minimum')?.limit;
    if (minimum !== undefined) schema.minimum = minimum;
    const maximum = found(1e12, 'maximum')?.limit;
    if (maximum !== undefined) schema.maximum = maximum;
    return;
  }
  if (schema.type === 'string') {
    const pattern = found('\u0000', 'pattern')?.pattern;
    if (pattern !== undefined) schema.pattern = pattern;
    const allowed = found('\u0000', 'enum')?.allowedValues;
    if (allowed !== undefined && !schema.enum) schema.enum = allowed;
    const maxLength = found('a'.repeat(70_000), 'maxLength')?.limit;
    if (maxLength !== undefined) schema.maxLength = maxLength;
    const minLength = found('', 'minLength')?.limit;
    if (minLength !== undefined) schema.minLength = minLength;
    return;
  }
  if (schema.type === 'array') {
    const minItems = found([], 'minItems')?.limit;
    if (minItems !== undefined) schema.minItems = minItems;
    const maxItems = found(new Array(5_000).fill(null), 'maxItems')?.limit;
    if (maxItems !== undefined) schema.maxItems = maxItems;
  }
  if (schema.type === 'object' && schema.additionalProperties) {
    const many = Object.fromEntries(
      Array.from({ length: 1_000 }, (_, i) => [`k${i}`, null]),
    );
    const maxProperties = found(many, 'maxProperties')?.limit;
    if (maxProperties !== undefined) schema.maxProperties = maxProperties;
  }
  for (const [name, child] of Object.entries(
    (schema.properties ?? {}) as Record<string, Schema>,
  )) {
    // a model's apiVersion and kind are constants the apiserver checks itself
    if (path === '' && (name === 'apiVersion' || name === 'kind')) continue;
    probeConstraints(
      child,
      probe,
      leaf => sample({ [name]: leaf }),
      `${path}/${name}`,
      seen,
    );
  }
  if (schema.items && typeof schema.items === 'object') {
    probeConstraints(
      schema.items,
      probe,
      leaf => sample([leaf]),
      `${path}/0`,
      seen,
    );
  }
  if (
    schema.additionalProperties &&
    typeof schema.additionalProperties === 'object'
  ) {
    probeConstraints(
      schema.additionalProperties,
      probe,
      leaf => sample({ k: leaf }),
      `${path}/k`,
      seen,
    );
  }
}

/** The validator's errors at `path` for a sample holding `leaf` there. */
function probeWith(validate: ReturnType<typeof loadValidator>): Probe {
  return (sample, path, leaf) => {
    validate(sample(leaf));
    return (validate.errors ?? []).filter(e => e.instancePath === path);
  };
}

/** Where a bare import of a declaration file leads, from the importing file. */
function resolveImport(from: string, spec: string): string | undefined {
  if (spec.startsWith('.'))
    return join(dirname(from), spec.replace(/\.js$/, '.d.ts'));
  const parts = spec.split('/');
  const name = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  const sub = parts.slice(spec.startsWith('@') ? 2 : 1).join('/');
  for (let dir = dirname(from); dir !== dirname(dir); dir = dirname(dir)) {
    const pkgDir = join(dir, 'node_modules', name);
    if (!existsSync(pkgDir)) continue;
    for (const file of [
      join(pkgDir, `${sub}.d.ts`),
      join(pkgDir, sub, 'index.d.ts'),
    ]) {
      if (existsSync(file)) return file;
    }
  }
  return undefined;
}

/**
 * Each interface declared in the declaration files reachable from `roots`,
 * with the package folder and qualified schema name its model validates with.
 */
function declaredInterfaces(roots: string[]) {
  const found = new Map<string, { pkgDir: string; qualified: string }>();
  const queue = [...roots];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/from "([^"]+)"/g)) {
      const next = resolveImport(file, m[1]);
      if (next) queue.push(next);
    }
    let pkgDir = dirname(file);
    while (!existsSync(join(pkgDir, '_schemas'))) pkgDir = dirname(pkgDir);
    // `export type { IDeploymentSpec as IIoK8sApiAppsV1DeploymentSpec, ... }`
    for (const m of text.matchAll(
      /\b(I[A-Za-z0-9]+) as I((?:Io|Com)[A-Za-z0-9]+)/g,
    )) {
      found.set(m[1], { pkgDir, qualified: m[2] });
    }
  }
  return found;
}

function generateBuiltins(): Schema {
  const batches = [
    BUILTIN_KINDS,
    SEPARATE_BUILTIN_KINDS,
    FLOWCONTROL_V1BETA3_KINDS,
  ].map(generateBuiltinBatch);
  return {
    definitions: Object.assign({}, ...batches.map(b => b.definitions)),
    kinds: Object.assign({}, ...batches.map(b => b.kinds)),
  };
}

function generateBuiltinBatch(builtinKinds: typeof BUILTIN_KINDS): Schema {
  const pkg = 'kubernetes-models';
  const dir = packageDir(pkg);
  const path = entryFile(dir, builtinKinds);
  const generator = createGenerator({
    path,
    type: '*',
    skipTypeCheck: true,
    expose: 'all',
    topRef: true,
    jsDoc: 'extended',
    additionalProperties: false,
  });
  const raw = generator.createSchema('*').definitions as Record<string, Schema>;
  rmSync(dirname(path), { recursive: true });
  const interfaces = declaredInterfaces(
    builtinKinds.map(([file]) => join(dir, `${file}.d.ts`)),
  );
  const finalName = (name: string): string => {
    const found = interfaces.get(name);
    if (!found) throw new Error(`no Kubernetes name for ${name}`);
    return kubernetesName(found.qualified);
  };
  const kinds: Record<string, string> = {};
  for (const [file, apiVersion, kind] of builtinKinds) {
    kinds[`${apiVersion}/${kind}`] = kubernetesName(
      definitionOfModel(pkg, file),
    );
  }
  const definitions: Record<string, Schema> = {};
  for (const [name, schema] of Object.entries(raw)) {
    if (name.startsWith('Root')) continue;
    const converted = kubernetesShapes(
      rewriteRefs(schema, ref => `#/components/schemas/${finalName(ref)}`),
    ) as Schema;
    const { pkgDir, qualified } = interfaces.get(name)!;
    const validator = join(pkgDir, '_schemas', `${qualified}.js`);
    if (existsSync(validator)) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      probeConstraints(converted, probeWith(require(validator).validate));
    }
    definitions[finalName(name)] = converted;
  }
  return { definitions, kinds };
}

function generateKarpenter(): Schema {
  const dir = packageDir('@kubernetes-models/karpenter');
  const kinds: Record<string, Schema> = {};
  for (const [file, apiVersion, kind] of KARPENTER_KINDS) {
    const generator = createGenerator({
      path: join(dir, `${file}.d.ts`),
      type: `I${kind}`,
      skipTypeCheck: true,
      expose: 'none',
      topRef: false,
      jsDoc: 'extended',
      additionalProperties: false,
    });
    const schema = kubernetesShapes(
      generator.createSchema(`I${kind}`),
    ) as Schema;
    delete schema.$schema;
    delete schema.definitions;
    // apiVersion and kind are the apiserver's to check
    schema.required = (schema.required as string[]).filter(
      f => f !== 'apiVersion' && f !== 'kind',
    );
    if (schema.required.length === 0) delete schema.required;
    // A CRD's schema leaves metadata to the apiserver.
    schema.properties.metadata = { type: 'object' };
    probeConstraints(
      schema,
      probeWith(
        loadValidator(
          '@kubernetes-models/karpenter',
          definitionOfModel('@kubernetes-models/karpenter', file),
        ),
      ),
    );
    kinds[`${apiVersion}/${kind}`] = schema;
  }
  return kinds;
}

const out = join(__dirname, '..', 'src', 'kubernetes', 'openapi');
if (!existsSync(out)) throw new Error(`${out} is missing`);
writeFileSync(
  join(out, 'builtinSchemas.json'),
  `${JSON.stringify(generateBuiltins())}\n`,
);
writeFileSync(
  join(out, 'karpenterSchemas.json'),
  `${JSON.stringify(generateKarpenter())}\n`,
);
process.stdout.write(
  `wrote ${out}/builtinSchemas.json, karpenterSchemas.json\n`,
);
