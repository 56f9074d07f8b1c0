import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { eksApiRef, EksClient } from './api';
import { entityContentRouteRef, fleetRouteRef } from './routes';

/**
 * The EKS plugin for the legacy frontend system.
 *
 * @public
 */
export const eksPlugin = createPlugin({
  id: 'eks',
  apis: [
    createApiFactory({
      api: eksApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new EksClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    entityContent: entityContentRouteRef,
    fleet: fleetRouteRef,
  },
});

/**
 * The EKS tab of a cluster entity page.
 *
 * @public
 */
export const EntityEksContent: () => JSX.Element = eksPlugin.provide(
  createRoutableExtension({
    name: 'EntityEksContent',
    component: () =>
      import('./components/EksClusterContent').then(m => m.EksClusterContent),
    mountPoint: entityContentRouteRef,
  }),
);

/**
 * Cluster health card for an entity's overview page.
 *
 * @public
 */
export const EntityEksClusterHealthCard: () => JSX.Element = eksPlugin.provide(
  createComponentExtension({
    name: 'EntityEksClusterHealthCard',
    component: {
      lazy: () =>
        import('./components/cards').then(m => m.EksClusterHealthCard),
    },
  }),
);

/**
 * EKS Capabilities card (managed Argo CD, ACK, kro) for an entity's
 * overview page.
 *
 * @public
 */
export const EntityEksCapabilitiesCard: () => JSX.Element = eksPlugin.provide(
  createComponentExtension({
    name: 'EntityEksCapabilitiesCard',
    component: {
      lazy: () => import('./components/cards').then(m => m.EksCapabilitiesCard),
    },
  }),
);

/**
 * Add-ons card for an entity's overview page.
 *
 * @public
 */
export const EntityEksAddonsCard: () => JSX.Element = eksPlugin.provide(
  createComponentExtension({
    name: 'EntityEksAddonsCard',
    component: {
      lazy: () => import('./components/cards').then(m => m.EksAddonsCard),
    },
  }),
);

/**
 * Version and upgrades card for an entity's overview page: support dates
 * and the extended support price, readiness for the next version with an
 * Upgrade button, the latest upgrade or rollback and the rollback window.
 *
 * @public
 */
export const EntityEksClusterVersionCard: () => JSX.Element = eksPlugin.provide(
  createComponentExtension({
    name: 'EntityEksClusterVersionCard',
    component: {
      lazy: () =>
        import('./components/cards').then(m => m.EksClusterVersionCard),
    },
  }),
);

/**
 * The fleet page: every EKS cluster of the configured accounts and regions
 * (the backend's `GET /fleet`), with version, support and its price,
 * readiness for the next version, Karpenter, add-ons behind, diagnostics,
 * health, each row's age and why it needs attention; sortable, filterable,
 * searchable, exportable as CSV. Mount it at `/eks-fleet` for the links of
 * {@link EntityEksFleetCard}.
 *
 * @public
 */
export const EksFleetPage: () => JSX.Element = eksPlugin.provide(
  createRoutableExtension({
    name: 'EksFleetPage',
    component: () => import('./components/fleet').then(m => m.EksFleetPage),
    mountPoint: fleetRouteRef,
  }),
);

/**
 * The EKS clusters of a System or Group entity (the fleet's rows whose
 * system or owner is the entity), for its overview page, with a link to the
 * fleet page filtered to them (`fleetPagePath`, default `/eks-fleet`).
 *
 * @public
 */
export const EntityEksFleetCard: (props: {
  fleetPagePath?: string;
}) => JSX.Element = eksPlugin.provide(
  createComponentExtension({
    name: 'EntityEksFleetCard',
    component: {
      lazy: () => import('./components/fleet').then(m => m.EksFleetCard),
    },
  }),
);
