import { DURATIONS } from '../../scheduler';
import { AwsError } from '../AwsError';
import type { AwsContext } from '../context';
import {
  ADDON_CATALOG,
  AddonCatalogEntry,
  catalogEntry,
  compatibleVersions,
  defaultVersion,
  kubernetesVersionsOf,
  podIdentityOfVersion,
} from './addonCatalog';
import { validateConfigurationValues } from './addonConfiguration';
import { ADDON_SCHEMAS } from './addonSchemas';
import { requireRole } from './clusters';
import { SUPPORTED_VERSIONS } from './clusterVersions';
import { arnPrefix, requireCluster, requireUsableCluster } from './lookup';
import { EksAddon, EksCluster, EksState, HealthIssue } from './model';
import {
  addAssociation,
  associations,
  NewAssociation,
  validateAssociation,
} from './podIdentity';
import {
  EksRequest,
  epoch,
  notFound,
  optionalObject,
  optionalString,
  paginate,
  tagsOf,
} from './request';
import { completeUpdate, newUpdate, updateView } from './updates';
import { hex } from '../../ids';

const RESOLVE_CONFLICTS = ['OVERWRITE', 'NONE', 'PRESERVE'];
/** An RFC 1123 DNS label (namespaceConfig.namespace; the model bounds its length). */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The namespace the add-on runs in: namespaceConfig's, else the catalog's default. */
export function addonNamespace(addon: EksAddon, entry: AddonCatalogEntry) {
  return addon.namespace ?? entry.defaultNamespace;
}

/** CreateAddon's namespaceConfig.namespace, checked; undefined when not given. */
function namespaceConfigOf(body: Record<string, unknown>): string | undefined {
  const config = optionalObject(body, 'namespaceConfig');
  if (!config) return undefined;
  const namespace = optionalString(config, 'namespace');
  if (namespace === undefined) return undefined;
  if (!DNS_LABEL.test(namespace)) {
    throw new AwsError(
      'InvalidParameterException',
      `namespaceConfig.namespace: ${namespace} is not a valid namespace name: it must be an RFC 1123 DNS label (lower-case letters, digits and '-', starting and ending with a letter or digit)`,
    );
  }
  return namespace;
}

function addons(ctx: AwsContext, cluster: string) {
  return EksState.of(ctx.regional.eks.addons, cluster);
}

export function addonView(a: EksAddon) {
  return {
    addonName: a.addonName,
    clusterName: a.clusterName,
    status: a.status,
    addonVersion: a.addonVersion,
    health: { issues: a.healthIssues },
    addonArn: a.addonArn,
    createdAt: epoch(a.createdAt),
    modifiedAt: epoch(a.modifiedAt),
    serviceAccountRoleArn: a.serviceAccountRoleArn,
    tags: a.tags,
    publisher: a.publisher,
    owner: a.owner,
    configurationValues: a.configurationValues,
    podIdentityAssociations: a.podIdentityAssociationArns,
    namespaceConfig: a.namespace ? { namespace: a.namespace } : undefined,
  };
}

function requireEntry(
  addonName: string,
  cluster: EksCluster,
): AddonCatalogEntry {
  const entry = catalogEntry(addonName);
  if (!entry || compatibleVersions(entry, cluster.version).length === 0) {
    throw new AwsError(
      'InvalidParameterException',
      `addonName: Addon ${addonName} specified is not supported in ${cluster.version} kubernetes version`,
    );
  }
  return entry;
}

function resolveVersion(
  entry: AddonCatalogEntry,
  cluster: EksCluster,
  requested: string | undefined,
) {
  if (!requested) return defaultVersion(entry, cluster.version)!;
  if (!compatibleVersions(entry, cluster.version).includes(requested)) {
    throw new AwsError(
      'InvalidParameterException',
      `addonVersion: Addon version ${requested} of ${
        entry.addonName
      } specified is not supported in ${
        cluster.version
      } kubernetes version; supported: ${compatibleVersions(
        entry,
        cluster.version,
      ).join(', ')}`,
    );
  }
  return requested;
}

