import { hex } from '../../ids';
import { AwsError } from '../AwsError';
import type { AwsContext } from '../context';
import { requirePodIdentityRole } from './rules';
import { arnPrefix, requireCluster } from './lookup';
import { EksCluster, EksPodIdentityAssociation, EksState } from './model';
import {
  EksRequest,
  epoch,
  notFound,
  optionalString,
  paginate,
  requiredString,
  tagsOf,
} from './request';

const K8S_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** EKS's quota of Pod Identity associations per cluster. */
export const MAX_ASSOCIATIONS_PER_CLUSTER = 5000;

export function associations(ctx: AwsContext, cluster: string) {
  return EksState.of(ctx.regional.eks.podIdentityAssociations, cluster);
}

export function associationView(a: EksPodIdentityAssociation) {
  return {
    clusterName: a.clusterName,
    namespace: a.namespace,
    serviceAccount: a.serviceAccount,
    roleArn: a.roleArn,
    associationArn: a.associationArn,
    associationId: a.associationId,
    tags: a.tags,
    createdAt: epoch(a.createdAt),
    modifiedAt: epoch(a.modifiedAt),
    ownerArn: a.ownerArn,
    disableSessionTags: a.disableSessionTags,
    targetRoleArn: a.targetRoleArn,
    externalId: a.externalId,
    policy: a.policy,
  };
}

function summaryView(a: EksPodIdentityAssociation) {
  return {
    clusterName: a.clusterName,
    namespace: a.namespace,
    serviceAccount: a.serviceAccount,
    associationArn: a.associationArn,
    associationId: a.associationId,
    ownerArn: a.ownerArn,
  };
}

export interface NewAssociation {
  namespace: string;
  serviceAccount: string;
  roleArn: string;
  tags?: Record<string, string>;
  ownerArn?: string;
  disableSessionTags?: boolean;
  targetRoleArn?: string;
  policy?: string;
}

/**
 * The sts:ExternalId EKS Pod Identity passes when it assumes an
 * association's target role, which the target role's trust policy should
 * require ("Access AWS Resources using EKS Pod Identity Target IAM Roles",
 * EKS user guide): `region/account/cluster/namespace/service-account`.
 */
export function targetRoleExternalId(
  ctx: AwsContext,
  clusterName: string,
  a: { namespace: string; serviceAccount: string },
) {
  return `${ctx.region}/${ctx.accountId}/${clusterName}/${a.namespace}/${a.serviceAccount}`;
}

/**
 * A target role: an IAM role ARN in any account; in an account the sandbox
 * holds, it must exist.
 */
function requireTargetRole(ctx: AwsContext, arn: string, field: string) {
  const account = /^arn:aws[a-z-]*:iam::(\d{12}):role\/.+$/.exec(arn)?.[1];
  if (!account) {
    throw new AwsError(
      'InvalidParameterException',
      `${field}: ${arn} is not a valid IAM role ARN`,
    );
  }
  const holder =
    account === ctx.accountId ? ctx.account : ctx.state.accounts.get(account);
  if (holder && !holder.iam.roleByArn(arn)) {
    throw new AwsError(
      'InvalidParameterException',
      `${field}: Role with arn: ${arn}, does not exist.`,
    );
  }
}

/**
 * The session policy rules: a JSON policy document, and only with session
 * tags disabled (the API reference: "When using this policy,
 * disableSessionTags must be set to true").
 */
function checkSessionPolicy(
  policy: string | undefined,
  disableSessionTags: boolean,
  field = '',
) {
  if (policy === undefined || policy === '') return;
  if (!disableSessionTags) {
    throw new AwsError(
      'InvalidParameterException',
      `${field}policy: a session policy can only be applied when disableSessionTags is set to true`,
    );
  }
  let document: unknown;
  try {
    document = JSON.parse(policy);
  } catch {
    document = undefined;
  }
  if (
    typeof document !== 'object' ||
    document === null ||
    !('Statement' in document)
  ) {
    throw new AwsError(
      'InvalidParameterException',
      `${field}policy: the session policy must be an IAM policy document in JSON with a Statement`,
    );
  }
}

/** Validates an association without creating it (used by CreateAddon before it writes). */
export function validateAssociation(
  ctx: AwsContext,
  cluster: EksCluster,
  input: NewAssociation,
  field = '',
) {
  if (!K8S_NAME.test(input.namespace) || input.namespace.length > 63) {
    throw new AwsError(
      'InvalidParameterException',
      `${field}namespace: ${input.namespace} is not a valid Kubernetes namespace name`,
    );
  }
  if (
    !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(input.serviceAccount) ||
    input.serviceAccount.length > 253
  ) {
    throw new AwsError(
      'InvalidParameterException',
      `${field}serviceAccount: ${input.serviceAccount} is not a valid service account name`,
    );
  }
  requirePodIdentityRole(ctx, input.roleArn, input.disableSessionTags === true);
  if (input.targetRoleArn)
    requireTargetRole(ctx, input.targetRoleArn, `${field}targetRoleArn`);
  checkSessionPolicy(input.policy, input.disableSessionTags === true, field);
  const map = associations(ctx, cluster.name);
  const existing = [...map.values()].find(
    a =>
      a.namespace === input.namespace &&
      a.serviceAccount === input.serviceAccount,
  );
  if (existing) {
    throw new AwsError(
      'ResourceInUseException',
      `Association already exists: ${existing.associationArn} for namespace ${input.namespace} and service account ${input.serviceAccount}`,
      409,
      { clusterName: cluster.name },
    );
  }
  if (map.size >= MAX_ASSOCIATIONS_PER_CLUSTER) {
    throw new AwsError(
      'ResourceLimitExceededException',
      `Cluster ${cluster.name} has reached the limit of ${MAX_ASSOCIATIONS_PER_CLUSTER} Pod Identity associations`,
    );
  }
}

