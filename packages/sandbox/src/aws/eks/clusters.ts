import { hex } from '../../ids';
import { DURATIONS } from '../../scheduler';
import { AwsError } from '../AwsError';
import type { AwsContext } from '../context';
import { createSecurityGroup } from '../ec2/securityGroups';
import { callerArn } from '../sts/caller';
import {
  createBootstrapAccessEntry,
  ensureAutoModeAccessEntries,
  ensureServiceAccessEntry,
} from './accessEntries';
import {
  DEFAULT_CLUSTER_VERSION,
  SUPPORTED_VERSIONS,
  nextVersion,
  versionInfo,
} from './clusterVersions';
import { insightsOf } from './insights';
import { arnPrefix, requireCluster } from './lookup';
import { EksCluster, EksState } from './model';
import {
  EksRequest,
  epoch,
  optionalObject,
  optionalString,
  paginate,
  requiredString,
  stringArray,
  tagsOf,
} from './request';
import { completeUpdate, newUpdate, updateView } from './updates';
import { minorBefore, minorDistance, rollbackWindow } from './versionHistory';
import {
  checkControlPlaneEgressMode,
  checkPublicAccessCidrs,
  checkRemoteNetworkConfig,
  requireClusterRole,
  serviceIpv4Cidr,
} from './rules';

export const CLUSTER_NAME_PATTERN = /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/;
const LOG_TYPES = [
  'api',
  'audit',
  'authenticator',
  'controllerManager',
  'scheduler',
];
const AUTH_MODES = ['API', 'API_AND_CONFIG_MAP', 'CONFIG_MAP'] as const;
const AUTO_MODE_NODE_POOLS = ['general-purpose', 'system'];
const CONTROL_PLANE_TIERS = [
  'standard',
  'tier-xl',
  'tier-2xl',
  'tier-4xl',
  'tier-8xl',
];

/** All addresses; IPv6 clusters' endpoints are dual-stack. */
function defaultPublicAccessCidrs(ipFamily: string) {
  return ipFamily === 'ipv6' ? ['0.0.0.0/0', '::/0'] : ['0.0.0.0/0'];
}

export function clusterView(c: EksCluster) {
  const ready = c.status !== 'CREATING';
  return {
    name: c.name,
    arn: c.arn,
    createdAt: epoch(c.createdAt),
    version: c.version,
    endpoint: ready ? c.endpoint : undefined,
    roleArn: c.roleArn,
    resourcesVpcConfig: {
      ...c.resourcesVpcConfig,
      controlPlaneEgressMode:
        c.resourcesVpcConfig.controlPlaneEgressMode ?? 'AWS_MANAGED',
    },
    kubernetesNetworkConfig: c.kubernetesNetworkConfig,
    logging: c.logging,
    identity: ready ? { oidc: { issuer: c.oidcIssuer } } : undefined,
    status: c.status,
    certificateAuthority: ready ? { data: c.certificateAuthorityData } : {},
    clientRequestToken: c.clientRequestToken,
    platformVersion: c.platformVersion,
    tags: c.tags,
    encryptionConfig: c.encryptionConfig,
    health: { issues: c.healthIssues },
    accessConfig: c.accessConfig,
    upgradePolicy: c.upgradePolicy,
    computeConfig: c.computeConfig,
    storageConfig: c.storageConfig,
    zonalShiftConfig: c.zonalShiftConfig,
    remoteNetworkConfig: c.remoteNetworkConfig,
    deletionProtection: c.deletionProtection ?? false,
    controlPlaneScalingConfig: c.controlPlaneScalingConfig ?? {
      tier: 'standard',
    },
  };
}

/** The VPC's CIDR blocks and the service range, which remote networks must avoid. */
function reservedRanges(ctx: AwsContext, cluster: EksCluster) {
  const vpc = ctx.regional.ec2.vpcs.get(cluster.resourcesVpcConfig.vpcId);
  return {
    ipFamily: cluster.kubernetesNetworkConfig.ipFamily,
    vpcCidrs: vpc ? [vpc.cidrBlock] : [],
    serviceCidr: cluster.kubernetesNetworkConfig.serviceIpv4Cidr,
  };
}

/** zonalShiftConfig: `enabled` must be a boolean. */
function zonalShiftOf(body: Record<string, unknown>) {
  const config = optionalObject(body, 'zonalShiftConfig');
  if (!config) return undefined;
  if (config.enabled !== undefined && typeof config.enabled !== 'boolean') {
    throw new AwsError(
      'InvalidParameterException',
      'zonalShiftConfig.enabled must be a boolean',
    );
  }
  return { enabled: config.enabled === true };
}

/** controlPlaneScalingConfig.tier: one of the Provisioned Control Plane tiers. */
function scalingTierOf(body: Record<string, unknown>) {
  const config = optionalObject(body, 'controlPlaneScalingConfig');
  if (!config) return undefined;
  const tier = (config.tier as string | undefined) ?? 'standard';
  if (!CONTROL_PLANE_TIERS.includes(tier)) {
    throw new AwsError(
      'InvalidParameterException',
      `controlPlaneScalingConfig.tier: ${tier} is not valid; valid values: ${CONTROL_PLANE_TIERS.join(
        ', ',
      )}`,
    );
  }
  return { tier };
}

