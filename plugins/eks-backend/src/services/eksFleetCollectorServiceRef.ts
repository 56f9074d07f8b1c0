import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  AwsClientFactory,
  FleetCollector,
} from '@backstage-eks/plugin-eks-node';
import { readFleetConfig } from '../fleet/fleetConfig';

/**
 * What the fleet's scheduled refresh runs: eks-node's FleetCollector (the
 * only fleet code that calls AWS and Kubernetes).
 *
 * @public
 */
export type EksFleetCollector = Pick<FleetCollector, 'refresh'>;

/**
 * The {@link EksFleetCollector} of the eks backend. The default is a
 * FleetCollector on {@link @backstage-eks/plugin-eks-node#AwsClientFactory.fromConfig}
 * with `eks.fleet.rateLimit`, `eks.fleet.detailTtlSeconds` and
 * `eks.fleet.clusterConcurrency`.
 *
 * @public
 */
export const eksFleetCollectorServiceRef = createServiceRef<EksFleetCollector>({
  id: 'eks.fleet.collector',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { config: coreServices.rootConfig },
      factory({ config }) {
        const fleet = readFleetConfig(config);
        return new FleetCollector({
          awsClients: AwsClientFactory.fromConfig(config),
          rateLimit: fleet.rateLimit,
          ...(fleet.detailTtlMs !== undefined
            ? { detailTtlMs: fleet.detailTtlMs }
            : {}),
          ...(fleet.clusterConcurrency !== undefined
            ? { clusterConcurrency: fleet.clusterConcurrency }
            : {}),
        });
      },
    }),
});
