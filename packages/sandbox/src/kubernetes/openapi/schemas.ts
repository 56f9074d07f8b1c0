import type { KubernetesCluster } from '../KubernetesCluster.ts';
import { apiVersionOf, type ResourceType } from '../resources.ts';
import type { KubeObject } from '../types.ts';
import builtinSchemas from './builtinSchemas.json';
import karpenterSchemas from './karpenterSchemas.json';
import {
  definitionOfModel,
  loadValidator,
  type CompiledValidator,
} from './models.ts';

/** An OpenAPI v3 (structural) schema, as Kubernetes serves them. */
export type Schema = {
  type?: string;
  description?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  $ref?: string;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-validations'?: Array<{ rule: string; message?: string }>;
  [extension: string]: unknown;
};

/** The definitions of the built-in kinds, named as Kubernetes names them. */
export const BUILTIN_DEFINITIONS = builtinSchemas.definitions as Record<
  string,
  Schema
>;

/** `apps/v1/Deployment` -> `io.k8s.api.apps.v1.Deployment`. */
export const BUILTIN_KIND_DEFINITIONS = builtinSchemas.kinds as Record<
  string,
  string
>;

export const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/**
 * The openAPIV3Schema of a Karpenter CRD (v1), from
 * @kubernetes-models/karpenter (see scripts/generateSchemas.ts).
 */
export function karpenterSchema(apiVersion: string, kind: string): Schema {
  const schema = (karpenterSchemas as Record<string, Schema>)[
    `${apiVersion}/${kind}`
  ];
  if (!schema) throw new Error(`no Karpenter schema for ${apiVersion} ${kind}`);
  return structuredClone(schema);
}

/** Follows `$ref`s into the built-in definitions. */
export function resolveRef(schema: Schema): Schema {
  let current = schema;
  while (current.$ref) {
    const name = current.$ref.split('/').pop()!;
    const target = BUILTIN_DEFINITIONS[name];
    if (!target) return {};
    current = target;
  }
  return current;
}

/** The schema an object of a resource type is checked and pruned against. */
export function schemaOf(
  cluster: KubernetesCluster,
  type: ResourceType,
): Schema | undefined {
  if (!type.custom) {
    const name = BUILTIN_KIND_DEFINITIONS[`${apiVersionOf(type)}/${type.kind}`];
    return name ? BUILTIN_DEFINITIONS[name] : undefined;
  }
  const crd = cluster.get(
    'apiextensions.k8s.io/v1',
    'CustomResourceDefinition',
    undefined,
    `${type.plural}.${type.group}`,
  );
  const versions = (crd?.spec as { versions?: unknown[] } | undefined)
    ?.versions as
    | Array<{ name: string; schema?: { openAPIV3Schema?: Schema } }>
    | undefined;
  return versions?.find(v => v.name === type.version)?.schema?.openAPIV3Schema;
}

/**
 * The compiled validator of the published model of a kind: kubernetes-models
 * for the built-ins, @kubernetes-models/karpenter for Karpenter's kinds;
 * undefined for other kinds.
 */
export function publishedValidator(
  type: ResourceType,
): CompiledValidator | undefined {
  const model = `${apiVersionOf(type)}/${type.kind}`;
  if (!type.custom) {
    if (!BUILTIN_KIND_DEFINITIONS[model]) return undefined;
    if (type.kind === 'CustomResourceDefinition') return undefined;
    return loadValidator(
      'kubernetes-models',
      definitionOfModel('kubernetes-models', model),
    );
  }
  if (!(model in karpenterSchemas)) return undefined;
  const pkg = '@kubernetes-models/karpenter';
  return loadValidator(pkg, definitionOfModel(pkg, model));
}

/** `spec.template.spec.requirements[0].key`, as the apiserver writes paths. */
export function fieldPath(segments: Array<string | number>): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) {
      out += out ? `.${segment}` : segment;
    } else out += `[${segment}]`;
  }
  return out;
}

/**
 * Removes the fields the schema does not declare, as the apiserver's decoder
 * (built-in kinds) and pruning (structural CRD schemas) do, and returns their
 * paths. `metadata` is checked against ObjectMeta.
 */
export function pruneUnknownFields(obj: KubeObject, schema: Schema): string[] {
  const unknown: string[] = [];
  walk(obj, schema, [], unknown, true);
  return unknown;
}

function walk(
  value: unknown,
  schemaIn: Schema,
  path: Array<string | number>,
  unknown: string[],
  root = false,
): void {
  const schema = resolveRef(schemaIn);
  if (
    schema['x-kubernetes-preserve-unknown-fields'] ||
    schema['x-kubernetes-int-or-string'] ||
    value === null ||
    typeof value !== 'object'
  ) {
    return;
  }
  if (Array.isArray(value)) {
    if (!schema.items) return;
    value.forEach((item, i) =>
      walk(item, schema.items!, [...path, i], unknown),
    );
    return;
  }
  const record = value as Record<string, unknown>;
  if (schema.properties) {
    for (const key of Object.keys(record)) {
      let child = schema.properties[key];
      if (root && key === 'metadata') {
        child = BUILTIN_DEFINITIONS[OBJECT_META];
      }
      if (!child) {
        if (root && (key === 'apiVersion' || key === 'kind')) continue;
        unknown.push(fieldPath([...path, key]));
        delete record[key];
        continue;
      }
      walk(record[key], child, [...path, key], unknown);
    }
    return;
  }
  if (
    schema.additionalProperties &&
    typeof schema.additionalProperties === 'object'
  ) {
    for (const key of Object.keys(record)) {
      walk(record[key], schema.additionalProperties, [...path, key], unknown);
    }
  }
}

/**
 * Fills in the `default`s of a structural schema where the object leaves a
 * field out, as the apiserver does for custom resources (on every read of
 * the request body, before validation).
 */
export function applyDefaults(value: unknown, schemaIn: Schema): void {
  const schema = resolveRef(schemaIn);
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    if (schema.items)
      for (const item of value) applyDefaults(item, schema.items);
    return;
  }
  const record = value as Record<string, unknown>;
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    if (record[key] === undefined && child.default !== undefined) {
      record[key] = structuredClone(child.default);
    }
    applyDefaults(record[key], child);
  }
  if (
    !schema.properties &&
    schema.additionalProperties &&
    typeof schema.additionalProperties === 'object'
  ) {
    for (const child of Object.values(record)) {
      applyDefaults(child, schema.additionalProperties);
    }
  }
}
