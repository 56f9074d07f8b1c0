import { Addon } from '@aws-sdk/client-eks';

/** A health issue EKS reports for an add-on. @public */
export interface AddonIssue {
  code: string;
  message: string;
  resourceIds: string[];
  /** What to do about it, when known. */
  fix?: string;
  /**
   * A portal path that does the fix, when one does: for an add-on without
   * AWS permissions, the Pod Identity template prefilled with the add-on's
   * service account and the policies EKS recommends for it.
   */
  fixPath?: string;
}

/** Outcome for one add-on. @public */
export interface AddonResult {
  name: string;
  version: string;
  status: string;
  issues: AddonIssue[];
  podIdentityRoleArn?: string;
  action: 'created' | 'updated' | 'unchanged' | 'planned';
}

/**
 * The statuses an add-on ends in that fail the install: it is not working
 * as asked (DEGRADED: installed but unhealthy; *_FAILED: not installed or
 * not updated).
 *
 * @public
 */
export function isUnhealthyAddonStatus(status: string): boolean {
  return status === 'DEGRADED' || /FAILED$/.test(status);
}

/**
 * Thrown when add-ons end DEGRADED or failed: names each, with its issues
 * and their fixes. `results` holds every add-on's outcome (the healthy ones
 * too), for the action's output.
 *
 * @public
 */
export class AddonsNotHealthyError extends Error {
  readonly results: AddonResult[];

  constructor(results: AddonResult[]) {
    const unhealthy = results.filter(r => isUnhealthyAddonStatus(r.status));
    super(
      `${unhealthy.length} add-on(s) did not become ACTIVE:\n${unhealthy
        .map(describeUnhealthyAddon)
        .join('\n')}`,
    );
    this.name = 'AddonsNotHealthyError';
    this.results = results;
  }
}

/**
 * One line per issue: the add-on, its status, the issue and its fix. The
 * task page renders the message as markdown: the fix's page is a link.
 */
export function describeUnhealthyAddon(result: AddonResult): string {
  const issues = result.issues.length
    ? result.issues
    : [{ code: 'no issue reported', message: '', resourceIds: [] }];
  return issues
    .map(
      (i: AddonIssue) =>
        `- ${result.name} ${result.version} is ${result.status}: ${i.code}${
          i.message ? ` (${i.message})` : ''
        }. Fix: ${
          i.fix ??
          "see the add-on's diagnostic on the cluster's EKS tab for the cause and its remedy"
        }${i.fixPath ? ` [Open the fix](${i.fixPath})` : ''}`,
    )
    .join('\n');
}

/** The health issues EKS reports for an add-on, without fixes yet. */
export function issuesOf(addon: Addon | undefined): AddonIssue[] {
  return (addon?.health?.issues ?? []).map(i => ({
    code: i.code ?? 'Unknown',
    message: i.message ?? '',
    resourceIds: i.resourceIds ?? [],
  }));
}
