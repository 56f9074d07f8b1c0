import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  AwsClientFactory,
  EksInventoryService,
} from '@backstage-eks/plugin-eks-node';
import { getEksClusterRef } from '@backstage-eks/plugin-eks-common';
import { startSandbox, type Sandbox } from '@backstage-eks/sandbox';
import { EksClusterEntityProvider } from './EksClusterEntityProvider';

describe('EksClusterEntityProvider against the sandbox', () => {
  let sandbox: Sandbox;
  let inventory: EksInventoryService;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    inventory = new EksInventoryService(
      AwsClientFactory.fromConfig(
        new ConfigReader({
          eks: { endpoint: sandbox.url, sandbox: { enabled: true } },
        }),
      ),
    );
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it('replaces its entities with one Resource per cluster', async () => {
    const provider = new EksClusterEntityProvider({
      id: 'sandbox',
      targets: [{ accountId: '000000000000', regions: ['eu-west-1'] }],
      inventory,
      logger: mockServices.logger.mock(),
      owner: 'group:default/platform',
    });
    const connection = { applyMutation: jest.fn(), refresh: jest.fn() };
    await provider.connect(connection);
    await provider.refresh();

    expect(connection.applyMutation).toHaveBeenCalledTimes(1);
    const mutation = connection.applyMutation.mock.calls[0][0];
    expect(mutation.type).toBe('full');
    expect(mutation.entities).toHaveLength(1);
    const { entity, locationKey } = mutation.entities[0];
    expect(locationKey).toBe('eks-cluster-provider:sandbox');
    expect(entity).toMatchObject({
      kind: 'Resource',
      metadata: { name: 'demo', title: 'demo' },
      spec: { type: 'kubernetes-cluster', owner: 'group:default/platform' },
    });
    expect(getEksClusterRef(entity)).toMatchObject({
      accountId: '000000000000',
      region: 'eu-west-1',
      clusterName: 'demo',
    });
    expect(entity.metadata.annotations).toMatchObject({
      'amazonaws.com/account-id': '000000000000',
      'kubernetes.io/auth-provider': 'aws',
      'kubernetes.io/x-k8s-aws-id': 'demo',
      'kubernetes.io/api-server': sandbox.clusterEndpoint('demo'),
      'kubernetes.io/api-server-certificate-authority': expect.any(String),
      'backstage.io/managed-by-location':
        'eks-provider:eks-cluster-provider:sandbox',
    });
  });

  it('keeps the catalog as it is when a region cannot be read', async () => {
    sandbox.faults.set({
      service: 'eks',
      operation: 'ListClusters',
      serverErrorRate: 1,
    });
    const provider = new EksClusterEntityProvider({
      id: 'sandbox',
      targets: [{ regions: ['eu-west-1'] }],
      inventory: new EksInventoryService(
        AwsClientFactory.fromConfig(
          new ConfigReader({
            eks: {
              endpoint: sandbox.url,
              sandbox: { enabled: true },
              retry: { maxAttempts: 1 },
            },
          }),
        ),
      ),
      logger: mockServices.logger.mock(),
    });
    const connection = { applyMutation: jest.fn(), refresh: jest.fn() };
    await provider.connect(connection);
    await expect(provider.refresh()).rejects.toThrow();
    expect(connection.applyMutation).not.toHaveBeenCalled();
    sandbox.faults.clear();
  });
});
