import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  AccountResourcesService,
  AwsClientFactory,
  ClusterHealthService,
  EksInventoryService,
} from '@backstage-eks/plugin-eks-node';

/**
 * What the eks backend reads from AWS and Kubernetes: health documents, the
 * inventory lookups of the field extensions and what an account already has
 * (IAM principals, VPCs, subnets, instance types) for the form's pickers.
 *
 * @public
 */
export interface EksReadService {
  health: Pick<ClusterHealthService, 'getClusterHealth'>;
  inventory: Pick<
    EksInventoryService,
    | 'listClusters'
    | 'kubernetesVersions'
    | 'addonVersions'
    | 'addonConfiguration'
  >;
  accountResources: Pick<
    AccountResourcesService,
    'iamPrincipals' | 'vpcs' | 'subnets' | 'instanceTypes'
  >;
}

/**
 * The {@link EksReadService} of the eks backend. The default builds both
 * services on {@link @backstage-eks/plugin-eks-node#AwsClientFactory.fromConfig}
 * (`aws.accounts` credentials, `eks.endpoint`, retry settings); replace it to
 * customise clients or time limits.
 *
 * @public
 */
export const eksReadServiceRef = createServiceRef<EksReadService>({
  id: 'eks.read',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { config: coreServices.rootConfig },
      factory({ config }) {
        const awsClients = AwsClientFactory.fromConfig(config);
        return {
          health: new ClusterHealthService({ awsClients }),
          inventory: new EksInventoryService(awsClients),
          accountResources: new AccountResourcesService(awsClients),
        };
      },
    }),
});
