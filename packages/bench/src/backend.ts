import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The benchmark starts the eks backend plugin in-process, as its tests do.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import eksPlugin from '@backstage-eks/plugin-eks-backend';
import {
  EKS_CLUSTER_ARN_ANNOTATION,
  eksApiRoutes,
  formatEksClusterArn,
} from '@backstage-eks/plugin-eks-common';
import type { Server } from 'node:http';
import type { SandboxEndpoint } from './clusters';

/** Where the bench plugin's constant route answers. */
export const BARE_ROUTE_PATH = '/api/bench/constant';

/**
 * A bench-only plugin with one route that answers a constant JSON body
 * through the same backend (HTTP router, auth middleware): the baseline of
 * the throughput benchmark.
 */
export function bareRoutePlugin(body: unknown) {
  const text = JSON.stringify(body);
  return createBackendPlugin({
    pluginId: 'bench',
    register(env) {
      env.registerInit({
        deps: { httpRouter: coreServices.httpRouter },
        async init({ httpRouter }) {
          httpRouter.use((req, res, next) => {
            if (req.method !== 'GET' || req.path !== '/constant') {
              next();
              return;
            }
            res.type('application/json').send(text);
          });
        },
      });
    },
  });
}

/** The entity-page path of a cluster's health document. */
export function entityHealthPath(clusterName: string): string {
  return `/api/eks${eksApiRoutes.entityHealth({
    namespace: 'default',
    kind: 'resource',
    name: clusterName,
  })}`;
}

/** A running backend with the eks plugin, pointed at the sandbox. */
export interface BenchBackend {
  server: Server;
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts a backend (startTestBackend, as the eks-backend sandbox tests do)
 * with the eks plugin, a catalog holding one Resource per cluster, and
 * permissions that allow everything. Every start has its own, cold cache.
 */
export async function startBenchBackend(
  sandbox: SandboxEndpoint,
  clusterNames: string[],
  opts: { cacheTtlSeconds: number; bareRouteBody?: unknown },
): Promise<BenchBackend> {
  const entities = clusterNames.map(name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        [EKS_CLUSTER_ARN_ANNOTATION]: formatEksClusterArn({
          accountId: sandbox.accountId,
          region: sandbox.region,
          clusterName: name,
        }),
      },
    },
    spec: { type: 'kubernetes-cluster', owner: 'platform' },
  }));
  const backend = await startTestBackend({
    features: [
      eksPlugin,
      ...(opts.bareRouteBody !== undefined
        ? [bareRoutePlugin(opts.bareRouteBody)]
        : []),
      mockServices.rootConfig.factory({
        data: {
          eks: {
            endpoint: sandbox.url,
            sandbox: { enabled: true },
            defaultRegion: sandbox.region,
            cache: { ttlSeconds: opts.cacheTtlSeconds },
          },
        },
      }),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      catalogServiceMock.factory({ entities }),
    ],
  });
  const address = backend.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    server: backend.server,
    url: `http://127.0.0.1:${port}`,
    stop: () => backend.stop(),
  };
}
