import {
  Capability,
  Cluster,
  CreateCapabilityCommand,
  TagResourceCommand,
  UpdateCapabilityCommand,
} from '@aws-sdk/client-eks';
import { InputError } from '@backstage/errors';
import { CAPABILITY_SERVICE_PRINCIPAL } from '@backstage-eks/plugin-eks-common';
import { findCluster } from '../clusterLookup';
import { ensureRole, existingRoleCheck, roleArnFor } from '../iam';
import { checkOwnership, refuseForeignResources } from '../ownership';
import { serviceTrustPolicy } from '../policies';
import {
  checkManagedPoliciesExist,
  checkRegion,
  checkRoleTrust,
} from '../preflight';
import { ProvisioningRun } from '../ProvisioningRun';
import { resourceTags } from '../tags';
import {
  capabilityIssueLines,
  findCapability,
  listCapabilities,
  waitForCapabilityActive,
  waitForCapabilitySettled,
} from './capability';
import {
  argoCdRequest,
  CAPABILITY_ROLE_TRUST,
  capabilityNameOf,
  capabilityRoleName,
  CreateCapabilityOptions,
  CreateCapabilityResult,
  diffCapability,
  digest,
  validateCreateCapabilityOptions,
} from './capabilityRequest';

/**
 * The preflight step: the region; the given role's trust of
 * capabilities.eks.amazonaws.com (sts:AssumeRole and sts:TagSession), or
 * the managed policies of the role to create; the cluster (required outside
 * a dry run): ACTIVE, with access entries (capabilities reach the cluster
 * through them); one capability of each type per cluster; and what exists
 * that another made. Returns the cluster and the capability, when they exist.
 *
 * @public
 */
export async function checkCapabilityRequest(
  run: ProvisioningRun,
  opts: CreateCapabilityOptions,
): Promise<{ cluster?: Cluster; existing?: Capability }> {
  const { clusterName, type } = opts;
  const capabilityName = capabilityNameOf(opts);
  await checkRegion(run);
  if (opts.roleArn) {
    await checkRoleTrust(run, 'roleArn', opts.roleArn, CAPABILITY_ROLE_TRUST);
  }
  await checkManagedPoliciesExist(
    run,
    'managedPolicyArns',
    opts.managedPolicyArns ?? [],
  );
  const cluster = await findCluster(run, clusterName);
  if (!cluster) {
    if (run.dryRun) return {};
    throw new InputError(
      `clusterName: no EKS cluster "${clusterName}" in account ${run.accountId}, region ${run.region}`,
    );
  }
  if (cluster.status !== 'ACTIVE' && cluster.status !== 'UPDATING') {
    throw new InputError(
      `clusterName: cluster ${clusterName} is ${cluster.status}; a capability can be added to an ACTIVE cluster only`,
    );
  }
  if (cluster.accessConfig?.authenticationMode === 'CONFIG_MAP') {
    throw new InputError(
      `clusterName: cluster ${clusterName} uses authentication mode CONFIG_MAP; EKS Capabilities reach the cluster through access entries EKS creates for their role: change the cluster's authentication mode to API_AND_CONFIG_MAP or API first`,
    );
  }
  const others = (await listCapabilities(run, clusterName)).filter(
    c => c.type === type && c.capabilityName !== capabilityName,
  );
  if (others.length > 0) {
    throw new InputError(
      `type: cluster ${clusterName} already has a ${type} capability, ${others[0].capabilityName}; EKS allows one capability of each type per cluster. Run with capabilityName "${others[0].capabilityName}" to manage that one`,
    );
  }
  const existing = await findCapability(run, clusterName, capabilityName);
  const roleArn = opts.roleArn ?? roleArnFor(run, capabilityRoleName(opts));
  const checks: Parameters<typeof refuseForeignResources>[2] = [];
  if (existing) {
    const diff = diffCapability(existing, opts, roleArn);
    if (diff.fixed.length > 0) {
      throw new InputError(
        `capabilityName: capability ${capabilityName} exists on ${clusterName} and ${diff.fixed.join(
          '; ',
        )}: EKS cannot change that. Pick another capabilityName, or delete the capability first`,
      );
    }
    checks.push({
      existing: {
        resource: `capability ${capabilityName}`,
        tags: existing.tags,
      },
      opts: { changes: diff.changes, useAsIs: true },
    });
  }
  if (!opts.roleArn) {
    const check = await existingRoleCheck(run, capabilityRoleName(opts));
    if (check) checks.push(check);
  }
  refuseForeignResources(run, clusterName, checks);
  return { cluster, existing };
}

