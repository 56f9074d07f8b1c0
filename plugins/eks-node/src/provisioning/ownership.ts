import { InputError } from '@backstage/errors';
import { ProvisioningRun } from './ProvisioningRun';
import {
  CLUSTER_TAG,
  ENTITY_REF_TAG,
  MANAGED_BY_TAG,
  ownershipIdentity,
} from './tags';

/**
 * The rule of these actions for what already exists: idempotency is for
 * resuming and re-running the same request, not for taking over someone
 * else's resources.
 *
 * - A resource whose {@link ENTITY_REF_TAG} names this request's identity
 *   (the catalog entity ref of the cluster; resources from before that tag
 *   count when their managed-by and cluster tags say they were made by these
 *   actions for the same cluster) is ours: a re-run continues with it.
 * - Any other resource is someone else's. A run that would change it, or
 *   that would take it as its own (the cluster a create is asked to make),
 *   refuses before any write with an InputError that says what it found,
 *   who owns it and how to adopt it: the explicit `adopt: true` input. A
 *   resource used as it is (`useAsIs`: an add-on at the wanted version, a
 *   compatible interruption queue) is left alone and noted.
 * - With `adopt`, the ownership tag is written on the resource (a `tag`
 *   change in the plan, so a dry run lists it with every other change), and
 *   the next run is a re-run of the same request.
 *
 * @packageDocumentation
 */

/** One resource found to exist, as {@link checkOwnership} judges it. @public */
export interface ExistingResource {
  /** What it is, as a person reads it: `EKS cluster demo`, `node group system`. */
  resource: string;
  /**
   * Its tags; for Kubernetes objects, labels and annotations (annotation
   * {@link ENTITY_REF_TAG} carries the identity there).
   */
  tags: Record<string, string> | undefined;
  /**
   * Writes the ownership tags (`ENTITY_REF_TAG` and friends) on it, for an
   * adopting run; undefined when the resource cannot carry tags (the run
   * then adopts it without marking it).
   */
  writeTags?: (tags: Record<string, string>) => Promise<void>;
  /** The checkpoint key parts of the tag write (default: the resource). */
  keyParts?: string[];
}

/** How {@link checkOwnership} judges a resource. @public */
export interface OwnershipOptions {
  /** The cluster the request is for; its entity ref is the identity. */
  clusterName: string;
  /** The changes this run would make to the resource (empty: none). */
  changes?: string[];
  /**
   * The resource may be used as it is without owning it, when the run makes
   * no change to it (e.g. an existing add-on at the wanted version).
   */
  useAsIs?: boolean;
}

/** What {@link checkOwnership} decided. @public */
export type OwnershipDecision =
  /** Made by this request: continue. */
  | 'ours'
  /** Someone else's, adopted deliberately (`adopt: true`). */
  | 'adopted'
  /** Someone else's, used as it is (no change made to it). */
  | 'used-as-is';

/** A resource that belongs to someone else, as a refusal lists it. @public */
export interface OwnershipFinding {
  resource: string;
  owner: string;
  changes: string[];
}

/** Tag keys that say who made or manages a resource. */
const OWNER_TAG_KEY =
  /managed[-_.]?by|created[-_.]?by|owner|eksctl|cloudformation:stack-name|terraform|meta\.helm\.sh\/release-name/i;

/** Whether the tags say the resource was made by this request. @public */
export function isOwnResource(
  tags: Record<string, string> | undefined,
  clusterName: string,
): boolean {
  if (!tags) return false;
  const identity = ownershipIdentity(clusterName);
  if (tags[ENTITY_REF_TAG] !== undefined) {
    return tags[ENTITY_REF_TAG] === identity;
  }
  // made by these actions before the entity-ref tag existed
  return (
    tags[MANAGED_BY_TAG] === 'backstage' && tags[CLUSTER_TAG] === clusterName
  );
}

/**
 * Who owns a resource, from its tags: the entity ref it was made for, the
 * managed-by / created-by style tags it carries, or "not made by Backstage".
 *
 * @public
 */
export function describeOwner(
  tags: Record<string, string> | undefined,
): string {
  const entries = Object.entries(tags ?? {});
  const identity = tags?.[ENTITY_REF_TAG];
  const ownerTags = entries
    .filter(([key]) => key !== ENTITY_REF_TAG && OWNER_TAG_KEY.test(key))
    .map(([key, value]) => `${key}=${value}`);
  const parts = [
    identity
      ? `made by Backstage for ${identity} (${ENTITY_REF_TAG})`
      : 'not made by Backstage',
    ...ownerTags,
  ];
  return parts.join(', ');
}

