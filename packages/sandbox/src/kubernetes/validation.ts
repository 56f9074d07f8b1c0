import type { KubernetesCluster } from './KubernetesCluster.ts';
import { findRule } from './openapi/celRules.ts';
import { scanFields } from './openapi/duplicates.ts';
import type { CompiledValidator } from './openapi/models.ts';
import {
  applyDefaults,
  fieldPath,
  pruneUnknownFields,
  publishedValidator,
  resolveRef,
  schemaOf,
  type Schema,
} from './openapi/schemas.ts';
import type { ResourceType } from './resources.ts';
import { badRequest, invalid, type StatusCause } from './status.ts';
import type { KubeObject } from './types.ts';

const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Kinds whose names must be labels rather than DNS-1123 subdomains: a
 * Namespace's name is an RFC 1123 label, a Service's a DNS-1035 label (it
 * starts with a letter), as the API server's ValidateNamespaceName and
 * ValidateServiceName (NameIsDNS1035Label) check them.
 */
const LABEL_NAMED_KINDS: Record<string, 'rfc1123' | 'dns1035'> = {
  Namespace: 'rfc1123',
  Service: 'dns1035',
};

function nameCause(
  name: string,
  label: 'rfc1123' | 'dns1035' | undefined,
): StatusCause | undefined {
  if (label) {
    if (name.length > 63) {
      return {
        reason: 'FieldValueInvalid',
        message: `Invalid value: "${name}": must be no more than 63 characters`,
        field: 'metadata.name',
      };
    }
    if (label === 'dns1035' && !DNS1035_LABEL.test(name)) {
      return {
        reason: 'FieldValueInvalid',
        message: `Invalid value: "${name}": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
        field: 'metadata.name',
      };
    }
    if (label === 'rfc1123' && !DNS1123_LABEL.test(name)) {
      return {
        reason: 'FieldValueInvalid',
        message: `Invalid value: "${name}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
        field: 'metadata.name',
      };
    }
    return undefined;
  }
  if (name.length > 253) {
    return {
      reason: 'FieldValueInvalid',
      message: `Invalid value: "${name}": must be no more than 253 characters`,
      field: 'metadata.name',
    };
  }
  if (!DNS1123_SUBDOMAIN.test(name)) {
    return {
      reason: 'FieldValueInvalid',
      message: `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
      field: 'metadata.name',
    };
  }
  return undefined;
}

/**
 * Validates what the apiserver validates for every object: the name, and
 * label keys and values. Throws a 422 Invalid Status.
 */
export function validateObject(type: ResourceType, obj: KubeObject): void {
  const causes: StatusCause[] = [];
  const name = obj.metadata?.name;
  if (!name) {
    causes.push({
      reason: 'FieldValueRequired',
      message: 'Required value: name or generateName is required',
      field: 'metadata.name',
    });
  } else {
    const cause = nameCause(
      name,
      type.group ? undefined : LABEL_NAMED_KINDS[type.kind],
    );
    if (cause) causes.push(cause);
  }
  for (const [key, value] of Object.entries(obj.metadata?.labels ?? {})) {
    if (
      typeof value !== 'string' ||
      value.length > 63 ||
      !/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(value)
    ) {
      causes.push({
        reason: 'FieldValueInvalid',
        message: `Invalid value: "${String(
          value,
        )}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
        field: `metadata.labels`,
      });
    }
    if (
      !/^([a-z0-9.-]+\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(
        key,
      )
    ) {
      causes.push({
        reason: 'FieldValueInvalid',
        message: `Invalid value: "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
        field: 'metadata.labels',
      });
    }
  }
  causes.push(...workloadSelectorCauses(type, obj));
  causes.push(...nonNegativeCauses(type, obj));
  if (causes.length > 0) throw invalid(type, name ?? '', causes);
}

/**
 * Deployments, DaemonSets and ReplicaSets need a selector that matches
 * their pod template's labels, as the apps/v1 validation demands.
 */
function workloadSelectorCauses(
  type: ResourceType,
  obj: KubeObject,
): StatusCause[] {
  if (type.group !== 'apps') return [];
  const spec = (obj.spec ?? {}) as {
    selector?: {
      matchLabels?: Record<string, string>;
      matchExpressions?: unknown[];
    };
    template?: { metadata?: { labels?: Record<string, string> } };
  };
  const selector = spec.selector;
  if (!selector || (!selector.matchLabels && !selector.matchExpressions)) {
    return [
      {
        reason: 'FieldValueRequired',
        message: 'Required value',
        field: 'spec.selector',
      },
    ];
  }
  const labels = spec.template?.metadata?.labels ?? {};
  const matches = Object.entries(selector.matchLabels ?? {}).every(
    ([key, value]) => labels[key] === value,
  );
  if (matches) return [];
  const shown = Object.entries(labels)
    .map(([k, v]) => `"${k}":"${v}"`)
    .join(',');
  return [
    {
      reason: 'FieldValueInvalid',
      message: `Invalid value: map[string]string{${shown}}: \`selector\` does not match template \`labels\``,
      field: 'spec.template.metadata.labels',
    },
  ];
}

/** Spec fields apps/v1 validation holds at 0 or more (ValidateNonnegativeField). */
const NON_NEGATIVE_FIELDS: Record<string, string[]> = {
  Deployment: [
    'replicas',
    'minReadySeconds',
    'revisionHistoryLimit',
    'progressDeadlineSeconds',
  ],
  ReplicaSet: ['replicas', 'minReadySeconds'],
  DaemonSet: ['minReadySeconds', 'revisionHistoryLimit'],
};

function nonNegativeCauses(type: ResourceType, obj: KubeObject): StatusCause[] {
  if (type.group !== 'apps') return [];
  const spec = (obj.spec ?? {}) as Record<string, unknown>;
  return (NON_NEGATIVE_FIELDS[type.kind] ?? [])
    .filter(
      field => typeof spec[field] === 'number' && (spec[field] as number) < 0,
    )
    .map(field => ({
      reason: 'FieldValueInvalid',
      message: `Invalid value: ${spec[field]}: must be greater than or equal to 0`,
      field: `spec.${field}`,
    }));
}

/** How the request asked unknown fields to be handled (`fieldValidation`). */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/**
 * The `fieldValidation` query value: Warn when absent, as the apiserver
 * does since 1.27 (kubectl sends Strict unless told otherwise).
 */
export function parseFieldValidation(value: string | null): FieldValidation {
  if (value === null || value === '') return 'Warn';
  if (value === 'Strict' || value === 'Warn' || value === 'Ignore') {
    return value;
  }
  throw badRequest(
    `fieldValidation parameter unsupported: ${value}, must be one of Strict, Warn, Ignore`,
  );
}

/** What schema validation needs to know beyond the object. */
export interface SchemaContext {
  cluster: KubernetesCluster;
  fieldValidation: FieldValidation;
  /** Warnings for the response's `Warning` headers. */
  warnings: string[];
  /** The stored object, on updates (for CEL transition rules). */
  existing?: KubeObject;
  /** The request body as sent, for fields it names twice. */
  body?: Buffer;
}

const JSON_TYPE_NAMES: Record<string, string> = {
  string: 'string',
  number: 'number',
  boolean: 'boolean',
  object: 'object',
};

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') {
    return Number.isInteger(value) ? 'integer' : 'number';
  }
  return JSON_TYPE_NAMES[typeof value] ?? typeof value;
}

