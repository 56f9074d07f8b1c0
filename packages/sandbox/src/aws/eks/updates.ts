import { uuid } from '../../ids';
import type { AwsContext } from '../context';
import type { EksUpdate } from './model';
import { EksRequest, epoch, notFound, paginate } from './request';
import { requireCluster } from './lookup';

export function newUpdate(
  type: string,
  params: { type: string; value: string }[],
  owner: { nodegroupName?: string; addonName?: string } = {},
): EksUpdate {
  return {
    id: uuid(),
    status: 'InProgress',
    type,
    params,
    createdAt: new Date(),
    errors: [],
    ...owner,
  };
}

/** Ends an update: its status and (internally) when it ended. */
export function completeUpdate(
  update: EksUpdate,
  status: 'Successful' | 'Failed' = 'Successful',
) {
  update.status = status;
  update.completedAt = new Date();
}

export function updateView(u: EksUpdate) {
  return {
    id: u.id,
    status: u.status,
    type: u.type,
    params: u.params,
    createdAt: epoch(u.createdAt),
    errors: u.errors,
  };
}

function matchesOwner(u: EksUpdate, query: URLSearchParams) {
  return (
    (u.nodegroupName ?? null) === query.get('nodegroupName') &&
    (u.addonName ?? null) === query.get('addonName')
  );
}

export function describeUpdate(ctx: AwsContext, req: EksRequest) {
  const cluster = requireCluster(ctx, req.pathParams.name);
  const update = cluster.updates.find(
    u => u.id === req.pathParams.updateId && matchesOwner(u, req.query),
  );
  if (!update)
    throw notFound(`No update found for ID: ${req.pathParams.updateId}`);
  return { update: updateView(update) };
}

export function listUpdates(ctx: AwsContext, req: EksRequest) {
  const cluster = requireCluster(ctx, req.pathParams.name);
  const ids = cluster.updates
    .filter(u => matchesOwner(u, req.query))
    .map(u => u.id);
  const { page, nextToken } = paginate(ids, req.query);
  return { updateIds: page, nextToken };
}