function parsePodIdentityInputs(
  ctx: AwsContext,
  cluster: EksCluster,
  entry: AddonCatalogEntry,
  value: unknown,
  addonVersion: string,
  namespace: string,
): NewAssociation[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value))
    throw new AwsError(
      'InvalidParameterException',
      'podIdentityAssociations must be a list',
    );
  const declared = podIdentityOfVersion(entry, addonVersion);
  if (value.length > 0 && declared.length === 0) {
    throw new AwsError(
      'InvalidParameterException',
      `Pod Identity feature is not supported for addon version: ${addonVersion}`,
    );
  }
  const allowed = declared.map(p => p.serviceAccount);
  return value.map((p: { serviceAccount?: string; roleArn?: string }, i) => {
    const field = `podIdentityAssociations[${i}].`;
    if (!p.serviceAccount || !p.roleArn) {
      throw new AwsError(
        'InvalidParameterException',
        `${field}serviceAccount and ${field}roleArn are required`,
      );
    }
    if (!allowed.includes(p.serviceAccount)) {
      throw new AwsError(
        'InvalidParameterException',
        `Service account ${p.serviceAccount} in pod identity configuration is not supported for addon ${entry.addonName}`,
      );
    }
    const input = {
      namespace,
      serviceAccount: p.serviceAccount,
      roleArn: p.roleArn,
    };
    validateAssociation(ctx, cluster, input, field);
    return input;
  });
}

function hasNodes(ctx: AwsContext, cluster: EksCluster) {
  if (cluster.computeConfig?.enabled) return true;
  const groups = [
    ...EksState.of(ctx.regional.eks.nodegroups, cluster.name).values(),
  ];
  return (
    groups.some(g => g.instanceIds.length > 0) ||
    ctx.simulation.nodeCount(cluster) > 0
  );
}

function agentActive(ctx: AwsContext, cluster: EksCluster) {
  if (cluster.computeConfig?.enabled) return true;
  const agent = addons(ctx, cluster.name).get('eks-pod-identity-agent');
  return agent?.status === 'ACTIVE';
}

/** The add-on's health issues given the cluster as it is now. */
export function healthIssuesOf(
  ctx: AwsContext,
  cluster: EksCluster,
  addon: EksAddon,
): HealthIssue[] {
  const entry = catalogEntry(addon.addonName);
  if (!entry) return [];
  const issues: HealthIssue[] = [];
  const namespace = addonNamespace(addon, entry);
  const deployments = entry.workloads.filter(w => w.kind === 'Deployment');
  if (deployments.length && !hasNodes(ctx, cluster)) {
    issues.push({
      code: 'InsufficientNumberOfReplicas',
      message:
        "The add-on is unhealthy because it doesn't have the desired number of replicas: the cluster has no nodes to schedule its pods on.",
      resourceIds: deployments.map(d => `${namespace}/${d.name}`),
    });
  }
  if (entry.withoutPermissions && !addon.serviceAccountRoleArn) {
    const assoc = [...associations(ctx, cluster.name).values()].filter(
      a =>
        a.namespace === namespace &&
        entry.podIdentity.some(p => p.serviceAccount === a.serviceAccount),
    );
    if (assoc.length === 0) {
      issues.push(entry.withoutPermissions);
    } else if (!agentActive(ctx, cluster)) {
      issues.push({
        code: 'AccessDenied',
        message: `${entry.addonName} has a Pod Identity association but the eks-pod-identity-agent add-on is not ACTIVE, so its pods get no AWS credentials.`,
        resourceIds: assoc.map(a => `${a.namespace}/${a.serviceAccount}`),
      });
    }
  }
  return issues;
}

/** Re-evaluates an installed add-on's health (EKS does this continuously). */
export function refreshAddonHealth(
  ctx: AwsContext,
  cluster: EksCluster,
  addon: EksAddon,
) {
  if (addon.status !== 'ACTIVE' && addon.status !== 'DEGRADED') return;
  const issues = healthIssuesOf(ctx, cluster, addon);
  const status = issues.length ? 'DEGRADED' : 'ACTIVE';
  if (status !== addon.status) {
    addon.status = status;
    addon.healthIssues = issues;
    addon.modifiedAt = new Date();
    ctx.simulation.addonInstalled(
      cluster,
      addon,
      catalogEntry(addon.addonName)!,
    );
  } else {
    addon.healthIssues = issues;
  }
}