/** The apiserver's rendering of a value inside an error message. */
function rendered(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
}

function segmentsOf(instancePath: string): Array<string | number> {
  return instancePath
    .split('/')
    .slice(1)
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map(s => (/^\d+$/.test(s) ? Number(s) : s));
}

function valueAt(obj: unknown, segments: Array<string | number>): unknown {
  let current: any = obj;
  for (const s of segments) current = current?.[s];
  return current;
}

/**
 * Turns a compiled validator's errors into the causes the apiserver's
 * OpenAPI schema validation gives (k8s.io/apiextensions-apiserver's
 * messages: "in body must be of type", "Unsupported value", "Required value").
 */
function schemaCauses(
  obj: KubeObject,
  errors: NonNullable<CompiledValidator['errors']>,
  schema: Schema,
): StatusCause[] {
  const causes: StatusCause[] = [];
  for (const error of errors) {
    const segments = segmentsOf(error.instancePath);
    // status is not validated on writes to the main resource
    if (segments[0] === 'status' || segments[0] === 'metadata') continue;
    const field = fieldPath(segments);
    const value = valueAt(obj, segments);
    const params = error.params;
    switch (error.keyword) {
      case 'required':
        causes.push({
          reason: 'FieldValueRequired',
          message: 'Required value',
          field: fieldPath([...segments, String(params.missingProperty)]),
        });
        break;
      case 'type':
        causes.push({
          reason: 'FieldValueTypeInvalid',
          message: `Invalid value: "${jsonTypeOf(
            value,
          )}": ${field} in body must be of type ${String(
            params.type,
          )}: ${rendered(jsonTypeOf(value))}`,
          field,
        });
        break;
      case 'enum':
        causes.push({
          reason: 'FieldValueNotSupported',
          // in the order the served schema lists them
          message: `Unsupported value: ${rendered(value)}: supported values: ${(
            schemaAt(schema, segments)?.enum ??
            (params.allowedValues as unknown[])
          )
            .map(v => rendered(v))
            .join(', ')}`,
          field,
        });
        break;
      case 'pattern':
        causes.push({
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${rendered(
            value,
          )}: ${field} in body should match '${String(params.pattern)}'`,
          field,
        });
        break;
      case 'maxItems':
        causes.push({
          reason: 'FieldValueTooMany',
          message: `Too many: ${
            (value as unknown[]).length
          }: must have at most ${String(params.limit)} items`,
          field,
        });
        break;
      case 'minItems':
        causes.push({
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${
            (value as unknown[]).length
          }: ${field} in body should have at least ${String(
            params.limit,
          )} items`,
          field,
        });
        break;
      case 'maxLength':
        causes.push({
          reason: 'FieldValueTooLong',
          message: `Too long: may not be more than ${String(
            params.limit,
          )} bytes`,
          field,
        });
        break;
      case 'minimum':
      case 'maximum':
        causes.push({
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${rendered(
            value,
          )}: ${field} in body should be ${
            error.keyword === 'minimum' ? 'greater' : 'less'
          } than or equal to ${String(params.limit)}`,
          field,
        });
        break;
      default:
        causes.push({
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${rendered(value)}: ${
            error.message ?? error.keyword
          }`,
          field,
        });
    }
  }
  // one cause per field and message, as the apiserver reports them
  const seen = new Set<string>();
  return causes.filter(c => {
    const key = `${c.field}|${c.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Evaluates the CEL rules (x-kubernetes-validations) a CRD's schema carries,
 * through the checks of celRules.ts. Transition rules run only on updates,
 * where the old value exists.
 */
function celCauses(
  value: unknown,
  oldValue: unknown,
  schemaIn: Schema,
  path: Array<string | number>,
  causes: StatusCause[],
): void {
  const schema = resolveRef(schemaIn);
  if (value === undefined || value === null) return;
  for (const { rule, message } of schema['x-kubernetes-validations'] ?? []) {
    const implementation = findRule(rule, message);
    if (!implementation) continue;
    if (implementation.transition && oldValue === undefined) continue;
    let valid: boolean;
    try {
      valid = implementation.check(value, oldValue);
    } catch {
      valid = false;
    }
    if (!valid) {
      causes.push({
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${rendered(
          typeof value === 'object' ? jsonTypeOf(value) : value,
        )}: ${message ?? `failed rule: ${rule}`}`,
        field: fieldPath(path),
      });
    }
  }
  if (Array.isArray(value)) {
    if (schema.items) {
      value.forEach((item, i) =>
        celCauses(item, undefined, schema.items!, [...path, i], causes),
      );
    }
    return;
  }
  if (typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  const old = (oldValue ?? undefined) as Record<string, unknown> | undefined;
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    celCauses(record[key], old?.[key], child, [...path, key], causes);
  }
}