/**
 * Judges one resource without acting on it: undefined when the run may go
 * on with it (ours, used as is), a finding when it belongs to someone else
 * and the run would change or take it.
 *
 * @public
 */
export function ownershipFinding(
  existing: Pick<ExistingResource, 'resource' | 'tags'>,
  opts: OwnershipOptions,
): OwnershipFinding | undefined {
  if (isOwnResource(existing.tags, opts.clusterName)) return undefined;
  const changes = opts.changes ?? [];
  if (opts.useAsIs && changes.length === 0) return undefined;
  return {
    resource: existing.resource,
    owner: describeOwner(existing.tags),
    changes,
  };
}

/** The InputError of a refused take-over, one line per resource. @public */
export function ownershipRefusal(
  clusterName: string,
  findings: OwnershipFinding[],
  extra: string[] = [],
): InputError {
  const identity = ownershipIdentity(clusterName);
  const lines = findings.map(
    f =>
      `- ${f.resource} exists and was not made by this request (${f.owner})${
        f.changes.length
          ? `; this run would change it: ${f.changes.join(', ')}`
          : ''
      }`,
  );
  return new InputError(
    [
      `adopt: refusing to take over resources this request (${identity}) did not create; nothing was changed:`,
      ...lines,
      ...extra.map(line => `- ${line}`),
      `To adopt them deliberately, run again with adopt: true; its dry run lists every change it would make to them, and adopting tags them ${ENTITY_REF_TAG}=${identity}. Otherwise pick another name.`,
    ].join('\n'),
  );
}

/**
 * Checks many resources at once and refuses before any write with one
 * report of every resource that belongs to someone else, unless the run
 * adopts. Returns the findings (the resources an adopting run takes over).
 *
 * @public
 */
export function refuseForeignResources(
  run: ProvisioningRun,
  clusterName: string,
  checks: {
    existing: Pick<ExistingResource, 'resource' | 'tags'>;
    opts?: Omit<OwnershipOptions, 'clusterName'>;
  }[],
): OwnershipFinding[] {
  const findings = checks.flatMap(({ existing, opts }) => {
    const finding = ownershipFinding(existing, { clusterName, ...opts });
    return finding ? [finding] : [];
  });
  if (findings.length > 0 && !run.adopt) {
    throw ownershipRefusal(clusterName, findings);
  }
  return findings;
}

/**
 * The one rule for a resource that exists (see the module's description):
 * ours → go on; someone else's and the run adopts → the ownership tags are
 * written (a planned `tag` change); someone else's and used as it is → go
 * on, logged; someone else's otherwise → InputError before any write.
 *
 * @public
 */
export async function checkOwnership(
  run: ProvisioningRun,
  existing: ExistingResource,
  opts: OwnershipOptions,
): Promise<OwnershipDecision> {
  if (isOwnResource(existing.tags, opts.clusterName)) return 'ours';
  if (run.adopt) {
    await adoptResource(run, existing, opts.clusterName);
    return 'adopted';
  }
  const finding = ownershipFinding(existing, opts);
  if (!finding) {
    run.logger.info(
      `${existing.resource} exists (${describeOwner(
        existing.tags,
      )}): used as it is, not changed`,
    );
    return 'used-as-is';
  }
  throw ownershipRefusal(opts.clusterName, [finding]);
}

/** Writes the ownership tags on a resource an adopting run takes over. */
async function adoptResource(
  run: ProvisioningRun,
  existing: ExistingResource,
  clusterName: string,
): Promise<void> {
  const identity = ownershipIdentity(clusterName);
  const tags = {
    [ENTITY_REF_TAG]: identity,
    [CLUSTER_TAG]: clusterName,
    [MANAGED_BY_TAG]: 'backstage',
  };
  const writeTags = existing.writeTags;
  if (!writeTags) {
    run.note(
      `Adopted ${existing.resource} (${describeOwner(
        existing.tags,
      )}); it cannot carry the ownership tag`,
    );
    return;
  }
  await run.change(
    {
      action: 'tag',
      resource: existing.resource,
      detail: `adopt: ${ENTITY_REF_TAG}=${identity} (was ${describeOwner(
        existing.tags,
      )})`,
    },
    ['adopt', ...(existing.keyParts ?? [existing.resource])],
    async () => {
      await writeTags(tags);
    },
  );
}
