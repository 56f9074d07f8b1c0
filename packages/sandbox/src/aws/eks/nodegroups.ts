import { hex } from '../../ids';
import { DURATIONS } from '../../scheduler';
import { AwsError } from '../AwsError';
import type { AwsContext } from '../context';
import {
  launchInstances,
  launchTemplateVersion,
  terminateInstances,
} from '../ec2/instances';
import { LaunchTemplate } from '../ec2/model';
import { ensureServiceAccessEntry } from './accessEntries';
import { requireRole } from './clusters';
import { versionInfo } from './clusterVersions';
import { minorDistance, rollbackWindow } from './versionHistory';
import { arnPrefix, requireCluster, requireUsableCluster } from './lookup';
import { EksCluster, EksNodegroup, EksState } from './model';
import {
  EksRequest,
  epoch,
  notFound,
  optionalObject,
  optionalString,
  paginate,
  requiredString,
  stringArray,
  tagsOf,
} from './request';
import { completeUpdate, newUpdate, updateView } from './updates';
import { isKnownInstanceType, requireNodeRoleTrust } from './rules';

const NAME_PATTERN = /^[0-9A-Za-z][A-Za-z0-9\-_]{0,62}$/;
/** Amazon Linux 2: EKS publishes no AL2 AMIs for Kubernetes 1.33 and later. */
const AL2_AMI_TYPES = ['AL2_x86_64', 'AL2_ARM_64', 'AL2_x86_64_GPU'];
const LAST_AL2_VERSION = '1.32';
const AMI_TYPES = [
  ...AL2_AMI_TYPES,
  'AL2023_x86_64_STANDARD',
  'AL2023_ARM_64_STANDARD',
  'AL2023_x86_64_NVIDIA',
  'AL2023_x86_64_NEURON',
  'BOTTLEROCKET_x86_64',
  'BOTTLEROCKET_ARM_64',
  'WINDOWS_CORE_2022_x86_64',
  'WINDOWS_FULL_2022_x86_64',
  'CUSTOM',
];
const CAPACITY_TYPES = ['ON_DEMAND', 'SPOT', 'CAPACITY_BLOCK'];
const TAINT_EFFECTS = ['NO_SCHEDULE', 'NO_EXECUTE', 'PREFER_NO_SCHEDULE'];

function nodegroups(ctx: AwsContext, cluster: string) {
  return EksState.of(ctx.regional.eks.nodegroups, cluster);
}

export function nodegroupView(ng: EksNodegroup) {
  return {
    nodegroupName: ng.nodegroupName,
    nodegroupArn: ng.nodegroupArn,
    clusterName: ng.clusterName,
    version: ng.version,
    releaseVersion: ng.releaseVersion,
    createdAt: epoch(ng.createdAt),
    modifiedAt: epoch(ng.modifiedAt),
    status: ng.status,
    capacityType: ng.capacityType,
    scalingConfig: ng.scalingConfig,
    instanceTypes: ng.launchTemplate ? undefined : ng.instanceTypes,
    subnets: ng.subnets,
    amiType: ng.amiType,
    nodeRole: ng.nodeRole,
    labels: ng.labels,
    taints: ng.taints,
    resources:
      ng.status === 'CREATING'
        ? undefined
        : { autoScalingGroups: [{ name: ng.autoScalingGroupName }] },
    diskSize: ng.launchTemplate ? undefined : ng.diskSize,
    health: { issues: ng.healthIssues },
    updateConfig: ng.updateConfig,
    launchTemplate: ng.launchTemplate,
    tags: ng.tags,
  };
}