/**
 * Validates an object against its kind's published schema (kubernetes-models
 * for the built-ins, the CRD's openAPIV3Schema and @kubernetes-models/karpenter
 * for Karpenter's kinds), prunes unknown fields (an error under Strict, a
 * warning under Warn), and evaluates the CRD's CEL rules. Throws 400 for
 * Strict unknown fields and for built-in type errors (a decoding error, as
 * the apiserver gives), 422 Invalid otherwise.
 */
export function validateSchema(
  type: ResourceType,
  obj: KubeObject,
  context: SchemaContext,
): void {
  const schema = schemaOf(context.cluster, type);
  if (!schema) return;
  const scanned = context.body && scanFields(context.body.toString('utf8'));
  // in the order the body names them, as strict decoding reports them
  const problems = [
    ...pruneUnknownFields(obj, schema).map(field => ({
      field,
      text: `unknown field "${field}"`,
    })),
    ...(scanned?.duplicates ?? []).map(field => ({
      field,
      text: `duplicate field "${field}"`,
    })),
  ]
    .sort(
      (a, b) =>
        (scanned?.order.get(a.field) ?? Infinity) -
        (scanned?.order.get(b.field) ?? Infinity),
    )
    .map(p => p.text);
  if (type.custom) {
    for (const key of ['spec', 'status'] as const) {
      const child = schema.properties?.[key];
      if (child && obj[key] !== undefined) applyDefaults(obj[key], child);
    }
  }
  if (problems.length > 0) {
    if (context.fieldValidation === 'Strict') {
      throw badRequest(
        `${type.kind} in version "${type.version}" cannot be handled as a ${
          type.kind
        }: strict decoding error: ${problems.join(', ')}`,
      );
    }
    if (context.fieldValidation === 'Warn') context.warnings.push(...problems);
  }
  const validate = publishedValidator(type);
  const checked = { ...obj, status: undefined };
  delete checked.status;
  const causes: StatusCause[] = [];
  if (validate && !validate(checked)) {
    const errors = validate.errors ?? [];
    if (!type.custom) {
      const typeError = errors.find(
        e =>
          e.keyword === 'type' &&
          !/^\/(status|metadata)\b/.test(e.instancePath),
      );
      if (typeError) {
        const segments = segmentsOf(typeError.instancePath);
        const value = valueAt(checked, segments);
        throw badRequest(
          `${type.kind} in version "${type.version}" cannot be handled as a ${
            type.kind
          }: json: cannot unmarshal ${jsonTypeOf(value).replace(
            'integer',
            'number',
          )} into Go struct field ${goFieldOf(
            schema,
            segments,
          )} of type ${goTypeOf(String(typeError.params.type))}`,
        );
      }
    }
    causes.push(...schemaCauses(checked, errors, schema));
  }
  if (type.custom) {
    const old = context.existing;
    for (const key of ['spec'] as const) {
      const child = schema.properties?.[key];
      if (child) celCauses(obj[key], old?.[key], child, [key], causes);
    }
  }
  if (causes.length > 0) throw invalid(type, obj.metadata?.name ?? '', causes);
}

