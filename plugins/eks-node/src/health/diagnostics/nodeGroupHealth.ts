import type { DiagnosticCheck } from './types';

const FAILED_STATUSES = new Set(['DEGRADED', 'CREATE_FAILED', 'DELETE_FAILED']);

/**
 * Managed node groups that EKS reports DEGRADED or failed, or with health
 * issues: the cluster's capacity is missing now, so `critical`.
 */
export const nodeGroupHealth: DiagnosticCheck = obs =>
  (obs.nodeGroups.data ?? [])
    .filter(group => FAILED_STATUSES.has(group.status) || group.issues.length)
    .map(group => ({
      id: 'nodegroup-unhealthy',
      severity: 'critical',
      title: `Node group ${group.name} is ${
        FAILED_STATUSES.has(group.status) ? group.status : 'unhealthy'
      }`,
      what:
        group.issues.length > 0
          ? group.issues.map(i => `${i.code}: ${i.message}`).join('; ')
          : `EKS reports node group ${group.name} as ${group.status}.`,
      why: 'Nodes of this group are missing or cannot join, so pods that need them stay Pending.',
      fix: 'Fix what the node group health issues name (instance capacity, subnet addresses, the node role, the launch template), then update or recreate the node group.',
      link: 'https://docs.aws.amazon.com/eks/latest/APIReference/API_Issue.html',
      resources: [`nodegroup/${group.name}`],
    }));
