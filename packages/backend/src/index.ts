import { createBackend } from '@backstage/backend-defaults';
import { eksSandboxPlugin } from './sandboxPlugin';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// scaffolder plugin
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);

// techdocs plugin
backend.add(import('@backstage/plugin-techdocs-backend'));

// auth plugin
backend.add(import('@backstage/plugin-auth-backend'));
// See https://backstage.io/docs/backend-system/building-backends/migrating#the-auth-plugin
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// See https://backstage.io/docs/auth/guest/provider

// catalog plugin
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);

// See https://backstage.io/docs/features/software-catalog/configuration#subscribing-to-catalog-errors
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// permission plugin
backend.add(import('@backstage/plugin-permission-backend'));
// See https://backstage.io/docs/permissions/getting-started for how to create your own permission policy
// The development portal allows everything (the guest user runs every
// template). To enforce the EKS permissions (create for a group, delete only
// for owners of the cluster's catalog entity), add instead:
//   backend.add(eksPermissionPolicyModule({ clusterCreators: ['group:default/platform-team'] }));
// from ./eksPermissionPolicy (an example to copy; its test runs it end to end).
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

// search plugin
backend.add(import('@backstage/plugin-search-backend'));

// search engine
// See https://backstage.io/docs/features/search/search-engines
backend.add(import('@backstage/plugin-search-backend-module-pg'));

// search collators
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

// kubernetes plugin
backend.add(import('@backstage/plugin-kubernetes-backend'));

// user settings plugin
backend.add(import('@backstage/plugin-user-settings-backend'));

// notifications and signals plugins
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// mcp actions plugin
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// EKS for Backstage: the REST API for the entity page and field extensions,
// the scaffolder actions, and (development portal only) the local sandbox.
backend.add(import('@backstage-eks/plugin-eks-backend'));
backend.add(import('@backstage-eks/plugin-scaffolder-backend-module-eks'));
// Discovers clusters as catalog entities when catalog.providers.eks is configured.
backend.add(import('@backstage-eks/plugin-catalog-backend-module-eks'));
backend.add(eksSandboxPlugin);

backend.start();