/** The schema of the field at a path, if the schema declares it. */
function schemaAt(
  schema: Schema,
  segments: Array<string | number>,
): Schema | undefined {
  let node: Schema | undefined = schema;
  for (const segment of segments) {
    const resolved: Schema = resolveRef(node ?? {});
    node =
      typeof segment === 'number'
        ? resolved.items
        : resolved.properties?.[segment] ??
          (typeof resolved.additionalProperties === 'object'
            ? resolved.additionalProperties
            : undefined);
    if (!node) return undefined;
  }
  return node && resolveRef(node);
}

/** `DeploymentSpec.spec.replicas`: the Go struct and JSON path of a field. */
function goFieldOf(schema: Schema, segments: Array<string | number>): string {
  let node: Schema | undefined = schema;
  let owner = 'Object';
  for (const segment of segments.slice(0, -1)) {
    const resolved: Schema = resolveRef(node ?? {});
    node =
      typeof segment === 'number'
        ? resolved.items
        : resolved.properties?.[segment];
    if (node?.$ref) owner = node.$ref.split('.').pop()!;
  }
  return `${owner}.${segments.filter(s => typeof s === 'string').join('.')}`;
}

function goTypeOf(jsonType: string): string {
  return (
    {
      integer: 'int32',
      number: 'float64',
      boolean: 'bool',
      string: 'string',
      array: '[]interface {}',
      object: 'map[string]interface {}',
    }[jsonType] ?? jsonType
  );
}
