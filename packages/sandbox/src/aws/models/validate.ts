import { AwsError } from '../AwsError';
import type { QueryParams, QueryValue } from '../protocols/queryParams';
import { javaRegex } from './javaRegex';
import type { ServiceModel, Shape, ShapeRef } from './types';

/**
 * Input checking from the services' published models: a request is first read
 * into the model's members as the service's deserializer would (a value of the
 * wrong type is a serialization error of the protocol), then checked against
 * the model's constraints (required, length, value and item bounds, patterns,
 * enum values). The violations become the error the service sends; see
 * `errorStyles.ts` for each service's.
 */

export type ConstraintKind =
  | 'required'
  | 'length'
  | 'range'
  | 'pattern'
  | 'enum'
  | 'member';

/** One failed constraint, located as AWS's Coral validator names it. */
export interface Violation {
  kind: ConstraintKind;
  /** `roleName`, `tags.6.member.value`, `resourcesVpcConfig.subnetIds`. */
  path: string;
  /** The member's name on the wire (`RoleName`, `InstanceId`), for EC2 and SQS messages. */
  wireName: string;
  value: unknown;
  /** `Member must have length less than or equal to 64` ... */
  constraint: string;
  /** The pattern, for pattern violations. */
  pattern?: string;
}

/** A value of the wrong type for its member (a deserialization failure). */
export class TypeMismatch extends Error {
  constructor(
    readonly wireName: string,
    readonly value: unknown,
    readonly expected: Shape['type'],
    /** The JSON token Coral names (STRING_VALUE ...), for JSON protocols. */
    readonly token?: string,
  ) {
    super(`${wireName}: expected ${expected}`);
  }
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

function shapeOf(model: ServiceModel, ref: ShapeRef | string): Shape {
  const name = typeof ref === 'string' ? ref : ref.shape;
  const shape = model.shapes[name];
  if (!shape) throw new Error(`model has no shape ${name}`);
  return shape;
}

// ---------------------------------------------------------------- decoding

const NUMERIC: Shape['type'][] = ['integer', 'long', 'float', 'double'];

function jsonToken(value: unknown): string {
  if (typeof value === 'string') return 'STRING_VALUE';
  if (typeof value === 'number') return 'NUMBER_VALUE';
  if (value === true) return 'TRUE_VALUE';
  if (value === false) return 'FALSE_VALUE';
  if (Array.isArray(value)) return 'START_ARRAY';
  return 'START_OBJECT';
}

/** Checks a JSON value has its shape's type (JSON protocols: awsJson, REST-JSON bodies). */
function decodeJson(
  model: ServiceModel,
  shape: Shape,
  value: unknown,
  wireName: string,
): unknown {
  if (value === null || value === undefined) return undefined;
  const wrong = () =>
    new TypeMismatch(wireName, value, shape.type, jsonToken(value));
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object' || Array.isArray(value)) throw wrong();
      const out: Record<string, unknown> = {};
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const key = ref.locationName ?? name;
        const v = decodeJson(
          model,
          shapeOf(model, ref),
          (value as Record<string, unknown>)[key],
          key,
        );
        if (v !== undefined) out[name] = v;
      }
      return out;
    }
    case 'list':
      if (!Array.isArray(value)) throw wrong();
      return value.map(v =>
        decodeJson(model, shapeOf(model, shape.member!), v, wireName),
      );
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) throw wrong();
      const valueShape = shapeOf(model, shape.value!);
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([k, v]) => [
          k,
          decodeJson(model, valueShape, v, wireName),
        ]),
      );
    }
    case 'string':
      if (typeof value !== 'string') throw wrong();
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw wrong();
      return value;
    case 'integer':
    case 'long':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw wrong();
      return value;
    case 'float':
    case 'double':
      if (typeof value !== 'number') throw wrong();
      return value;
    case 'timestamp':
      if (
        typeof value !== 'number' &&
        !(typeof value === 'string' && !Number.isNaN(Date.parse(value)))
      )
        throw wrong();
      return value;
    case 'blob':
      if (typeof value !== 'string') throw wrong();
      return value;
    default:
      return value;
  }
}

