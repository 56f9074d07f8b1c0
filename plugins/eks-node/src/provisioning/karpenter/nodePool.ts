import {
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
} from '@kubernetes/client-node';
import { ProvisioningRun } from '../ProvisioningRun';
import { ifExists } from '../waiters';
import { withKubernetesRetry } from '../kubernetesRetry';
import { KARPENTER_DISCOVERY_TAG } from './discoveryTags';

/** The field manager of server-side applies. @public */
export const FIELD_MANAGER = 'backstage-eks';

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
): Promise<boolean> {
  const object = wanted;
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
  if (live && contains(live.spec, applied.spec)) return false;
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
