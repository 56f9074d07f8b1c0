import {
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
} from '@kubernetes/client-node';
import { checkOwnership } from './ownership';
import { ProvisioningRun } from './ProvisioningRun';
import { ENTITY_REF_TAG, ownershipIdentity } from './tags';
import { ifExists } from './waiters';
import { withKubernetesRetry } from './kubernetesRetry';

/** The field manager of server-side applies. @public */
export const FIELD_MANAGER = 'backstage-eks';

/** The `app.kubernetes.io/managed-by` label of the objects these actions apply. @public */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';

/** How {@link applyIfChanged} treats an object this request did not make. @public */
export interface KubernetesOwnership {
  /** The cluster the request is for (its entity ref is the identity). */
  clusterName: string;
  /**
   * Keep an object someone else made as it is, whatever its spec (a
   * NodePool: never rewritten unless the run adopts); otherwise a foreign
   * object whose spec would change is refused.
   */
  keepForeign?: boolean;
}

type Live = KubernetesObject & { spec?: unknown };

/**
 * The tags of a live object for the ownership rule: its labels and
 * annotations; an object this package server-side applied before the
 * ownership annotation existed (its field manager) counts as this request's.
 */
function ownershipTagsOf(
  live: Live,
  clusterName: string,
): Record<string, string> {
  const tags = {
    ...(live.metadata?.labels ?? {}),
    ...(live.metadata?.annotations ?? {}),
  };
  const appliedByUs = (live.metadata?.managedFields ?? []).some(
    f => f.manager === FIELD_MANAGER && f.operation === 'Apply',
  );
  if (appliedByUs && tags[ENTITY_REF_TAG] === undefined) {
    tags[ENTITY_REF_TAG] = ownershipIdentity(clusterName);
  }
  return tags;
}

/** The wanted object with the ownership annotation and managed-by label. */
function withOwnership<T extends KubernetesObject>(
  object: T,
  clusterName: string,
): T {
  return {
    ...object,
    metadata: {
      ...object.metadata,
      labels: { ...object.metadata?.labels, [MANAGED_BY_LABEL]: FIELD_MANAGER },
      annotations: {
        ...object.metadata?.annotations,
        [ENTITY_REF_TAG]: ownershipIdentity(clusterName),
      },
    },
  };
}

function contains(actual: unknown, wanted: unknown): boolean {
  // Undefined fields are not sent by an apply, so they ask for nothing.
  if (wanted === undefined) return true;
  if (Array.isArray(wanted)) {
    return (
      Array.isArray(actual) &&
      actual.length === wanted.length &&
      wanted.every((w, i) => contains(actual[i], w))
    );
  }
  if (wanted && typeof wanted === 'object') {
    if (!actual || typeof actual !== 'object') return false;
    return Object.entries(wanted).every(([k, v]) =>
      contains((actual as Record<string, unknown>)[k], v),
    );
  }
  return actual === wanted;
}

function objectName(object: KubernetesObject): string {
  return `${object.kind} ${
    object.metadata?.namespace ? `${object.metadata.namespace}/` : ''
  }${object.metadata?.name}`;
}

async function readLive(
  run: ProvisioningRun,
  objects: KubernetesObjectApi,
  object: KubernetesObject,
): Promise<Live | undefined> {
  return (await ifExists(() =>
    withKubernetesRetry(run, `read ${objectName(object)}`, () =>
      objects.read({
        apiVersion: object.apiVersion,
        kind: object.kind,
        metadata: {
          name: object.metadata?.name ?? '',
          namespace: object.metadata?.namespace,
        },
      }),
    ),
  )) as Live | undefined;
}

/**
 * The ownership rule for a live object: whether it is kept as it is (true)
 * because another made it; refuses (throws) when it would change and the
 * run does not adopt; annotates it as this request's when it adopts.
 */
async function keptAsForeign(
  run: ProvisioningRun,
  objects: KubernetesObjectApi,
  live: Live,
  object: Live,
  specDiffers: boolean,
  ownership: KubernetesOwnership,
): Promise<boolean> {
  const name = objectName(object);
  const keep = ownership.keepForeign && !run.adopt;
  const decision = await checkOwnership(
    run,
    {
      resource: name,
      tags: ownershipTagsOf(live, ownership.clusterName),
      writeTags: async tags => {
        await withKubernetesRetry(run, `annotate ${name}`, () =>
          objects.patch(
            {
              apiVersion: object.apiVersion,
              kind: object.kind,
              metadata: {
                name: object.metadata?.name,
                namespace: object.metadata?.namespace,
                annotations: { [ENTITY_REF_TAG]: tags[ENTITY_REF_TAG] },
              },
            },
            undefined,
            undefined,
            FIELD_MANAGER,
            undefined,
            PatchStrategy.MergePatch,
          ),
        );
      },
      keyParts: ['k8s', object.kind ?? '', object.metadata?.name ?? ''],
    },
    {
      clusterName: ownership.clusterName,
      changes: specDiffers && !keep ? ['spec (server-side apply)'] : [],
      useAsIs: true,
    },
  );
  if (decision !== 'used-as-is') return false;
  if (specDiffers) {
    run.note(
      `${name} was not made by this request and differs from the one this action would apply; it is kept as it is (run with adopt: true to have it rewritten)`,
    );
  }
  return true;
}

/**
 * Server-side applies an object unless the live object already has every
 * wanted field (so re-runs write nothing); reports drift when it differs.
 * An object without a spec (Namespace, ServiceAccount) is created when
 * missing and otherwise left as it is.
 *
 * With `ownership`, the object carries the ownership annotation
 * (`eks.backstage.io/entity-ref`) and `app.kubernetes.io/managed-by`, and a
 * live object this request did not make goes through `checkOwnership`: used
 * as it is when nothing would change (or `keepForeign`), refused otherwise,
 * annotated and applied when the run adopts.
 *
 * @public
 */
export async function applyIfChanged(
  run: ProvisioningRun,
  objects: KubernetesObjectApi,
  wanted: Live,
  keyParts: string[],
  /** Adapts the wanted object to the live one (e.g. its immutable fields). */
  adjust?: (live: Live, wanted: Live) => Live,
  ownership?: KubernetesOwnership,
): Promise<boolean> {
  const object = ownership
    ? withOwnership(wanted, ownership.clusterName)
    : wanted;
  const name = objectName(object);
  const live = await readLive(run, objects, object);
  const applied = live && adjust ? adjust(live, object) : object;
  const specDiffers = live ? !contains(live.spec, applied.spec) : false;
  if (
    live &&
    ownership &&
    (await keptAsForeign(run, objects, live, object, specDiffers, ownership))
  ) {
    return false;
  }
  if (live && !specDiffers) return false;
  if (live) run.reportDrift(`${name} differs from the wanted spec`);
  await run.change(
    { action: 'apply', resource: name, detail: 'server-side apply' },
    ['k8s-apply', ...keyParts, object.kind ?? '', object.metadata?.name ?? ''],
    async () => {
      await withKubernetesRetry(run, `apply ${name}`, () =>
        objects.patch(
          applied,
          undefined,
          undefined,
          FIELD_MANAGER,
          true,
          PatchStrategy.ServerSideApply,
        ),
      );
    },
  );
  return true;
}
