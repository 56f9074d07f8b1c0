import { randomBytes } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { applyCreateDefaults, applyDecodeDefaults } from './defaults.ts';
import {
  PROPAGATION_POLICIES,
  terminatingForm,
  type PropagationPolicy,
} from './deletion.ts';
import type { KubernetesCluster } from './KubernetesCluster.ts';
import {
  isNoOp,
  recordUpdate,
  serverSideApply,
  strategyFor,
} from './managedFields.ts';
import { isPlainObject, jsonPatch, mergePatch } from './patches.ts';
import { strategicMergePatch } from './strategicMergePatch.ts';
import {
  apiVersionOf,
  BUILTIN_RESOURCES,
  type ResourceType,
} from './resources.ts';
import type { ResourceRequest } from './routing.ts';
import {
  alreadyExists,
  badRequest,
  conflict,
  deleted,
  invalidOptions,
  notFound,
  unsupportedMediaType,
  type KubeStatus,
} from './status.ts';
import { kubeTimestamp } from './time.ts';
import type { KubeObject } from './types.ts';
import {
  validateObject,
  validateSchema,
  type FieldValidation,
} from './validation.ts';

/** What a write answers: an HTTP code and a body. */
export interface WriteResult {
  code: number;
  body: KubeObject | KubeStatus;
}

/** Query options common to writes. */
export interface WriteOptions {
  /** `fieldValidation` (Warn when absent) and the warnings it produced. */
  fieldValidation?: FieldValidation;
  warnings?: string[];
  fieldManager?: string;
  force: boolean;
  dryRun: boolean;
}

/** The options kind of a verb, as validation errors name it. */
export type OptionsKind =
  | 'CreateOptions'
  | 'UpdateOptions'
  | 'PatchOptions'
  | 'DeleteOptions';

/**
 * `dryRun` takes only `All` (apimachinery's ValidateDryRun): any other value
 * is a 422 naming the verb's options kind.
 */
export function parseDryRun(values: unknown, kind: OptionsKind): boolean {
  if (values === undefined || values === null) return false;
  const list = Array.isArray(values) ? values : [values];
  if (list.some(v => v !== 'All')) {
    throw invalidOptions(
      kind,
      'dryRun',
      `Unsupported value: ${JSON.stringify(list)}: supported values: "All"`,
      'FieldValueNotSupported',
    );
  }
  return list.length > 0;
}

/** The DeleteOptions of a DELETE (from its body, or else its query). */
export interface DeleteRequestOptions {
  propagationPolicy?: PropagationPolicy;
  orphanDependents?: boolean;
  dryRun: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
}

function parseBool(value: string): boolean {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) return false;
  throw badRequest(`strconv.ParseBool: parsing "${value}": invalid syntax`);
}

/**
 * Reads DeleteOptions as the apiserver does: from a non-empty body (a
 * `DeleteOptions` document of meta.k8s.io/v1 or the resource's group), else
 * from the query; then validates them (ValidateDeleteOptions).
 */