function parseScaling(
  body: Record<string, unknown>,
  current?: EksNodegroup['scalingConfig'],
) {
  const s = optionalObject(body, 'scalingConfig') ?? {};
  const scaling = {
    minSize: (s.minSize as number | undefined) ?? current?.minSize ?? 1,
    maxSize: (s.maxSize as number | undefined) ?? current?.maxSize ?? 2,
    desiredSize:
      (s.desiredSize as number | undefined) ?? current?.desiredSize ?? 2,
  };
  const { minSize, maxSize, desiredSize } = scaling;
  if (
    ![minSize, maxSize, desiredSize].every(n => Number.isInteger(n) && n >= 0)
  ) {
    throw new AwsError(
      'InvalidParameterException',
      'scalingConfig: minSize, maxSize and desiredSize must be integers >= 0',
    );
  }
  if (maxSize < 1)
    throw new AwsError(
      'InvalidParameterException',
      'scalingConfig.maxSize: must be at least 1',
    );
  if (minSize > maxSize)
    throw new AwsError(
      'InvalidParameterException',
      'scalingConfig: minSize can not be greater than maxSize',
    );
  if (desiredSize < minSize || desiredSize > maxSize) {
    throw new AwsError(
      'InvalidParameterException',
      'scalingConfig.desiredSize: must be between minSize and maxSize',
    );
  }
  return scaling;
}

/**
 * updateConfig: exactly one of maxUnavailable (1..100) and
 * maxUnavailablePercentage (1..100).
 */
function parseUpdateConfig(
  body: Record<string, unknown>,
): EksNodegroup['updateConfig'] | undefined {
  const config = optionalObject(body, 'updateConfig');
  if (!config) return undefined;
  const count = config.maxUnavailable as number | undefined;
  const percentage = config.maxUnavailablePercentage as number | undefined;
  if ((count === undefined) === (percentage === undefined)) {
    throw new AwsError(
      'InvalidParameterException',
      'updateConfig: specify either maxUnavailable or maxUnavailablePercentage',
    );
  }
  if (
    count !== undefined &&
    (!Number.isInteger(count) || count < 1 || count > 100)
  ) {
    throw new AwsError(
      'InvalidParameterException',
      'updateConfig.maxUnavailable: must be between 1 and 100',
    );
  }
  return count !== undefined
    ? { maxUnavailable: count }
    : { maxUnavailablePercentage: percentage };
}

function parseTaints(value: unknown): EksNodegroup['taints'] {
  if (value === undefined) return [];
  if (!Array.isArray(value))
    throw new AwsError('InvalidParameterException', 'taints must be a list');
  return value.map(
    (t: { key?: string; value?: string; effect?: string }, i) => {
      if (!t.key)
        throw new AwsError(
          'InvalidParameterException',
          `taints[${i}].key is required`,
        );
      if (!t.effect || !TAINT_EFFECTS.includes(t.effect)) {
        throw new AwsError(
          'InvalidParameterException',
          `taints[${i}].effect: must be one of ${TAINT_EFFECTS.join(', ')}`,
        );
      }
      return { key: t.key, value: t.value, effect: t.effect };
    },
  );
}

function resolveLaunchTemplate(
  ctx: AwsContext,
  spec: Record<string, unknown> | undefined,
) {
  if (!spec) return undefined;
  const id = spec.id as string | undefined;
  const name = spec.name as string | undefined;
  if (!id && !name) {
    throw new AwsError(
      'InvalidParameterException',
      'launchTemplate: either id or name is required',
    );
  }
  if (id && name) {
    throw new AwsError(
      'InvalidParameterException',
      'launchTemplate: specify either id or name, not both',
    );
  }
  const ec2 = ctx.regional.ec2;
  const template: LaunchTemplate | undefined = id
    ? ec2.launchTemplates.get(id)
    : ec2.launchTemplateByName(name!);
  if (!template) {
    throw new AwsError(
      'InvalidParameterException',
      `launchTemplate: launch template ${id ?? name} does not exist`,
    );
  }
  const version =
    (spec.version as string | undefined) ??
    String(template.defaultVersionNumber);
  if (
    !template.versions.some(v => String(v.versionNumber) === version) &&
    version !== '$Latest' &&
    version !== '$Default'
  ) {
    throw new AwsError(
      'InvalidParameterException',
      `launchTemplate.version: version ${version} of ${template.launchTemplateName} does not exist`,
    );
  }
  return { template, version };
}

