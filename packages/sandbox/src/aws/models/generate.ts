import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { ServiceModel, Shape, ShapeRef } from './types';

/**
 * Builds the compact input models under src/aws/models/ from botocore's
 * published service models. Run by `yarn workspace sandbox generate:models`;
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
    { http: { method: string; requestUri: string }; input?: { shape: string } }
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
  const ops: ServiceModel['operations'] = {};
  for (const op of [...operations].sort()) {
    const raw = model.operations[op];
    if (!raw)
      throw new Error(`${path} has no operation ${op} (the sandbox routes it)`);
    ops[op] = {
      http: { method: raw.http.method, requestUri: raw.http.requestUri },
      ...(raw.input ? { input: raw.input.shape } : {}),
    };
    if (raw.input) visit(raw.input.shape);
  }
  const { uid: _uid, ...metadata } = model.metadata;
  return {
    $comment: [
      `Generated by \`yarn workspace sandbox generate:models\` (src/aws/models/generate.ts) from ${path} of botocore ${botocore.version}; do not edit.`,
      'botocore and its service models are published by Amazon Web Services under the Apache License 2.0 (https://www.apache.org/licenses/LICENSE-2.0); this file keeps only the input shapes of the operations the sandbox implements, without documentation.',
      WHY_BOTOCORE,
    ],
    source: {
      botocore: botocore.version,
      path,
      license: 'Apache-2.0',
    },
    metadata,
    operations: ops,
    shapes: Object.fromEntries(
      Object.keys(shapes)
        .sort()
        .map(k => [k, shapes[k]]),
    ),
  };
}