/** deletionProtection: a boolean. */
function deletionProtectionOf(body: Record<string, unknown>) {
  const value = body.deletionProtection;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') {
    throw new AwsError(
      'InvalidParameterException',
      'deletionProtection must be a boolean',
    );
  }
  return value;
}

/** The IAM role an ARN names; InvalidParameterException naming the field when it does not exist. */
export function requireRole(ctx: AwsContext, arn: string, field: string) {
  if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(arn)) {
    throw new AwsError(
      'InvalidParameterException',
      `${field}: ${arn} is not a valid IAM role ARN`,
    );
  }
  const role = ctx.account.iam.roleByArn(arn);
  if (!role) {
    throw new AwsError(
      'InvalidParameterException',
      `${field}: Role with arn: ${arn}, does not exist or is not assumable by EKS.`,
    );
  }
  return role;
}

function validateLogging(logging: Record<string, unknown> | undefined) {
  const entries = (logging?.clusterLogging ?? []) as {
    types?: string[];
    enabled?: boolean;
  }[];
  if (!Array.isArray(entries)) {
    throw new AwsError(
      'InvalidParameterException',
      'logging.clusterLogging must be a list',
    );
  }
  for (const e of entries) {
    for (const t of e.types ?? []) {
      if (!LOG_TYPES.includes(t)) {
        throw new AwsError(
          'InvalidParameterException',
          `logging.clusterLogging.types: unknown log type ${t}; allowed: ${LOG_TYPES.join(
            ', ',
          )}`,
        );
      }
    }
  }
  const enabled = new Set(
    entries.filter(e => e.enabled).flatMap(e => e.types ?? []),
  );
  return {
    clusterLogging: [
      { types: LOG_TYPES.filter(t => enabled.has(t)), enabled: true },
      { types: LOG_TYPES.filter(t => !enabled.has(t)), enabled: false },
    ].filter(e => e.types.length > 0),
  };
}

interface AutoModeSettings {
  computeConfig?: EksCluster['computeConfig'];
  storageConfig?: EksCluster['storageConfig'];
  elasticLoadBalancing?: { enabled: boolean };
}

function validateAutoMode(
  ctx: AwsContext,
  body: Record<string, unknown>,
  authenticationMode: string,
): AutoModeSettings {
  const compute = optionalObject(body, 'computeConfig');
  const storage = optionalObject(body, 'storageConfig');
  const network = optionalObject(body, 'kubernetesNetworkConfig');
  const elb = network?.elasticLoadBalancing as
    | { enabled?: boolean }
    | undefined;
  const block = (storage?.blockStorage as { enabled?: boolean } | undefined)
    ?.enabled;
  if (!compute && !storage && !elb) return {};
  const flags = [
    compute?.enabled === true,
    block === true,
    elb?.enabled === true,
  ];
  if (flags.some(f => f !== flags[0])) {
    throw new AwsError(
      'InvalidParameterException',
      'For EKS Auto Mode, please ensure that computeConfig.enabled, kubernetesNetworkConfig.elasticLoadBalancing.enabled, and storageConfig.blockStorage.enabled are ALL set to either true or false',
    );
  }
  const enabled = flags[0];
  const nodePools = (compute?.nodePools ?? []) as string[];
  for (const p of nodePools) {
    if (!AUTO_MODE_NODE_POOLS.includes(p)) {
      throw new AwsError(
        'InvalidParameterException',
        `computeConfig.nodePools: unknown node pool ${p}; allowed: ${AUTO_MODE_NODE_POOLS.join(
          ', ',
        )}`,
      );
    }
  }
  const nodeRoleArn = compute?.nodeRoleArn as string | undefined;
  if (enabled && nodePools.length > 0 && !nodeRoleArn) {
    throw new AwsError(
      'InvalidParameterException',
      'computeConfig.nodeRoleArn is required when computeConfig.nodePools is not empty',
    );
  }
  if (nodeRoleArn) requireRole(ctx, nodeRoleArn, 'computeConfig.nodeRoleArn');
  if (enabled && authenticationMode === 'CONFIG_MAP') {
    throw new AwsError(
      'InvalidParameterException',
      'EKS Auto Mode requires accessConfig.authenticationMode API or API_AND_CONFIG_MAP',
    );
  }
  return {
    computeConfig: {
      enabled,
      nodePools: enabled ? nodePools : [],
      nodeRoleArn: enabled ? nodeRoleArn : undefined,
    },
    storageConfig: { blockStorage: { enabled } },
    elasticLoadBalancing: { enabled },
  };
}