/**
 * The AMI release EKS uses for a Kubernetes version and AMI type: Amazon
 * Linux builds are `<patch version>-<date>`, Bottlerocket names its own OS
 * release, Windows `<minor>-<date>`.
 */
function releaseVersion(version: string, amiType = 'AL2023_x86_64_STANDARD') {
  if (amiType.startsWith('BOTTLEROCKET')) return '1.50.0-a7b1e7c5';
  if (amiType.startsWith('WINDOWS')) return `${version}-2025.11.12`;
  return `${
    versionInfo(version)?.kubernetesPatchVersion ?? `${version}.0`
  }-20251103`;
}

/** Refuses an AL2 AMI type for Kubernetes 1.33 and later (EKS publishes none). */
function checkAmiForVersion(amiType: string, version: string) {
  if (
    AL2_AMI_TYPES.includes(amiType) &&
    minorDistance(LAST_AL2_VERSION, version) > 0
  ) {
    throw new AwsError(
      'InvalidParameterException',
      `amiType: Requested AMI for this version ${version} is not supported (EKS publishes no Amazon Linux 2 AMIs, ${amiType}, for Kubernetes 1.33 and later: use an AL2023 or Bottlerocket AMI type)`,
    );
  }
}

/** Launches the node group's instances and registers them as Kubernetes nodes. */
function scaleTo(
  ctx: AwsContext,
  cluster: EksCluster,
  ng: EksNodegroup,
  desired: number,
  kubeletVersion = ng.version,
) {
  const ec2 = ctx.regional.ec2;
  const running = ng.instanceIds.filter(
    id => ec2.instances.get(id)?.state === 'running',
  );
  if (running.length > desired) {
    const remove = running.slice(desired);
    terminateInstances(ec2, remove);
    ctx.simulation.nodesRemoved(cluster, remove);
    ng.instanceIds = ng.instanceIds.filter(id => !remove.includes(id));
    return;
  }
  const lt = ng.launchTemplate
    ? ec2.launchTemplates.get(ng.launchTemplate.id)
    : undefined;
  const launched = launchInstances(ec2, ctx.region, {
    count: desired - running.length,
    subnets: ng.subnets.map(id => ec2.subnets.get(id)!).filter(Boolean),
    instanceType: ng.instanceTypes[0],
    launchTemplate: lt,
    launchTemplateVersion: ng.launchTemplate?.version,
    securityGroupIds: [cluster.resourcesVpcConfig.clusterSecurityGroupId],
    tags: {
      'eks:cluster-name': cluster.name,
      'eks:nodegroup-name': ng.nodegroupName,
      [`kubernetes.io/cluster/${cluster.name}`]: 'owned',
      'aws:autoscaling:groupName': ng.autoScalingGroupName,
      Name: `${cluster.name}-${ng.nodegroupName}-Node`,
    },
  });
  ng.instanceIds.push(...launched.map(i => i.instanceId));
  ctx.simulation.nodesLaunched(
    cluster,
    launched,
    {
      'eks.amazonaws.com/nodegroup': ng.nodegroupName,
      'eks.amazonaws.com/capacityType': ng.capacityType,
      'karpenter.sh/capacity-type':
        ng.capacityType === 'SPOT' ? 'spot' : 'on-demand',
      ...ng.labels,
    },
    ng.taints,
    ng.amiType.startsWith('WINDOWS') ? 'windows' : 'linux',
    kubeletVersion,
  );
}