function finishInstall(
  ctx: AwsContext,
  cluster: EksCluster,
  addon: EksAddon,
  from: EksAddon['status'],
) {
  if (
    addons(ctx, cluster.name).get(addon.addonName) !== addon ||
    addon.status !== from
  )
    return;
  const entry = catalogEntry(addon.addonName)!;
  const conflicts =
    addon.resolveConflicts === 'OVERWRITE'
      ? []
      : ctx.simulation.conflictingWorkloads(
          cluster,
          entry,
          addonNamespace(addon, entry),
        );
  if (conflicts.length > 0 && from === 'CREATING') {
    addon.status = 'CREATE_FAILED';
    addon.healthIssues = [
      {
        code: 'ConfigurationConflict',
        message: `Conflicts found when trying to apply. Will not continue due to resolve conflicts mode. Conflicts: ${conflicts.join(
          ', ',
        )} exists and is not managed by EKS`,
        resourceIds: conflicts,
      },
    ];
    addon.modifiedAt = new Date();
    return;
  }
  const issues = healthIssuesOf(ctx, cluster, addon);
  addon.status = issues.length ? 'DEGRADED' : 'ACTIVE';
  addon.healthIssues = issues;
  addon.modifiedAt = new Date();
  ctx.simulation.addonInstalled(cluster, addon, entry);
  // Other add-ons' health depends on this one (e.g. the Pod Identity agent).
  for (const other of addons(ctx, cluster.name).values()) {
    if (other !== addon) refreshAddonHealth(ctx, cluster, other);
  }
}

export function createAddon(ctx: AwsContext, req: EksRequest) {
  const cluster = requireUsableCluster(ctx, req.pathParams.clusterName);
  const body = req.body;
  const addonName = optionalString(body, 'addonName');
  if (!addonName)
    throw new AwsError('InvalidParameterException', 'addonName is required');
  const entry = requireEntry(addonName, cluster);
  const map = addons(ctx, cluster.name);
  if (map.has(addonName)) {
    throw new AwsError(
      'ResourceInUseException',
      `Addon already exists with name: ${addonName}`,
      409,
      {
        clusterName: cluster.name,
        addonName,
      },
    );
  }
  const addonVersion = resolveVersion(
    entry,
    cluster,
    optionalString(body, 'addonVersion'),
  );
  const serviceAccountRoleArn = optionalString(body, 'serviceAccountRoleArn');
  if (serviceAccountRoleArn)
    requireRole(ctx, serviceAccountRoleArn, 'serviceAccountRoleArn');
  const resolveConflicts = optionalString(body, 'resolveConflicts') ?? 'NONE';
  if (!RESOLVE_CONFLICTS.includes(resolveConflicts)) {
    throw new AwsError(
      'InvalidParameterException',
      `resolveConflicts: must be one of ${RESOLVE_CONFLICTS.join(', ')}`,
    );
  }
  const configurationValues = optionalString(body, 'configurationValues');
  if (configurationValues)
    validateConfigurationValues(addonName, configurationValues);
  const namespace = namespaceConfigOf(body);
  const podIdentityInputs = parsePodIdentityInputs(
    ctx,
    cluster,
    entry,
    body.podIdentityAssociations,
    addonVersion,
    namespace ?? entry.defaultNamespace,
  );
  const tags = tagsOf(body);

  const now = new Date();
  const addon: EksAddon = {
    addonName,
    clusterName: cluster.name,
    status: 'CREATING',
    addonVersion,
    addonArn: `${arnPrefix(ctx)}:addon/${cluster.name}/${addonName}/${hex(
      8,
    )}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`,
    createdAt: now,
    modifiedAt: now,
    serviceAccountRoleArn,
    configurationValues,
    resolveConflicts,
    healthIssues: [],
    tags,
    podIdentityAssociationArns: [],
    publisher: entry.publisher,
    owner: entry.owner,
    namespace,
  };
  addon.podIdentityAssociationArns = podIdentityInputs.map(
    input =>
      addAssociation(ctx, cluster, { ...input, ownerArn: addon.addonArn })
        .associationArn,
  );
  map.set(addonName, addon);
  ctx.recordWrite({ clusterName: cluster.name, ...body });
  ctx.scheduler.after(DURATIONS.addonCreate, () =>
    finishInstall(ctx, cluster, addon, 'CREATING'),
  );
  return { addon: addonView(addon) };
}

function requireAddon(ctx: AwsContext, req: EksRequest) {
  const cluster = requireCluster(ctx, req.pathParams.clusterName);
  const addon = addons(ctx, cluster.name).get(req.pathParams.addonName);
  if (!addon) {
    throw notFound(
      `No addon: ${req.pathParams.addonName} found in cluster: ${cluster.name}`,
    );
  }
  return { cluster, addon };
}

export function describeAddon(ctx: AwsContext, req: EksRequest) {
  const { cluster, addon } = requireAddon(ctx, req);
  refreshAddonHealth(ctx, cluster, addon);
  return { addon: addonView(addon) };
}

