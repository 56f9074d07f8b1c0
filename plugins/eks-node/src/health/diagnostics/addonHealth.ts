import {
  addonIssueCause,
  podIdentityActionFor,
  remedyForAddonIssue,
} from './addonIssueRemedies';
import type { DiagnosticCheck } from './types';

const FAILED_STATUSES = new Set(['DEGRADED', 'CREATE_FAILED', 'UPDATE_FAILED']);

/**
 * Add-ons that are DEGRADED or failed: broken now, so `critical`, with each
 * issue's remedy chosen from its cause.
 */
export const addonHealth: DiagnosticCheck = obs =>
  (obs.addons.data ?? [])
    .filter(addon => FAILED_STATUSES.has(addon.status))
    .map(addon => {
      const codes = [...new Set(addon.health.map(i => i.code))];
      const remedies = [
        ...new Set(addon.health.map(i => remedyForAddonIssue(i, addon, obs))),
      ];
      const missingRole = addon.health.some(
        i => addonIssueCause(i, addon, obs) === 'missing-iam-role',
      );
      const action = missingRole ? podIdentityActionFor(addon, obs) : undefined;
      return {
        id: `addon-${addon.status.toLowerCase().replace(/_/g, '-')}`,
        severity: 'critical',
        title: `Add-on ${addon.name} is ${addon.status}`,
        what:
          addon.health.length > 0
            ? addon.health.map(i => `${i.code}: ${i.message}`).join('; ')
            : `EKS reports ${addon.name} ${addon.version} as ${addon.status} without health issues.`,
        why: `EKS could not bring ${addon.name} to a healthy state${
          codes.length ? ` (${codes.join(', ')})` : ''
        }; what the add-on provides to the cluster is missing or stale now.`,
        fix:
          remedies.length > 0
            ? remedies.join(' ')
            : `Read the add-on's pods and events in its namespace, fix the cause, then update the add-on (resolveConflicts=OVERWRITE if its resources were changed).`,
        link: 'https://docs.aws.amazon.com/eks/latest/userguide/updating-an-add-on.html',
        ...(action ? { action } : {}),
        resources: [
          `addon/${addon.name}`,
          ...addon.health.flatMap(i => i.resourceIds ?? []),
        ],
      };
    });
