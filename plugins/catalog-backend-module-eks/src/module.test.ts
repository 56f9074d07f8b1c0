import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { catalogModuleEksClusters } from './module';
import { EksClusterEntityProvider } from './EksClusterEntityProvider';

describe('catalogModuleEksClusters', () => {
  async function start(providers: JsonObject) {
    const addEntityProvider = jest.fn();
    await startTestBackend({
      extensionPoints: [
        [catalogProcessingExtensionPoint, { addEntityProvider }],
      ],
      features: [
        catalogModuleEksClusters,
        mockServices.rootConfig.factory({
          data: {
            eks: { endpoint: 'http://127.0.0.1:9', sandbox: { enabled: true } },
            catalog: { providers: { eks: providers } },
          },
        }),
      ],
    });
    return addEntityProvider;
  }

  it('adds one provider per configured key', async () => {
    const addEntityProvider = await start({
      production: {
        targets: [
          { accountId: '123456789012', regions: ['eu-west-1', 'us-east-1'] },
        ],
        owner: 'group:default/platform',
        schedule: { frequency: { hours: 1 }, timeout: { minutes: 5 } },
      },
    });
    expect(addEntityProvider).toHaveBeenCalledTimes(1);
    const provider = addEntityProvider.mock.calls[0][0];
    expect(provider).toBeInstanceOf(EksClusterEntityProvider);
    expect(provider.getProviderName()).toBe('eks-cluster-provider:production');
  });

  it('refuses a bad region, naming the field', async () => {
    await expect(
      start({ production: { targets: [{ regions: ['moon-1'] }] } }),
    ).rejects.toThrow(
      /catalog\.providers\.eks\.production\.targets\[0\]\.regions must be an AWS region/,
    );
  });
});
