import { uuid } from '../../ids';
import { AwsError } from '../AwsError';
import type { AwsContext } from '../context';
import { arnPrefix, requireCluster } from './lookup';
import { AccessScope, EksAccessEntry, EksCluster, EksState } from './model';
import {
  EksRequest,
  epoch,
  notFound,
  optionalObject,
  optionalString,
  paginate,
  stringArray,
  tagsOf,
} from './request';

const POLICY_PREFIX = 'arn:aws:eks::aws:cluster-access-policy/';
/** The access policies EKS offers (ListAccessPolicies). */
export const ACCESS_POLICIES = [
  'AmazonEKSAdminPolicy',
  'AmazonEKSAdminViewPolicy',
  'AmazonEKSAutoNodePolicy',
  'AmazonEKSBlockStorageClusterPolicy',
  'AmazonEKSClusterAdminPolicy',
  'AmazonEKSComputeClusterPolicy',
  'AmazonEKSEditPolicy',
  'AmazonEKSHybridPolicy',
  'AmazonEKSLoadBalancingClusterPolicy',
  'AmazonEKSNetworkingClusterPolicy',
  'AmazonEKSViewPolicy',
].map(name => ({ name, arn: `${POLICY_PREFIX}${name}` }));

const TYPES = [
  'STANDARD',
  'EC2_LINUX',
  'EC2_WINDOWS',
  'FARGATE_LINUX',
  'EC2',
  'HYBRID_LINUX',
  'HYPERPOD_LINUX',
];

function entries(ctx: AwsContext, cluster: string) {
  return EksState.of(ctx.regional.eks.accessEntries, cluster);
}

function requireApiAuth(cluster: EksCluster) {
  if (cluster.accessConfig.authenticationMode === 'CONFIG_MAP') {
    throw new AwsError(
      'InvalidRequestException',
      "The cluster's authentication mode must be set to one of [API, API_AND_CONFIG_MAP] to perform this operation.",
    );
  }
}

/** Roles and users must exist in their account's IAM. */
function principalExists(ctx: AwsContext, arn: string) {
  const iam = ctx.state.account(arn.split(':')[4]).iam;
  return arn.includes(':role/')
    ? iam.roleByArn(arn) !== undefined
    : iam.userByArn(arn) !== undefined;
}

export function accessEntryView(e: EksAccessEntry) {
  return {
    clusterName: e.clusterName,
    principalArn: e.principalArn,
    kubernetesGroups: e.kubernetesGroups,
    accessEntryArn: e.accessEntryArn,
    createdAt: epoch(e.createdAt),
    modifiedAt: epoch(e.modifiedAt),
    tags: e.tags,
    username: e.username,
    type: e.type,
  };
}

/** The username EKS sets when none is given (the user guide's table). */
function defaultUsername(principalArn: string, type: string) {
  if (type === 'EC2_LINUX' || type === 'EC2_WINDOWS' || type === 'EC2')
    return 'system:node:{{EC2PrivateDNSName}}';
  if (type === 'FARGATE_LINUX' || type === 'HYBRID_LINUX')
    return 'system:node:{{SessionName}}';
  const role = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(
    principalArn,
  );
  // a role's STS ARN when assumed, without the role's path
  return role
    ? `arn:${role[1]}:sts::${role[2]}:assumed-role/${role[3]}/{{SessionName}}`
    : principalArn;
}

/** The Kubernetes groups EKS gives node entries (EC2_LINUX/EC2_WINDOWS: system:nodes). */
function defaultGroups(type: string): string[] {
  return type === 'EC2_LINUX' || type === 'EC2_WINDOWS' ? ['system:nodes'] : [];
}

/** Types whose entries take access policies: STANDARD, and EC2 (Auto Mode node classes). */
const POLICY_TYPES = ['STANDARD', 'EC2'];
const RESERVED_USERNAME_PREFIXES = [
  'system:',
  'eks:',
  'aws:',
  'amazon:',
  'iam:',
];

