import { createHash } from 'node:crypto';
import type { KubernetesCluster } from '../KubernetesCluster.ts';
import { withListExtensions } from '../listStrategies.ts';
import { apiVersionOf, type ResourceType } from '../resources.ts';
import {
  BUILTIN_DEFINITIONS,
  BUILTIN_KIND_DEFINITIONS,
  OBJECT_META,
  schemaOf,
  type Schema,
} from './schemas.ts';

/*
 * The apiserver's OpenAPI documents: `/openapi/v3` (an index of one
 * document per group version) and `/openapi/v2` (one swagger document),
 * built from the schemas the sandbox validates with. Each kind's schema
 * carries `x-kubernetes-group-version-kind`; each resource has the paths and
 * the query parameters (dryRun, fieldManager, fieldValidation, force) that
 * kubectl looks for before it uses them.
 */

type Json = Record<string, unknown>;

/** `/openapi/v3/<key>`: `api/v1`, `apis/apps/v1`. */
function documentKey(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

/** `karpenter.sh` + `v1` + `NodePool` -> `sh.karpenter.v1.NodePool`, as for CRDs. */
function crdDefinitionName(type: ResourceType): string {
  return `${type.group.split('.').reverse().join('.')}.${type.version}.${
    type.kind
  }`;
}

function gvk(type: ResourceType) {
  return { group: type.group, kind: type.kind, version: type.version };
}

/** The references a schema makes, transitively, into the built-in definitions. */
function collectRefs(schema: unknown, into: Set<string>): void {
  if (Array.isArray(schema)) {
    for (const item of schema) collectRefs(item, into);
    return;
  }
  if (schema === null || typeof schema !== 'object') return;
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref' && typeof value === 'string') {
      const name = value.split('/').pop()!;
      if (!into.has(name) && BUILTIN_DEFINITIONS[name]) {
        into.add(name);
        collectRefs(BUILTIN_DEFINITIONS[name], into);
      }
    } else {
      collectRefs(value, into);
    }
  }
}

/** Rewrites `#/components/schemas/` refs for a swagger 2.0 document. */
function toV2Refs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toV2Refs);
  if (node === null || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] =
      key === '$ref' && typeof value === 'string'
        ? value.replace('#/components/schemas/', '#/definitions/')
        : toV2Refs(value);
  }
  return out;
}

/** The named schemas of the kinds of some resource types, with their references. */
function schemasOf(
  cluster: KubernetesCluster,
  types: ResourceType[],
): Record<string, Schema> {
  const schemas: Record<string, Schema> = {};
  const refs = new Set<string>([OBJECT_META]);
  for (const type of types) {
    if (!type.custom) {
      const name =
        BUILTIN_KIND_DEFINITIONS[`${apiVersionOf(type)}/${type.kind}`];
      if (!name) continue;
      refs.add(name);
      continue;
    }
    const schema = schemaOf(cluster, type);
    if (!schema) continue;
    const copy = structuredClone(schema);
    // the apiserver publishes a CRD's metadata as ObjectMeta
    copy.properties = {
      ...copy.properties,
      metadata: {
        allOf: [{ $ref: `#/components/schemas/${OBJECT_META}` }],
        description:
          "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
      },
    };
    copy['x-kubernetes-group-version-kind'] = [gvk(type)];
    schemas[crdDefinitionName(type)] = copy;
  }
  for (const name of [...refs]) collectRefs(BUILTIN_DEFINITIONS[name], refs);
  // the list strategies of the built-in types (one table with patch and apply)
  const builtins = withListExtensions(
    Object.fromEntries(
      [...refs].map(name => [name, structuredClone(BUILTIN_DEFINITIONS[name])]),
    ),
  );
  Object.assign(schemas, builtins);
  for (const type of types) {
    if (type.custom) continue;
    const name = BUILTIN_KIND_DEFINITIONS[`${apiVersionOf(type)}/${type.kind}`];
    if (name && schemas[name]) {
      schemas[name]['x-kubernetes-group-version-kind'] = [gvk(type)];
    }
  }
  return schemas;
}

function queryParameter(name: string, type: string, description: string) {
  return {
    name,
    in: 'query',
    description,
    schema: { type },
    uniqueItems: true,
  };
}

const DRY_RUN = queryParameter(
  'dryRun',
  'string',
  'When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed',
);
const FIELD_MANAGER = queryParameter(
  'fieldManager',
  'string',
  'fieldManager is a name associated with the actor or entity that is making these changes.',
);
const FIELD_VALIDATION = queryParameter(
  'fieldValidation',
  'string',
  'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - Warn (the default) - Strict',
);
const FORCE = queryParameter(
  'force',
  'boolean',
  'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people.',
);

