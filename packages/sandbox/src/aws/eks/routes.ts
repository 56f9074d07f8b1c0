import type { AwsContext } from '../context';
import * as access from './accessEntries';
import * as addons from './addons';
import * as capabilities from './capabilities';
import * as clusters from './clusters';
import { describeClusterVersions } from './clusterVersionsApi';
import * as fargate from './fargate';
import * as insights from './insights';
import * as nodegroups from './nodegroups';
import * as pods from './podIdentity';
import type { EksRequest } from './request';
import * as tags from './tags';
import * as updates from './updates';

export type EksHandler = (
  ctx: AwsContext,
  req: EksRequest,
) => Record<string, unknown>;

interface Route {
  method: string;
  segments: string[];
  operation: string;
  handler: EksHandler;
}

const table: [string, string, string, EksHandler][] = [
  ['POST', '/clusters', 'CreateCluster', clusters.createCluster],
  ['GET', '/clusters', 'ListClusters', clusters.listClusters],
  ['GET', '/clusters/{name}', 'DescribeCluster', clusters.describeCluster],
  ['DELETE', '/clusters/{name}', 'DeleteCluster', clusters.deleteCluster],
  [
    'POST',
    '/clusters/{name}/update-config',
    'UpdateClusterConfig',
    clusters.updateClusterConfig,
  ],
  [
    'POST',
    '/clusters/{name}/updates',
    'UpdateClusterVersion',
    clusters.updateClusterVersion,
  ],
  ['GET', '/clusters/{name}/updates', 'ListUpdates', updates.listUpdates],
  [
    'GET',
    '/clusters/{name}/updates/{updateId}',
    'DescribeUpdate',
    updates.describeUpdate,
  ],
  [
    'GET',
    '/cluster-versions',
    'DescribeClusterVersions',
    describeClusterVersions,
  ],
  ['POST', '/tags/{resourceArn}', 'TagResource', tags.tagResource],
  [
    'GET',
    '/tags/{resourceArn}',
    'ListTagsForResource',
    tags.listTagsForResource,
  ],
  ['DELETE', '/tags/{resourceArn}', 'UntagResource', tags.untagResource],
  [
    'POST',
    '/clusters/{clusterName}/node-groups',
    'CreateNodegroup',
    nodegroups.createNodegroup,
  ],
  [
    'GET',
    '/clusters/{clusterName}/node-groups',
    'ListNodegroups',
    nodegroups.listNodegroups,
  ],
  [
    'GET',
    '/clusters/{clusterName}/node-groups/{nodegroupName}',
    'DescribeNodegroup',
    nodegroups.describeNodegroup,
  ],
  [
    'DELETE',
    '/clusters/{clusterName}/node-groups/{nodegroupName}',
    'DeleteNodegroup',
    nodegroups.deleteNodegroup,
  ],
  [
    'POST',
    '/clusters/{clusterName}/node-groups/{nodegroupName}/update-config',
    'UpdateNodegroupConfig',
    nodegroups.updateNodegroupConfig,
  ],
  [
    'POST',
    '/clusters/{clusterName}/node-groups/{nodegroupName}/update-version',
    'UpdateNodegroupVersion',
    nodegroups.updateNodegroupVersion,
  ],
  ['POST', '/clusters/{clusterName}/addons', 'CreateAddon', addons.createAddon],
  ['GET', '/clusters/{clusterName}/addons', 'ListAddons', addons.listAddons],
  [
    'GET',
    '/clusters/{clusterName}/addons/{addonName}',
    'DescribeAddon',
    addons.describeAddon,
  ],
  [
    'DELETE',
    '/clusters/{clusterName}/addons/{addonName}',
    'DeleteAddon',
    addons.deleteAddon,
  ],
  [
    'POST',
    '/clusters/{clusterName}/addons/{addonName}/update',
    'UpdateAddon',
    addons.updateAddon,
  ],
  [
    'GET',
    '/addons/supported-versions',
    'DescribeAddonVersions',
    addons.describeAddonVersions,
  ],
  [
    'GET',
    '/addons/configuration-schemas',
    'DescribeAddonConfiguration',
    addons.describeAddonConfiguration,
  ],
  [
    'POST',
    '/clusters/{clusterName}/pod-identity-associations',
    'CreatePodIdentityAssociation',
    pods.createPodIdentityAssociation,
  ],
  [
    'GET',
    '/clusters/{clusterName}/pod-identity-associations',
    'ListPodIdentityAssociations',
    pods.listPodIdentityAssociations,
  ],
  [
    'GET',
    '/clusters/{clusterName}/pod-identity-associations/{associationId}',
    'DescribePodIdentityAssociation',
    pods.describePodIdentityAssociation,
  ],
  [
    'POST',
    '/clusters/{clusterName}/pod-identity-associations/{associationId}',
    'UpdatePodIdentityAssociation',
    pods.updatePodIdentityAssociation,
  ],
  [
    'DELETE',
    '/clusters/{clusterName}/pod-identity-associations/{associationId}',
    'DeletePodIdentityAssociation',
    pods.deletePodIdentityAssociation,
  ],
  [
    'POST',
    '/clusters/{clusterName}/access-entries',
    'CreateAccessEntry',
    access.createAccessEntry,
  ],
  [
    'GET',
    '/clusters/{clusterName}/access-entries',
    'ListAccessEntries',
    access.listAccessEntries,
  ],
  [
    'GET',
    '/clusters/{clusterName}/access-entries/{principalArn}',
    'DescribeAccessEntry',
    access.describeAccessEntry,
  ],
  [
    'POST',
    '/clusters/{clusterName}/access-entries/{principalArn}',
    'UpdateAccessEntry',
    access.updateAccessEntry,
  ],
  [
    'DELETE',
    '/clusters/{clusterName}/access-entries/{principalArn}',
    'DeleteAccessEntry',
    access.deleteAccessEntry,
  ],
  [
    'POST',
    '/clusters/{clusterName}/access-entries/{principalArn}/access-policies',
    'AssociateAccessPolicy',
    access.associateAccessPolicy,
  ],
  [
    'GET',
    '/clusters/{clusterName}/access-entries/{principalArn}/access-policies',
    'ListAssociatedAccessPolicies',
    access.listAssociatedAccessPolicies,
  ],
  [
    'DELETE',
    '/clusters/{clusterName}/access-entries/{principalArn}/access-policies/{policyArn}',
    'DisassociateAccessPolicy',
    access.disassociateAccessPolicy,
  ],
  ['GET', '/access-policies', 'ListAccessPolicies', access.listAccessPolicies],
  [
    'POST',
    '/clusters/{clusterName}/insights',
    'ListInsights',
    insights.listInsights,
  ],
  [
    'GET',
    '/clusters/{clusterName}/insights/{id}',
    'DescribeInsight',
    insights.describeInsight,
  ],
  [
    'POST',
    '/clusters/{name}/insights-refresh',
    'StartInsightsRefresh',
    insights.startInsightsRefresh,
  ],
  [
    'GET',
    '/clusters/{name}/insights-refresh',
    'DescribeInsightsRefresh',
    insights.describeInsightsRefresh,
  ],
  [
    'POST',
    '/clusters/{clusterName}/fargate-profiles',
    'CreateFargateProfile',
    fargate.createFargateProfile,
  ],
  [
    'GET',
    '/clusters/{clusterName}/fargate-profiles',
    'ListFargateProfiles',
    fargate.listFargateProfiles,
  ],
  [
    'GET',
    '/clusters/{clusterName}/fargate-profiles/{fargateProfileName}',
    'DescribeFargateProfile',
    fargate.describeFargateProfile,
  ],
  [
    'DELETE',
    '/clusters/{clusterName}/fargate-profiles/{fargateProfileName}',
    'DeleteFargateProfile',
    fargate.deleteFargateProfile,
  ],
  [
    'POST',
    '/clusters/{clusterName}/capabilities',
    'CreateCapability',
    capabilities.createCapability,
  ],
  [
    'GET',
    '/clusters/{clusterName}/capabilities',
    'ListCapabilities',
    capabilities.listCapabilities,
  ],
  [
    'GET',
    '/clusters/{clusterName}/capabilities/{capabilityName}',
    'DescribeCapability',
    capabilities.describeCapability,
  ],
  [
    'POST',
    '/clusters/{clusterName}/capabilities/{capabilityName}',
    'UpdateCapability',
    capabilities.updateCapability,
  ],
  [
    'DELETE',
    '/clusters/{clusterName}/capabilities/{capabilityName}',
    'DeleteCapability',
    capabilities.deleteCapability,
  ],
];

const ROUTES: Route[] = table.map(([method, path, operation, handler]) => ({
  method,
  segments: path.split('/').filter(Boolean),
  operation,
  handler,
}));

/** Every operation the EKS routes serve. */
export const EKS_OPERATIONS = ROUTES.map(r => r.operation);

/** Finds the operation for a method and raw (still percent-encoded) path. */
export function matchEksRoute(method: string, rawPath: string) {
  const parts = rawPath.split('/').filter(Boolean);
  for (const route of ROUTES) {
    if (route.method !== method || route.segments.length !== parts.length)
      continue;
    const pathParams: Record<string, string> = {};
    const matches = route.segments.every((seg, i) => {
      if (seg.startsWith('{')) {
        pathParams[seg.slice(1, -1)] = decodeURIComponent(parts[i]);
        return true;
      }
      return seg === parts[i];
    });
    if (matches)
      return { operation: route.operation, handler: route.handler, pathParams };
  }
  return undefined;
}