/**
 * The role step: the given role as it is (its trust was checked in
 * preflight), or the role to create with the trust EKS Capabilities need
 * and the given managed policies. Says whether it was created now.
 *
 * @public
 */
export async function ensureCapabilityRole(
  run: ProvisioningRun,
  opts: CreateCapabilityOptions,
): Promise<{ roleArn: string; roleCreated: boolean }> {
  if (opts.roleArn) {
    run.logger.info(
      `Using the existing capability role ${opts.roleArn} (its trust was checked in preflight)`,
    );
    return { roleArn: opts.roleArn, roleCreated: false };
  }
  const roleName = capabilityRoleName(opts);
  const planBefore = run.plan.length;
  const roleArn = await ensureRole(run, {
    name: roleName,
    description: `EKS ${opts.type} capability role of ${opts.clusterName}`,
    trustPolicy: serviceTrustPolicy(
      CAPABILITY_ROLE_TRUST.service,
      CAPABILITY_ROLE_TRUST.actions,
    ),
    managedPolicyArns: opts.managedPolicyArns,
    tags: resourceTags(opts.clusterName, opts.tags),
  });
  const roleCreated = run.plan
    .slice(planBefore)
    .some(c => c.action === 'create' && c.resource === `IAM role ${roleName}`);
  return { roleArn, roleCreated };
}

/**
 * Continues with an existing capability: waits for it to settle, applies
 * the ownership rule (never changes one someone else made, unless
 * adopting) and changes what the request asks and EKS can change.
 */
async function correctCapability(
  run: ProvisioningRun,
  opts: CreateCapabilityOptions,
  roleArn: string,
  found: Capability,
): Promise<CreateCapabilityResult['action']> {
  const { clusterName } = opts;
  const capabilityName = capabilityNameOf(opts);
  const resource = `capability ${capabilityName}`;
  const { eks } = run.aws;
  let existing = found;
  if (existing.status === 'CREATING' || existing.status === 'UPDATING') {
    existing =
      (await waitForCapabilitySettled(run, clusterName, capabilityName)) ??
      existing;
  }
  const diff = diffCapability(existing, opts, roleArn);
  const capabilityArn = existing.arn ?? '';
  await checkOwnership(
    run,
    {
      resource,
      tags: existing.tags,
      writeTags: capabilityArn
        ? async tags => {
            await eks.send(
              new TagResourceCommand({ resourceArn: capabilityArn, tags }),
            );
          }
        : undefined,
      keyParts: ['capability', clusterName, capabilityName],
    },
    { clusterName, changes: diff.changes, useAsIs: true },
  );
  if (!diff.update) return 'unchanged';
  run.reportRequestedChange(`${resource}: ${diff.changes.join('; ')}`);
  await run.change(
    { action: 'update', resource, detail: diff.changes.join('; ') },
    ['capability-update', clusterName, capabilityName, digest(diff.update)],
    async () => {
      await eks.send(
        new UpdateCapabilityCommand({
          clusterName,
          capabilityName,
          ...diff.update,
        }),
      );
    },
  );
  return run.dryRun ? 'planned' : 'updated';
}

/**
 * The capability step: creates it, or continues with the one that exists
 * (ours, adopted, or someone else's used as it is) and changes what the
 * request asks and EKS can change (role, Argo CD role mappings and VPC
 * endpoints). Says what it did.
 *
 * @public
 */