export function createNodegroup(ctx: AwsContext, req: EksRequest) {
  const cluster = requireUsableCluster(ctx, req.pathParams.clusterName);
  const body = req.body;
  const name = requiredString(body, 'nodegroupName');
  if (!NAME_PATTERN.test(name)) {
    throw new AwsError(
      'InvalidParameterException',
      `nodegroupName: ${name} must match ${NAME_PATTERN.source}`,
    );
  }
  const map = nodegroups(ctx, cluster.name);
  if (map.has(name)) {
    throw new AwsError(
      'ResourceInUseException',
      `NodeGroup already exists with name ${name} and cluster name ${cluster.name}`,
      409,
      { clusterName: cluster.name, nodegroupName: name },
    );
  }
  const nodeRole = requiredString(body, 'nodeRole');
  requireRole(ctx, nodeRole, 'nodeRole');
  requireNodeRoleTrust(ctx, nodeRole);
  const subnets = stringArray(body, 'subnets');
  if (subnets.length === 0)
    throw new AwsError(
      'InvalidParameterException',
      'subnets: at least one subnet is required',
    );
  for (const id of subnets) {
    const s = ctx.regional.ec2.subnets.get(id);
    if (!s)
      throw new AwsError(
        'InvalidParameterException',
        `subnets: subnet ${id} does not exist`,
      );
    if (s.vpcId !== cluster.resourcesVpcConfig.vpcId) {
      throw new AwsError(
        'InvalidParameterException',
        `subnets: subnet ${id} is not in the cluster's VPC ${cluster.resourcesVpcConfig.vpcId}`,
      );
    }
  }
  const amiType = optionalString(body, 'amiType') ?? 'AL2023_x86_64_STANDARD';
  if (!AMI_TYPES.includes(amiType))
    throw new AwsError(
      'InvalidParameterException',
      `amiType: must be one of ${AMI_TYPES.join(', ')}`,
    );
  const capacityType = optionalString(body, 'capacityType') ?? 'ON_DEMAND';
  if (!CAPACITY_TYPES.includes(capacityType)) {
    throw new AwsError(
      'InvalidParameterException',
      `capacityType: must be one of ${CAPACITY_TYPES.join(', ')}`,
    );
  }
  const lt = resolveLaunchTemplate(ctx, optionalObject(body, 'launchTemplate'));
  const diskSize = body.diskSize as number | undefined;
  if (lt && diskSize !== undefined) {
    throw new AwsError(
      'InvalidParameterException',
      'diskSize: Disk size must be specified within the launch template.',
    );
  }
  const instanceTypes = stringArray(body, 'instanceTypes');
  if (lt && body.remoteAccess !== undefined && body.remoteAccess !== null) {
    throw new AwsError(
      'InvalidParameterException',
      'Remote access configuration cannot be specified with a launch template.',
    );
  }
  const ltInstanceType = lt
    ? launchTemplateVersion(lt.template, lt.version)?.data.instanceType
    : undefined;
  if (ltInstanceType && instanceTypes.length > 0) {
    throw new AwsError(
      'InvalidRequestException',
      'Cannot specify instance types in launch template and API request',
    );
  }
  const updateConfig = parseUpdateConfig(body) ?? { maxUnavailable: 1 };
  const version = optionalString(body, 'version') ?? cluster.version;
  if (version !== cluster.version) {
    throw new AwsError(
      'InvalidParameterException',
      `version: ${version} must match the cluster version ${cluster.version}`,
    );
  }
  checkAmiForVersion(amiType, version);
  const now = new Date();
  const ng: EksNodegroup = {
    nodegroupName: name,
    nodegroupArn: `${arnPrefix(ctx)}:nodegroup/${cluster.name}/${name}/${hex(
      8,
    )}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`,
    clusterName: cluster.name,
    version,
    releaseVersion:
      optionalString(body, 'releaseVersion') ??
      releaseVersion(version, amiType),
    createdAt: now,
    modifiedAt: now,
    status: 'CREATING',
    capacityType: capacityType as EksNodegroup['capacityType'],
    scalingConfig: parseScaling(body),
    instanceTypes: instanceTypes.length ? instanceTypes : ['t3.medium'],
    subnets,
    amiType,
    nodeRole,
    labels: (optionalObject(body, 'labels') ?? {}) as Record<string, string>,
    taints: parseTaints(body.taints),
    // 20 GiB for Linux and Bottlerocket, 50 GiB for Windows
    diskSize: lt
      ? undefined
      : diskSize ?? (amiType.startsWith('WINDOWS') ? 50 : 20),
    launchTemplate: lt
      ? {
          name: lt.template.launchTemplateName,
          id: lt.template.launchTemplateId,
          version: lt.version,
        }
      : undefined,
    updateConfig,
    autoScalingGroupName: `eks-${name}-${hex(8)}-${hex(4)}-${hex(4)}-${hex(
      4,
    )}-${hex(12)}`,
    healthIssues: [],
    tags: tagsOf(body),
    instanceIds: [],
  };
  map.set(name, ng);
  ensureServiceAccessEntry(ctx, cluster, nodeRole, 'EC2_LINUX');
  ctx.recordWrite({ clusterName: cluster.name, ...body });
  const unknownTypes = (
    ltInstanceType ? [ltInstanceType] : ng.instanceTypes
  ).filter(t => !isKnownInstanceType(t));
  ctx.scheduler.after(DURATIONS.nodegroupCreate, () => {
    if (map.get(name) !== ng || ng.status !== 'CREATING') return;
    if (unknownTypes.length > 0) {
      // EKS accepts the request; the Auto Scaling group cannot launch them
      ng.status = 'CREATE_FAILED';
      ng.healthIssues = [
        {
          code: 'Ec2InstanceTypeDoesNotExist',
          message: `One or more of the supplied Amazon EC2 instance types do not exist: ${unknownTypes.join(
            ', ',
          )}`,
          resourceIds: [ng.autoScalingGroupName],
        },
      ];
      ng.modifiedAt = new Date();
      return;
    }
    scaleTo(ctx, cluster, ng, ng.scalingConfig.desiredSize);
    ng.status = 'ACTIVE';
    ng.modifiedAt = new Date();
  });
  return { nodegroup: nodegroupView(ng) };
}