export function parseDeleteOptions(
  body: Buffer,
  query: URLSearchParams,
): DeleteRequestOptions {
  let policy: unknown;
  let orphanDependents: boolean | undefined;
  let dryRun: unknown;
  let preconditions: DeleteRequestOptions['preconditions'];
  if (body.length > 0) {
    const raw = parseJsonBody(body);
    if (!isPlainObject(raw)) {
      throw badRequest('the body of a delete must be a DeleteOptions object');
    }
    if (raw.kind !== undefined && raw.kind !== 'DeleteOptions') {
      throw badRequest('decoded object cannot be converted to DeleteOptions');
    }
    policy = raw.propagationPolicy ?? undefined;
    if (raw.orphanDependents !== undefined && raw.orphanDependents !== null) {
      if (typeof raw.orphanDependents !== 'boolean') {
        throw badRequest(
          'json: cannot unmarshal into Go struct field DeleteOptions.orphanDependents of type bool',
        );
      }
      orphanDependents = raw.orphanDependents;
    }
    dryRun = raw.dryRun ?? undefined;
    if (isPlainObject(raw.preconditions)) {
      preconditions =
        raw.preconditions as DeleteRequestOptions['preconditions'];
    }
  } else {
    policy = query.get('propagationPolicy') ?? undefined;
    const orphan = query.get('orphanDependents');
    if (orphan !== null) orphanDependents = parseBool(orphan);
    const values = query.getAll('dryRun');
    dryRun = values.length > 0 ? values : undefined;
    const uid = query.get('preconditions.uid');
    const resourceVersion = query.get('preconditions.resourceVersion');
    if (uid || resourceVersion) {
      preconditions = {
        ...(uid ? { uid } : {}),
        ...(resourceVersion ? { resourceVersion } : {}),
      };
    }
  }
  if (orphanDependents !== undefined && policy !== undefined) {
    throw invalidOptions(
      'DeleteOptions',
      'propagationPolicy',
      `Invalid value: ${JSON.stringify(
        policy,
      )}: orphanDependents and deletionPropagation cannot be both set`,
      'FieldValueInvalid',
    );
  }
  if (
    policy !== undefined &&
    !PROPAGATION_POLICIES.includes(policy as PropagationPolicy)
  ) {
    throw invalidOptions(
      'DeleteOptions',
      'propagationPolicy',
      `Unsupported value: ${JSON.stringify(
        policy,
      )}: supported values: "Foreground", "Background", "Orphan", "nil"`,
      'FieldValueNotSupported',
    );
  }
  return {
    ...(policy !== undefined
      ? { propagationPolicy: policy as PropagationPolicy }
      : {}),
    ...(orphanDependents !== undefined ? { orphanDependents } : {}),
    dryRun: parseDryRun(dryRun, 'DeleteOptions'),
    ...(preconditions ? { preconditions } : {}),
  };
}

/** The propagation policy DeleteOptions ask for (orphanDependents is the legacy form). */
function policyOf(
  options: DeleteRequestOptions,
): PropagationPolicy | undefined {
  if (options.orphanDependents !== undefined) {
    return options.orphanDependents ? 'Orphan' : 'Background';
  }
  return options.propagationPolicy;
}

const NAMESPACE_TYPE = BUILTIN_RESOURCES.find(t => t.kind === 'Namespace')!;

function parseJsonBody(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (e) {
    throw badRequest(
      `the body of the request was not valid JSON: ${(e as Error).message}`,
    );
  }
}

