import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { eksApiRef, EksClient } from './api';
import { isEksAvailable } from './isEksAvailable';

/** The EKS backend client. @alpha */
export const eksApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: eksApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new EksClient({ discoveryApi, fetchApi }),
    }),
});

/** The EKS tab on entities that name an EKS cluster. @alpha */
export const eksEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'eks',
    title: 'EKS',
    filter: isEksAvailable,
    loader: () =>
      import('./components/EksClusterContent').then(m => (
        <m.EksClusterContent />
      )),
  },
});

/** The cluster health card for entity overview pages. @alpha */
export const eksClusterHealthEntityCard = EntityCardBlueprint.make({
  name: 'cluster-health',
  params: {
    filter: isEksAvailable,
    loader: () =>
      import('./components/cards').then(m => <m.EksClusterHealthCard />),
  },
});

/** The add-ons card for entity overview pages. @alpha */
export const eksAddonsEntityCard = EntityCardBlueprint.make({
  name: 'addons',
  params: {
    filter: isEksAvailable,
    loader: () => import('./components/cards').then(m => <m.EksAddonsCard />),
  },
});

/**
 * The EKS plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'eks',
  extensions: [
    eksApi,
    eksEntityContent,
    eksClusterHealthEntityCard,
    eksAddonsEntityCard,
  ],
});
