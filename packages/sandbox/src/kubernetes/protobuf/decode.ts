import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MapField, Reader, Root, Type, parse } from 'protobufjs';
import { packageDir } from '../openapi/models';

/*
 * Kubernetes protobuf request bodies (`application/vnd.kubernetes.protobuf`),
 * decoded into the JSON object the same client would have sent as JSON.
 *
 * The wire format: the 4-byte magic `k8s\0`, then a `runtime.Unknown`
 * {typeMeta {apiVersion, kind}, raw, contentEncoding, contentType} whose `raw`
 * is the object as the k8s.io/api message of its kind. The .proto files
 * beside this one hold the subset of those messages the sandbox decodes, with
 * the names and field numbers of the upstream generated.proto files.
 *
 * From message to JSON, as Go's encoding/json prints the Go struct the
 * client filled: gogo-protobuf writes every non-pointer field (even when
 * zero) and a pointer field only when set, so a message field on the wire is
 * a struct Go prints (`{}`, or `null` for a zero Time), and a scalar on the
 * wire is printed unless it is zero and its JSON tag has omitempty. The field
 * option (go_json), taken from the Go types, marks the fields Go prints
 * otherwise:
 *   "pointer"      a pointer (*int32, *bool, ...): printed whenever set
 *   "no_omitempty" a tag without omitempty: printed always, `null` for an
 *                  unset slice or map
 *   "inline"       an embedded struct: its fields are the parent's in JSON
 * Special messages take their JSON form: Time an RFC 3339 string in UTC
 * (seconds), IntOrString a number or a string, Quantity its string; bytes
 * are base64 (Secret.data), maps are objects.
 */

/** The bytes every Kubernetes protobuf body starts with: `k8s\0`. */
export const PROTOBUF_MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

const PROTO_FILES = [
  'runtime.proto',
  'meta.proto',
  'intstr.proto',
  'resource.proto',
  'core.proto',
  'apps.proto',
  'policy.proto',
  'networking.proto',
  'autoscaling.proto',
];

/** The message of each kind the sandbox decodes, by `<apiVersion>/<kind>`. */
const MESSAGE_OF_KIND: Record<string, string> = {
  'v1/Namespace': 'k8s.io.api.core.v1.Namespace',
  'v1/Secret': 'k8s.io.api.core.v1.Secret',
  'v1/ConfigMap': 'k8s.io.api.core.v1.ConfigMap',
  'v1/ServiceAccount': 'k8s.io.api.core.v1.ServiceAccount',
  'v1/Service': 'k8s.io.api.core.v1.Service',
  'apps/v1/Deployment': 'k8s.io.api.apps.v1.Deployment',
  'policy/v1/PodDisruptionBudget': 'k8s.io.api.policy.v1.PodDisruptionBudget',
  'networking.k8s.io/v1/Ingress': 'k8s.io.api.networking.v1.Ingress',
  'autoscaling/v2/HorizontalPodAutoscaler':
    'k8s.io.api.autoscaling.v2.HorizontalPodAutoscaler',
};

/** The kinds (`<apiVersion>/<kind>`) whose protobuf bodies are decoded. */
export const PROTOBUF_KINDS = Object.keys(MESSAGE_OF_KIND);

const TIME = '.k8s.io.apimachinery.pkg.apis.meta.v1.Time';
const INT_OR_STRING = '.k8s.io.apimachinery.pkg.util.intstr.IntOrString';
const QUANTITY = '.k8s.io.apimachinery.pkg.api.resource.Quantity';

/**
 * A well-formed body the sandbox has no decoder for: a kind outside
 * PROTOBUF_KINDS, a field outside the .proto subset, or an encoded `raw`.
 */
export class ProtobufNotDecoded extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtobufNotDecoded';
  }
}

/** A body that is not a Kubernetes protobuf message. */
export class MalformedProtobuf extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedProtobuf';
  }
}

let loaded: Root | undefined;

