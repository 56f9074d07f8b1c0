import { randomUUID } from 'node:crypto';
import { applyDecodeDefaults } from './defaults.ts';
import { ApiUsageLog, stillServed } from './deprecatedApis.ts';
import {
  BUILTIN_RESOURCES,
  resourcesOfCrd,
  type ResourceType,
} from './resources.ts';
import { SIMULATION_CONTROLLERS } from './simulation/index.ts';
import { kubeTimestamp } from './time.ts';
import {
  groupOf,
  type KarpenterAwsView,
  type KubeChange,
  type KubeObject,
  type KubernetesClusterOptions,
} from './types.ts';

/** How many changes are kept for watches that resume from a resourceVersion. */
const HISTORY_LIMIT = 5000;

/** A change with the resourceVersion it produced. */
export interface RecordedChange {
  resourceVersion: number;
  change: KubeChange;
}

/** A controller of the simulation: looks at the whole cluster, fixes it up. */
type Controller = (cluster: KubernetesCluster) => void;

function keyOf(
  apiVersion: string,
  kind: string,
  namespace: string | undefined,
  name: string,
): string {
  return `${groupOf(apiVersion)}|${kind}|${namespace ?? ''}|${name}`;
}

function storeKey(obj: KubeObject): string {
  return keyOf(
    obj.apiVersion,
    obj.kind,
    obj.metadata.namespace,
    obj.metadata.name,
  );
}

/** Everything but metadata and status: a change here bumps `generation`. */
function specOf(obj: KubeObject): string {
  const { metadata: _m, status: _s, ...rest } = obj;
  return JSON.stringify(rest);
}

/**
 * One sandbox Kubernetes cluster: an in-memory object store with
 * monotonic resourceVersions, change events, and the simulation controllers
 * that run after every change.
 */
export class KubernetesCluster {
  readonly name: string;
  private version: string;
  readonly recordWrite: KubernetesClusterOptions['recordWrite'];
  readonly probeIntervalMs: number;
  /** Requests to deprecated API versions it served (EKS's deprecated API insight). */
  readonly deprecatedApiUsage = new ApiUsageLog();
  private readonly hooks: NonNullable<KubernetesClusterOptions['hooks']>;
  private readonly objects = new Map<string, KubeObject>();
  /** Store key of every object by its uid. */
  private readonly uids = new Map<string, string>();
  private readonly listeners = new Set<(change: KubeChange) => void>();
  private readonly history: RecordedChange[] = [];
  /** The last resourceVersion {@link KubernetesCluster.forgetHistory} dropped. */
  private forgottenThrough = 0;
  private readonly controllers: Controller[] = [];
  private lastResourceVersion = 0;
  private reconciling = false;
  private probeTimer: NodeJS.Timeout | undefined;
  private wakeTimer: { at: number; timer: NodeJS.Timeout } | undefined;

  constructor(opts: KubernetesClusterOptions) {
    this.name = opts.name;
    this.recordWrite = opts.recordWrite;
    this.hooks = opts.hooks ?? {};
    this.version = opts.kubernetesVersion ?? '1.33';
    this.probeIntervalMs = opts.probeIntervalMs ?? 10_000;
    this.controllers.push(...SIMULATION_CONTROLLERS);
  }

  /** The control plane's Kubernetes minor version (`1.33`). */
  get kubernetesVersion(): string {
    return this.version;
  }

  /**
   * The control plane moved to another minor version (an upgrade or a
   * rollback completed): /version answers it, the API serves what that
   * version serves, and the controllers (Karpenter's drift) react.
   */
  setKubernetesVersion(version: string): void {
    if (version === this.version) return;
    this.version = version;
    this.reconcile();
  }

  /** The current resourceVersion of the whole store. */
  get resourceVersion(): number {
    return this.lastResourceVersion;
  }

  /** Creates or replaces an object; records no write. */
  apply(obj: KubeObject): KubeObject {
    const key = storeKey(obj);
    const existing = this.objects.get(key);
    const stored = this.prepare(obj, existing);
    stored.metadata.resourceVersion = String(++this.lastResourceVersion);
    this.objects.set(key, stored);
    this.uids.set(stored.metadata.uid!, key);
    this.emit({ type: existing ? 'MODIFIED' : 'ADDED', object: stored });
    this.reconcile();
    return structuredClone(stored);
  }

