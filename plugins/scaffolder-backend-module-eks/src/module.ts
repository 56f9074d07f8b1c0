import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createEksActions } from './actions';

/**
 * Registers the EKS scaffolder actions: `aws:eks:cluster:create`,
 * `aws:eks:addon:install`, `aws:eks:karpenter:install`,
 * `aws:eks:pod-identity:create` and `aws:eks:cluster:delete`.
 *
 * @public
 */
export const scaffolderModuleEks = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'eks',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ scaffolderActions, config }) {
        scaffolderActions.addActions(...createEksActions({ config }));
      },
    });
  },
});
