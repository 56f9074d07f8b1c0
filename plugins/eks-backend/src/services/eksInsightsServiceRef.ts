import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  AwsClientFactory,
  InsightsRefreshService,
} from '@backstage-eks/plugin-eks-node';

/**
 * What the eks backend asks of EKS insights beyond reading them: an
 * on-demand refresh (StartInsightsRefresh) and its status.
 *
 * @public
 */
export type EksInsightsService = Pick<
  InsightsRefreshService,
  'startRefresh' | 'refreshStatus'
>;

/**
 * The {@link EksInsightsService} of the eks backend. The default is built on
 * {@link @backstage-eks/plugin-eks-node#AwsClientFactory.fromConfig}, like
 * the read service.
 *
 * @public
 */
export const eksInsightsServiceRef = createServiceRef<EksInsightsService>({
  id: 'eks.insights',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { config: coreServices.rootConfig },
      factory({ config }) {
        return new InsightsRefreshService(AwsClientFactory.fromConfig(config));
      },
    }),
});