  /**
   * The object as `apply` would store it (uid, creationTimestamp, generation
   * filled in), without storing it: what a dry-run write answers. A new
   * object has no resourceVersion; a changed one keeps the stored one.
   */
  preview(obj: KubeObject): KubeObject {
    const existing = this.objects.get(storeKey(obj));
    const previewed = this.prepare(obj, existing);
    if (existing) {
      previewed.metadata.resourceVersion = existing.metadata.resourceVersion;
    } else {
      delete previewed.metadata.resourceVersion;
    }
    return previewed;
  }

  private prepare(obj: KubeObject, existing: KubeObject | undefined) {
    const stored = structuredClone(obj);
    // what the API server's decoder defaults, also for what controllers and
    // the seed store directly
    applyDecodeDefaults(stored);
    const metadata = stored.metadata;
    if (!metadata.namespace) delete metadata.namespace;
    metadata.uid = existing?.metadata.uid ?? metadata.uid ?? randomUUID();
    metadata.creationTimestamp =
      existing?.metadata.creationTimestamp ??
      metadata.creationTimestamp ??
      kubeTimestamp();
    const previousGeneration = Number(existing?.metadata.generation ?? 0);
    metadata.generation =
      existing && specOf(existing) === specOf(stored)
        ? previousGeneration
        : previousGeneration + 1;
    return stored;
  }

  /** The stored object with this uid, not copied: never modify it. */
  byUid(uid: string): KubeObject | undefined {
    const key = this.uids.get(uid);
    return key === undefined ? undefined : this.objects.get(key);
  }

  /** Every stored object, not copied: for the garbage collector. */
  viewAll(): ReadonlyArray<KubeObject> {
    return [...this.objects.values()];
  }

  get(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    const found = this.objects.get(keyOf(apiVersion, kind, namespace, name));
    return found ? structuredClone(found) : undefined;
  }

  /** Objects of one kind, in one namespace or all, sorted like etcd keys. */
  list(apiVersion: string, kind: string, namespace?: string): KubeObject[] {
    const group = groupOf(apiVersion);
    const found: KubeObject[] = [];
    for (const obj of this.objects.values()) {
      if (groupOf(obj.apiVersion) !== group || obj.kind !== kind) continue;
      if (namespace !== undefined && obj.metadata.namespace !== namespace) {
        continue;
      }
      found.push(structuredClone(obj));
    }
    return found.sort((a, b) =>
      `${a.metadata.namespace ?? ''}/${a.metadata.name}`.localeCompare(
        `${b.metadata.namespace ?? ''}/${b.metadata.name}`,
      ),
    );
  }

  /**
   * Like `list`, without copying: the stored objects themselves, for the
   * simulation controllers, which never modify what they read.
   */
  view(
    apiVersion: string,
    kind: string,
    namespace?: string,
  ): ReadonlyArray<KubeObject> {
    const group = groupOf(apiVersion);
    const found: KubeObject[] = [];
    for (const obj of this.objects.values()) {
      if (groupOf(obj.apiVersion) !== group || obj.kind !== kind) continue;
      if (namespace !== undefined && obj.metadata.namespace !== namespace) {
        continue;
      }
      found.push(obj);
    }
    return found.sort((a, b) =>
      `${a.metadata.namespace ?? ''}/${a.metadata.name}`.localeCompare(
        `${b.metadata.namespace ?? ''}/${b.metadata.name}`,
      ),
    );
  }

  /**
   * Runs `change` with the simulation paused, then reconciles once: for
   * seeding many objects at a time.
   */
  batch<T>(change: () => T): T {
    if (this.reconciling) return change();
    this.reconciling = true;
    try {
      return change();
    } finally {
      this.reconciling = false;
      this.reconcile();
    }
  }

  /**
   * Removes an object at store level; removing a namespace removes every
   * object in it first. Records no write.
   */
  remove(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ): boolean {
    const key = keyOf(apiVersion, kind, namespace, name);
    const existing = this.objects.get(key);
    if (!existing) return false;
    if (groupOf(apiVersion) === '' && kind === 'Namespace') {
      for (const obj of [...this.objects.values()]) {
        if (obj.metadata.namespace === name) {
          this.removeStored(obj);
        }
      }
    }
    this.removeStored(existing);
    this.reconcile();
    return true;
  }

