import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { MarkdownContent } from '@backstage/core-components';

/**
 * The catalog, filtered to what the EKS entity provider and the "New EKS
 * cluster" template write: Resources of type kubernetes-cluster, whoever
 * owns them.
 */
export const EKS_CLUSTERS_CATALOG_PATH =
  '/catalog?filters[kind]=resource&filters[type]=kubernetes-cluster&filters[user]=all';

const content = `
Each EKS cluster is a **Resource** of type **kubernetes-cluster** in the
catalog. Open one to see its **EKS** tab: health, add-ons, node groups,
Karpenter and Pod Identity.

- **[See the EKS clusters](${EKS_CLUSTERS_CATALOG_PATH})** in the catalog
- **[Create](/create)** a cluster, or change one: install add-ons, set up
  Karpenter, give a workload AWS permissions with Pod Identity, or delete a
  cluster

A cluster made from the Create page appears in the catalog a few seconds
after its task ends.
`;

const eksClustersWidget = HomePageWidgetBlueprint.make({
  name: 'eks-clusters',
  params: {
    name: 'EksClusters',
    title: 'EKS clusters',
    description: 'Where to find the EKS clusters and how to create one',
    components: async () => ({
      Content: () => <MarkdownContent content={content} />,
    }),
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [eksClustersWidget],
});
