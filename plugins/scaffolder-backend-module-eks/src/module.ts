import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createEksActions } from './actions';

/**
 * Registers the EKS scaffolder actions: `aws:eks:cluster:create`,
 * `aws:eks:addon:install`, `aws:eks:karpenter:install`,
 * `aws:eks:pod-identity:create`, `aws:eks:capability:create`,
 * `aws:eks:cluster:upgrade`, `aws:eks:cluster:rollback` and
 * `aws:eks:cluster:delete`, which check `eks.cluster.create`,
 * `eks.cluster.upgrade` / `eks.cluster.delete` for the user who started the
 * task and record every AWS and Kubernetes write with the auditor.
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
        permissions: coreServices.permissions,
        auditor: coreServices.auditor,
      },
      async init({ scaffolderActions, config, permissions, auditor }) {
        scaffolderActions.addActions(
          ...createEksActions({ config, permissions, auditor }),
        );
      },
    });
  },
});