/** A username of one's own: no reserved prefix, and a colon before {{SessionName}}. */
function checkUsername(username: string) {
  const reserved = RESERVED_USERNAME_PREFIXES.find(p => username.startsWith(p));
  if (reserved) {
    throw new AwsError(
      'InvalidParameterException',
      `username: ${username} cannot start with ${reserved}; the prefixes ${RESERVED_USERNAME_PREFIXES.join(
        ', ',
      )} are reserved`,
    );
  }
  const session = username.search(/\{\{SessionName(Raw)?\}\}/);
  if (session >= 0 && !username.slice(0, session).includes(':')) {
    throw new AwsError(
      'InvalidParameterException',
      `username: ${username} must include a colon before {{SessionName}}`,
    );
  }
}

function newEntry(
  ctx: AwsContext,
  cluster: EksCluster,
  principalArn: string,
  fields: Partial<EksAccessEntry>,
): EksAccessEntry {
  const type = fields.type ?? 'STANDARD';
  const principalName = principalArn.split('/').pop();
  return {
    clusterName: cluster.name,
    principalArn,
    accessEntryArn: `${arnPrefix(ctx)}:access-entry/${cluster.name}/${
      principalArn.includes(':role/') ? 'role' : 'user'
    }/${ctx.accountId}/${principalName}/${uuid()}`,
    kubernetesGroups: fields.kubernetesGroups?.length
      ? fields.kubernetesGroups
      : defaultGroups(type),
    createdAt: new Date(),
    modifiedAt: new Date(),
    tags: fields.tags ?? {},
    username: fields.username ?? defaultUsername(principalArn, type),
    type,
    policies: new Map(),
  };
}

/**
 * The access entry EKS creates itself for a role it uses (a managed node
 * group's node role, a Fargate profile's pod execution role, Auto Mode's
 * roles), when the cluster's authentication mode includes the API and no
 * entry for the role exists yet. Deleting the node group or profile leaves it.
 */
export function ensureServiceAccessEntry(
  ctx: AwsContext,
  cluster: EksCluster,
  principalArn: string,
  type: 'EC2_LINUX' | 'FARGATE_LINUX' | 'EC2' | 'STANDARD',
  policyNames: string[] = [],
) {
  if (cluster.accessConfig.authenticationMode === 'CONFIG_MAP') return;
  const map = entries(ctx, cluster.name);
  if (map.has(principalArn)) return;
  const entry = newEntry(ctx, cluster, principalArn, { type });
  for (const name of policyNames) {
    entry.policies.set(`${POLICY_PREFIX}${name}`, {
      accessScope: { type: 'cluster' },
      associatedAt: new Date(),
      modifiedAt: new Date(),
    });
  }
  map.set(principalArn, entry);
}

/** Auto Mode's entries: the cluster role's (its four capability policies) and the node role's. */
export function ensureAutoModeAccessEntries(
  ctx: AwsContext,
  cluster: EksCluster,
) {
  if (!cluster.computeConfig?.enabled) return;
  ensureServiceAccessEntry(ctx, cluster, cluster.roleArn, 'STANDARD', [
    'AmazonEKSBlockStorageClusterPolicy',
    'AmazonEKSComputeClusterPolicy',
    'AmazonEKSLoadBalancingClusterPolicy',
    'AmazonEKSNetworkingClusterPolicy',
  ]);
  if (cluster.computeConfig.nodeRoleArn) {
    ensureServiceAccessEntry(
      ctx,
      cluster,
      cluster.computeConfig.nodeRoleArn,
      'EC2',
      ['AmazonEKSAutoNodePolicy'],
    );
  }
}

/** The admin access entry EKS creates for the cluster creator. */
export function createBootstrapAccessEntry(
  ctx: AwsContext,
  cluster: EksCluster,
  principalArn: string,
) {
  const entry = newEntry(ctx, cluster, principalArn, {});
  entry.policies.set(`${POLICY_PREFIX}AmazonEKSClusterAdminPolicy`, {
    accessScope: { type: 'cluster' },
    associatedAt: new Date(),
    modifiedAt: new Date(),
  });
  entries(ctx, cluster.name).set(principalArn, entry);
}