export function createCluster(ctx: AwsContext, req: EksRequest) {
  const body = req.body;
  const name = requiredString(body, 'name');
  if (!CLUSTER_NAME_PATTERN.test(name)) {
    throw new AwsError(
      'InvalidParameterException',
      `name: ${name} must match ${CLUSTER_NAME_PATTERN.source} (1-100 characters, starting with a letter or digit; letters, digits, hyphens and underscores)`,
    );
  }
  const eks = ctx.regional.eks;
  if (eks.clusters.has(name)) {
    throw new AwsError(
      'ResourceInUseException',
      `Cluster already exists with name: ${name}`,
      409,
      { clusterName: name },
    );
  }
  const version = optionalString(body, 'version') ?? DEFAULT_CLUSTER_VERSION;
  if (!versionInfo(version)) {
    throw new AwsError(
      'InvalidParameterException',
      `version: unsupported Kubernetes version ${version}; supported: ${SUPPORTED_VERSIONS.join(
        ', ',
      )}`,
    );
  }
  const roleArn = requiredString(body, 'roleArn');
  requireClusterRole(ctx, roleArn);

  const vpcConfig = optionalObject(body, 'resourcesVpcConfig');
  if (!vpcConfig) {
    throw new AwsError(
      'InvalidParameterException',
      'resourcesVpcConfig is required',
    );
  }
  const subnetIds = stringArray(vpcConfig, 'subnetIds');
  const subnets = subnetIds.map(id => {
    const s = ctx.regional.ec2.subnets.get(id);
    if (!s) {
      throw new AwsError(
        'InvalidParameterException',
        `resourcesVpcConfig.subnetIds: subnet ${id} does not exist`,
      );
    }
    return s;
  });
  if (new Set(subnets.map(s => s.availabilityZone)).size < 2) {
    throw new AwsError(
      'InvalidParameterException',
      'resourcesVpcConfig.subnetIds: Subnets specified must be in at least two different AZs',
    );
  }
  const vpcIds = new Set(subnets.map(s => s.vpcId));
  if (vpcIds.size > 1) {
    throw new AwsError(
      'InvalidParameterException',
      'resourcesVpcConfig.subnetIds: all subnets must be in the same VPC',
    );
  }
  const vpcId = subnets[0].vpcId;
  const securityGroupIds = stringArray(vpcConfig, 'securityGroupIds');
  for (const id of securityGroupIds) {
    const sg = ctx.regional.ec2.securityGroups.get(id);
    if (!sg || sg.vpcId !== vpcId) {
      throw new AwsError(
        'InvalidParameterException',
        `resourcesVpcConfig.securityGroupIds: security group ${id} does not exist in ${vpcId}`,
      );
    }
  }

  const accessConfigIn = optionalObject(body, 'accessConfig') ?? {};
  const authenticationMode =
    (accessConfigIn.authenticationMode as string | undefined) ?? 'CONFIG_MAP';
  if (!(AUTH_MODES as readonly string[]).includes(authenticationMode)) {
    throw new AwsError(
      'InvalidParameterException',
      `accessConfig.authenticationMode: must be one of ${AUTH_MODES.join(
        ', ',
      )}`,
    );
  }
  const bootstrap =
    accessConfigIn.bootstrapClusterCreatorAdminPermissions !== false;
  const upgradePolicyIn = optionalObject(body, 'upgradePolicy');
  const supportType =
    (upgradePolicyIn?.supportType as string | undefined) ?? 'EXTENDED';
  if (supportType !== 'STANDARD' && supportType !== 'EXTENDED') {
    throw new AwsError(
      'InvalidParameterException',
      'upgradePolicy.supportType: must be STANDARD or EXTENDED',
    );
  }
  const autoMode = validateAutoMode(ctx, body, authenticationMode);
  const logging = validateLogging(optionalObject(body, 'logging'));
  const networkIn = optionalObject(body, 'kubernetesNetworkConfig') ?? {};
  const ipFamily = (networkIn.ipFamily as string | undefined) ?? 'ipv4';
  if (ipFamily !== 'ipv4' && ipFamily !== 'ipv6') {
    throw new AwsError(
      'InvalidParameterException',
      'kubernetesNetworkConfig.ipFamily: must be ipv4 or ipv6',
    );
  }
  const tags = tagsOf(body);
  const publicAccessCidrs = stringArray(vpcConfig, 'publicAccessCidrs');
  checkPublicAccessCidrs(publicAccessCidrs, ipFamily);
  const serviceCidr = serviceIpv4Cidr(
    optionalString(networkIn, 'serviceIpv4Cidr'),
    ipFamily,
    ctx.regional.ec2.vpcs.get(vpcId)?.cidrBlock,
  );

  const egressIn = vpcConfig.controlPlaneEgressMode;
  const controlPlaneEgressMode =
    egressIn === undefined || egressIn === null
      ? 'AWS_MANAGED'
      : checkControlPlaneEgressMode(egressIn);
  const zonalShiftConfig = zonalShiftOf(body);
  const controlPlaneScalingConfig = scalingTierOf(body) ?? {
    tier: 'standard',
  };
  const deletionProtection = deletionProtectionOf(body) ?? false;
  const remoteIn = optionalObject(body, 'remoteNetworkConfig');
  const remoteNetworkConfig = remoteIn
    ? checkRemoteNetworkConfig(remoteIn, {
        ipFamily,
        vpcCidrs: [ctx.regional.ec2.vpcs.get(vpcId)?.cidrBlock].filter(
          (c): c is string => Boolean(c),
        ),
        serviceCidr,
      })
    : undefined;

  const clusterSg = createSecurityGroup(ctx.regional.ec2, {
    groupName: `eks-cluster-sg-${name}-${hex(10)}`,
    description:
      'EKS created security group applied to ENI that is attached to EKS Control Plane master nodes, as well as any managed workloads.',
    vpcId,
    tags: {
      'aws:eks:cluster-name': name,
      [`kubernetes.io/cluster/${name}`]: 'owned',
      Name: `eks-cluster-sg-${name}`,
    },
  });

  const cluster: EksCluster = {
    name,
    arn: `${arnPrefix(ctx)}:cluster/${name}`,
    createdAt: new Date(),
    version,
    platformVersion: versionInfo(version)!.defaultPlatformVersion,
    roleArn,
    status: 'CREATING',
    resourcesVpcConfig: {
      subnetIds,
      securityGroupIds,
      clusterSecurityGroupId: clusterSg.groupId,
      vpcId,
      endpointPublicAccess: vpcConfig.endpointPublicAccess !== false,
      endpointPrivateAccess: vpcConfig.endpointPrivateAccess === true,
      publicAccessCidrs: publicAccessCidrs.length
        ? publicAccessCidrs
        : defaultPublicAccessCidrs(ipFamily),
      controlPlaneEgressMode,
    },
    kubernetesNetworkConfig: {
      serviceIpv4Cidr: serviceCidr,
      ipFamily,
      elasticLoadBalancing: autoMode.elasticLoadBalancing,
    },
    logging,
    oidcIssuer: `https://oidc.eks.${ctx.region}.amazonaws.com/id/${hex(
      32,
    ).toUpperCase()}`,
    certificateAuthorityData: ctx.certificateAuthorityData,
    clientRequestToken: optionalString(body, 'clientRequestToken'),
    tags,
    accessConfig: {
      authenticationMode:
        authenticationMode as EksCluster['accessConfig']['authenticationMode'],
      bootstrapClusterCreatorAdminPermissions: bootstrap,
    },
    upgradePolicy: { supportType },
    computeConfig: autoMode.computeConfig,
    storageConfig: autoMode.storageConfig,
    zonalShiftConfig,
    deletionProtection,
    controlPlaneScalingConfig,
    remoteNetworkConfig,
    encryptionConfig: body.encryptionConfig as unknown[] | undefined,
    healthIssues: [],
    updates: [],
  };
  eks.clusters.set(name, cluster);
  ctx.clusterEndpoints.open(cluster);
  if (bootstrap && authenticationMode !== 'CONFIG_MAP') {
    createBootstrapAccessEntry(ctx, cluster, callerArn(ctx.accountId));
  }
  ensureAutoModeAccessEntries(ctx, cluster);
  ctx.recordWrite(body);
  ctx.scheduler.after(DURATIONS.clusterCreate, () => {
    if (eks.clusters.get(name) !== cluster || cluster.status !== 'CREATING')
      return;
    cluster.status = 'ACTIVE';
    ctx.simulation.clusterActive(ctx.regional, cluster);
  });
  return { cluster: clusterView(cluster) };
}

