import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  eksClusterCreatePermission,
  eksClusterDeletePermission,
  eksClusterUpgradePermission,
} from '@backstage-eks/plugin-eks-common';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isPermission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';

/** Options of {@link EksPermissionPolicy}. */
export interface EksPermissionPolicyOptions {
  /**
   * Who may create clusters and change them (add-ons, Karpenter, Pod
   * Identity): entity refs of groups or users, matched against the user's
   * ownership refs (the user and the groups the sign-in resolver put in the
   * token).
   */
  clusterCreators: string[];
}

/**
 * An example permission policy for the EKS actions, to copy into a portal:
 *
 * - `eks.cluster.create` (`aws:eks:cluster:create`, `aws:eks:addon:install`,
 *   `aws:eks:karpenter:install`, `aws:eks:pod-identity:create`) only for
 *   members of the given groups;
 * - `eks.cluster.delete` (`aws:eks:cluster:delete`) and `eks.cluster.upgrade`
 *   (`aws:eks:cluster:upgrade`, `aws:eks:cluster:rollback`) only for owners
 *   of the cluster's catalog entity: a conditional decision with the
 *   catalog's own `isEntityOwner` rule, which the permission backend
 *   resolves against the entity `resource:default/<clusterName>` the action
 *   names;
 * - everything else allowed (as the allow-all policy does): a real policy
 *   decides the other plugins' permissions too.
 */
export class EksPermissionPolicy implements PermissionPolicy {
  constructor(private readonly options: EksPermissionPolicyOptions) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const claims = user?.info.ownershipEntityRefs ?? [];
    if (isPermission(request.permission, eksClusterCreatePermission)) {
      return {
        result: claims.some(ref => this.options.clusterCreators.includes(ref))
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      };
    }
    if (
      isPermission(request.permission, eksClusterDeletePermission) ||
      isPermission(request.permission, eksClusterUpgradePermission)
    ) {
      return createCatalogConditionalDecision(
        request.permission,
        catalogConditions.isEntityOwner({ claims }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

/**
 * Installs {@link EksPermissionPolicy} as the permission backend's policy,
 * with `clusterCreators` (default: the platform team). Add it instead of
 * `@backstage/plugin-permission-backend-module-allow-all-policy`.
 */
export function eksPermissionPolicyModule(
  options: EksPermissionPolicyOptions = {
    clusterCreators: ['group:default/platform-team'],
  },
) {
  return createBackendModule({
    pluginId: 'permission',
    moduleId: 'eks-example-policy',
    register(reg) {
      reg.registerInit({
        deps: { policy: policyExtensionPoint },
        async init({ policy }) {
          policy.setPolicy(new EksPermissionPolicy(options));
        },
      });
    },
  });
}
