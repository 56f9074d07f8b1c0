import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { ServiceModel, Shape, ShapeRef } from './types';

/**
 * Builds the compact input models under src/aws/models/ from botocore's
 * published service models. Run by `yarn workspace @backstage-eks/sandbox generate:models`;
 * a test checks the committed files equal a fresh generation.
 */

/** Sandbox (SigV4) service name -> botocore data folder. */
export const BOTOCORE_SERVICES: Record<string, string> = {
  eks: 'eks',
  iam: 'iam',
  sts: 'sts',
  ec2: 'ec2',
  sqs: 'sqs',
  events: 'events',
  elasticloadbalancing: 'elbv2',
};

/**
 * Services that speak AWS JSON and the older awsQuery protocol
 * (`awsQueryCompatible`): botocore's JSON model no longer carries their query
 * wire names (`Attribute.N.Name`) or query error codes
 * (`AWS.SimpleQueueService.NonExistentQueue`), but the AWS SDK v3 client's
 * schemas keep them as the Smithy traits xmlName, xmlFlattened and
 * awsQueryError; the generator takes them from there.
 */
export const QUERY_COMPATIBLE_SDKS: Record<string, string> = {
  sqs: '@aws-sdk/client-sqs',
};

const WHY_BOTOCORE =
  "Source: botocore's service-2.json, because it carries every input constraint AWS publishes " +
  '(required, min/max length, value and item bounds, patterns, enum values) and the wire names ' +
  '(locationName, queryName, flattened, location). The AWS SDK for JavaScript v3 clients ' +
  '(@aws-sdk/client-eks 3.1169 dist-es/schemas/schemas_0.js) ship only member names, types and ' +
  'HTTP bindings: no lengths, patterns or enum values, so they cannot serve for input rules.';

export interface Botocore {
  version: string;
  dataDir: string;
}

