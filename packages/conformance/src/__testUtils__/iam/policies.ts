import { join } from 'node:path';
import { REPO, SdkCall, SdkCallGraph } from './sdkCalls';
import { iamActionOf } from './services';
import { REQUIRED_ALONGSIDE } from './requiredAlongside';

/** An IAM policy document, as AWS reads it. */
export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string;
  Condition?: Record<string, Record<string, string[]>>;
}

/** One action or view of the product, and the eks-node code it runs. */
export interface PolicyScope {
  /** The file name under docs/iam (without .json). */
  id: string;
  title: string;
  /** Who uses it: the scaffolder action id, the backend routes, the provider. */
  usedBy: string;
  /** eks-node exports it runs: `createCluster`, `ClusterHealthService.getClusterHealth`. */
  entries: string[];
}

/** Every caller gets its clients from the factory (GetCallerIdentity when no account is configured). */
const CLIENTS = 'AwsClientFactory.forTarget';

export const SCOPES: PolicyScope[] = [
  {
    id: 'action-cluster-create',
    title: 'Create EKS cluster',
    usedBy: 'scaffolder action `aws:eks:cluster:create`',
    entries: ['createCluster', CLIENTS],
  },
  {
    id: 'action-addon-install',
    title: 'Install EKS add-ons',
    usedBy: 'scaffolder action `aws:eks:addon:install`',
    entries: ['installAddons', CLIENTS],
  },
  {
    id: 'action-karpenter-install',
    title: 'Set up Karpenter',
    usedBy: 'scaffolder action `aws:eks:karpenter:install`',
    entries: ['installKarpenter', CLIENTS],
  },
  {
    id: 'action-pod-identity-create',
    title: 'Create a Pod Identity association',
    usedBy: 'scaffolder action `aws:eks:pod-identity:create`',
    entries: ['createPodIdentity', CLIENTS],
  },
  {
    id: 'action-capability-create',
    title: 'Create an EKS Capability (Argo CD, ACK, kro)',
    usedBy: 'scaffolder action `aws:eks:capability:create`',
    entries: ['createCapability', CLIENTS],
  },
  {
    id: 'action-cluster-delete',
    title: 'Delete EKS cluster',
    usedBy: 'scaffolder action `aws:eks:cluster:delete`',
    entries: ['deleteCluster', CLIENTS],
  },
  {
    id: 'action-cluster-upgrade',
    title: 'Upgrade EKS cluster',
    usedBy: 'scaffolder action `aws:eks:cluster:upgrade`',
    entries: ['upgradeCluster', CLIENTS],
  },
  {
    id: 'action-cluster-rollback',
    title: 'Roll back EKS cluster upgrade',
    usedBy: 'scaffolder action `aws:eks:cluster:rollback`',
    entries: ['rollbackCluster', CLIENTS],
  },
  {
    id: 'view-cluster-health',
    title: 'Entity page: cluster health',
    usedBy:
      'eks backend `GET /clusters/:namespace/:kind/:name/health` and `/clusters/by-arn/health` (the EKS tab and its cards)',
    entries: ['ClusterHealthService.getClusterHealth', CLIENTS],
  },
  {
    id: 'view-insights-refresh',
    title: 'Entity page: insights refresh',
    usedBy:
      'eks backend `GET` and `POST /clusters/:namespace/:kind/:name/insights-refresh` (the Refresh insights button; the POST needs eks.cluster.insights.refresh)',
    entries: [
      'InsightsRefreshService.startRefresh',
      'InsightsRefreshService.refreshStatus',
      CLIENTS,
    ],
  },
  {
    id: 'view-form-pickers',
    title: 'Template form pickers',
    usedBy:
      'eks backend `GET /clusters`, `/kubernetes-versions`, `/addons/versions`, `/addons/:name/configuration`, `/account/iam-principals`, `/account/vpcs`, `/account/subnets`, `/account/instance-types` (the field extensions)',
    entries: [
      'EksInventoryService.listClusters',
      'EksInventoryService.kubernetesVersions',
      'EksInventoryService.addonVersions',
      'EksInventoryService.addonConfiguration',
      'AccountResourcesService.iamPrincipals',
      'AccountResourcesService.vpcs',
      'AccountResourcesService.subnets',
      'AccountResourcesService.instanceTypes',
      CLIENTS,
    ],
  },
  {
    id: 'view-fleet',
    title: 'Fleet page: background refresh',
    usedBy:
      "eks backend's scheduled fleet refresh (`FleetCollector`: ListClusters per account and region, each cluster's health document), behind `GET /fleet`, `/fleet.csv` and the fleet actions",
    entries: [
      'FleetCollector.refresh',
      'FleetCollector.refreshRegion',
      CLIENTS,
    ],
  },
  {
    id: 'catalog-provider',
    title: 'Catalog provider',
    usedBy:
      'catalog module `EksClusterEntityProvider` (`catalog.providers.eks`)',
    entries: ['EksInventoryService.discoverClusters', CLIENTS],
  },
];

