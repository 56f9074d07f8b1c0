import type { KubeObject } from './types.ts';

/** What names a CustomResourceDefinition whose spec and status take any fields. */
export interface OpenCrdOptions {
  group: string;
  kind: string;
  plural: string;
  scope: 'Namespaced' | 'Cluster';
  /** The served and stored version, e.g. `v1`. */
  version: string;
  categories: string[];
  shortNames?: string[];
  /** Whether an object without `spec` is refused, as the real CRD's schema does. */
  requireSpec: boolean;
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
}

/**
 * A CustomResourceDefinition as the sandbox's stand-in charts and fixtures
 * install it: the real group, names, scope and version, with a schema that
 * keeps whatever spec and status are given (the sandbox checks the objects
 * it simulates in its own code, not through the CRD's full schema).
 */
export function openCustomResourceDefinition(opts: OpenCrdOptions) {
  const { group, kind, plural } = opts;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${plural}.${group}`,
      ...(opts.annotations ? { annotations: opts.annotations } : {}),
      ...(opts.labels ? { labels: opts.labels } : {}),
    },
    spec: {
      group,
      names: {
        kind,
        listKind: `${kind}List`,
        plural,
        singular: kind.toLowerCase(),
        categories: opts.categories,
        ...(opts.shortNames ? { shortNames: opts.shortNames } : {}),
      },
      scope: opts.scope,
      versions: [
        {
          name: opts.version,
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: {
            openAPIV3Schema: {
              type: 'object',
              ...(opts.requireSpec ? { required: ['spec'] } : {}),
              properties: {
                apiVersion: { type: 'string' },
                kind: { type: 'string' },
                metadata: { type: 'object' },
                spec: {
                  type: 'object',
                  'x-kubernetes-preserve-unknown-fields': true,
                },
                status: {
                  type: 'object',
                  'x-kubernetes-preserve-unknown-fields': true,
                },
              },
            },
          },
        },
      ],
    },
  } satisfies KubeObject;
}