function requireNodegroup(ctx: AwsContext, req: EksRequest) {
  const cluster = requireCluster(ctx, req.pathParams.clusterName);
  const ng = nodegroups(ctx, cluster.name).get(req.pathParams.nodegroupName);
  if (!ng)
    throw notFound(
      `No node group found for name: ${req.pathParams.nodegroupName}.`,
    );
  return { cluster, ng };
}

/** The node group of the request, refused while it is not ACTIVE (or DEGRADED). */
function requireUpdatableNodegroup(ctx: AwsContext, req: EksRequest) {
  const found = requireNodegroup(ctx, req);
  const { ng } = found;
  if (ng.status !== 'ACTIVE' && ng.status !== 'DEGRADED') {
    throw new AwsError(
      'ResourceInUseException',
      `Nodegroup ${ng.nodegroupName} is ${ng.status}; it must be ACTIVE to update`,
      409,
    );
  }
  return found;
}

export function describeNodegroup(ctx: AwsContext, req: EksRequest) {
  return { nodegroup: nodegroupView(requireNodegroup(ctx, req).ng) };
}

export function listNodegroups(ctx: AwsContext, req: EksRequest) {
  const cluster = requireCluster(ctx, req.pathParams.clusterName);
  const { page, nextToken } = paginate(
    [...nodegroups(ctx, cluster.name).keys()],
    req.query,
  );
  return { nodegroups: page, nextToken };
}

export function deleteNodegroup(ctx: AwsContext, req: EksRequest) {
  const { cluster, ng } = requireNodegroup(ctx, req);
  if (ng.status === 'DELETING') {
    throw new AwsError(
      'ResourceInUseException',
      `Nodegroup ${ng.nodegroupName} is already being deleted`,
      409,
    );
  }
  ng.status = 'DELETING';
  ng.modifiedAt = new Date();
  ctx.recordWrite({
    clusterName: cluster.name,
    nodegroupName: ng.nodegroupName,
  });
  const map = nodegroups(ctx, cluster.name);
  ctx.scheduler.after(DURATIONS.nodegroupDelete, () => {
    if (map.get(ng.nodegroupName) !== ng) return;
    terminateInstances(ctx.regional.ec2, ng.instanceIds);
    ctx.simulation.nodesRemoved(cluster, ng.instanceIds);
    map.delete(ng.nodegroupName);
  });
  return { nodegroup: nodegroupView(ng) };
}