/** The file of the policy that holds every scope's permissions. */
export const COMBINED_ID = 'combined';

export const EKS_NODE_SRC = join(REPO, 'plugins', 'eks-node', 'src');
const EKS_NODE_INDEX = join(EKS_NODE_SRC, 'index.ts');

/** What one scope calls, and the policy built from it. */
export interface ScopePolicy {
  scope: PolicyScope;
  calls: SdkCall[];
  /** The actions the code sends, sorted. */
  called: string[];
  policy: PolicyDocument;
}

/** The calls each scope reaches in eks-node's source. */
export function scopeCalls(graph = new SdkCallGraph(EKS_NODE_SRC)) {
  return SCOPES.map(scope => ({
    scope,
    calls: graph.callsFrom(
      scope.entries.flatMap(entry => graph.exported(EKS_NODE_INDEX, entry)),
    ),
  }));
}

/**
 * The least-privilege policy of a set of called actions: the actions, then
 * what AWS authorizes alongside them (PassRole to the named services only,
 * tags written by create calls), each under its condition.
 */
export function policyFor(called: Iterable<string>): PolicyDocument {
  const actions = [...new Set(called)].sort();
  const statements: PolicyStatement[] = [
    { Sid: 'CalledByTheCode', Effect: 'Allow', Action: actions, Resource: '*' },
  ];
  const rules = REQUIRED_ALONGSIDE.filter(r => actions.includes(r.whenCalled));
  const passTo = [
    ...new Set(
      rules.flatMap(r =>
        r.grant.kind === 'passRole' ? [r.grant.toService] : [],
      ),
    ),
  ].sort();
  if (passTo.length > 0) {
    statements.push({
      Sid: 'PassRolesToTheServicesThatUseThem',
      Effect: 'Allow',
      Action: ['iam:PassRole'],
      Resource: '*',
      Condition: { StringEquals: { 'iam:PassedToService': passTo } },
    });
  }
  const tagging = new Map<string, { key?: string; creates: string[] }>();
  for (const rule of rules) {
    if (rule.grant.kind !== 'tagOnCreate') continue;
    // A tag action the code calls itself is already allowed without condition.
    if (actions.includes(rule.grant.action)) continue;
    const entry = tagging.get(rule.grant.action) ?? {
      key: rule.grant.createActionKey,
      creates: [],
    };
    entry.creates.push(rule.whenCalled.split(':')[1]);
    tagging.set(rule.grant.action, entry);
  }
  const unconditioned = [...tagging]
    .filter(([, t]) => !t.key)
    .map(([a]) => a)
    .sort();
  if (unconditioned.length > 0) {
    statements.push({
      Sid: 'TagWhatTheCreateCallsCreate',
      Effect: 'Allow',
      Action: unconditioned,
      Resource: '*',
    });
  }
  for (const [action, t] of [...tagging].sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    if (!t.key) continue;
    statements.push({
      Sid: `TagOnCreateOnly${action.split(':')[0].toUpperCase()}`,
      Effect: 'Allow',
      Action: [action],
      Resource: '*',
      Condition: { StringEquals: { [t.key]: [...new Set(t.creates)].sort() } },
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}

/** Every scope's policy and the combined one. */
export function buildPolicies(graph?: SdkCallGraph): {
  scopes: ScopePolicy[];
  combined: PolicyDocument;
} {
  const scopes = scopeCalls(graph).map(({ scope, calls }) => {
    const called = [
      ...new Set(calls.map(c => iamActionOf(c.sdkPackage, c.operation))),
    ].sort();
    return { scope, calls, called, policy: policyFor(called) };
  });
  const combined = policyFor(scopes.flatMap(s => s.called));
  return { scopes, combined };
}