export function describeCluster(ctx: AwsContext, req: EksRequest) {
  return {
    cluster: clusterView(requireCluster(ctx, req.pathParams.name)),
  };
}

export function listClusters(ctx: AwsContext, req: EksRequest) {
  const names = [...ctx.regional.eks.clusters.keys()].sort();
  const { page, nextToken } = paginate(names, req.query);
  return { clusters: page, nextToken };
}

export function deleteCluster(ctx: AwsContext, req: EksRequest) {
  const cluster = requireCluster(ctx, req.pathParams.name);
  const eks = ctx.regional.eks;
  const nodegroups = [...EksState.of(eks.nodegroups, cluster.name).keys()];
  if (nodegroups.length > 0) {
    throw new AwsError(
      'ResourceInUseException',
      `Cluster has nodegroups attached: ${nodegroups.join(', ')}`,
      409,
      { clusterName: cluster.name },
    );
  }
  const profiles = [...EksState.of(eks.fargateProfiles, cluster.name).keys()];
  if (profiles.length > 0) {
    throw new AwsError(
      'ResourceInUseException',
      `Cluster has Fargate profiles attached: ${profiles.join(', ')}`,
      409,
      { clusterName: cluster.name },
    );
  }
  if (cluster.status === 'DELETING') {
    throw new AwsError(
      'ResourceInUseException',
      `Cluster ${cluster.name} is already being deleted`,
      409,
    );
  }
  // Deletion protection holds for ACTIVE (and UPDATING) clusters; EKS lets
  // CREATING and FAILED clusters be deleted with it on.
  if (
    cluster.deletionProtection &&
    (cluster.status === 'ACTIVE' || cluster.status === 'UPDATING')
  ) {
    throw new AwsError(
      'InvalidRequestException',
      `Cluster ${cluster.name} has deletion protection enabled. Disable it with UpdateClusterConfig (deletionProtection false) before deleting the cluster.`,
      400,
      { clusterName: cluster.name },
    );
  }
  ctx.recordWrite({ name: cluster.name });
  cluster.status = 'DELETING';
  for (const addon of EksState.of(eks.addons, cluster.name).values())
    addon.status = 'DELETING';
  ctx.scheduler.after(DURATIONS.clusterDelete, () => {
    if (eks.clusters.get(cluster.name) !== cluster) return;
    ctx.simulation.clusterDeleted(cluster);
    void ctx.clusterEndpoints.close(cluster);
    const sg = cluster.resourcesVpcConfig.clusterSecurityGroupId;
    ctx.regional.ec2.securityGroups.delete(sg);
    eks.forgetCluster(cluster.name);
  });
  return { cluster: clusterView(cluster) };
}

