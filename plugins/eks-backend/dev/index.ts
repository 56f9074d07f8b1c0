import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

// A standalone backend for working on this plugin: `yarn start` here, with
// the sandbox running (`yarn workspace @backstage-eks/sandbox start`) and the root
// app-config.yaml (eks.sandbox.enabled) pointing the AWS clients at it.
//
//   curl http://localhost:7007/api/eks/clusters/default/resource/demo/health
//   curl 'http://localhost:7007/api/eks/addons/versions?kubernetesVersion=1.33'
//
// Auth is mocked: every request acts as a signed-in user.
const backend = createBackend();

backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(
  catalogServiceMock.factory({
    entities: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: 'demo',
          annotations: {
            'eks.backstage.io/cluster-arn':
              'arn:aws:eks:eu-west-1:000000000000:cluster/demo',
          },
        },
        spec: { type: 'kubernetes-cluster', owner: 'platform' },
      },
    ],
  }),
);
backend.add(import('../src'));

backend.start();
