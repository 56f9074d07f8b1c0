import {
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
} from '@kubernetes/client-node';
import { checkOwnership } from '../ownership';
import { ProvisioningRun } from '../ProvisioningRun';
import { ENTITY_REF_TAG, ownershipIdentity } from '../tags';
import { ifExists } from '../waiters';
import { withKubernetesRetry } from '../kubernetesRetry';
import { KARPENTER_DISCOVERY_TAG } from './discoveryTags';

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

/** Options of the default Karpenter NodePool. @public */
export interface DefaultNodePoolOptions {
  clusterName: string;
  nodeRoleName: string;
  zones: string[];
  /** Default: both on-demand and spot. */
  capacityTypes?: ('on-demand' | 'spot')[];
  architectures?: ('amd64' | 'arm64')[];
  /** Total vCPU limit of the pool (default "100"). */
  cpuLimit?: string;
  /**
   * Subnets selected by id besides those with the discovery tag: subnets
   * shared with another cluster, whose tag names that cluster.
   */
  sharedSubnetIds?: string[];
}

/**
 * The default EC2NodeClass: AL2023, subnets and security groups found by
 * the discovery tag (and shared subnets by id), IMDSv2 with hop limit 2.
 *
 * @public
 */
export function defaultEc2NodeClass(
  opts: DefaultNodePoolOptions,
): KubernetesObject & { spec: unknown } {
  const selector = [{ tags: { [KARPENTER_DISCOVERY_TAG]: opts.clusterName } }];
  // Karpenter ORs selector terms: tagged subnets, plus shared ones by id.
  const subnetSelector = [
    ...selector,
    ...(opts.sharedSubnetIds ?? []).map(id => ({ id })),
  ];
  return {
    apiVersion: 'karpenter.k8s.aws/v1',
    kind: 'EC2NodeClass',
    metadata: { name: 'default' },
    spec: {
      role: opts.nodeRoleName,
      amiSelectorTerms: [{ alias: 'al2023@latest' }],
      subnetSelectorTerms: subnetSelector,
      securityGroupSelectorTerms: selector,
      metadataOptions: {
        httpEndpoint: 'enabled',
        httpTokens: 'required',
        httpPutResponseHopLimit: 2,
      },
      tags: { [KARPENTER_DISCOVERY_TAG]: opts.clusterName },
    },
  };
}

/**
 * The wanted EC2NodeClass with the identity (role or instanceProfile) of the
 * live one: Karpenter's CRD makes `spec.role` immutable (rule
 * `self == oldSelf`, "immutable field changed") and refuses to switch from
 * instanceProfile to role, so a node class that exists keeps its identity;
 * `onKept` is told which, to explain it.
 *
 * @public
 */
export function keepNodeClassIdentity(
  onKept: (identity: string) => void,
): (
  live: KubernetesObject & { spec?: unknown },
  wanted: KubernetesObject & { spec?: unknown },
) => KubernetesObject & { spec?: unknown } {
  return (live, wanted) => {
    const liveSpec = (live.spec ?? {}) as {
      role?: string;
      instanceProfile?: string;
    };
    const spec = { ...(wanted.spec as Record<string, unknown>) };
    if (liveSpec.instanceProfile !== undefined) {
      delete spec.role;
      spec.instanceProfile = liveSpec.instanceProfile;
      onKept(`instance profile ${liveSpec.instanceProfile}`);
    } else if (liveSpec.role !== undefined && liveSpec.role !== spec.role) {
      spec.role = liveSpec.role;
      onKept(`role ${liveSpec.role}`);
    } else {
      return wanted;
    }
    return { ...wanted, spec };
  };
}

/**
 * The default NodePool: nodes allowed in every zone of the cluster's subnets
 * (Karpenter does not spread by itself: workloads still need topology spread
 * constraints), consolidation WhenEmptyOrUnderutilized after one minute.
 *
 * @public
 */
export function defaultNodePool(
  opts: DefaultNodePoolOptions,
): KubernetesObject & { spec: unknown } {
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name: 'default' },
    spec: {
      template: {
        spec: {
          nodeClassRef: {
            group: 'karpenter.k8s.aws',
            kind: 'EC2NodeClass',
            name: 'default',
          },
          requirements: [
            {
              key: 'kubernetes.io/arch',
              operator: 'In',
              values: opts.architectures ?? ['amd64'],
            },
            { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
            {
              key: 'karpenter.sh/capacity-type',
              operator: 'In',
              values: opts.capacityTypes ?? ['on-demand', 'spot'],
            },
            {
              key: 'topology.kubernetes.io/zone',
              operator: 'In',
              values: [...opts.zones].sort(),
            },
            {
              key: 'karpenter.k8s.aws/instance-category',
              operator: 'In',
              values: ['c', 'm', 'r'],
            },
          ],
          expireAfter: '720h',
        },
      },
      limits: { cpu: opts.cpuLimit ?? '100' },
      disruption: {
        consolidationPolicy: 'WhenEmptyOrUnderutilized',
        consolidateAfter: '1m',
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
  wanted: KubernetesObject & { spec?: unknown },
  keyParts: string[],
  /** Adapts the wanted object to the live one (e.g. its immutable fields). */
  adjust?: (
    live: KubernetesObject & { spec?: unknown },
    wanted: KubernetesObject & { spec?: unknown },
  ) => KubernetesObject & { spec?: unknown },
  ownership?: KubernetesOwnership,
): Promise<boolean> {
  const object = ownership
    ? withOwnership(wanted, ownership.clusterName)
    : wanted;
  const name = `${object.kind} ${
    object.metadata?.namespace ? `${object.metadata.namespace}/` : ''
  }${object.metadata?.name}`;
  const live = (await ifExists(() =>
    withKubernetesRetry(run, `read ${name}`, () =>
      objects.read({
        apiVersion: object.apiVersion,
        kind: object.kind,
        metadata: {
          name: object.metadata?.name ?? '',
          namespace: object.metadata?.namespace,
        },
      }),
    ),
  )) as (KubernetesObject & { spec?: unknown }) | undefined;
  const applied = live && adjust ? adjust(live, object) : object;
  const specDiffers = live ? !contains(live.spec, applied.spec) : false;
  if (live && ownership) {
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
    if (decision === 'used-as-is') {
      if (specDiffers) {
        run.note(
          `${name} was not made by this request and differs from the one this action would apply; it is kept as it is (run with adopt: true to have it rewritten)`,
        );
      }
      return false;
    }
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