const AUTH_MODE_ORDER = ['CONFIG_MAP', 'API_AND_CONFIG_MAP', 'API'];

/**
 * When a CONFIG_MAP cluster turns on access entries, EKS creates the entries
 * that reflect what it had granted through aws-auth: the creator's admin
 * entry, and the roles of its managed node groups and Fargate profiles.
 */
function createEntriesOnEnablingApi(ctx: AwsContext, cluster: EksCluster) {
  if (cluster.accessConfig.bootstrapClusterCreatorAdminPermissions) {
    createBootstrapAccessEntry(ctx, cluster, callerArn(ctx.accountId));
  }
  const eks = ctx.regional.eks;
  for (const ng of EksState.of(eks.nodegroups, cluster.name).values()) {
    ensureServiceAccessEntry(ctx, cluster, ng.nodeRole, 'EC2_LINUX');
  }
  for (const p of EksState.of(eks.fargateProfiles, cluster.name).values()) {
    ensureServiceAccessEntry(
      ctx,
      cluster,
      p.podExecutionRoleArn,
      'FARGATE_LINUX',
    );
  }
  ensureAutoModeAccessEntries(ctx, cluster);
}

function runUpdate(
  ctx: AwsContext,
  cluster: EksCluster,
  update: ReturnType<typeof newUpdate>,
  apply: () => void,
) {
  cluster.updates.push(update);
  cluster.status = 'UPDATING';
  ctx.scheduler.after(DURATIONS.clusterUpdate, () => {
    if (ctx.regional.eks.clusters.get(cluster.name) !== cluster) return;
    apply();
    completeUpdate(update);
    if (cluster.status === 'UPDATING') cluster.status = 'ACTIVE';
  });
}

function requireActive(cluster: EksCluster) {
  if (cluster.status !== 'ACTIVE') {
    throw new AwsError(
      'ResourceInUseException',
      `Cluster ${cluster.name} is in ${cluster.status} state; updates are accepted only when it is ACTIVE`,
      409,
      { clusterName: cluster.name },
    );
  }
}