export function createAccessEntry(ctx: AwsContext, req: EksRequest) {
  const cluster = requireCluster(ctx, req.pathParams.clusterName);
  requireApiAuth(cluster);
  const principalArn = optionalString(req.body, 'principalArn');
  if (!principalArn)
    throw new AwsError('InvalidParameterException', 'principalArn is required');
  if (!/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/.+$/.test(principalArn)) {
    throw new AwsError(
      'InvalidParameterException',
      `principalArn: ${principalArn} is not an IAM role or user ARN`,
    );
  }
  if (!principalExists(ctx, principalArn)) {
    throw new AwsError(
      'InvalidParameterException',
      `The specified principalArn is invalid: invalid principal ${principalArn}`,
    );
  }
  const type = optionalString(req.body, 'type') ?? 'STANDARD';
  if (!TYPES.includes(type)) {
    throw new AwsError(
      'InvalidParameterException',
      `type: must be one of ${TYPES.join(', ')}`,
    );
  }
  if (type !== 'STANDARD' && !principalArn.includes(':role/')) {
    throw new AwsError(
      'InvalidParameterException',
      `principalArn: access entries of type ${type} take an IAM role only`,
    );
  }
  if (type !== 'STANDARD' && principalArn.split(':')[4] !== ctx.accountId) {
    throw new AwsError(
      'InvalidParameterException',
      `principalArn: the role of a ${type} access entry must be in the cluster's account ${ctx.accountId}`,
    );
  }
  if (/:role\/aws-service-role\//.test(principalArn)) {
    throw new AwsError(
      'InvalidParameterException',
      `principalArn: ${principalArn} is a service-linked role; access entries do not support service-linked roles`,
    );
  }
  const kubernetesGroups = stringArray(req.body, 'kubernetesGroups');
  const username = optionalString(req.body, 'username');
  if (username) checkUsername(username);
  if (type !== 'STANDARD' && (kubernetesGroups.length || username)) {
    throw new AwsError(
      'InvalidParameterException',
      `kubernetesGroups and username cannot be set for access entries of type ${type}`,
    );
  }
  if (kubernetesGroups.some(g => g.startsWith('system:'))) {
    throw new AwsError(
      'InvalidParameterException',
      'kubernetesGroups: groups starting with system: are reserved',
    );
  }
  const map = entries(ctx, cluster.name);
  if (map.has(principalArn)) {
    throw new AwsError(
      'ResourceInUseException',
      `The specified access entry resource is already in use on this cluster: ${principalArn}`,
      409,
    );
  }
  const entry = newEntry(ctx, cluster, principalArn, {
    type,
    kubernetesGroups,
    username,
    tags: tagsOf(req.body),
  });
  map.set(principalArn, entry);
  ctx.recordWrite({ clusterName: cluster.name, ...req.body });
  return { accessEntry: accessEntryView(entry) };
}

function requireEntry(ctx: AwsContext, req: EksRequest) {
  const cluster = requireCluster(ctx, req.pathParams.clusterName);
  const entry = entries(ctx, cluster.name).get(req.pathParams.principalArn);
  if (!entry)
    throw notFound(
      `The specified access entry resource can't be found: ${req.pathParams.principalArn}`,
    );
  return entry;
}

export function describeAccessEntry(ctx: AwsContext, req: EksRequest) {
  return { accessEntry: accessEntryView(requireEntry(ctx, req)) };
}

export function listAccessEntries(ctx: AwsContext, req: EksRequest) {
  const cluster = requireCluster(ctx, req.pathParams.clusterName);
  const policy = req.query.get('associatedPolicyArn');
  const arns = [...entries(ctx, cluster.name).values()]
    .filter(e => !policy || e.policies.has(policy))
    .map(e => e.principalArn);
  const { page, nextToken } = paginate(arns, req.query);
  return { accessEntries: page, nextToken };
}

export function updateAccessEntry(ctx: AwsContext, req: EksRequest) {
  const entry = requireEntry(ctx, req);
  const username = optionalString(req.body, 'username');
  if (
    entry.type !== 'STANDARD' &&
    (username || req.body.kubernetesGroups !== undefined)
  ) {
    throw new AwsError(
      'InvalidParameterException',
      `kubernetesGroups and username cannot be set for access entries of type ${entry.type}`,
    );
  }
  if (username) {
    checkUsername(username);
    entry.username = username;
  }
  if (req.body.kubernetesGroups !== undefined)
    entry.kubernetesGroups = stringArray(req.body, 'kubernetesGroups');
  entry.modifiedAt = new Date();
  ctx.recordWrite({
    clusterName: entry.clusterName,
    principalArn: entry.principalArn,
    ...req.body,
  });
  return { accessEntry: accessEntryView(entry) };
}

