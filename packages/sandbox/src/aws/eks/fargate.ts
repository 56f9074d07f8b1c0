import { hex } from '../../ids';
import { DURATIONS } from '../../scheduler';
import { AwsError } from '../AwsError';
import type { AwsContext } from '../context';
import { ensureServiceAccessEntry } from './accessEntries';
import { requireRole } from './clusters';
import { arnPrefix, requireCluster, requireUsableCluster } from './lookup';
import { EksFargateProfile, EksState } from './model';
import {
  EksRequest,
  epoch,
  notFound,
  paginate,
  requiredString,
  stringArray,
  tagsOf,
} from './request';

const NAME_PATTERN = /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/;

function profiles(ctx: AwsContext, cluster: string) {
  return EksState.of(ctx.regional.eks.fargateProfiles, cluster);
}

export function fargateProfileView(p: EksFargateProfile) {
  return {
    fargateProfileName: p.fargateProfileName,
    fargateProfileArn: p.fargateProfileArn,
    clusterName: p.clusterName,
    createdAt: epoch(p.createdAt),
    podExecutionRoleArn: p.podExecutionRoleArn,
    subnets: p.subnets,
    selectors: p.selectors,
    status: p.status,
    tags: p.tags,
    health: { issues: [] },
  };
}

export function createFargateProfile(ctx: AwsContext, req: EksRequest) {
  const cluster = requireUsableCluster(ctx, req.pathParams.clusterName);
  const body = req.body;
  const name = requiredString(body, 'fargateProfileName');
  if (!NAME_PATTERN.test(name)) {
    throw new AwsError(
      'InvalidParameterException',
      `fargateProfileName: ${name} must match ${NAME_PATTERN.source}`,
    );
  }
  const map = profiles(ctx, cluster.name);
  if (map.has(name)) {
    throw new AwsError(
      'ResourceInUseException',
      `Fargate Profile already exists with name: ${name}`,
      409,
    );
  }
  if (
    [...map.values()].some(
      p => p.status === 'CREATING' || p.status === 'DELETING',
    )
  ) {
    throw new AwsError(
      'ResourceInUseException',
      'Cannot create a Fargate profile while another profile of the cluster is being created or deleted',
      409,
    );
  }
  const podExecutionRoleArn = requiredString(body, 'podExecutionRoleArn');
  requireRole(ctx, podExecutionRoleArn, 'podExecutionRoleArn');
  const subnets = stringArray(body, 'subnets');
  for (const id of subnets) {
    const s = ctx.regional.ec2.subnets.get(id);
    if (!s || s.vpcId !== cluster.resourcesVpcConfig.vpcId) {
      throw new AwsError(
        'InvalidParameterException',
        `subnets: subnet ${id} does not exist in the cluster's VPC`,
      );
    }
    if (s.mapPublicIpOnLaunch) {
      throw new AwsError(
        'InvalidParameterException',
        `subnets: subnet ${id} is public; Fargate profiles only support private subnets`,
      );
    }
  }
  const selectors = (body.selectors ?? []) as EksFargateProfile['selectors'];
  if (
    !Array.isArray(selectors) ||
    selectors.length === 0 ||
    selectors.length > 5
  ) {
    throw new AwsError(
      'InvalidParameterException',
      'selectors: between 1 and 5 selectors are required',
    );
  }
  selectors.forEach((s, i) => {
    if (!s.namespace)
      throw new AwsError(
        'InvalidParameterException',
        `selectors[${i}].namespace is required`,
      );
  });
  const profile: EksFargateProfile = {
    fargateProfileName: name,
    fargateProfileArn: `${arnPrefix(ctx)}:fargateprofile/${
      cluster.name
    }/${name}/${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`,
    clusterName: cluster.name,
    createdAt: new Date(),
    podExecutionRoleArn,
    subnets,
    selectors,
    status: 'CREATING',
    tags: tagsOf(body),
  };
  map.set(name, profile);
  ensureServiceAccessEntry(ctx, cluster, podExecutionRoleArn, 'FARGATE_LINUX');
  ctx.recordWrite({ clusterName: cluster.name, ...body });
  ctx.scheduler.after(DURATIONS.fargateCreate, () => {
    if (map.get(name) === profile && profile.status === 'CREATING')
      profile.status = 'ACTIVE';
  });
  return { fargateProfile: fargateProfileView(profile) };
}

function requireProfile(ctx: AwsContext, req: EksRequest) {
  const cluster = requireCluster(ctx, req.pathParams.clusterName);
  const p = profiles(ctx, cluster.name).get(req.pathParams.fargateProfileName);
  if (!p)
    throw notFound(
      `No Fargate Profile found with name: ${req.pathParams.fargateProfileName}.`,
    );
  return p;
}

export function describeFargateProfile(ctx: AwsContext, req: EksRequest) {
  return { fargateProfile: fargateProfileView(requireProfile(ctx, req)) };
}

export function listFargateProfiles(ctx: AwsContext, req: EksRequest) {
  const cluster = requireCluster(ctx, req.pathParams.clusterName);
  const { page, nextToken } = paginate(
    [...profiles(ctx, cluster.name).keys()],
    req.query,
  );
  return { fargateProfileNames: page, nextToken };
}

export function deleteFargateProfile(ctx: AwsContext, req: EksRequest) {
  const profile = requireProfile(ctx, req);
  if (profile.status === 'DELETING') {
    throw new AwsError(
      'ResourceInUseException',
      `Fargate profile ${profile.fargateProfileName} is already being deleted`,
      409,
    );
  }
  profile.status = 'DELETING';
  ctx.recordWrite({
    clusterName: profile.clusterName,
    fargateProfileName: profile.fargateProfileName,
  });
  const map = profiles(ctx, profile.clusterName);
  ctx.scheduler.after(DURATIONS.fargateDelete, () => {
    if (map.get(profile.fargateProfileName) === profile)
      map.delete(profile.fargateProfileName);
  });
  return { fargateProfile: fargateProfileView(profile) };
}