export function updateClusterConfig(ctx: AwsContext, req: EksRequest) {
  const cluster = requireCluster(ctx, req.pathParams.name);
  const body = req.body;
  const categories = [
    'resourcesVpcConfig',
    'logging',
    'accessConfig',
    'upgradePolicy',
    'zonalShiftConfig',
    'deletionProtection',
    'controlPlaneScalingConfig',
    'remoteNetworkConfig',
  ].filter(k => body[k] !== undefined && body[k] !== null);
  const autoMode = [
    'computeConfig',
    'storageConfig',
    'kubernetesNetworkConfig',
  ].some(k => body[k] !== undefined && body[k] !== null);
  if (autoMode) categories.push('autoMode');
  if (categories.length === 0) {
    throw new AwsError(
      'InvalidParameterException',
      'No changes needed: give one of resourcesVpcConfig, logging, accessConfig, upgradePolicy, zonalShiftConfig, deletionProtection, controlPlaneScalingConfig, remoteNetworkConfig, computeConfig',
    );
  }
  if (categories.length > 1) {
    throw new AwsError(
      'InvalidParameterException',
      `Only one type of update can be allowed; got ${categories.join(', ')}`,
    );
  }
  requireActive(cluster);
  const category = categories[0];
  let update;
  let apply: () => void;
  switch (category) {
    case 'accessConfig': {
      const access = optionalObject(body, 'accessConfig')!;
      const mode = access.authenticationMode as string | undefined;
      if (!mode || !AUTH_MODE_ORDER.includes(mode)) {
        throw new AwsError(
          'InvalidParameterException',
          `accessConfig.authenticationMode: must be one of ${AUTH_MODES.join(
            ', ',
          )}`,
        );
      }
      if (
        AUTH_MODE_ORDER.indexOf(mode) <
        AUTH_MODE_ORDER.indexOf(cluster.accessConfig.authenticationMode)
      ) {
        throw new AwsError(
          'InvalidParameterException',
          `accessConfig.authenticationMode: cannot change from ${cluster.accessConfig.authenticationMode} to ${mode}; the mode can only move from CONFIG_MAP to API_AND_CONFIG_MAP to API`,
        );
      }
      if (mode === cluster.accessConfig.authenticationMode) {
        throw new AwsError(
          'InvalidParameterException',
          `Unsupported authentication mode update from ${mode} to ${mode}`,
        );
      }
      update = newUpdate('AccessConfigUpdate', [
        { type: 'AuthenticationMode', value: mode },
      ]);
      const from = cluster.accessConfig.authenticationMode;
      apply = () => {
        cluster.accessConfig.authenticationMode =
          mode as EksCluster['accessConfig']['authenticationMode'];
        if (from === 'CONFIG_MAP') createEntriesOnEnablingApi(ctx, cluster);
      };
      break;
    }
    case 'upgradePolicy': {
      const supportType =
        (optionalObject(body, 'upgradePolicy')!.supportType as string) ?? '';
      if (supportType !== 'STANDARD' && supportType !== 'EXTENDED') {
        throw new AwsError(
          'InvalidParameterException',
          'upgradePolicy.supportType: must be STANDARD or EXTENDED',
        );
      }
      update = newUpdate('UpgradePolicyUpdate', [
        { type: 'UpgradePolicy', value: supportType },
      ]);
      apply = () => {
        cluster.upgradePolicy = { supportType };
      };
      break;
    }
    case 'logging': {
      const requested = optionalObject(body, 'logging')!;
      validateLogging(requested);
      const entries = (requested.clusterLogging ?? []) as {
        types?: string[];
        enabled?: boolean;
      }[];
      update = newUpdate('LoggingUpdate', [
        { type: 'ClusterLogging', value: JSON.stringify(requested) },
      ]);
      apply = () => {
        const current = new Set(
          cluster.logging.clusterLogging
            .filter(e => e.enabled)
            .flatMap(e => e.types),
        );
        for (const e of entries) {
          for (const t of e.types ?? []) {
            if (e.enabled) current.add(t);
            else current.delete(t);
          }
        }
        cluster.logging = validateLogging({
          clusterLogging: [{ types: [...current], enabled: true }],
        });
      };
      break;
    }
    case 'resourcesVpcConfig': {
      const vpc = optionalObject(body, 'resourcesVpcConfig')!;
      if (vpc.controlPlaneEgressMode !== undefined) {
        const egress = egressUpdate(cluster, vpc);
        update = egress.update;
        apply = egress.apply;
        break;
      }
      const params: { type: string; value: string }[] = [];
      for (const key of [
        'endpointPublicAccess',
        'endpointPrivateAccess',
      ] as const) {
        if (typeof vpc[key] === 'boolean') {
          params.push({
            type: key[0].toUpperCase() + key.slice(1),
            value: String(vpc[key]),
          });
        }
      }
      const cidrs = stringArray(vpc, 'publicAccessCidrs');
      checkPublicAccessCidrs(cidrs, cluster.kubernetesNetworkConfig.ipFamily);
      if (cidrs.length)
        params.push({
          type: 'PublicAccessCidrs',
          value: JSON.stringify(cidrs),
        });
      if (
        vpc.endpointPublicAccess === false &&
        vpc.endpointPrivateAccess === false
      ) {
        throw new AwsError(
          'InvalidParameterException',
          'resourcesVpcConfig: endpointPublicAccess and endpointPrivateAccess cannot both be false',
        );
      }
      const current = cluster.resourcesVpcConfig;
      const unchanged =
        (vpc.endpointPublicAccess === undefined ||
          vpc.endpointPublicAccess === current.endpointPublicAccess) &&
        (vpc.endpointPrivateAccess === undefined ||
          vpc.endpointPrivateAccess === current.endpointPrivateAccess) &&
        (cidrs.length === 0 ||
          JSON.stringify(cidrs) === JSON.stringify(current.publicAccessCidrs));
      if (unchanged) {
        throw new AwsError(
          'InvalidParameterException',
          `Cluster is already at the desired configuration with endpointPrivateAccess: ${
            current.endpointPrivateAccess
          } , endpointPublicAccess: ${
            current.endpointPublicAccess
          }, and Public Endpoint Restrictions: [${current.publicAccessCidrs.join(
            ', ',
          )}]`,
        );
      }
      update = newUpdate('EndpointAccessUpdate', params);
      apply = () => {
        if (typeof vpc.endpointPublicAccess === 'boolean')
          cluster.resourcesVpcConfig.endpointPublicAccess =
            vpc.endpointPublicAccess;
        if (typeof vpc.endpointPrivateAccess === 'boolean')
          cluster.resourcesVpcConfig.endpointPrivateAccess =
            vpc.endpointPrivateAccess;
        if (cidrs.length) cluster.resourcesVpcConfig.publicAccessCidrs = cidrs;
      };
      break;
    }
    case 'deletionProtection': {
      const enabled = deletionProtectionOf(body)!;
      if (enabled === (cluster.deletionProtection ?? false)) {
        throw new AwsError(
          'InvalidParameterException',
          `Cluster already has deletionProtection ${enabled}`,
        );
      }
      update = newUpdate('DeletionProtectionUpdate', [
        { type: 'DeletionProtection', value: String(enabled) },
      ]);
      apply = () => {
        cluster.deletionProtection = enabled;
      };
      break;
    }
    case 'controlPlaneScalingConfig': {
      const { tier } = scalingTierOf(body)!;
      const previous = cluster.controlPlaneScalingConfig?.tier ?? 'standard';
      if (tier === previous) {
        throw new AwsError(
          'InvalidParameterException',
          `Cluster is already at control plane scaling tier ${tier}`,
        );
      }
      update = newUpdate('ControlPlaneScalingConfigUpdate', [
        { type: 'PreviousTier', value: previous },
        { type: 'UpdatedTier', value: tier },
      ]);
      apply = () => {
        cluster.controlPlaneScalingConfig = { tier };
      };
      break;
    }
    case 'remoteNetworkConfig': {
      const config = checkRemoteNetworkConfig(
        optionalObject(body, 'remoteNetworkConfig')!,
        reservedRanges(ctx, cluster),
      );
      update = newUpdate('RemoteNetworkConfigUpdate', [
        { type: 'RemoteNetworkConfig', value: JSON.stringify(config) },
      ]);
      apply = () => {
        cluster.remoteNetworkConfig = config;
      };
      break;
    }
    case 'zonalShiftConfig': {
      const enabled = zonalShiftOf(body)!.enabled;
      update = newUpdate('ZonalShiftConfigUpdate', [
        { type: 'ZonalShiftConfig', value: JSON.stringify({ enabled }) },
      ]);
      apply = () => {
        cluster.zonalShiftConfig = { enabled };
      };
      break;
    }
    default: {
      const settings = validateAutoMode(
        ctx,
        body,
        cluster.accessConfig.authenticationMode,
      );
      const nodeRole = cluster.computeConfig?.nodeRoleArn;
      if (
        cluster.computeConfig?.enabled &&
        nodeRole &&
        settings.computeConfig?.nodeRoleArn &&
        settings.computeConfig.nodeRoleArn !== nodeRole
      ) {
        throw new AwsError(
          'InvalidParameterException',
          `computeConfig.nodeRoleArn: cannot be changed once Auto Mode's compute is enabled (it is ${nodeRole})`,
        );
      }
      update = newUpdate('AutoModeUpdate', [
        {
          type: 'ComputeConfig',
          value: JSON.stringify(settings.computeConfig),
        },
        {
          type: 'StorageConfig',
          value: JSON.stringify(settings.storageConfig),
        },
        {
          type: 'KubernetesNetworkConfig',
          value: JSON.stringify({
            elasticLoadBalancing: settings.elasticLoadBalancing,
          }),
        },
      ]);
      apply = () => {
        cluster.computeConfig = settings.computeConfig;
        cluster.storageConfig = settings.storageConfig;
        cluster.kubernetesNetworkConfig.elasticLoadBalancing =
          settings.elasticLoadBalancing;
        ensureAutoModeAccessEntries(ctx, cluster);
        ctx.simulation.autoModeChanged(cluster);
      };
    }
  }
  ctx.recordWrite({ name: cluster.name, ...body });
  runUpdate(ctx, cluster, update, apply);
  return { update: updateView(update) };
}

