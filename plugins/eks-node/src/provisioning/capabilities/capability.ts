import {
  Capability,
  CapabilitySummary,
  DeleteCapabilityCommand,
  DescribeCapabilityCommand,
  paginateListCapabilities,
} from '@aws-sdk/client-eks';
import { ProvisioningRun } from '../ProvisioningRun';
import { ifExists, pollUntil } from '../waiters';

/** Capability states a change can start from (EKS refuses others with ResourceInUseException). */
const SETTLED = new Set([
  'ACTIVE',
  'DEGRADED',
  'CREATE_FAILED',
  'UPDATE_FAILED',
  'DELETE_FAILED',
]);

/** States a wait for ACTIVE ends in without reaching it. */
const FAILED = new Set([
  'CREATE_FAILED',
  'UPDATE_FAILED',
  'DELETE_FAILED',
  'DEGRADED',
]);

/** Every capability of the cluster (ListCapabilities, all pages). @public */
export async function listCapabilities(
  run: ProvisioningRun,
  clusterName: string,
): Promise<CapabilitySummary[]> {
  const found: CapabilitySummary[] = [];
  for await (const page of paginateListCapabilities(
    { client: run.aws.eks },
    { clusterName },
  )) {
    found.push(...(page.capabilities ?? []));
  }
  return found;
}

/** DescribeCapability, or undefined when it does not exist. @public */
export async function findCapability(
  run: ProvisioningRun,
  clusterName: string,
  capabilityName: string,
): Promise<Capability | undefined> {
  return (
    await ifExists(() =>
      run.aws.eks.send(
        new DescribeCapabilityCommand({ clusterName, capabilityName }),
      ),
    )
  )?.capability;
}

/** A capability's issues as one line each: `code: message`. @public */
export function capabilityIssueLines(capability: Capability | undefined) {
  return (capability?.health?.issues ?? []).map(
    i => `${i.code ?? 'Unknown'}: ${i.message ?? ''}`,
  );
}

/**
 * Waits until the capability has settled (it is not CREATING, UPDATING or
 * DELETING) and returns it; undefined when it is gone. EKS has no waiter
 * for capabilities: DescribeCapability is polled within the run's wait
 * settings.
 */
export async function waitForCapabilitySettled(
  run: ProvisioningRun,
  clusterName: string,
  capabilityName: string,
  what = `capability ${capabilityName} to settle`,
): Promise<Capability | undefined> {
  let last: Capability | undefined;
  await pollUntil(run, what, async () => {
    last = await findCapability(run, clusterName, capabilityName);
    return !last || SETTLED.has(last.status ?? '');
  });
  return last;
}

/**
 * Waits until the capability is ACTIVE. A failure state (CREATE_FAILED,
 * DEGRADED, ...) ends the wait with the capability as it is, for the
 * caller to report its issues.
 *
 * @public
 */
export async function waitForCapabilityActive(
  run: ProvisioningRun,
  clusterName: string,
  capabilityName: string,
): Promise<Capability | undefined> {
  let last: Capability | undefined;
  await pollUntil(
    run,
    `capability ${capabilityName} to become ACTIVE`,
    async () => {
      last = await findCapability(run, clusterName, capabilityName);
      const status = last?.status ?? '';
      return !last || status === 'ACTIVE' || FAILED.has(status);
    },
  );
  return last;
}

/**
 * Deletes one capability: a capability still being created or updated is
 * waited for first (EKS refuses to delete it then), and one already gone
 * counts as deleted. What the capability managed stays as its
 * deletePropagationPolicy (RETAIN) says.
 *
 * @public
 */
export async function deleteCapability(
  run: ProvisioningRun,
  clusterName: string,
  capabilityName: string,
): Promise<void> {
  const current = await findCapability(run, clusterName, capabilityName);
  if (!current || current.status === 'DELETING') return;
  if (!SETTLED.has(current.status ?? '')) {
    const settled = await waitForCapabilitySettled(
      run,
      clusterName,
      capabilityName,
      `capability ${capabilityName} (${current.status}) to settle before it is deleted`,
    );
    if (!settled || settled.status === 'DELETING') return;
  }
  await run.aws.eks.send(
    new DeleteCapabilityCommand({ clusterName, capabilityName }),
  );
}

/** Waits until the capability is gone (polled: EKS has no waiter for it). @public */
export async function waitForCapabilityDeleted(
  run: ProvisioningRun,
  clusterName: string,
  capabilityName: string,
): Promise<void> {
  await pollUntil(
    run,
    `capability ${capabilityName} to be deleted`,
    async () => {
      const current = await findCapability(run, clusterName, capabilityName);
      if (current?.status === 'DELETE_FAILED') {
        throw new Error(
          `Capability ${capabilityName} could not be deleted (DELETE_FAILED): ${
            capabilityIssueLines(current).join('; ') || 'EKS gave no issue'
          }`,
        );
      }
      return !current;
    },
  );
}
