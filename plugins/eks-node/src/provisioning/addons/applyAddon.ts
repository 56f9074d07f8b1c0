import {
  AddonPodIdentityAssociations,
  CreateAddonCommand,
  TagResourceCommand,
  UpdateAddonCommand,
} from '@aws-sdk/client-eks';
import { partitionForRegion } from '@backstage-eks/plugin-eks-common';
import { ensureRole } from '../iam';
import { checkOwnership } from '../ownership';
import { podIdentityTrustPolicy } from '../policies';
import { ProvisioningRun } from '../ProvisioningRun';
import { AddonResult } from './addonResults';
import { addonChanges, policyArnIn, PreparedAddon } from './prepareAddon';

/** What {@link startAddonChange} did, for `settleAddon`. */
export interface StartedChange {
  action: AddonResult['action'];
  podIdentityRoleArn?: string;
  /** When EKS answered the add-on's creation (ms), if this change created it. */
  requestedAt?: number;
}

/** The call's shared parts: configuration values and Pod Identity. */
interface AddonWrite {
  configurationValues?: string;
  podIdentityAssociations?: AddonPodIdentityAssociations[];
}

/**
 * Creates or updates the add-on (and its Pod Identity role): the calls that
 * change things, without waiting for them to settle.
 */
export async function startAddonChange(
  run: ProvisioningRun,
  clusterName: string,
  p: PreparedAddon,
  tags: Record<string, string>,
): Promise<StartedChange> {
  const podIdentityRoleArn = await ensureAddonPodIdentityRole(
    run,
    clusterName,
    p,
    tags,
  );
  const write: AddonWrite = {
    configurationValues: p.configuration
      ? JSON.stringify(p.configuration)
      : undefined,
    podIdentityAssociations:
      p.podIdentity && podIdentityRoleArn
        ? [
            {
              serviceAccount: p.podIdentity.serviceAccount,
              roleArn: podIdentityRoleArn,
            },
          ]
        : undefined,
  };
  const action = p.existing
    ? await updateAddon(run, clusterName, p, write)
    : await createAddon(run, clusterName, p, write, tags);
  // EKS had started when it answered
  const requestedAt = Date.now();
  return {
    action,
    podIdentityRoleArn,
    requestedAt: action === 'created' ? requestedAt : undefined,
  };
}

/**
 * The add-on's Pod Identity role: the given one, or `<cluster>-<add-on>`
 * with the policies EKS recommends when asked for `recommended`.
 */
export async function ensureAddonPodIdentityRole(
  run: ProvisioningRun,
  clusterName: string,
  p: PreparedAddon,
  tags: Record<string, string>,
): Promise<string | undefined> {
  if (!p.podIdentity || p.podIdentity.roleArn) return p.podIdentity?.roleArn;
  const name = p.request.name;
  const partition = partitionForRegion(run.region);
  return ensureRole(run, {
    name: `${clusterName}-${name}`.slice(0, 64),
    description: `Pod Identity role of the ${name} add-on on ${clusterName}`,
    trustPolicy: podIdentityTrustPolicy(),
    managedPolicyArns: p.podIdentity.recommendedPolicyArns.map(arn =>
      policyArnIn(partition, arn),
    ),
    tags,
  });
}

async function createAddon(
  run: ProvisioningRun,
  clusterName: string,
  p: PreparedAddon,
  write: AddonWrite,
  tags: Record<string, string>,
): Promise<AddonResult['action']> {
  const name = p.request.name;
  await run.change(
    {
      action: 'install',
      resource: `add-on ${name}`,
      detail: p.request.namespace
        ? `${p.version} in namespace ${p.request.namespace}`
        : p.version,
    },
    ['addon', clusterName, name],
    async () => {
      await run.aws.eks.send(
        new CreateAddonCommand({
          clusterName,
          addonName: name,
          addonVersion: p.version,
          ...write,
          namespaceConfig: p.request.namespace
            ? { namespace: p.request.namespace }
            : undefined,
          resolveConflicts: p.request.resolveConflicts ?? 'OVERWRITE',
          tags,
        }),
      );
    },
  );
  return run.dryRun ? 'planned' : 'created';
}

/**
 * Updates an installed add-on where it differs from the request, after the
 * ownership rule (one someone else installed is used as it is when nothing
 * would change).
 */
async function updateAddon(
  run: ProvisioningRun,
  clusterName: string,
  p: PreparedAddon,
  write: AddonWrite,
): Promise<AddonResult['action']> {
  const { eks } = run.aws;
  const name = p.request.name;
  const { changes, versionDiffers } = addonChanges(p);
  const addonArn = p.existing?.addonArn;
  await checkOwnership(
    run,
    {
      resource: `add-on ${name}`,
      tags: p.existing?.tags,
      writeTags: addonArn
        ? async ownTags => {
            await eks.send(
              new TagResourceCommand({ resourceArn: addonArn, tags: ownTags }),
            );
          }
        : undefined,
      keyParts: ['addon', clusterName, name],
    },
    { clusterName, changes, useAsIs: true },
  );
  if (changes.length === 0) return 'unchanged';
  run.reportRequestedChange(`add-on ${name}: ${changes.join(', ')}`);
  await run.change(
    {
      action: 'update',
      resource: `add-on ${name}`,
      detail: changes.join(', '),
    },
    [
      'addon-update',
      clusterName,
      name,
      p.version,
      write.configurationValues ?? '',
    ],
    async () => {
      await eks.send(
        new UpdateAddonCommand({
          clusterName,
          addonName: name,
          addonVersion: versionDiffers ? p.version : undefined,
          ...write,
          resolveConflicts: p.request.resolveConflicts ?? 'OVERWRITE',
        }),
      );
    },
  );
  return run.dryRun ? 'planned' : 'updated';
}