/**
 * resourcesVpcConfig.controlPlaneEgressMode as its own update
 * (ControlPlaneEgressUpdate): alone in resourcesVpcConfig, a mode EKS knows,
 * a change, and never from CUSTOMER_ROUTED back to AWS_MANAGED.
 */
function egressUpdate(cluster: EksCluster, vpc: Record<string, unknown>) {
  const others = Object.keys(vpc).filter(
    k =>
      k !== 'controlPlaneEgressMode' && vpc[k] !== undefined && vpc[k] !== null,
  );
  if (others.length > 0) {
    throw new AwsError(
      'InvalidParameterException',
      `Only one type of update can be allowed; got controlPlaneEgressMode with ${others.join(
        ', ',
      )}`,
    );
  }
  const mode = checkControlPlaneEgressMode(vpc.controlPlaneEgressMode);
  const current =
    cluster.resourcesVpcConfig.controlPlaneEgressMode ?? 'AWS_MANAGED';
  if (mode === current) {
    throw new AwsError(
      'InvalidParameterException',
      `Cluster is already at controlPlaneEgressMode ${mode}`,
    );
  }
  if (current === 'CUSTOMER_ROUTED' && mode === 'AWS_MANAGED') {
    throw new AwsError(
      'InvalidParameterException',
      'resourcesVpcConfig.controlPlaneEgressMode: cannot change from CUSTOMER_ROUTED back to AWS_MANAGED',
    );
  }
  return {
    update: newUpdate('ControlPlaneEgressUpdate', [
      { type: 'ControlPlaneEgressMode', value: mode },
    ]),
    apply: () => {
      cluster.resourcesVpcConfig.controlPlaneEgressMode = mode;
    },
  };
}

/** force: a boolean when given. */
function forceOf(body: Record<string, unknown>): boolean {
  const force = body.force;
  if (force === undefined || force === null) return false;
  if (typeof force !== 'boolean') {
    throw new AwsError('InvalidParameterException', 'force must be a boolean');
  }
  return force;
}

/** rollbackConfig.timeoutMinutes: an integer 120..10080 (EKS's default 720). */
function rollbackConfigOf(body: Record<string, unknown>) {
  const config = optionalObject(body, 'rollbackConfig');
  if (!config) return undefined;
  const minutes = config.timeoutMinutes;
  if (minutes === undefined || minutes === null) return { timeoutMinutes: 720 };
  if (
    typeof minutes !== 'number' ||
    !Number.isInteger(minutes) ||
    minutes < 120 ||
    minutes > 10080
  ) {
    throw new AwsError(
      'InvalidParameterException',
      `rollbackConfig.timeoutMinutes: must be an integer between 120 and 10080 (got ${JSON.stringify(
        minutes,
      )})`,
    );
  }
  return { timeoutMinutes: minutes };
}

/**
 * Readiness insights of a category with status ERROR: what refuses an
 * upgrade or rollback unless `force`.
 */
