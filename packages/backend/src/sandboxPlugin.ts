import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { readSandboxSettings } from '@backstage-eks/plugin-eks-node';
import { startSandbox } from 'sandbox';

/**
 * Starts the local AWS + Kubernetes sandbox inside the portal's backend while
 * `eks.sandbox.enabled` is true and no real AWS credentials are configured.
 * Development portal only: production backends do not add this plugin.
 */
export const eksSandboxPlugin = createBackendPlugin({
  pluginId: 'eks-sandbox',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.rootLifecycle,
      },
      async init({ config, logger, lifecycle }) {
        const settings = readSandboxSettings(config);
        if (!settings) {
          logger.info(
            'EKS sandbox is off: calls go to AWS with the configured aws.accounts',
          );
          return;
        }
        const sandbox = await startSandbox({
          port: settings.port,
          host: settings.host,
          latencyFactor: settings.latencyFactor,
        });
        logger.info(
          `EKS sandbox (AWS + Kubernetes stand-in) listening on ${sandbox.url}`,
        );
        lifecycle.addShutdownHook(() => sandbox.stop());
      },
    });
  },
});
