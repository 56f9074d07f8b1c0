import {
  AccessEntry,
  AssociateAccessPolicyCommand,
  CreateAccessEntryCommand,
  DescribeAccessEntryCommand,
  ListAssociatedAccessPoliciesCommand,
  TagResourceCommand,
} from '@aws-sdk/client-eks';
import { partitionForRegion } from '@backstage-eks/plugin-eks-common';
import { checkOwnership } from '../ownership';
import { ProvisioningRun } from '../ProvisioningRun';
import { ifExists } from '../waiters';

/** The EKS access policy that grants cluster-wide admin. @public */
export function clusterAdminPolicyArn(region: string): string {
  return `arn:${partitionForRegion(
    region,
  )}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`;
}

/** What {@link ensureAccessEntry} is given. @public */
export interface AccessEntryOptions {
  clusterName: string;
  principalArn: string;
  type: 'STANDARD' | 'EC2_LINUX' | 'EC2_WINDOWS' | 'HYBRID_LINUX';
  accessPolicyArn?: string;
  tags?: Record<string, string>;
  /** The cluster does not exist yet (dry run): skip the reads. */
  clusterMissing?: boolean;
}

/**
 * Ensures an access entry exists for the principal (type STANDARD,
 * EC2_LINUX...), and for STANDARD entries that the given access policy is
 * associated cluster-wide. An entry this request did not make is used as it
 * is, or refused when the policy would have to be associated to it (unless
 * the run adopts: see `checkOwnership`).
 *
 * @public
 */
export async function ensureAccessEntry(
  run: ProvisioningRun,
  opts: AccessEntryOptions,
): Promise<void> {
  const { eks } = run.aws;
  const { clusterName, principalArn } = opts;
  const existing = opts.clusterMissing
    ? undefined
    : await ifExists(() =>
        eks.send(new DescribeAccessEntryCommand({ clusterName, principalArn })),
      );
  const entry = existing?.accessEntry;
  if (!entry) {
    await run.change(
      {
        action: 'create',
        resource: `access entry ${principalArn}`,
        detail: `${opts.type} on ${clusterName}`,
      },
      ['access-entry', clusterName, principalArn],
      async () => {
        await eks.send(
          new CreateAccessEntryCommand({
            clusterName,
            principalArn,
            type: opts.type,
            tags: opts.tags,
          }),
        );
      },
    );
  } else if (entry.type !== opts.type) {
    run.reportDrift(
      `access entry ${principalArn} on ${clusterName} has type ${entry.type}, not ${opts.type} (the type cannot be changed; delete the entry to fix)`,
    );
  }
  if (opts.accessPolicyArn) {
    await ensureAccessPolicy(run, opts, opts.accessPolicyArn, entry);
  }
}

/**
 * Associates the access policy cluster-wide unless it is; on an existing
 * entry, after the ownership rule, as drift.
 */
async function ensureAccessPolicy(
  run: ProvisioningRun,
  { clusterName, principalArn }: AccessEntryOptions,
  policyArn: string,
  entry: AccessEntry | undefined,
): Promise<void> {
  const { eks } = run.aws;
  const associated = entry
    ? (
        await eks.send(
          new ListAssociatedAccessPoliciesCommand({
            clusterName,
            principalArn,
          }),
        )
      ).associatedAccessPolicies ?? []
    : [];
  const hasPolicy = associated.some(
    p => p.policyArn === policyArn && p.accessScope?.type === 'cluster',
  );
  if (hasPolicy) return;
  if (entry) {
    const accessEntryArn = entry.accessEntryArn;
    await checkOwnership(
      run,
      {
        resource: `access entry ${principalArn}`,
        tags: entry.tags,
        writeTags: accessEntryArn
          ? async tags => {
              await eks.send(
                new TagResourceCommand({ resourceArn: accessEntryArn, tags }),
              );
            }
          : undefined,
        keyParts: ['access-entry', clusterName, principalArn],
      },
      { clusterName, changes: [`associate ${policyArn}`], useAsIs: true },
    );
    run.reportDrift(
      `access entry ${principalArn} lacks ${policyArn} (cluster scope)`,
    );
  }
  await run.change(
    {
      action: 'update',
      resource: `access entry ${principalArn}`,
      detail: `associate ${policyArn}`,
    },
    ['access-policy', clusterName, principalArn, policyArn],
    async () => {
      await eks.send(
        new AssociateAccessPolicyCommand({
          clusterName,
          principalArn,
          policyArn,
          accessScope: { type: 'cluster' },
        }),
      );
    },
  );
}