/** Reads one string as its scalar shape's type (query strings, REST bindings). */
function decodeText(shape: Shape, text: string, wireName: string): unknown {
  const wrong = () => new TypeMismatch(wireName, text, shape.type);
  if (shape.type === 'integer' || shape.type === 'long') {
    if (!/^-?\d+$/.test(text.trim())) throw wrong();
    return Number(text);
  }
  if (NUMERIC.includes(shape.type)) {
    const n = Number(text);
    if (text.trim() === '' || Number.isNaN(n)) throw wrong();
    return n;
  }
  if (shape.type === 'boolean') {
    if (text !== 'true' && text !== 'false') throw wrong();
    return text === 'true';
  }
  if (shape.type === 'timestamp') {
    if (Number.isNaN(Date.parse(text)) && !/^\d+(\.\d+)?$/.test(text))
      throw wrong();
    return text;
  }
  if (
    shape.type === 'structure' ||
    shape.type === 'list' ||
    shape.type === 'map'
  )
    throw wrong();
  return text;
}

/** How a query protocol names members on the wire. */
export type QueryDialect = 'query' | 'ec2';

function queryName(dialect: QueryDialect, name: string, ref: ShapeRef) {
  if (ref.xmlName) return ref.xmlName;
  if (dialect === 'ec2') {
    if (ref.queryName) return ref.queryName;
    if (ref.locationName)
      return (
        ref.locationName.charAt(0).toUpperCase() + ref.locationName.slice(1)
      );
    return name;
  }
  return ref.locationName ?? name;
}

/**
 * Reads parsed query parameters (`parseQueryParams`: indexes and the
 * `member`/`entry` wrappers already folded into lists) into the model's members.
 */
function decodeQuery(
  model: ServiceModel,
  dialect: QueryDialect,
  shape: Shape,
  value: QueryValue | undefined,
  wireName: string,
): unknown {
  if (value === undefined) return undefined;
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object' || Array.isArray(value))
        throw new TypeMismatch(wireName, value, shape.type);
      const out: Record<string, unknown> = {};
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const key = queryName(dialect, name, ref);
        const v = decodeQuery(
          model,
          dialect,
          shapeOf(model, ref),
          value[key],
          key,
        );
        if (v !== undefined) out[name] = v;
      }
      return out;
    }
    case 'list': {
      const items = Array.isArray(value) ? value : [value];
      return items.map(v =>
        decodeQuery(model, dialect, shapeOf(model, shape.member!), v, wireName),
      );
    }
    case 'map': {
      const entries = Array.isArray(value) ? value : [value];
      const keyName = shape.key?.xmlName ?? shape.key?.locationName ?? 'key';
      const valueName =
        shape.value?.xmlName ?? shape.value?.locationName ?? 'value';
      const out: Record<string, unknown> = {};
      for (const e of entries) {
        if (typeof e !== 'object' || Array.isArray(e))
          throw new TypeMismatch(wireName, e, shape.type);
        const k = e[keyName];
        if (typeof k !== 'string') continue;
        out[k] = decodeQuery(
          model,
          dialect,
          shapeOf(model, shape.value!),
          e[valueName],
          wireName,
        );
      }
      return out;
    }
    default:
      if (typeof value !== 'string')
        throw new TypeMismatch(wireName, value, shape.type);
      return decodeText(shape, value, wireName);
  }
}

/** A REST-JSON request (EKS) after routing. */
export interface RestInput {
  /** The request path, still percent-encoded. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

/** The path labels of `requestUri` (`/clusters/{name}/node-groups`) in `path`. */
function pathLabels(requestUri: string, path: string): Record<string, string> {
  const template = requestUri.split('?')[0].split('/').filter(Boolean);
  const parts = path.split('/').filter(Boolean);
  const labels: Record<string, string> = {};
  template.forEach((seg, i) => {
    const m = /^\{([^}+]+)\+?\}$/.exec(seg);
    if (m && parts[i] !== undefined)
      labels[m[1]] = decodeURIComponent(parts[i]);
  });
  return labels;
}

function decodeRest(
  model: ServiceModel,
  shape: Shape,
  req: RestInput,
  requestUri: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const labels = pathLabels(requestUri, req.path);
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const member = shapeOf(model, ref);
    const key = ref.locationName ?? name;
    let v: unknown;
    if (ref.location === 'uri') {
      const text = labels[key];
      v = text === undefined ? undefined : decodeText(member, text, key);
    } else if (ref.location === 'querystring') {
      if (member.type === 'list') {
        const all = req.query.getAll(key);
        v = all.length
          ? all.map(t => decodeText(shapeOf(model, member.member!), t, key))
          : undefined;
      } else {
        const text = req.query.get(key);
        v = text === null ? undefined : decodeText(member, text, key);
      }
    } else if (ref.location === 'header') {
      const text = req.headers[key.toLowerCase()];
      v = typeof text === 'string' ? decodeText(member, text, key) : undefined;
    } else if (ref.location === undefined) {
      v = decodeJson(model, member, req.body[key], key);
    }
    if (v !== undefined) out[name] = v;
  }
  return out;
}