/** Where botocore is, from BOTOCORE_DATA or the machine's python3; undefined when absent. */
export function findBotocore(): Botocore | undefined {
  try {
    const out = execFileSync(
      'python3',
      [
        '-c',
        'import botocore,os;print(botocore.__version__);print(os.path.join(os.path.dirname(botocore.__file__),"data"))',
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    )
      .trim()
      .split('\n');
    if (out.length === 2 && existsSync(out[1]))
      return { version: out[0], dataDir: out[1] };
  } catch {
    // no python3 or no botocore
  }
  return undefined;
}

interface RawShape {
  type: string;
  required?: string[];
  members?: Record<string, RawRef>;
  member?: RawRef;
  key?: RawRef;
  value?: RawRef;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  flattened?: boolean;
  locationName?: string;
  timestampFormat?: string;
}

interface RawRef {
  shape: string;
  location?: string;
  locationName?: string;
  queryName?: string;
  flattened?: boolean;
  jsonvalue?: boolean;
  idempotencyToken?: boolean;
  timestampFormat?: string;
}

interface RawModel {
  metadata: Record<string, unknown>;
  operations: Record<
    string,
    {
      http: { method: string; requestUri: string };
      input?: { shape: string };
      output?: { shape: string };
    }
  >;
  shapes: Record<string, RawShape>;
}

function latestModel(dataDir: string, folder: string) {
  const base = join(dataDir, folder);
  const version = readdirSync(base).sort().pop()!;
  const dir = join(base, version);
  const gz = join(dir, 'service-2.json.gz');
  const text = existsSync(gz)
    ? gunzipSync(readFileSync(gz)).toString('utf8')
    : readFileSync(join(dir, 'service-2.json'), 'utf8');
  return {
    path: `botocore/data/${folder}/${version}/service-2.json`,
    model: JSON.parse(text) as RawModel,
  };
}

function compactRef(ref: RawRef): ShapeRef {
  const out: Record<string, unknown> = { shape: ref.shape };
  for (const k of [
    'location',
    'locationName',
    'queryName',
    'flattened',
    'jsonvalue',
    'idempotencyToken',
    'timestampFormat',
  ] as const) {
    if (ref[k] !== undefined) out[k] = ref[k];
  }
  return out as unknown as ShapeRef;
}

function compactShape(raw: RawShape): Shape {
  const out: Record<string, unknown> = { type: raw.type };
  for (const k of [
    'required',
    'min',
    'max',
    'pattern',
    'enum',
    'flattened',
    'locationName',
    'timestampFormat',
  ] as const) {
    if (raw[k] !== undefined) out[k] = raw[k];
  }
  if (raw.members) {
    out.members = Object.fromEntries(
      Object.entries(raw.members).map(([n, r]) => [n, compactRef(r)]),
    );
  }
  for (const k of ['member', 'key', 'value'] as const) {
    if (raw[k]) out[k] = compactRef(raw[k]!);
  }
  return out as unknown as Shape;
}

type SdkTraits = Record<string, unknown>;

/** An SDK v3 schema and the traits of the reference to it. */
function sdkResolve(ref: unknown): { schema: unknown; traits: SdkTraits } {
  const deref = (x: unknown): unknown =>
    typeof x === 'function' ? deref((x as () => unknown)()) : x;
  // a reference with traits is a pair [schema, traits | 0]; schemas are longer
  if (Array.isArray(ref) && ref.length === 2)
    return {
      schema: deref(ref[0]),
      traits: ref[1] && typeof ref[1] === 'object' ? (ref[1] as SdkTraits) : {},
    };
  return { schema: deref(ref), traits: {} };
}

/**
 * Copies the query wire names (xmlName, xmlFlattened) of an SDK v3 schema
 * onto the compact shape `name` and the shapes it reaches.
 */
function overlayQueryNames(
  shapes: Record<string, Shape>,
  name: string,
  schema: unknown,
  seen: Set<string>,
) {
  if (seen.has(name) || !Array.isArray(schema)) return;
  seen.add(name);
  const shape = shapes[name];
  const apply = (ref: ShapeRef, traits: SdkTraits) => {
    if (typeof traits.xmlName === 'string') ref.xmlName = traits.xmlName;
    if (traits.xmlFlattened) ref.xmlFlattened = true;
  };
  if (shape.type === 'structure' && schema[0] === 3) {
    const names = schema[4] as string[];
    const refs = schema[5] as unknown[];
    for (const [member, ref] of Object.entries(shape.members ?? {})) {
      const i = names.indexOf(member);
      if (i < 0) throw new Error(`the SDK schema of ${name} has no ${member}`);
      const { schema: inner, traits } = sdkResolve(refs[i]);
      apply(ref, traits);
      overlayQueryNames(shapes, ref.shape, inner, seen);
    }
  } else if (shape.type === 'list' && schema[0] === 1) {
    const { schema: inner, traits } = sdkResolve(schema[4]);
    apply(shape.member!, traits);
    overlayQueryNames(shapes, shape.member!.shape, inner, seen);
  } else if (shape.type === 'map' && schema[0] === 2) {
    apply(shape.key!, sdkResolve(schema[4]).traits);
    const { schema: inner, traits } = sdkResolve(schema[5]);
    apply(shape.value!, traits);
    overlayQueryNames(shapes, shape.value!.shape, inner, seen);
  } else if (['structure', 'list', 'map'].includes(shape.type)) {
    throw new Error(`the SDK schema of ${name} is not a ${shape.type}`);
  }
}

/** The compact model of one service, for the given operations. */
export function buildModel(
  botocore: Botocore,
  service: string,
  operations: readonly string[],
): ServiceModel {
  const folder = BOTOCORE_SERVICES[service];
  if (!folder) throw new Error(`no botocore model is mapped for ${service}`);
  const { path, model } = latestModel(botocore.dataDir, folder);
  const shapes: Record<string, Shape> = {};
  const visit = (name: string) => {
    if (shapes[name]) return;
    const raw = model.shapes[name];
    if (!raw) throw new Error(`${path}: shape ${name} is missing`);
    shapes[name] = compactShape(raw);
    for (const ref of [
      ...Object.values(raw.members ?? {}),
      raw.member,
      raw.key,
      raw.value,
    ]) {
      if (ref) visit(ref.shape);
    }
  };
  const sdkName = QUERY_COMPATIBLE_SDKS[service];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk: Record<string, unknown> | undefined = sdkName
    ? require(sdkName)
    : undefined;
  const ops: ServiceModel['operations'] = {};
  for (const op of [...operations].sort()) {
    const raw = model.operations[op];
    if (!raw)
      throw new Error(`${path} has no operation ${op} (the sandbox routes it)`);
    ops[op] = {
      http: { method: raw.http.method, requestUri: raw.http.requestUri },
      ...(raw.input ? { input: raw.input.shape } : {}),
      // query-compatible services answer in XML too: their outputs are kept
      ...(sdk && raw.output ? { output: raw.output.shape } : {}),
    };
    if (raw.input) visit(raw.input.shape);
    if (sdk && raw.output) visit(raw.output.shape);
  }
  let errors: ServiceModel['errors'];
  if (sdk) {
    const seen = new Set<string>();
    for (const [op, { input, output }] of Object.entries(ops)) {
      const opSchema = sdk[`${op}$`] as unknown[];
      if (!Array.isArray(opSchema) || opSchema[0] !== 9)
        throw new Error(`${sdkName} has no schema for ${op}`);
      if (input)
        overlayQueryNames(shapes, input, sdkResolve(opSchema[4]).schema, seen);
      if (output)
        overlayQueryNames(shapes, output, sdkResolve(opSchema[5]).schema, seen);
    }
    errors = {};
    for (const value of Object.values(sdk)) {
      if (!Array.isArray(value) || value[0] !== -3) continue;
      const traits = value[3] as SdkTraits;
      const query = traits.awsQueryError as [string, number] | undefined;
      if (query)
        errors[value[2] as string] = {
          queryCode: query[0],
          queryStatus: query[1],
        };
    }
  }
  const { uid: _uid, ...metadata } = model.metadata;
  return {
    $comment: [
      `Generated by \`yarn workspace @backstage-eks/sandbox generate:models\` (src/aws/models/generate.ts) from ${path} of botocore ${botocore.version}; do not edit.`,
      'botocore and its service models are published by Amazon Web Services under the Apache License 2.0 (https://www.apache.org/licenses/LICENSE-2.0); this file keeps only the input shapes of the operations the sandbox implements (and, for a query-compatible service, their outputs), without documentation.',
      WHY_BOTOCORE,
      ...(sdkName
        ? [
            `Query protocol names (xmlName, xmlFlattened), the output shapes and the query error codes (errors) come from the schemas of ${sdkName} ${
              // eslint-disable-next-line @typescript-eslint/no-require-imports
              require(`${sdkName}/package.json`).version
            } (Apache-2.0), which keep the Smithy traits botocore's JSON model drops.`,
          ]
        : []),
    ],
    source: {
      botocore: botocore.version,
      path,
      license: 'Apache-2.0',
    },
    metadata,
    operations: ops,
    ...(errors ? { errors } : {}),
    shapes: Object.fromEntries(
      Object.keys(shapes)
        .sort()
        .map(k => [k, shapes[k]]),
    ),
  };
}