export function deleteAccessEntry(ctx: AwsContext, req: EksRequest) {
  const entry = requireEntry(ctx, req);
  entries(ctx, entry.clusterName).delete(entry.principalArn);
  ctx.recordWrite({
    clusterName: entry.clusterName,
    principalArn: entry.principalArn,
  });
  return {};
}

function parseScope(body: Record<string, unknown>): AccessScope {
  const scope = optionalObject(body, 'accessScope');
  if (!scope)
    throw new AwsError('InvalidParameterException', 'accessScope is required');
  const type = scope.type;
  if (type !== 'cluster' && type !== 'namespace') {
    throw new AwsError(
      'InvalidParameterException',
      'accessScope.type: must be cluster or namespace',
    );
  }
  const namespaces = stringArray(scope, 'namespaces');
  if (type === 'namespace' && namespaces.length === 0) {
    throw new AwsError(
      'InvalidParameterException',
      'accessScope.namespaces: at least one namespace is required when type is namespace',
    );
  }
  if (type === 'cluster' && namespaces.length > 0) {
    throw new AwsError(
      'InvalidParameterException',
      'accessScope.namespaces: must be empty when type is cluster',
    );
  }
  return type === 'namespace' ? { type, namespaces } : { type };
}

function policyView(
  policyArn: string,
  p: { accessScope: AccessScope; associatedAt: Date; modifiedAt: Date },
) {
  return {
    policyArn,
    accessScope: p.accessScope,
    associatedAt: epoch(p.associatedAt),
    modifiedAt: epoch(p.modifiedAt),
  };
}

export function associateAccessPolicy(ctx: AwsContext, req: EksRequest) {
  const entry = requireEntry(ctx, req);
  const policyArn = optionalString(req.body, 'policyArn');
  if (!policyArn || !ACCESS_POLICIES.some(p => p.arn === policyArn)) {
    throw new AwsError(
      'InvalidParameterException',
      `policyArn: ${
        policyArn ?? '(missing)'
      } is not an EKS access policy; see ListAccessPolicies`,
    );
  }
  if (!POLICY_TYPES.includes(entry.type)) {
    throw new AwsError(
      'InvalidParameterException',
      `Access policies cannot be associated with access entries of type ${entry.type}`,
    );
  }
  const accessScope = parseScope(req.body);
  const existing = entry.policies.get(policyArn);
  const now = new Date();
  const association = {
    accessScope,
    associatedAt: existing?.associatedAt ?? now,
    modifiedAt: now,
  };
  entry.policies.set(policyArn, association);
  ctx.recordWrite({
    clusterName: entry.clusterName,
    principalArn: entry.principalArn,
    ...req.body,
  });
  return {
    clusterName: entry.clusterName,
    principalArn: entry.principalArn,
    associatedAccessPolicy: policyView(policyArn, association),
  };
}

export function disassociateAccessPolicy(ctx: AwsContext, req: EksRequest) {
  const entry = requireEntry(ctx, req);
  if (!entry.policies.delete(req.pathParams.policyArn)) {
    throw notFound(
      `The access policy ${req.pathParams.policyArn} is not associated with ${entry.principalArn}`,
    );
  }
  ctx.recordWrite({
    clusterName: entry.clusterName,
    principalArn: entry.principalArn,
    policyArn: req.pathParams.policyArn,
  });
  return {};
}

export function listAssociatedAccessPolicies(ctx: AwsContext, req: EksRequest) {
  const entry = requireEntry(ctx, req);
  const all = [...entry.policies.entries()].map(([arn, p]) =>
    policyView(arn, p),
  );
  const { page, nextToken } = paginate(all, req.query);
  return {
    clusterName: entry.clusterName,
    principalArn: entry.principalArn,
    associatedAccessPolicies: page,
    nextToken,
  };
}

export function listAccessPolicies(_ctx: AwsContext, req: EksRequest) {
  const { page, nextToken } = paginate(ACCESS_POLICIES, req.query);
  return { accessPolicies: page, nextToken };
}