export function listAddons(ctx: AwsContext, req: EksRequest) {
  const cluster = requireCluster(ctx, req.pathParams.clusterName);
  const { page, nextToken } = paginate(
    [...addons(ctx, cluster.name).keys()],
    req.query,
  );
  return { addons: page, nextToken };
}

export function updateAddon(ctx: AwsContext, req: EksRequest) {
  const { cluster, addon } = requireAddon(ctx, req);
  if (
    !['ACTIVE', 'DEGRADED', 'UPDATE_FAILED', 'CREATE_FAILED'].includes(
      addon.status,
    )
  ) {
    throw new AwsError(
      'ResourceInUseException',
      `Addon ${addon.addonName} is ${addon.status}; wait until it is ACTIVE or DEGRADED`,
      409,
    );
  }
  const entry = requireEntry(addon.addonName, cluster);
  const body = req.body;
  const params: { type: string; value: string }[] = [];
  const version = optionalString(body, 'addonVersion');
  if (version) {
    resolveVersion(entry, cluster, version);
    params.push({ type: 'AddonVersion', value: version });
  }
  const roleArn = optionalString(body, 'serviceAccountRoleArn');
  if (roleArn) {
    requireRole(ctx, roleArn, 'serviceAccountRoleArn');
    params.push({ type: 'ServiceAccountRoleArn', value: roleArn });
  }
  const resolveConflicts = optionalString(body, 'resolveConflicts');
  if (resolveConflicts) {
    if (!RESOLVE_CONFLICTS.includes(resolveConflicts)) {
      throw new AwsError(
        'InvalidParameterException',
        `resolveConflicts: must be one of ${RESOLVE_CONFLICTS.join(', ')}`,
      );
    }
    params.push({ type: 'ResolveConflicts', value: resolveConflicts });
  }
  const configurationValues = optionalString(body, 'configurationValues');
  if (configurationValues !== undefined) {
    if (configurationValues)
      validateConfigurationValues(addon.addonName, configurationValues);
    params.push({ type: 'ConfigurationValues', value: configurationValues });
  }
  let newAssociations: NewAssociation[] | undefined;
  if (body.podIdentityAssociations !== undefined) {
    // the add-on's own associations are replaced: validate against the others only
    const own = [...associations(ctx, cluster.name).values()].filter(
      a => a.ownerArn === addon.addonArn,
    );
    for (const a of own)
      associations(ctx, cluster.name).delete(a.associationId);
    try {
      newAssociations = parsePodIdentityInputs(
        ctx,
        cluster,
        entry,
        body.podIdentityAssociations,
        version ?? addon.addonVersion,
        addonNamespace(addon, entry),
      );
    } finally {
      for (const a of own)
        associations(ctx, cluster.name).set(a.associationId, a);
    }
    params.push({
      type: 'PodIdentityAssociations',
      value: JSON.stringify(body.podIdentityAssociations),
    });
  }
  const update = newUpdate('AddonUpdate', params, {
    addonName: addon.addonName,
  });
  cluster.updates.push(update);
  addon.status = 'UPDATING';
  addon.modifiedAt = new Date();
  if (version) addon.addonVersion = version;
  if (roleArn) addon.serviceAccountRoleArn = roleArn;
  if (configurationValues !== undefined)
    addon.configurationValues = configurationValues || undefined;
  if (resolveConflicts) addon.resolveConflicts = resolveConflicts;
  if (newAssociations) {
    for (const a of [...associations(ctx, cluster.name).values()]) {
      if (a.ownerArn === addon.addonArn)
        associations(ctx, cluster.name).delete(a.associationId);
    }
    addon.podIdentityAssociationArns = newAssociations.map(
      input =>
        addAssociation(ctx, cluster, { ...input, ownerArn: addon.addonArn })
          .associationArn,
    );
  }
  ctx.recordWrite({
    clusterName: cluster.name,
    addonName: addon.addonName,
    ...body,
  });
  ctx.scheduler.after(DURATIONS.addonUpdate, () => {
    finishInstall(ctx, cluster, addon, 'UPDATING');
    completeUpdate(update);
  });
  return { update: updateView(update) };
}