export function addAssociation(
  ctx: AwsContext,
  cluster: EksCluster,
  input: NewAssociation,
): EksPodIdentityAssociation {
  const id = `a-${hex(17)}`;
  const now = new Date();
  const association: EksPodIdentityAssociation = {
    associationId: id,
    associationArn: `${arnPrefix(ctx)}:podidentityassociation/${
      cluster.name
    }/${id}`,
    clusterName: cluster.name,
    namespace: input.namespace,
    serviceAccount: input.serviceAccount,
    roleArn: input.roleArn,
    createdAt: now,
    modifiedAt: now,
    tags: input.tags ?? {},
    ownerArn: input.ownerArn,
    disableSessionTags: input.disableSessionTags ?? false,
    targetRoleArn: input.targetRoleArn,
    externalId: targetRoleExternalId(ctx, cluster.name, input),
    policy: input.policy || undefined,
  };
  associations(ctx, cluster.name).set(id, association);
  return association;
}

export function createPodIdentityAssociation(ctx: AwsContext, req: EksRequest) {
  const cluster = requireCluster(ctx, req.pathParams.clusterName);
  const input: NewAssociation = {
    namespace: requiredString(req.body, 'namespace'),
    serviceAccount: requiredString(req.body, 'serviceAccount'),
    roleArn: requiredString(req.body, 'roleArn'),
    tags: tagsOf(req.body),
    disableSessionTags: req.body.disableSessionTags === true,
    targetRoleArn: optionalString(req.body, 'targetRoleArn'),
    policy: optionalString(req.body, 'policy'),
  };
  validateAssociation(ctx, cluster, input);
  const association = addAssociation(ctx, cluster, input);
  ctx.recordWrite({ clusterName: cluster.name, ...req.body });
  return { association: associationView(association) };
}

function requireAssociation(ctx: AwsContext, req: EksRequest) {
  const cluster = requireCluster(ctx, req.pathParams.clusterName);
  const a = associations(ctx, cluster.name).get(req.pathParams.associationId);
  if (!a)
    throw notFound(
      `No Pod Identity Association found for id: ${req.pathParams.associationId}`,
    );
  return a;
}

export function describePodIdentityAssociation(
  ctx: AwsContext,
  req: EksRequest,
) {
  return { association: associationView(requireAssociation(ctx, req)) };
}

export function listPodIdentityAssociations(ctx: AwsContext, req: EksRequest) {
  const cluster = requireCluster(ctx, req.pathParams.clusterName);
  const namespace = req.query.get('namespace');
  const serviceAccount = req.query.get('serviceAccount');
  if (serviceAccount && !namespace) {
    throw new AwsError(
      'InvalidParameterException',
      'serviceAccount can only be given together with namespace',
    );
  }
  const all = [...associations(ctx, cluster.name).values()].filter(
    a =>
      (!namespace || a.namespace === namespace) &&
      (!serviceAccount || a.serviceAccount === serviceAccount),
  );
  const { page, nextToken } = paginate(all.map(summaryView), req.query);
  return { associations: page, nextToken };
}

export function updatePodIdentityAssociation(ctx: AwsContext, req: EksRequest) {
  const a = requireAssociation(ctx, req);
  if (a.ownerArn) {
    throw new AwsError(
      'InvalidRequestException',
      `Association ${a.associationId} is owned by ${a.ownerArn}; update it through the add-on`,
    );
  }
  const roleArn = optionalString(req.body, 'roleArn');
  const disableSessionTags =
    typeof req.body.disableSessionTags === 'boolean'
      ? req.body.disableSessionTags
      : a.disableSessionTags;
  if (roleArn) requirePodIdentityRole(ctx, roleArn, disableSessionTags);
  const target = optionalString(req.body, 'targetRoleArn');
  if (target) requireTargetRole(ctx, target, 'targetRoleArn');
  const policy = optionalString(req.body, 'policy');
  // the policy the association will have must suit its session tags setting
  checkSessionPolicy(policy ?? a.policy, disableSessionTags);
  if (roleArn) a.roleArn = roleArn;
  a.disableSessionTags = disableSessionTags;
  if (target !== undefined) {
    a.targetRoleArn = target || undefined;
  }
  if (policy !== undefined) a.policy = policy || undefined;
  a.modifiedAt = new Date();
  ctx.recordWrite({
    clusterName: a.clusterName,
    associationId: a.associationId,
    ...req.body,
  });
  return { association: associationView(a) };
}

export function deletePodIdentityAssociation(ctx: AwsContext, req: EksRequest) {
  const a = requireAssociation(ctx, req);
  if (a.ownerArn) {
    throw new AwsError(
      'InvalidRequestException',
      `Association ${a.associationId} is owned by ${a.ownerArn}; delete the add-on or update it instead`,
    );
  }
  associations(ctx, a.clusterName).delete(a.associationId);
  ctx.recordWrite({
    clusterName: a.clusterName,
    associationId: a.associationId,
  });
  return { association: associationView(a) };
}
