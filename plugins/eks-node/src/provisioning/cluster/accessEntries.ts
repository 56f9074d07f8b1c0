import {
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
  opts: {
    clusterName: string;
    principalArn: string;
    type: 'STANDARD' | 'EC2_LINUX' | 'EC2_WINDOWS';
    accessPolicyArn?: string;
    tags?: Record<string, string>;
    /** The cluster does not exist yet (dry run): skip the reads. */
    clusterMissing?: boolean;
  },
): Promise<void> {
  const { eks } = run.aws;
  const { clusterName, principalArn } = opts;
  const existing = opts.clusterMissing
    ? undefined
    : await ifExists(() =>
        eks.send(new DescribeAccessEntryCommand({ clusterName, principalArn })),
      );
  if (!existing?.accessEntry) {
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
  } else if (existing.accessEntry.type !== opts.type) {
    run.reportDrift(
      `access entry ${principalArn} on ${clusterName} has type ${existing.accessEntry.type}, not ${opts.type} (the type cannot be changed; delete the entry to fix)`,
    );
  }
  if (!opts.accessPolicyArn) return;
  const associated = existing?.accessEntry
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
    p =>
      p.policyArn === opts.accessPolicyArn && p.accessScope?.type === 'cluster',
  );
  if (hasPolicy) return;
  const entry = existing?.accessEntry;
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
      {
        clusterName,
        changes: [`associate ${opts.accessPolicyArn}`],
        useAsIs: true,
      },
    );
  }
  if (existing?.accessEntry) {
    run.reportDrift(
      `access entry ${principalArn} lacks ${opts.accessPolicyArn} (cluster scope)`,
    );
  }
  await run.change(
    {
      action: 'update',
      resource: `access entry ${principalArn}`,
      detail: `associate ${opts.accessPolicyArn}`,
    },
    ['access-policy', clusterName, principalArn, opts.accessPolicyArn],
    async () => {
      await eks.send(
        new AssociateAccessPolicyCommand({
          clusterName,
          principalArn,
          policyArn: opts.accessPolicyArn,
          accessScope: { type: 'cluster' },
        }),
      );
    },
  );
}
