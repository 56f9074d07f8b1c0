import {
  mockServices,
  startTestBackend,
  type TestBackend,
} from '@backstage/backend-test-utils';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import eksPlugin from '@backstage-eks/plugin-eks-backend';
import type { Sandbox } from '@backstage-eks/sandbox';

/** The catalog entity of the sandbox's demo cluster. */
export const demoClusterEntity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'demo',
    namespace: 'default',
    annotations: {
      'eks.backstage.io/cluster-arn':
        'arn:aws:eks:eu-west-1:000000000000:cluster/demo',
    },
  },
  spec: { type: 'kubernetes-cluster', owner: 'platform' },
};

/**
 * Starts a backend with the eks plugin reading from the sandbox, a catalog
 * holding the demo cluster, and the given permission decision and
 * credentials of requests without an Authorization header.
 */
export async function startEksBackend(
  sandbox: Sandbox,
  opts: {
    permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    defaultCredentials?: BackstageCredentials;
    config?: Record<string, unknown>;
  } = {},
): Promise<TestBackend['server']> {
  const { server } = await startTestBackend({
    features: [
      eksPlugin,
      mockServices.rootConfig.factory({
        data: {
          eks: {
            endpoint: sandbox.url,
            sandbox: { enabled: true },
            defaultRegion: 'eu-west-1',
            retry: { maxAttempts: 1 },
          },
          ...opts.config,
        },
      }),
      mockServices.permissions.factory({
        result: opts.permission ?? AuthorizeResult.ALLOW,
      }),
      mockServices.httpAuth.factory({
        defaultCredentials: opts.defaultCredentials,
      }),
      catalogServiceMock.factory({ entities: [demoClusterEntity] }),
    ],
  });
  return server;
}