export async function ensureCapability(
  run: ProvisioningRun,
  opts: CreateCapabilityOptions,
  roleArn: string,
  clusterExists: boolean,
): Promise<CreateCapabilityResult['action']> {
  const { clusterName, type } = opts;
  const capabilityName = capabilityNameOf(opts);
  const resource = `capability ${capabilityName}`;
  const { eks } = run.aws;
  const existing = clusterExists
    ? await findCapability(run, clusterName, capabilityName)
    : undefined;
  if (existing?.status === 'DELETING') {
    throw new Error(
      `${resource} on ${clusterName} is being deleted; run again once it is gone`,
    );
  }
  if (!existing) {
    await run.change(
      {
        action: 'create',
        resource,
        detail: `${type}, role ${roleArn}, deletePropagationPolicy ${
          opts.deletePropagationPolicy ?? 'RETAIN'
        }`,
      },
      ['capability', clusterName, capabilityName],
      async () => {
        await eks.send(
          new CreateCapabilityCommand({
            clusterName,
            capabilityName,
            type,
            roleArn,
            deletePropagationPolicy: opts.deletePropagationPolicy ?? 'RETAIN',
            configuration: argoCdRequest(opts.argoCd),
            tags: resourceTags(clusterName, opts.tags),
          }),
        );
      },
    );
    return run.dryRun ? 'planned' : 'created';
  }
  return correctCapability(run, opts, roleArn, existing);
}

/** What to do about a capability's issue. */
function issueFix(code: string | undefined): string {
  if (code === 'AccessDenied') {
    return `check that the capability role exists, trusts ${CAPABILITY_SERVICE_PRINCIPAL} for sts:AssumeRole and sts:TagSession, and has the permissions the capability needs`;
  }
  if (code === 'ClusterUnreachable') {
    return "check the cluster's endpoint access and that the capability's access entry exists";
  }
  return 'see the capability in the EKS console';
}

/**
 * Creates an EKS Capability (managed Argo CD, ACK or kro) on a cluster,
 * with its IAM capability role (an existing one, or a new one with the
 * trust EKS requires and the given managed policies), and waits until it
 * is ACTIVE; adopts an existing one and changes what the request asks.
 * Its named steps: preflight; the IAM capability role; the capability;
 * the wait for ACTIVE, whose issues are reported with their fixes.
 *
 * @public
 */
export async function createCapability(
  run: ProvisioningRun,
  opts: CreateCapabilityOptions,
): Promise<CreateCapabilityResult> {
  validateCreateCapabilityOptions(opts, run.aws.target);
  const { clusterName, type } = opts;
  const capabilityName = capabilityNameOf(opts);
  run.beginSteps(4);
  const { cluster } = await run.step(
    'preflight: region, role trust, the cluster, one capability of each type and what exists',
    () => checkCapabilityRequest(run, opts),
  );
  const { roleArn, roleCreated } = await run.step(
    opts.roleArn
      ? 'the existing capability role'
      : `IAM capability role ${capabilityRoleName(opts)}`,
    () => ensureCapabilityRole(run, opts),
  );
  const action = await run.step(`${type} capability ${capabilityName}`, () =>
    ensureCapability(run, opts, roleArn, Boolean(cluster)),
  );
  const capability = await run.step(
    `capability ${capabilityName} ACTIVE`,
    async () => {
      if (!cluster) return undefined;
      return run.dryRun
        ? findCapability(run, clusterName, capabilityName)
        : waitForCapabilityActive(run, clusterName, capabilityName);
    },
  );
  const status = capability?.status ?? (run.dryRun ? 'PLANNED' : 'UNKNOWN');
  const issues = (capability?.health?.issues ?? []).map(
    i => `${i.code}: ${i.message} (fix: ${issueFix(i.code)})`,
  );
  if (!run.dryRun && status !== 'ACTIVE') {
    const detail = issues.length
      ? issues.join('; ')
      : capabilityIssueLines(capability).join('; ') || 'EKS gave no issue';
    if (status !== 'DEGRADED') {
      throw new Error(
        `Capability ${capabilityName} on ${clusterName} is ${status}: ${detail}`,
      );
    }
    run.logger.warn(`Capability ${capabilityName} is DEGRADED: ${detail}`);
  }
  run.note(
    `Deleting capability ${capabilityName} keeps the Kubernetes resources it manages (deletePropagationPolicy ${
      opts.deletePropagationPolicy ?? 'RETAIN'
    }): delete them (and, for ACK, the AWS resources they made) before deleting the capability if they should go too`,
  );
  return {
    capabilityName,
    capabilityArn: capability?.arn ?? '',
    type,
    status,
    version: capability?.version,
    roleArn,
    roleCreated,
    serverUrl: capability?.configuration?.argoCd?.serverUrl,
    issues,
    action,
    notes: run.notes,
  };
}