  onChange(listener: (change: KubeChange) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Drops the changes recorded so far (a watch resuming from before now
   * gets 410 Gone, as from a compacted etcd): what a cluster built in one go
   * (a sandbox fleet's) need not keep.
   */
  forgetHistory(): void {
    this.history.length = 0;
    this.forgottenThrough = this.lastResourceVersion;
  }

  /** Changes after a resourceVersion, or undefined when they are no longer kept. */
  changesSince(resourceVersion: number): RecordedChange[] | undefined {
    if (resourceVersion < this.forgottenThrough) return undefined;
    // Every resourceVersion is one change, so the history is continuous.
    const oldest = this.history[0]?.resourceVersion;
    if (oldest !== undefined && resourceVersion < oldest - 1) return undefined;
    return this.history
      .filter(c => c.resourceVersion > resourceVersion)
      .map(c => structuredClone(c));
  }

  /** The resource types served: the built-ins and those of stored CRDs. */
  resourceTypes(): ResourceType[] {
    const crds = this.view(
      'apiextensions.k8s.io/v1',
      'CustomResourceDefinition',
    );
    const served = BUILTIN_RESOURCES.filter(
      t =>
        !t.removedIn || stillServed({ removedIn: t.removedIn }, this.version),
    );
    return [...served, ...crds.flatMap(resourcesOfCrd)];
  }

  /** The AWS resources Karpenter resolves node classes against, if known. */
  karpenterAws(): KarpenterAwsView | undefined {
    return this.hooks.aws;
  }

  /** Whether the EKS Pod Identity agent runs in this cluster. */
  podIdentityAgentActive(): boolean {
    if (this.hooks.podIdentityAgentActive) {
      return this.hooks.podIdentityAgentActive();
    }
    return (
      this.get(
        'apps/v1',
        'DaemonSet',
        'kube-system',
        'eks-pod-identity-agent',
      ) !== undefined
    );
  }

  /**
   * Runs the simulation controllers until the cluster is stable. Call it when
   * something outside the store changed (e.g. the Pod Identity add-on).
   */
  reconcile(): void {
    if (this.reconciling || this.controllers.length === 0) return;
    this.reconciling = true;
    try {
      let settled = false;
      for (let pass = 0; pass < 25 && !settled; pass++) {
        const before = this.lastResourceVersion;
        for (const controller of this.controllers) controller(this);
        settled = this.lastResourceVersion === before;
      }
      // the controllers still had work (e.g. a long rolling update): go on
      // shortly instead of leaving the cluster half-way (a pause in between,
      // as controllers' work queues rate-limit)
      if (!settled) this.wakeAt(Date.now() + 50);
    } finally {
      this.reconciling = false;
    }
  }

  /**
   * Runs `tick` every probe interval while `active()` says so; the timer is
   * unreferenced and stops by itself.
   */
  scheduleProbes(active: () => boolean, tick: () => void): void {
    if (this.probeTimer || !active()) return;
    this.probeTimer = setInterval(() => {
      if (!active()) {
        this.stopProbes();
        return;
      }
      tick();
      this.reconcile();
    }, this.probeIntervalMs);
    this.probeTimer.unref();
  }

  /**
   * Reconciles again at a time (epoch ms), for controllers that wait (e.g. a
   * rolling update's next step). The timer never keeps the process alive.
   */
  wakeAt(at: number): void {
    if (this.wakeTimer && this.wakeTimer.at <= at) return;
    if (this.wakeTimer) clearTimeout(this.wakeTimer.timer);
    const timer = setTimeout(() => {
      this.wakeTimer = undefined;
      this.reconcile();
    }, Math.max(0, at - Date.now()));
    timer.unref();
    this.wakeTimer = { at, timer };
  }

  /** Stops the simulation's timers (when the sandbox shuts down). */
  stopProbes(): void {
    if (this.probeTimer) clearInterval(this.probeTimer);
    this.probeTimer = undefined;
    if (this.wakeTimer) clearTimeout(this.wakeTimer.timer);
    this.wakeTimer = undefined;
  }

  private removeStored(obj: KubeObject): void {
    const key = storeKey(obj);
    this.objects.delete(key);
    if (this.uids.get(obj.metadata.uid ?? '') === key) {
      this.uids.delete(obj.metadata.uid!);
    }
    const gone = structuredClone(obj);
    gone.metadata.resourceVersion = String(++this.lastResourceVersion);
    this.emit({ type: 'DELETED', object: gone });
  }

  private emit(change: KubeChange): void {
    const resourceVersion = Number(change.object.metadata.resourceVersion);
    this.history.push({ resourceVersion, change: structuredClone(change) });
    if (this.history.length > HISTORY_LIMIT) this.history.shift();
    for (const listener of [...this.listeners]) {
      listener(structuredClone(change));
    }
  }
}
