import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { readSandboxSettings } from '@backstage-eks/plugin-eks-node';
import { delimiter, dirname } from 'node:path';
import { SANDBOX_HELM_PATH, startSandbox } from '@backstage-eks/sandbox';

/** A fleet's accounts or regions: how many, or which (a list). */
function countOrList(config: Config, key: string) {
  return Array.isArray(config.getOptional(key))
    ? config.getStringArray(key)
    : config.getOptionalNumber(key);
}

/**
 * Starts the local AWS + Kubernetes sandbox inside the portal's backend while
 * `eks.sandbox.enabled` is true and no real AWS credentials are configured,
 * with the sandbox's stand-in `helm` first on the backend's PATH.
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
        const fleet = config.getOptionalConfig('eks.sandbox.fleet');
        const rateLimit = config.getOptionalConfig('eks.sandbox.rateLimit');
        const started = Date.now();
        const sandbox = await startSandbox({
          port: settings.port,
          host: settings.host,
          latencyFactor: settings.latencyFactor,
          fleet: fleet && {
            clusters: fleet.getNumber('clusters'),
            accounts: countOrList(fleet, 'accounts'),
            regions: countOrList(fleet, 'regions'),
          },
          rateLimit: rateLimit && {
            requestsPerSecond: rateLimit.getNumber('requestsPerSecond'),
            burst: rateLimit.getOptionalNumber('burst'),
          },
        });
        if (fleet) {
          logger.info(
            `EKS sandbox fleet: ${fleet.getNumber(
              'clusters',
            )} clusters seeded in ${Date.now() - started} ms`,
          );
        }
        logger.info(
          `EKS sandbox (AWS + Kubernetes stand-in) listening on ${sandbox.url}`,
        );
        // The Karpenter action runs `helm`; against the sandbox, the
        // sandbox's stand-in installs the chart (no chart registry offline).
        process.env.PATH = `${dirname(SANDBOX_HELM_PATH)}${delimiter}${
          process.env.PATH ?? ''
        }`;
        logger.info(`Using the sandbox's stand-in helm: ${SANDBOX_HELM_PATH}`);
        lifecycle.addShutdownHook(() => sandbox.stop());
      },
    });
  },
});