// ---------------------------------------------------------------- checking

/** How Coral prints a value in "Value '...' at": Java's toString of it. */
export function renderValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(renderValue).join(', ')}]`;
  if (typeof value === 'object')
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}=${renderValue(v)}`)
      .join(', ')}}`;
  return String(value);
}

interface Constraint {
  kind: ConstraintKind;
  text: string;
  fails(value: unknown): boolean;
}

function sizeOf(value: unknown): number | undefined {
  if (typeof value === 'string' || Array.isArray(value)) return value.length;
  if (value && typeof value === 'object') return Object.keys(value).length;
  return undefined;
}

/** The constraints of a shape, in Coral's words and order. */
function constraintsOf(shape: Shape): Constraint[] {
  const out: Constraint[] = [];
  const { min, max } = shape;
  if (['string', 'list', 'map', 'blob'].includes(shape.type)) {
    if (max !== undefined)
      out.push({
        kind: 'length',
        text: `Member must have length less than or equal to ${max}`,
        fails: v => (sizeOf(v) ?? 0) > max,
      });
    if (min !== undefined)
      out.push({
        kind: 'length',
        text: `Member must have length greater than or equal to ${min}`,
        fails: v => (sizeOf(v) ?? min) < min,
      });
  } else {
    if (max !== undefined)
      out.push({
        kind: 'range',
        text: `Member must have value less than or equal to ${max}`,
        fails: v => typeof v === 'number' && v > max,
      });
    if (min !== undefined)
      out.push({
        kind: 'range',
        text: `Member must have value greater than or equal to ${min}`,
        fails: v => typeof v === 'number' && v < min,
      });
  }
  const pattern = shape.pattern;
  if (pattern !== undefined)
    out.push({
      kind: 'pattern',
      text: `Member must satisfy regular expression pattern: ${pattern}`,
      fails: v => typeof v === 'string' && !javaRegex(pattern).test(v),
    });
  const values = shape.enum;
  if (values)
    out.push({
      kind: 'enum',
      text: `Member must satisfy enum value set: [${values.join(', ')}]`,
      fails: v => typeof v === 'string' && !values.includes(v),
    });
  return out;
}

/** The constraints `value` fails. */
function failing(
  shape: Shape,
  value: unknown,
  skip: ReadonlySet<ConstraintKind>,
): Constraint[] {
  return constraintsOf(shape).filter(c => !skip.has(c.kind) && c.fails(value));
}

function hasConstraints(shape: Shape, skip: ReadonlySet<ConstraintKind>) {
  return constraintsOf(shape).some(c => !skip.has(c.kind));
}

function check(
  model: ServiceModel,
  shape: Shape,
  value: unknown,
  path: string,
  wireName: string,
  skip: ReadonlySet<ConstraintKind>,
  out: Violation[],
) {
  if (value === undefined) return;
  for (const c of failing(shape, value, skip))
    out.push({
      kind: c.kind,
      path,
      wireName,
      value,
      constraint: c.text,
      pattern: c.kind === 'pattern' ? shape.pattern : undefined,
    });
  if (shape.type === 'structure') {
    const v = value as Record<string, unknown>;
    for (const [name, ref] of Object.entries(shape.members ?? {})) {
      const memberPath = path
        ? `${path}.${lowerFirst(name)}`
        : lowerFirst(name);
      const wire = ref.queryName ?? ref.locationName ?? name;
      if (v[name] === undefined) {
        if (shape.required?.includes(name) && !skip.has('required'))
          out.push({
            kind: 'required',
            path: memberPath,
            wireName: wire,
            value: null,
            constraint: 'Member must not be null',
          });
        continue;
      }
      check(model, shapeOf(model, ref), v[name], memberPath, wire, skip, out);
    }
  } else if (shape.type === 'list') {
    const member = shapeOf(model, shape.member!);
    const items = value as unknown[];
    if (member.type === 'structure' || member.type === 'list') {
      items.forEach((item, i) =>
        check(
          model,
          member,
          item,
          `${path}.${i + 1}.member`,
          wireName,
          skip,
          out,
        ),
      );
    } else if (
      hasConstraints(member, skip) &&
      items.some(item => failing(member, item, skip).length)
    ) {
      out.push({
        kind: 'member',
        path,
        wireName,
        value,
        constraint: `Member must satisfy constraint: [${constraintsOf(member)
          .filter(c => !skip.has(c.kind))
          .map(c => c.text)
          .join(', ')}]`,
      });
    }
  } else if (shape.type === 'map') {
    const entries = Object.entries(value as Record<string, unknown>);
    const keyShape = shapeOf(model, shape.key!);
    const valueShape = shapeOf(model, shape.value!);
    if (
      hasConstraints(keyShape, skip) &&
      entries.some(([k]) => failing(keyShape, k, skip).length)
    ) {
      out.push({
        kind: 'member',
        path,
        wireName,
        value,
        constraint: `Map keys must satisfy constraint: [${constraintsOf(
          keyShape,
        )
          .filter(c => !skip.has(c.kind))
          .map(c => c.text)
          .join(', ')}]`,
      });
    }
    if (valueShape.type === 'structure') {
      for (const [k, v] of entries)
        check(model, valueShape, v, `${path}.${k}.member`, wireName, skip, out);
    } else if (
      hasConstraints(valueShape, skip) &&
      entries.some(([, v]) => failing(valueShape, v, skip).length)
    ) {
      out.push({
        kind: 'member',
        path,
        wireName,
        value,
        constraint: `Map value must satisfy constraint: [${constraintsOf(
          valueShape,
        )
          .filter(c => !skip.has(c.kind))
          .map(c => c.text)
          .join(', ')}]`,
      });
    }
  }
}

// ---------------------------------------------------------------- entry points

/** How a service reports what the model refuses. */
export interface ErrorStyle {
  /** Constraint kinds the service does not check from its model. */
  skip?: readonly ConstraintKind[];
  /** The error for the violations (at least one). */
  violations(violations: Violation[]): AwsError;
  /** The error for a value that cannot be read as its member's type. */
  typeMismatch(mismatch: TypeMismatch): AwsError;
}

export type RequestInput =
  | { protocol: 'json'; body: Record<string, unknown> }
  | { protocol: 'query'; dialect: QueryDialect; params: QueryParams }
  | { protocol: 'rest'; request: RestInput };

/** The violations of an input already read into the model's members. */
export function violationsOf(
  model: ServiceModel,
  operation: string,
  input: Record<string, unknown>,
  skip: readonly ConstraintKind[] = [],
): Violation[] {
  const op = model.operations[operation];
  if (!op) throw new Error(`the model has no operation ${operation}`);
  if (!op.input) return [];
  const out: Violation[] = [];
  check(model, shapeOf(model, op.input), input, '', '', new Set(skip), out);
  return out;
}

/** The violations of one value of shape `shapeName`, located at `path`. */
export function shapeViolations(
  model: ServiceModel,
  shapeName: string,
  value: unknown,
  path: string,
): Violation[] {
  const out: Violation[] = [];
  check(model, shapeOf(model, shapeName), value, path, path, new Set(), out);
  return out;
}

/** Reads a request into the operation's input members; throws TypeMismatch. */
export function decodeInput(
  model: ServiceModel,
  operation: string,
  input: RequestInput,
): Record<string, unknown> {
  const op = model.operations[operation];
  if (!op) throw new Error(`the model has no operation ${operation}`);
  if (!op.input) return {};
  const shape = shapeOf(model, op.input);
  if (input.protocol === 'json')
    return decodeJson(model, shape, input.body, '') as Record<string, unknown>;
  if (input.protocol === 'query')
    return decodeQuery(model, input.dialect, shape, input.params, '') as Record<
      string,
      unknown
    >;
  return decodeRest(model, shape, input.request, op.http.requestUri);
}

/**
 * Checks one request against the operation's model; throws the service's
 * error (per `style`) when the model refuses it. Returns the input read into
 * the model's members.
 */
export function validateRequest(
  model: ServiceModel,
  operation: string,
  input: RequestInput,
  style: ErrorStyle,
): Record<string, unknown> {
  let decoded: Record<string, unknown>;
  try {
    decoded = decodeInput(model, operation, input);
  } catch (e) {
    if (e instanceof TypeMismatch) throw style.typeMismatch(e);
    throw e;
  }
  const violations = violationsOf(model, operation, decoded, style.skip);
  if (violations.length) throw style.violations(violations);
  return decoded;
}