/** Checks kind/apiVersion/namespace/name of a request body against the URL. */
function checkBody(
  raw: unknown,
  request: ResourceRequest,
  requireName: boolean,
): KubeObject {
  if (!isPlainObject(raw)) {
    throw badRequest('the body of the request must be a JSON or YAML object');
  }
  const { type } = request;
  const expected = apiVersionOf(type);
  if (!type.custom) {
    // built-in types decode into the URL's type when the body omits it
    raw.kind = raw.kind || type.kind;
    raw.apiVersion = raw.apiVersion || expected;
  }
  if (typeof raw.kind !== 'string' || raw.kind === '') {
    throw badRequest(`Object 'Kind' is missing in '${JSON.stringify(raw)}'`);
  }
  if (raw.kind !== type.kind) {
    throw badRequest(
      `the kind in the data (${raw.kind}) does not match the expected kind (${type.kind})`,
    );
  }
  if (raw.apiVersion !== expected) {
    throw badRequest(
      `the API version in the data (${String(
        raw.apiVersion,
      )}) does not match the expected API version (${expected})`,
    );
  }
  const metadata = isPlainObject(raw.metadata) ? raw.metadata : {};
  const obj = { ...raw, metadata: { ...metadata } } as KubeObject;
  if (type.namespaced) {
    if (
      obj.metadata.namespace &&
      obj.metadata.namespace !== request.namespace
    ) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    obj.metadata.namespace = request.namespace;
  } else {
    delete obj.metadata.namespace;
  }
  if (requireName && request.name !== undefined) {
    if (obj.metadata.name === undefined || obj.metadata.name === '') {
      obj.metadata.name = request.name;
    } else if (obj.metadata.name !== request.name) {
      throw badRequest(
        `the name of the object (${obj.metadata.name}) does not match the name on the URL (${request.name})`,
      );
    }
  }
  checkDecodable(obj);
  return obj;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * What the API server's decoder refuses before anything else looks at the
 * object: a Secret's `data` values are []byte, so they must be standard,
 * padded base64 (a 400, as Go's encoding/base64 reports it).
 */
function checkDecodable(obj: KubeObject) {
  if (obj.kind !== 'Secret' || obj.apiVersion !== 'v1') return;
  const data = (obj as { data?: unknown }).data;
  if (!isPlainObject(data)) return;
  for (const value of Object.values(data)) {
    if (typeof value !== 'string') continue;
    const bad = [...value].findIndex(ch => !/[A-Za-z0-9+/=]/.test(ch));
    let at = -1;
    if (bad >= 0) at = bad;
    else if (!BASE64.test(value) || value.length % 4 !== 0) {
      at = value.length - (value.length % 4 || 4);
    }
    if (at >= 0) {
      throw badRequest(
        `Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte ${at}`,
      );
    }
  }
}

function requireNamespace(cluster: KubernetesCluster, namespace?: string) {
  if (namespace === undefined) return;
  if (!cluster.get('v1', 'Namespace', undefined, namespace)) {
    throw notFound(NAMESPACE_TYPE, namespace);
  }
}

function find(cluster: KubernetesCluster, request: ResourceRequest) {
  return cluster.get(
    apiVersionOf(request.type),
    request.type.kind,
    request.namespace,
    request.name!,
  );
}

/** Server-owned metadata is kept from the stored object. */
function keepServerFields(updated: KubeObject, existing: KubeObject) {
  updated.metadata.uid = existing.metadata.uid;
  updated.metadata.creationTimestamp = existing.metadata.creationTimestamp;
  updated.metadata.resourceVersion = existing.metadata.resourceVersion;
  const deletion = existing.metadata.deletionTimestamp;
  if (deletion) updated.metadata.deletionTimestamp = deletion;
  else delete updated.metadata.deletionTimestamp;
}

function store(
  cluster: KubernetesCluster,
  type: ResourceType,
  obj: KubeObject,
  options: WriteOptions,
): KubeObject {
  const finalizers = (obj.metadata.finalizers as string[] | undefined) ?? [];
  if (obj.metadata.deletionTimestamp && finalizers.length === 0) {
    if (options.dryRun) return obj;
    cluster.remove(
      obj.apiVersion,
      obj.kind,
      obj.metadata.namespace,
      obj.metadata.name,
    );
    return obj;
  }
  // a dry run answers what would be stored and changes nothing
  const stored = options.dryRun ? cluster.preview(obj) : cluster.apply(obj);
  return withRequestedVersion(stored, type);
}

/** Objects are answered in the version the request named. */
export function withRequestedVersion(obj: KubeObject, type: ResourceType) {
  return { ...obj, apiVersion: apiVersionOf(type) };
}

function record(
  cluster: KubernetesCluster,
  operation: string,
  obj: KubeObject,
  options: WriteOptions,
) {
  if (options.dryRun) return;
  cluster.recordWrite(operation, {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    namespace: obj.metadata.namespace,
    name: obj.metadata.name,
  });
}

function checkSchema(
  cluster: KubernetesCluster,
  type: ResourceType,
  obj: KubeObject,
  options: WriteOptions,
  existing?: KubeObject,
  body?: Buffer,
) {
  validateSchema(type, obj, {
    cluster,
    fieldValidation: options.fieldValidation ?? 'Warn',
    warnings: options.warnings ?? [],
    existing,
    body,
  });
}

/** POST to a collection. */
export function createObject(
  cluster: KubernetesCluster,
  request: ResourceRequest,
  body: Buffer,
  options: WriteOptions,
  defaultManager: string,
): WriteResult {
  const { type } = request;
  const obj = checkBody(parseJsonBody(body), request, false);
  const generateName = obj.metadata.generateName as string | undefined;
  if (!obj.metadata.name && generateName) {
    obj.metadata.name = `${generateName}${randomBytes(4)
      .toString('hex')
      .slice(0, 5)}`;
  }
  applyDecodeDefaults(obj);
  validateObject(type, obj);
  checkSchema(cluster, type, obj, options, undefined, body);
  requireNamespace(cluster, obj.metadata.namespace);
  if (find(cluster, { ...request, name: obj.metadata.name })) {
    throw alreadyExists(type, obj.metadata.name);
  }
  for (const field of [
    'uid',
    'resourceVersion',
    'creationTimestamp',
    'generation',
    'deletionTimestamp',
  ]) {
    delete obj.metadata[field];
  }
  if (type.subresources.includes('status')) delete obj.status;
  applyCreateDefaults(cluster, obj);
  const managed = recordUpdate({
    strategy: strategyFor(cluster, type),
    existing: undefined,
    updated: obj,
    manager: options.fieldManager ?? defaultManager,
  });
  const created = store(cluster, type, managed, options);
  record(cluster, 'create', created, options);
  return { code: 201, body: created };
}

/** PUT to an object or its status. */
export function replaceObject(
  cluster: KubernetesCluster,
  request: ResourceRequest,
  body: Buffer,
  options: WriteOptions,
  defaultManager: string,
): WriteResult {
  const { type } = request;
  const incoming = checkBody(parseJsonBody(body), request, true);
  const existing = find(cluster, request);
  if (!existing) throw notFound(type, request.name!);
  checkResourceVersion(request, incoming, existing);
  let updated: KubeObject;
  if (request.subresource === 'status') {
    updated = { ...existing, status: incoming.status };
  } else {
    applyDecodeDefaults(incoming);
    validateObject(type, incoming);
    checkSchema(cluster, type, incoming, options, existing, body);
    updated = incoming;
    if (type.subresources.includes('status')) updated.status = existing.status;
  }
  keepServerFields(updated, existing);
  const managed = recordUpdate({
    strategy: strategyFor(cluster, type),
    existing,
    updated,
    manager: options.fieldManager ?? defaultManager,
    subresource: request.subresource,
  });
  return storeChange(cluster, type, existing, managed, options, 'replace');
}

/** The patch media types a resource takes (custom resources: no strategic). */
function patchTypes(type: ResourceType): string[] {
  return [
    'application/json-patch+json',
    'application/merge-patch+json',
    ...(type.custom ? [] : ['application/strategic-merge-patch+json']),
    'application/apply-patch+yaml',
  ];
}

/**
 * An update's optimistic concurrency: a resourceVersion in the body must be
 * the stored one (409 Conflict otherwise); none means "whatever is stored".
 */
function checkResourceVersion(
  request: ResourceRequest,
  incoming: KubeObject,
  existing: KubeObject,
) {
  const expectedVersion = incoming.metadata.resourceVersion;
  if (
    expectedVersion &&
    expectedVersion !== existing.metadata.resourceVersion
  ) {
    throw conflict(request.type, request.name!);
  }
}

/**
 * Stores an update of `existing` and records it as `operation`; one that
 * changes nothing is answered with the stored object, keeping its
 * resourceVersion, and not recorded.
 */
function storeChange(
  cluster: KubernetesCluster,
  type: ResourceType,
  existing: KubeObject,
  updated: KubeObject,
  options: WriteOptions,
  operation: string,
): WriteResult {
  if (isNoOp(existing, updated)) return unchanged(existing, type);
  const stored = store(cluster, type, updated, options);
  record(cluster, operation, stored, options);
  return { code: 200, body: stored };
}

/** A write that changes nothing: the stored object, nothing stored. */
function unchanged(existing: KubeObject, type: ResourceType): WriteResult {
  return { code: 200, body: withRequestedVersion(existing, type) };
}

function patchedObject(
  cluster: KubernetesCluster,
  type: ResourceType,
  existing: KubeObject,
  contentType: string,
  body: Buffer,
): unknown {
  if (contentType === 'application/json-patch+json') {
    return jsonPatch(existing, parseJsonBody(body));
  }
  if (contentType === 'application/merge-patch+json') {
    return mergePatch(existing, parseJsonBody(body));
  }
  if (contentType === 'application/strategic-merge-patch+json') {
    return strategicMergePatch(
      existing,
      parseJsonBody(body),
      strategyFor(cluster, type),
    );
  }
  throw unsupportedMediaType(patchTypes(type));
}

/** PATCH of an object or its status: apply, merge, strategic or JSON patch. */
export function patchObject(
  cluster: KubernetesCluster,
  request: ResourceRequest,
  contentType: string,
  body: Buffer,
  options: WriteOptions,
  defaultManager: string,
): WriteResult {
  const { type } = request;
  // the API server checks the media type first (415 even for a missing object)
  if (!patchTypes(type).includes(contentType)) {
    throw unsupportedMediaType(patchTypes(type));
  }
  const existing = find(cluster, request);
  if (contentType === 'application/apply-patch+yaml') {
    if (!options.fieldManager) {
      throw invalidOptions(
        'PatchOptions',
        'fieldManager',
        'Required value: is required for apply patch',
      );
    }
    let raw: unknown;
    try {
      raw = parseYaml(body.toString('utf8'));
    } catch (e) {
      throw badRequest(`error decoding YAML: ${(e as Error).message}`);
    }
    const applied = checkBody(raw, request, true);
    if (request.subresource === 'status') {
      if (!existing) throw notFound(type, request.name!);
      const statusOnly = serverSideApply({
        type,
        strategy: strategyFor(cluster, type),
        existing,
        applied,
        manager: options.fieldManager,
        force: options.force,
        subresource: 'status',
      });
      keepServerFields(statusOnly, existing);
      return storeChange(cluster, type, existing, statusOnly, options, 'apply');
    }
    if (!existing) {
      validateObject(type, applied);
      requireNamespace(cluster, applied.metadata.namespace);
    }
    const expectedVersion = applied.metadata.resourceVersion;
    if (
      existing &&
      expectedVersion &&
      expectedVersion !== existing.metadata.resourceVersion
    ) {
      throw conflict(type, request.name!);
    }
    const result = serverSideApply({
      type,
      strategy: strategyFor(cluster, type),
      existing,
      applied,
      manager: options.fieldManager,
      force: options.force,
    });
    applyDecodeDefaults(result);
    if (existing) validateObject(type, result);
    checkSchema(cluster, type, result, options, existing, body);
    if (!existing) {
      if (type.subresources.includes('status')) delete result.status;
      applyCreateDefaults(cluster, result);
      delete result.metadata.uid;
      delete result.metadata.resourceVersion;
    } else {
      keepServerFields(result, existing);
      if (isNoOp(existing, result)) return unchanged(existing, type);
    }
    const stored = store(cluster, type, result, options);
    record(cluster, 'apply', stored, options);
    return { code: existing ? 200 : 201, body: stored };
  }
  if (!existing) throw notFound(type, request.name!);
  const patched = patchedObject(cluster, type, existing, contentType, body);
  const updated = checkBody(patched, request, true);
  checkResourceVersion(request, updated, existing);
  if (request.subresource === 'status') {
    const statusOnly = recordUpdate({
      strategy: strategyFor(cluster, type),
      existing,
      updated: { ...existing, status: updated.status },
      manager: options.fieldManager ?? defaultManager,
      subresource: 'status',
    });
    keepServerFields(statusOnly, existing);
    return storeChange(cluster, type, existing, statusOnly, options, 'patch');
  }
  applyDecodeDefaults(updated);
  validateObject(type, updated);
  checkSchema(cluster, type, updated, options, existing);
  if (type.subresources.includes('status')) updated.status = existing.status;
  keepServerFields(updated, existing);
  const managed = recordUpdate({
    strategy: strategyFor(cluster, type),
    existing,
    updated,
    manager: options.fieldManager ?? defaultManager,
  });
  return storeChange(cluster, type, existing, managed, options, 'patch');
}

/**
 * DELETE of an object. The propagation policy decides what happens to its
 * dependents: Orphan and Foreground keep the object (deletionTimestamp and
 * the `orphan` / `foregroundDeletion` finalizer) until the garbage collector
 * has orphaned or deleted them; Background deletes it at once and the
 * collector deletes the dependents after. Any finalizer keeps an object
 * until it is removed.
 */
export function deleteObject(
  cluster: KubernetesCluster,
  request: ResourceRequest,
  options: DeleteRequestOptions,
): WriteResult {
  const { type } = request;
  const existing = find(cluster, request);
  if (!existing) throw notFound(type, request.name!);
  const { preconditions } = options;
  if (preconditions?.uid && preconditions.uid !== existing.metadata.uid) {
    throw conflict(
      type,
      request.name!,
      `Precondition failed: UID in precondition: ${preconditions.uid}, UID in object meta: ${existing.metadata.uid}`,
    );
  }
  if (
    preconditions?.resourceVersion &&
    preconditions.resourceVersion !== existing.metadata.resourceVersion
  ) {
    throw conflict(
      type,
      request.name!,
      `Precondition failed: ResourceVersion in precondition: ${preconditions.resourceVersion}, ResourceVersion in object meta: ${existing.metadata.resourceVersion}`,
    );
  }
  const writeOptions: WriteOptions = { force: false, dryRun: options.dryRun };
  const isNamespace = type.kind === 'Namespace' && !type.group;
  const terminating = isNamespace
    ? undefined
    : terminatingForm(existing, policyOf(options));
  if (terminating) {
    const stored = withRequestedVersion(
      options.dryRun
        ? cluster.preview(terminating)
        : cluster.apply(terminating),
      type,
    );
    record(cluster, 'delete', stored, writeOptions);
    // the apiserver answers 202 when the legacy orphanDependents=false asked
    // for a cascade that has not finished
    return {
      code: options.orphanDependents === false ? 202 : 200,
      body: stored,
    };
  }
  if (!options.dryRun) {
    cluster.remove(
      existing.apiVersion,
      existing.kind,
      existing.metadata.namespace,
      existing.metadata.name,
    );
  }
  record(cluster, 'delete', existing, writeOptions);
  if (isNamespace) {
    const terminatingNamespace = structuredClone(existing);
    terminatingNamespace.metadata.deletionTimestamp = kubeTimestamp();
    terminatingNamespace.status = { phase: 'Terminating' };
    return { code: 200, body: terminatingNamespace };
  }
  if (type.custom || (type.kind === 'Pod' && !type.group)) {
    return { code: 200, body: withRequestedVersion(existing, type) };
  }
  return {
    code: 200,
    body: deleted(type, existing.metadata.name, existing.metadata.uid),
  };
}

/** DELETE of a collection (`deletecollection`): the matching objects. */
export function deleteCollection(
  cluster: KubernetesCluster,
  request: ResourceRequest,
  items: KubeObject[],
  options: DeleteRequestOptions,
) {
  const { type } = request;
  const removed = items.map(item => {
    const result = deleteObject(
      cluster,
      {
        ...request,
        namespace: item.metadata.namespace,
        name: item.metadata.name,
      },
      options,
    );
    return result.body.kind === 'Status'
      ? withRequestedVersion(item, type)
      : result.body;
  });
  return {
    kind: `${type.kind}List`,
    apiVersion: apiVersionOf(type),
    metadata: { resourceVersion: String(cluster.resourceVersion) },
    items: removed,
  };
}