function messages(): Root {
  if (!loaded) {
    const root = new Root();
    for (const file of PROTO_FILES) {
      const path = join(
        packageDir('@backstage-eks/sandbox'),
        'src',
        'kubernetes',
        'protobuf',
        file,
      );
      parse(readFileSync(path, 'utf8'), root, {
        keepCase: true,
      });
    }
    root.resolveAll();
    loaded = root;
  }
  return loaded;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const WIRE_VARINT = 0;
const WIRE_LENGTH_DELIMITED = 2;

const VARINT_TYPES = new Set(['bool', 'int32', 'int64']);

function wireTypeOf(type: string, resolved: unknown): number {
  if (resolved instanceof Type) return WIRE_LENGTH_DELIMITED;
  if (VARINT_TYPES.has(type)) return WIRE_VARINT;
  if (type === 'string' || type === 'bytes') return WIRE_LENGTH_DELIMITED;
  throw new ProtobufNotDecoded(`no decoder for protobuf type ${type}`);
}

function readScalar(reader: Reader, type: string): Json {
  switch (type) {
    case 'string':
      return reader.string();
    case 'bytes':
      return Buffer.from(reader.bytes()).toString('base64');
    case 'bool':
      return reader.bool();
    case 'int32':
      return reader.int32();
    case 'int64': {
      // a Long where the long package is installed (as with protobufjs)
      const value: unknown = reader.int64();
      return typeof value === 'number'
        ? value
        : (value as { toNumber(): number }).toNumber();
    }
    default:
      throw new ProtobufNotDecoded(`no decoder for protobuf type ${type}`);
  }
}

/** Reads one value of `type` (a scalar name, or the resolved message). */
function readValue(reader: Reader, type: string, resolved: unknown): Json {
  if (resolved instanceof Type) return messageJson(resolved, reader.bytes());
  return readScalar(reader, type);
}

function timeJson(fields: Record<string, Json>): Json {
  const seconds = Number(fields.seconds ?? 0);
  // Go drops the nanoseconds (time_proto.go) and prints seconds in UTC
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function specialJson(type: Type, bytes: Uint8Array): Json | undefined {
  switch (type.fullName) {
    case TIME:
      // an empty Time is the zero time, which Go prints as null
      return bytes.length === 0 ? null : timeJson(fieldValues(type, bytes));
    case INT_OR_STRING: {
      const fields = fieldValues(type, bytes);
      return Number(fields.type ?? 0) === 1
        ? fields.strVal ?? ''
        : fields.intVal ?? 0;
    }
    case QUANTITY:
      return fieldValues(type, bytes).string ?? '';
    default:
      return undefined;
  }
}

function expectWireType(
  type: Type,
  field: { name: string },
  actual: number,
  expected: number,
): void {
  if (actual !== expected) {
    throw new MalformedProtobuf(
      `protobuf: wrong wireType = ${actual} for field ${field.name} of ${type.name}`,
    );
  }
}

/** One map entry {key = 1, value = 2}; absent parts are their zero value. */
function readMapEntry(
  reader: Reader,
  type: Type,
  field: MapField,
): [string, Json] {
  const end = reader.uint32() + reader.pos;
  let key: Json = '';
  let value: Json | undefined;
  while (reader.pos < end) {
    const tag = reader.uint32();
    if (tag >>> 3 === 1) {
      expectWireType(type, field, tag & 7, wireTypeOf(field.keyType, null));
      key = readScalar(reader, field.keyType);
    } else if (tag >>> 3 === 2) {
      expectWireType(
        type,
        field,
        tag & 7,
        wireTypeOf(field.type, field.resolvedType),
      );
      value = readValue(reader, field.type, field.resolvedType);
    } else {
      reader.skipType(tag & 7);
    }
  }
  if (value === undefined) {
    value =
      field.resolvedType instanceof Type
        ? messageJson(field.resolvedType, new Uint8Array())
        : zeroScalar(field.type);
  }
  return [String(key), value];
}

function zeroScalar(type: string): Json {
  if (type === 'string' || type === 'bytes') return '';
  return type === 'bool' ? false : 0;
}

/**
 * The fields of a message present on the wire, by name, as JSON values;
 * a field number outside the .proto subset is not decoded.
 */
function fieldValues(type: Type, bytes: Uint8Array): Record<string, Json> {
  const reader = Reader.create(bytes);
  const values: Record<string, Json> = {};
  try {
    while (reader.pos < reader.len) {
      const tag = reader.uint32();
      const id = tag >>> 3;
      const wireType = tag & 7;
      const field = type.fieldsById[id];
      if (!field) {
        throw new ProtobufNotDecoded(
          `field ${id} of ${type.fullName.slice(
            1,
          )} is outside the sandbox's protobuf subset`,
        );
      }
      if (field instanceof MapField) {
        expectWireType(type, field, wireType, WIRE_LENGTH_DELIMITED);
        const [key, value] = readMapEntry(reader, type, field);
        const map = (values[field.name] ?? {}) as Record<string, Json>;
        map[key] = value;
        values[field.name] = map;
        continue;
      }
      const expected = wireTypeOf(field.type, field.resolvedType);
      const list = field.repeated
        ? ((values[field.name] ?? []) as Json[])
        : undefined;
      if (
        list &&
        expected === WIRE_VARINT &&
        wireType === WIRE_LENGTH_DELIMITED
      ) {
        // a packed repeated scalar
        const end = reader.uint32() + reader.pos;
        while (reader.pos < end) list.push(readScalar(reader, field.type));
        values[field.name] = list;
        continue;
      }
      expectWireType(type, field, wireType, expected);
      const value = readValue(reader, field.type, field.resolvedType);
      if (list) {
        list.push(value);
        values[field.name] = list;
      } else {
        values[field.name] = value;
      }
    }
  } catch (e) {
    if (e instanceof ProtobufNotDecoded || e instanceof MalformedProtobuf) {
      throw e;
    }
    // protobufjs's reader: a truncated field or a bad wire type
    throw new MalformedProtobuf(`protobuf: ${(e as Error).message}`);
  }
  return values;
}

const isZeroScalar = (value: Json) =>
  value === '' || value === 0 || value === false;

/** A message as the JSON Go prints for the struct it stands for. */
function messageJson(type: Type, bytes: Uint8Array): Json {
  const special = specialJson(type, bytes);
  if (special !== undefined) return special;
  const values = fieldValues(type, bytes);
  const json: Record<string, Json> = {};
  for (const field of type.fieldsArray) {
    const goJson = field.options?.['(go_json)'];
    if (field.name in values && goJson === 'inline') {
      Object.assign(json, values[field.name]);
    } else if (field.name in values) {
      const value = values[field.name];
      const scalar = !(field.resolvedType instanceof Type) && !field.map;
      if (goJson || !scalar || field.repeated || !isZeroScalar(value)) {
        json[field.name] = value;
      }
    } else if (goJson === 'no_omitempty') {
      if (field.repeated || field.map) json[field.name] = null;
    }
  }
  return json;
}

/** The apiVersion and kind of a protobuf body, and its object as JSON. */
export function decodeProtobufBody(body: Uint8Array): Record<string, Json> {
  const bytes = Buffer.from(body);
  if (
    bytes.length < PROTOBUF_MAGIC.length ||
    !bytes.subarray(0, PROTOBUF_MAGIC.length).equals(PROTOBUF_MAGIC)
  ) {
    throw new MalformedProtobuf(
      'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]',
    );
  }
  const root = messages();
  let envelope: {
    typeMeta?: { apiVersion?: string; kind?: string };
    raw?: Uint8Array;
    contentEncoding?: string;
  };
  try {
    envelope = root
      .lookupType('k8s.io.apimachinery.pkg.runtime.Unknown')
      .decode(bytes.subarray(PROTOBUF_MAGIC.length)) as typeof envelope;
  } catch (e) {
    throw new MalformedProtobuf(`protobuf: ${(e as Error).message}`);
  }
  const apiVersion = envelope.typeMeta?.apiVersion ?? '';
  const kind = envelope.typeMeta?.kind ?? '';
  const message = MESSAGE_OF_KIND[`${apiVersion}/${kind}`];
  if (!message) {
    throw new ProtobufNotDecoded(
      `no protobuf decoder for ${apiVersion || '(no apiVersion)'} ${
        kind || '(no kind)'
      }`,
    );
  }
  if (envelope.contentEncoding) {
    throw new ProtobufNotDecoded(
      `no decoder for content encoding ${envelope.contentEncoding}`,
    );
  }
  const object = messageJson(
    root.lookupType(message),
    envelope.raw ?? new Uint8Array(),
  ) as Record<string, Json>;
  return { kind, apiVersion, ...object };
}