function blockingInsights(
  ctx: AwsContext,
  cluster: EksCluster,
  category: 'UPGRADE_READINESS' | 'ROLLBACK_READINESS',
  target: string,
) {
  return insightsOf(ctx, cluster).filter(
    i =>
      i.category === category &&
      i.kubernetesVersion === target &&
      i.insightStatus.status === 'ERROR',
  );
}

function describeBlocking(insights: ReturnType<typeof blockingInsights>) {
  return insights
    .map(i => `${i.name} (${i.id}): ${i.insightStatus.reason}`)
    .join('; ');
}

/** The checks of an upgrade to the next minor version. */
function checkUpgrade(
  ctx: AwsContext,
  cluster: EksCluster,
  version: string,
  force: boolean,
) {
  const lagging = [
    ...EksState.of(ctx.regional.eks.nodegroups, cluster.name).values(),
  ].filter(ng => ng.version !== cluster.version);
  if (lagging.length > 0) {
    throw new AwsError(
      'InvalidRequestException',
      `Nodegroups must be updated to match the cluster version ${
        cluster.version
      } before updating the cluster version: ${lagging
        .map(ng => `${ng.nodegroupName} (${ng.version})`)
        .join(', ')}`,
    );
  }
  const blocking = blockingInsights(ctx, cluster, 'UPGRADE_READINESS', version);
  if (blocking.length > 0 && !force) {
    throw new AwsError(
      'InvalidRequestException',
      `Cluster upgrade to ${version} is blocked by upgrade readiness insights with ERROR status: ${describeBlocking(
        blocking,
      )}. Resolve them, or set force to override.`,
    );
  }
}

/** The checks of a rollback to the previous minor version: force bypasses only the insights. */
function checkRollback(
  ctx: AwsContext,
  cluster: EksCluster,
  version: string,
  force: boolean,
) {
  const refuse = (why: string) =>
    new AwsError(
      'InvalidRequestException',
      `Cluster ${cluster.name} cannot be rolled back to ${version}: ${why}`,
    );
  const window = rollbackWindow(cluster);
  if (!window) {
    throw refuse(
      `it was not upgraded in place to ${cluster.version} (created at it, or already rolled back)`,
    );
  }
  if (!window.open) {
    throw refuse(
      `the rollback window closed at ${window.closesAt.toISOString()} (7 days after the upgrade to ${
        cluster.version
      } completed at ${window.completedAt.toISOString()})`,
    );
  }
  if (
    versionInfo(version)?.status === 'EXTENDED_SUPPORT' &&
    cluster.upgradePolicy.supportType === 'STANDARD'
  ) {
    throw refuse(
      `${version} is in extended support and the cluster's upgradePolicy.supportType is STANDARD; set it to EXTENDED first`,
    );
  }
  const blocking = blockingInsights(
    ctx,
    cluster,
    'ROLLBACK_READINESS',
    version,
  );
  if (blocking.length > 0 && !force) {
    throw new AwsError(
      'InvalidRequestException',
      `Cluster rollback to ${version} is blocked by rollback readiness insights with ERROR status: ${describeBlocking(
        blocking,
      )}. Resolve them, or set force to override.`,
    );
  }
}

/**
 * UpdateClusterVersion: one minor version up (VersionUpdate), or, within 7
 * days of an in-place upgrade, back to the version before (VersionRollback).
 * Upgrades need every managed node group at the cluster's version; readiness
 * insights with ERROR status refuse either unless `force`.
 */
export function updateClusterVersion(ctx: AwsContext, req: EksRequest) {
  const cluster = requireCluster(ctx, req.pathParams.name);
  const version = requiredString(req.body, 'version');
  const force = forceOf(req.body);
  const rollbackConfig = rollbackConfigOf(req.body);
  requireActive(cluster);
  const next = nextVersion(cluster.version);
  const distance = versionInfo(version)
    ? minorDistance(cluster.version, version)
    : 0;
  if (distance < -1) {
    throw new AwsError(
      'InvalidRequestException',
      `version: a rollback goes back one minor version only, from ${
        cluster.version
      } to ${minorBefore(cluster.version)}; ${version} is older`,
    );
  }
  if (distance !== 1 && distance !== -1) {
    throw new AwsError(
      'InvalidParameterException',
      `version: Unsupported Kubernetes minor version update from ${
        cluster.version
      } to ${version}; upgrade one minor version at a time (next: ${
        next ?? 'none'
      })`,
    );
  }
  const rollback = distance === -1;
  if (rollback) checkRollback(ctx, cluster, version, force);
  else checkUpgrade(ctx, cluster, version, force);
  const info = versionInfo(version)!;
  const update = newUpdate(rollback ? 'VersionRollback' : 'VersionUpdate', [
    { type: 'Version', value: version },
    { type: 'PlatformVersion', value: info.defaultPlatformVersion },
  ]);
  ctx.recordWrite({
    name: cluster.name,
    version,
    ...(req.body.force !== undefined ? { force } : {}),
    ...(rollbackConfig ? { rollbackConfig } : {}),
  });
  runUpdate(ctx, cluster, update, () => {
    cluster.version = version;
    cluster.platformVersion = info.defaultPlatformVersion;
    ctx.simulation.clusterVersionChanged(cluster);
  });
  return { update: updateView(update) };
}