export function updateNodegroupConfig(ctx: AwsContext, req: EksRequest) {
  const { cluster, ng } = requireUpdatableNodegroup(ctx, req);
  const body = req.body;
  const params: { type: string; value: string }[] = [];
  const scaling = body.scalingConfig
    ? parseScaling(body, ng.scalingConfig)
    : undefined;
  if (scaling) {
    params.push(
      { type: 'MinSize', value: String(scaling.minSize) },
      { type: 'MaxSize', value: String(scaling.maxSize) },
      { type: 'DesiredSize', value: String(scaling.desiredSize) },
    );
  }
  const labels = optionalObject(body, 'labels') as
    | { addOrUpdateLabels?: Record<string, string>; removeLabels?: string[] }
    | undefined;
  if (labels?.addOrUpdateLabels)
    params.push({
      type: 'LabelsToAdd',
      value: JSON.stringify(labels.addOrUpdateLabels),
    });
  if (labels?.removeLabels)
    params.push({
      type: 'LabelsToRemove',
      value: JSON.stringify(labels.removeLabels),
    });
  const taints = optionalObject(body, 'taints') as
    | { addOrUpdateTaints?: unknown; removeTaints?: unknown }
    | undefined;
  const addTaints = taints?.addOrUpdateTaints
    ? parseTaints(taints.addOrUpdateTaints)
    : [];
  const removeTaints = taints?.removeTaints
    ? parseTaints(taints.removeTaints)
    : [];
  if (addTaints.length)
    params.push({ type: 'TaintsToAdd', value: JSON.stringify(addTaints) });
  if (removeTaints.length)
    params.push({
      type: 'TaintsToRemove',
      value: JSON.stringify(removeTaints),
    });
  const updateConfig = parseUpdateConfig(body);
  if (updateConfig)
    params.push({
      type: 'MaxUnavailable',
      value: JSON.stringify(updateConfig),
    });
  if (params.length === 0) {
    throw new AwsError(
      'InvalidParameterException',
      'No changes needed: give scalingConfig, labels, taints or updateConfig',
    );
  }
  const update = newUpdate('ConfigUpdate', params, {
    nodegroupName: ng.nodegroupName,
  });
  cluster.updates.push(update);
  ng.status = 'UPDATING';
  ng.modifiedAt = new Date();
  ctx.recordWrite({
    clusterName: cluster.name,
    nodegroupName: ng.nodegroupName,
    ...body,
  });
  ctx.scheduler.after(DURATIONS.nodegroupUpdate, () => {
    if (
      nodegroups(ctx, cluster.name).get(ng.nodegroupName) !== ng ||
      ng.status !== 'UPDATING'
    )
      return;
    for (const [k, v] of Object.entries(labels?.addOrUpdateLabels ?? {}))
      ng.labels[k] = v;
    for (const k of labels?.removeLabels ?? []) delete ng.labels[k];
    ng.taints = ng.taints.filter(
      t => !removeTaints.some(r => r.key === t.key && r.effect === t.effect),
    );
    ng.taints = [
      ...ng.taints.filter(t => !addTaints.some(a => a.key === t.key)),
      ...addTaints,
    ];
    if (updateConfig) ng.updateConfig = updateConfig;
    if (scaling) {
      ng.scalingConfig = scaling;
      scaleTo(ctx, cluster, ng, scaling.desiredSize);
    }
    ctx.simulation.nodegroupRelabelled(
      cluster,
      ng.instanceIds,
      ng.labels,
      ng.taints,
    );
    ng.status = 'ACTIVE';
    ng.modifiedAt = new Date();
    completeUpdate(update);
  });
  return { update: updateView(update) };
}

/** How many nodes a version update replaces at once: updateConfig's maxUnavailable (or percentage), at least 1. */
function batchSize(ng: EksNodegroup, nodes: number) {
  const { maxUnavailable, maxUnavailablePercentage } = ng.updateConfig;
  if (maxUnavailable) return Math.max(1, maxUnavailable);
  if (maxUnavailablePercentage) {
    return Math.max(1, Math.floor((nodes * maxUnavailablePercentage) / 100));
  }
  return 1;
}