export function deleteAddon(ctx: AwsContext, req: EksRequest) {
  const { cluster, addon } = requireAddon(ctx, req);
  if (addon.status === 'DELETING') {
    throw new AwsError(
      'ResourceInUseException',
      `Addon ${addon.addonName} is already being deleted`,
      409,
    );
  }
  const preserve = req.query.get('preserve') === 'true';
  addon.status = 'DELETING';
  addon.modifiedAt = new Date();
  ctx.recordWrite({
    clusterName: cluster.name,
    addonName: addon.addonName,
    preserve,
  });
  ctx.scheduler.after(DURATIONS.addonDelete, () => {
    const map = addons(ctx, cluster.name);
    if (map.get(addon.addonName) !== addon) return;
    map.delete(addon.addonName);
    for (const a of [...associations(ctx, cluster.name).values()]) {
      if (a.ownerArn === addon.addonArn)
        associations(ctx, cluster.name).delete(a.associationId);
    }
    if (!preserve) {
      const entry = catalogEntry(addon.addonName)!;
      ctx.simulation.addonRemoved(cluster, entry, addonNamespace(addon, entry));
    }
    for (const other of map.values()) refreshAddonHealth(ctx, cluster, other);
    // the Kubernetes simulation asks EKS whether the Pod Identity agent runs
    cluster.kube?.reconcile();
  });
  return { addon: addonView(addon) };
}

export function describeAddonVersions(_ctx: AwsContext, req: EksRequest) {
  const k8s = req.query.get('kubernetesVersion');
  if (k8s && !SUPPORTED_VERSIONS.includes(k8s)) {
    throw new AwsError(
      'InvalidParameterException',
      `kubernetesVersion: unsupported version ${k8s}; supported: ${SUPPORTED_VERSIONS.join(
        ', ',
      )}`,
    );
  }
  const name = req.query.get('addonName');
  const types = req.query.getAll('types');
  const publishers = req.query.getAll('publishers');
  const owners = req.query.getAll('owners');
  const selected = ADDON_CATALOG.filter(
    e =>
      (!name || e.addonName === name) &&
      (types.length === 0 || types.includes(e.type)) &&
      (publishers.length === 0 || publishers.includes(e.publisher)) &&
      (owners.length === 0 || owners.includes(e.owner)),
  );
  if (name && selected.length === 0) {
    throw notFound(
      `addonName: add-on ${name} does not exist; known add-ons: ${ADDON_CATALOG.map(
        e => e.addonName,
      ).join(', ')}`,
    );
  }
  const infos = selected
    .map(entry => {
      const k8sVersions = k8s ? [k8s] : SUPPORTED_VERSIONS;
      const versions = [
        ...new Set(k8sVersions.flatMap(v => compatibleVersions(entry, v))),
      ].sort(
        (a, b) =>
          entry.versions.findIndex(v => v.addonVersion === b) -
          entry.versions.findIndex(v => v.addonVersion === a),
      );
      return {
        addonName: entry.addonName,
        type: entry.type,
        publisher: entry.publisher,
        owner: entry.owner,
        defaultNamespace: entry.defaultNamespace,
        addonVersions: versions.map(addonVersion => ({
          addonVersion,
          architecture: ['amd64', 'arm64'],
          computeTypes: ['ec2', 'auto', 'hybrid'],
          compatibilities: kubernetesVersionsOf(entry, addonVersion)
            .filter(v => !k8s || v === k8s)
            .map(clusterVersion => ({
              clusterVersion,
              platformVersions: ['*'],
              defaultVersion:
                defaultVersion(entry, clusterVersion) === addonVersion,
            })),
          requiresConfiguration: entry.requiresConfiguration,
          requiresIamPermissions: entry.requiresIamPermissions,
        })),
      };
    })
    .filter(info => info.addonVersions.length > 0);
  const { page, nextToken } = paginate(infos, req.query);
  return { addons: page, nextToken };
}

export function describeAddonConfiguration(_ctx: AwsContext, req: EksRequest) {
  const addonName = req.query.get('addonName');
  const addonVersion = req.query.get('addonVersion');
  if (!addonName)
    throw new AwsError('InvalidParameterException', 'addonName is required');
  if (!addonVersion)
    throw new AwsError('InvalidParameterException', 'addonVersion is required');
  const entry = catalogEntry(addonName);
  if (!entry) throw notFound(`addonName: add-on ${addonName} does not exist`);
  if (!entry.versions.some(v => v.addonVersion === addonVersion)) {
    throw notFound(
      `addonVersion: version ${addonVersion} of ${addonName} does not exist`,
    );
  }
  return {
    addonName,
    addonVersion,
    configurationSchema: ADDON_SCHEMAS[addonName],
    podIdentityConfiguration: podIdentityOfVersion(entry, addonVersion).map(
      p => ({
        serviceAccount: p.serviceAccount,
        recommendedManagedPolicies: p.recommendedManagedPolicies,
      }),
    ),
  };
}
