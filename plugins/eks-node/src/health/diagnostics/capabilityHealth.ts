import {
  CAPABILITY_SERVICE_PRINCIPAL,
  capabilityTemplatePath,
} from '@backstage-eks/plugin-eks-common';
import type { DiagnosticCheck } from './types';

const FAILED_STATUSES = new Set([
  'CREATE_FAILED',
  'UPDATE_FAILED',
  'DELETE_FAILED',
]);

/** What to do about each issue code EKS reports for a capability. */
const FIXES: Record<string, string> = {
  AccessDenied: `EKS cannot use the capability role: check that it exists, that its trust policy lets ${CAPABILITY_SERVICE_PRINCIPAL} call sts:AssumeRole and sts:TagSession, and that it has the permissions the capability needs (re-run the "EKS Capability" template to restore a role it created).`,
  ClusterUnreachable:
    "The capability cannot reach the cluster's API: check the cluster's endpoint access and that the access entry EKS made for the capability role still exists.",
};

/**
 * EKS Capabilities (managed Argo CD, ACK, kro) that EKS reports DEGRADED or
 * failed, or with health issues: GitOps syncs, AWS resources or resource
 * graphs are not being reconciled. Failed: `critical`; DEGRADED: `warning`.
 */
export const capabilityHealth: DiagnosticCheck = obs =>
  (obs.capabilities?.data ?? [])
    .filter(
      c =>
        c.status === 'DEGRADED' ||
        FAILED_STATUSES.has(c.status) ||
        c.issues.length > 0,
    )
    .map(c => {
      const codes = [...new Set(c.issues.map(i => i.code))];
      return {
        id: 'capability-unhealthy',
        severity: FAILED_STATUSES.has(c.status) ? 'critical' : 'warning',
        title: `${c.type} capability ${c.name} is ${
          c.status === 'ACTIVE' ? 'reporting issues' : c.status
        }`,
        what:
          c.issues.length > 0
            ? c.issues.map(i => `${i.code}: ${i.message}`).join('; ')
            : `EKS reports capability ${c.name} as ${c.status}.`,
        why: 'EKS runs the capability outside the cluster; while it is unhealthy it does not reconcile what it manages (Argo CD applications, ACK resources, kro resource graphs).',
        fix:
          codes
            .map(code => FIXES[code])
            .filter(Boolean)
            .join(' ') ||
          'See the capability in the EKS console and the issues it reports.',
        link: 'https://docs.aws.amazon.com/eks/latest/userguide/capabilities.html',
        // the role this portal made is restored by running the template again
        ...(codes.includes('AccessDenied')
          ? {
              action: {
                title: 'Run the EKS Capability template again',
                path: capabilityTemplatePath({
                  cluster: obs.target.clusterName,
                  region: obs.target.region,
                  accountId: obs.target.accountId,
                  type: c.type,
                  capabilityName: c.name,
                }),
              },
            }
          : {}),
        resources: [`capability/${c.name}`],
      };
    });