/**
 * UpdateNodegroupVersion: up to the cluster's version, or (while the
 * cluster's rollback window is open) back to the version before it; never
 * newer than the control plane. The nodes are replaced in batches of
 * updateConfig's maxUnavailable spread over the update: each batch launches
 * new nodes (their kubelet at the new version), then the old ones go.
 */
export function updateNodegroupVersion(ctx: AwsContext, req: EksRequest) {
  const { cluster, ng } = requireUpdatableNodegroup(ctx, req);
  const version = optionalString(req.body, 'version') ?? cluster.version;
  const window = rollbackWindow(cluster);
  const rollingBack =
    version !== cluster.version &&
    window?.open === true &&
    version === window.previousVersion;
  if (version !== cluster.version && !rollingBack) {
    throw new AwsError(
      'InvalidParameterException',
      `version: ${version} must match the cluster version ${cluster.version}${
        minorDistance(cluster.version, version) === -1
          ? ` (a node group goes back to ${version} only while the cluster's rollback window is open)`
          : ''
      }`,
    );
  }
  checkAmiForVersion(ng.amiType, version);
  const lt = resolveLaunchTemplate(
    ctx,
    optionalObject(req.body, 'launchTemplate'),
  );
  if (lt && lt.template.launchTemplateId !== ng.launchTemplate?.id) {
    // the node group keeps the launch template it was created with
    throw new AwsError(
      'InvalidParameterException',
      `launchTemplate: node group ${ng.nodegroupName} ${
        ng.launchTemplate
          ? `uses launch template ${ng.launchTemplate.id}; only its version can change`
          : 'was created without a launch template'
      }`,
    );
  }
  if (
    version === ng.version &&
    !lt &&
    !optionalString(req.body, 'releaseVersion')
  ) {
    throw new AwsError(
      'InvalidParameterException',
      `Nodegroup ${ng.nodegroupName} is already at version ${version}`,
    );
  }
  const release =
    optionalString(req.body, 'releaseVersion') ??
    releaseVersion(version, ng.amiType);
  const update = newUpdate(
    'VersionUpdate',
    [
      { type: 'Version', value: version },
      { type: 'ReleaseVersion', value: release },
    ],
    { nodegroupName: ng.nodegroupName },
  );
  cluster.updates.push(update);
  ng.status = 'UPDATING';
  ng.modifiedAt = new Date();
  ctx.recordWrite({
    clusterName: cluster.name,
    nodegroupName: ng.nodegroupName,
    ...req.body,
  });
  const current = () =>
    nodegroups(ctx, cluster.name).get(ng.nodegroupName) === ng &&
    ng.status === 'UPDATING';
  const old = [...ng.instanceIds];
  const size = batchSize(ng, old.length);
  const batches = Math.max(1, Math.ceil(old.length / size));
  const running = () =>
    ng.instanceIds.filter(
      id => ctx.regional.ec2.instances.get(id)?.state === 'running',
    ).length;
  for (let i = 0; i < batches; i++) {
    ctx.scheduler.after((DURATIONS.nodegroupUpdate * (i + 1)) / batches, () => {
      if (!current()) return;
      // rolling replacement: new instances (the new kubelet, from the
      // launch template version asked for) first, then this batch of old
      // ones goes
      if (lt) {
        ng.launchTemplate = {
          name: lt.template.launchTemplateName,
          id: lt.template.launchTemplateId,
          version: lt.version,
        };
      }
      const going = old.slice(i * size, (i + 1) * size);
      scaleTo(ctx, cluster, ng, running() + going.length, version);
      terminateInstances(ctx.regional.ec2, going);
      ctx.simulation.nodesRemoved(cluster, going);
      ng.instanceIds = ng.instanceIds.filter(id => !going.includes(id));
      if (i < batches - 1) return;
      ng.version = version;
      ng.releaseVersion = release;
      scaleTo(ctx, cluster, ng, ng.scalingConfig.desiredSize);
      ng.status = 'ACTIVE';
      ng.modifiedAt = new Date();
      completeUpdate(update);
    });
  }
  return { update: updateView(update) };
}