/** The paths of one resource type, as the apiserver's OpenAPI lists them. */
function pathsOf(type: ResourceType, schemaRef: string): Record<string, Json> {
  const prefix = type.group
    ? `/apis/${type.group}/${type.version}`
    : `/api/${type.version}`;
  const scope = type.namespaced ? '/namespaces/{namespace}' : '';
  const collection = `${prefix}${scope}/${type.plural}`;
  const extensions = {
    'x-kubernetes-group-version-kind': gvk(type),
  };
  const body = (action: string) => ({
    ...extensions,
    'x-kubernetes-action': action,
    tags: [
      type.group ? `${type.group}_${type.version}` : `core_${type.version}`,
    ],
    responses: {
      '200': {
        description: 'OK',
        content: { 'application/json': { schema: { $ref: schemaRef } } },
      },
    },
  });
  const pathParameters = [
    ...(type.namespaced
      ? [
          {
            name: 'namespace',
            in: 'path',
            required: true,
            schema: { type: 'string' },
          },
        ]
      : []),
  ];
  return {
    [collection]: {
      parameters: pathParameters,
      get: { ...body('list'), operationId: `list${type.kind}` },
      post: {
        ...body('post'),
        operationId: `create${type.kind}`,
        parameters: [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION],
      },
      delete: { ...body('deletecollection'), parameters: [DRY_RUN] },
    },
    [`${collection}/{name}`]: {
      parameters: [
        {
          name: 'name',
          in: 'path',
          required: true,
          schema: { type: 'string' },
        },
        ...pathParameters,
      ],
      get: { ...body('get'), operationId: `read${type.kind}` },
      put: {
        ...body('put'),
        operationId: `replace${type.kind}`,
        parameters: [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION],
      },
      patch: {
        ...body('patch'),
        operationId: `patch${type.kind}`,
        parameters: [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE],
      },
      delete: {
        ...body('delete'),
        operationId: `delete${type.kind}`,
        parameters: [DRY_RUN],
      },
    },
  };
}

function schemaRefOf(type: ResourceType): string {
  const name = type.custom
    ? crdDefinitionName(type)
    : BUILTIN_KIND_DEFINITIONS[`${apiVersionOf(type)}/${type.kind}`];
  return `#/components/schemas/${name}`;
}

function servedTypes(cluster: KubernetesCluster): ResourceType[] {
  return cluster
    .resourceTypes()
    .filter(
      t => t.custom || BUILTIN_KIND_DEFINITIONS[`${apiVersionOf(t)}/${t.kind}`],
    );
}

function info(cluster: KubernetesCluster) {
  return { title: 'Kubernetes', version: `v${cluster.kubernetesVersion}.5` };
}

/** `GET /openapi/v3/<key>`: one group version's document, or undefined. */
export function openApiV3Document(
  cluster: KubernetesCluster,
  key: string,
): Json | undefined {
  const types = servedTypes(cluster).filter(
    t => documentKey(t.group, t.version) === key,
  );
  if (types.length === 0) return undefined;
  const paths: Record<string, Json> = {};
  for (const type of types)
    Object.assign(paths, pathsOf(type, schemaRefOf(type)));
  return {
    openapi: '3.0.0',
    info: info(cluster),
    paths,
    components: { schemas: schemasOf(cluster, types) },
  };
}

function hashOf(document: unknown): string {
  return createHash('sha512')
    .update(JSON.stringify(document))
    .digest('hex')
    .toUpperCase();
}

/** `GET /openapi/v3`: the index of the group versions' documents. */
export function openApiV3Index(cluster: KubernetesCluster): Json {
  const keys = [
    ...new Set(servedTypes(cluster).map(t => documentKey(t.group, t.version))),
  ].sort();
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const key of keys) {
    const document = openApiV3Document(cluster, key);
    paths[key] = {
      serverRelativeURL: `/openapi/v3/${key}?hash=${hashOf(document)}`,
    };
  }
  return { paths };
}

/** `GET /openapi/v2`: every kind in one swagger 2.0 document. */
export function openApiV2Document(cluster: KubernetesCluster): Json {
  const types = servedTypes(cluster);
  const paths: Record<string, Json> = {};
  for (const type of types) {
    const v3 = pathsOf(type, schemaRefOf(type));
    for (const [path, item] of Object.entries(v3)) {
      paths[path] = toV2Refs(v2PathItem(item)) as Json;
    }
  }
  return {
    swagger: '2.0',
    info: info(cluster),
    paths,
    definitions: toV2Refs(schemasOf(cluster, types)),
  };
}

/** A swagger 2.0 path item: parameters carry their type, responses their schema. */
function v2PathItem(item: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(item)) {
    if (key === 'parameters') {
      out.parameters = (value as Json[]).map(v2Parameter);
      continue;
    }
    const operation = value as Json;
    const responses = operation.responses as Record<string, Json>;
    out[key] = {
      ...operation,
      ...(operation.parameters
        ? { parameters: (operation.parameters as Json[]).map(v2Parameter) }
        : {}),
      consumes: ['*/*'],
      produces: ['application/json', 'application/yaml'],
      responses: Object.fromEntries(
        Object.entries(responses).map(([code, response]) => [
          code,
          {
            description: response.description,
            schema: (response.content as Json)['application/json']
              ? ((response.content as Json)['application/json'] as Json).schema
              : undefined,
          },
        ]),
      ),
    };
  }
  return out;
}

function v2Parameter(parameter: Json): Json {
  const { schema, ...rest } = parameter;
  return { ...rest, type: (schema as Json).type };
}
