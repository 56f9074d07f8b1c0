import { canonicalJson } from '../patches.ts';
import { kubeTimestamp } from '../time.ts';
import type { KubeObject } from '../types.ts';
import { recordEvent } from './events.ts';
import { templateHash } from './names.ts';
import {
  claim,
  controllerRefOf,
  desiredReplicas,
  replicaSetSpecOf,
  type ReplicaSetSpec,
} from './replicaSets.ts';
import { updateStatus } from './status.ts';
import {
  isTerminating,
  ownerReference,
  type Condition,
  type SimulatedCluster,
} from './types.ts';
import { templateOf, type PodTemplate } from './workloads.ts';

export const POD_TEMPLATE_HASH = 'pod-template-hash';
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
/** Deployment annotations not copied to its ReplicaSets. */
const ANNOTATIONS_TO_SKIP = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION_ANNOTATION,
  'deployment.kubernetes.io/revision-history',
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  'deprecated.deployment.rollback.to',
]);

type IntOrPercent = number | string;

interface DeploymentSpec extends ReplicaSetSpec {
  template?: PodTemplate;
  paused?: boolean;
  revisionHistoryLimit?: number;
  progressDeadlineSeconds?: number;
  strategy?: {
    type?: 'RollingUpdate' | 'Recreate';
    rollingUpdate?: { maxSurge?: IntOrPercent; maxUnavailable?: IntOrPercent };
  };
}

interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  conditions?: Condition[];
  collisionCount?: number;
}

function specOf(deployment: KubeObject): DeploymentSpec {
  return (deployment.spec ?? {}) as DeploymentSpec;
}

function statusOf(obj: KubeObject): DeploymentStatus {
  return (obj.status ?? {}) as DeploymentStatus;
}

/** An int-or-percent of `total` (percentages round up or down). */
function resolve(value: IntOrPercent | undefined, total: number, up: boolean) {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const percent = Number(value.replace(/%$/, ''));
  const exact = (percent * total) / 100;
  return up ? Math.ceil(exact) : Math.floor(exact);
}

/**
 * maxSurge (rounded up) and maxUnavailable (rounded down) of a rolling
 * update; both zero would stall, so maxUnavailable is then 1
 * (ResolveFenceposts).
 */
function fenceposts(deployment: KubeObject): [number, number] {
  const spec = specOf(deployment);
  if (spec.strategy?.type === 'Recreate') return [0, 0];
  const rolling = spec.strategy?.rollingUpdate ?? {};
  const replicas = desiredReplicas(deployment);
  const surge = resolve(rolling.maxSurge ?? '25%', replicas, true);
  const unavailable = resolve(rolling.maxUnavailable ?? '25%', replicas, false);
  return [surge, surge === 0 && unavailable === 0 ? 1 : unavailable];
}

function revisionOf(rs: KubeObject): number {
  return Number(rs.metadata.annotations?.[REVISION_ANNOTATION] ?? 0) || 0;
}

function specReplicas(rs: KubeObject): number {
  return replicaSetSpecOf(rs).replicas ?? 0;
}

function sum(sets: KubeObject[], of: (rs: KubeObject) => number): number {
  return sets.reduce((total, rs) => total + of(rs), 0);
}

const statusReplicas = (rs: KubeObject) =>
  Number((rs.status as DeploymentStatus | undefined)?.replicas ?? 0);
const readyReplicas = (rs: KubeObject) =>
  Number((rs.status as DeploymentStatus | undefined)?.readyReplicas ?? 0);
const availableReplicas = (rs: KubeObject) =>
  Number((rs.status as DeploymentStatus | undefined)?.availableReplicas ?? 0);

/**
 * Oldest first. Timestamps have whole seconds, so ReplicaSets created in
 * the same second are ordered by the revision they were created as.
 */
function byCreation(a: KubeObject, b: KubeObject): number {
  return (
    (a.metadata.creationTimestamp ?? '').localeCompare(
      b.metadata.creationTimestamp ?? '',
    ) ||
    revisionOf(a) - revisionOf(b) ||
    a.metadata.name.localeCompare(b.metadata.name)
  );
}

/**
 * A value without null fields and empty objects: a typed API object cannot
 * tell them from absent ones (a template with `metadata: {}` is the same
 * template as one without metadata).
 */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .map(([k, v]) => [k, withoutNulls(v)] as const)
        .filter(
          ([, v]) =>
            v !== null &&
            v !== undefined &&
            !(
              typeof v === 'object' &&
              !Array.isArray(v) &&
              Object.keys(v).length === 0
            ),
        ),
    );
  }
  return value;
}

/**
 * A pod template without the pod-template-hash label, for comparing
 * (EqualIgnoreHash). `kubectl rollout undo` sends the template with
 * `creationTimestamp: null`, which a typed template does not keep.
 */
function withoutHash(template: PodTemplate | undefined): string {
  const copy = withoutNulls(structuredClone(template ?? {})) as PodTemplate;
  if (copy.metadata?.labels) {
    delete copy.metadata.labels[POD_TEMPLATE_HASH];
    if (Object.keys(copy.metadata.labels).length === 0) {
      delete copy.metadata.labels;
    }
  }
  return canonicalJson(copy);
}

class DeploymentSync {
  private readonly replicas: number;
  private readonly surge: number;
  private readonly unavailable: number;
  private scaled = false;

  constructor(
    private readonly cluster: SimulatedCluster,
    private deployment: KubeObject,
  ) {
    this.replicas = desiredReplicas(deployment);
    [this.surge, this.unavailable] = fenceposts(deployment);
  }

  private get name() {
    return this.deployment.metadata.name;
  }

  private get namespace() {
    return this.deployment.metadata.namespace;
  }

  run(): void {
    const spec = specOf(this.deployment);
    const sets = claim(
      this.cluster,
      this.deployment,
      this.cluster.view('apps/v1', 'ReplicaSet', this.namespace),
      spec.selector,
    );
    if (isTerminating(this.deployment)) {
      this.syncStatus(sets, this.findNew(sets));
      return;
    }
    const previous = structuredClone(statusOf(this.deployment));
    if (spec.paused) {
      this.syncPaused(sets);
      return;
    }
    let current = sets;
    let newRs = this.findNew(current);
    if (spec.strategy?.type === 'Recreate') {
      const old = current.filter(rs => rs !== newRs);
      for (const rs of old.filter(r => specReplicas(r) > 0)) {
        this.scale(rs, 0);
      }
      const oldPods = sum(old, statusReplicas);
      if (!this.scaled && oldPods === 0) {
        newRs ??= this.createNew(current, 0);
        current = [...old, newRs];
        newRs = this.syncNew(current, newRs);
        if (specReplicas(newRs) !== this.replicas) {
          newRs = this.scale(newRs, this.replicas);
        }
      } else if (newRs) {
        newRs = this.syncNew(current, newRs);
      }
    } else {
      newRs = newRs
        ? this.syncNew(current, newRs)
        : this.createNew(current, undefined);
      current = [
        ...current.filter(rs => rs.metadata.uid !== newRs!.metadata.uid),
        newRs,
      ];
      this.rollingUpdate(current, newRs);
    }
    current = this.refresh(current);
    newRs = newRs ? this.refresh([newRs])[0] : undefined;
    this.cleanup(current, newRs);
    this.syncStatus(this.refresh(current), newRs, previous);
  }

  /** The ReplicaSet whose template is the Deployment's (ignoring the hash label). */
  private findNew(sets: KubeObject[]): KubeObject | undefined {
    const wanted = withoutHash(templateOf(this.deployment));
    return [...sets]
      .sort(byCreation)
      .find(rs => withoutHash(templateOf(rs)) === wanted);
  }

  private refresh(sets: KubeObject[]): KubeObject[] {
    return sets
      .map(rs =>
        this.cluster.get(
          rs.apiVersion,
          rs.kind,
          rs.metadata.namespace,
          rs.metadata.name,
        ),
      )
      .filter((rs): rs is KubeObject => rs !== undefined);
  }

  /** The annotations a ReplicaSet of this Deployment carries. */
  private annotationsFor(rs: KubeObject | undefined, revision: number) {
    const copied = Object.fromEntries(
      Object.entries(this.deployment.metadata.annotations ?? {}).filter(
        ([key]) => !ANNOTATIONS_TO_SKIP.has(key),
      ),
    );
    return {
      ...rs?.metadata.annotations,
      ...copied,
      [DESIRED_REPLICAS_ANNOTATION]: String(this.replicas),
      [MAX_REPLICAS_ANNOTATION]: String(this.replicas + this.surge),
      [REVISION_ANNOTATION]: String(revision),
    };
  }

  private createNew(sets: KubeObject[], replicas: number | undefined) {
    const template = structuredClone(templateOf(this.deployment));
    const hash = templateHash(JSON.parse(withoutHash(template)));
    // the ReplicaSet of this template exists already (the deployment
    // controller's create answers AlreadyExists): it is the new one
    const existing = this.cluster.get(
      'apps/v1',
      'ReplicaSet',
      this.namespace,
      `${this.name}-${hash}`,
    );
    if (
      existing &&
      controllerRefOf(existing)?.uid === this.deployment.metadata.uid
    ) {
      return this.syncNew(sets, existing);
    }
    template.metadata = {
      ...template.metadata,
      labels: { ...template.metadata?.labels, [POD_TEMPLATE_HASH]: hash },
    };
    const spec = specOf(this.deployment);
    const revision = Math.max(0, ...sets.map(revisionOf)) + 1;
    const initial =
      replicas ??
      Math.max(
        0,
        Math.min(
          this.replicas,
          this.replicas + this.surge - sum(sets, specReplicas),
        ),
      );
    const created = this.cluster.apply({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${this.name}-${hash}`,
        namespace: this.namespace,
        labels: { ...template.metadata.labels },
        annotations: this.annotationsFor(undefined, revision),
        ownerReferences: [ownerReference(this.deployment)],
      },
      spec: {
        replicas: initial,
        minReadySeconds: spec.minReadySeconds ?? 0,
        selector: {
          ...spec.selector,
          matchLabels: {
            ...spec.selector?.matchLabels,
            [POD_TEMPLATE_HASH]: hash,
          },
        },
        template,
      },
    });
    if (initial > 0) this.scalingEvent(created, 0, initial);
    this.setRevision(revision);
    this.setCondition(
      {
        type: 'Progressing',
        status: 'True',
        reason: 'NewReplicaSetCreated',
        message: `Created new replica set "${created.metadata.name}"`,
      },
      true,
    );
    return created;
  }

  /** Brings the new ReplicaSet's revision, annotations and minReadySeconds in line. */
  private syncNew(sets: KubeObject[], rs: KubeObject): KubeObject {
    const others = sets.filter(s => s.metadata.uid !== rs.metadata.uid);
    const maxOld = Math.max(0, ...others.map(revisionOf));
    const revision = revisionOf(rs) > maxOld ? revisionOf(rs) : maxOld + 1;
    const annotations = this.annotationsFor(rs, revision);
    const minReadySeconds = specOf(this.deployment).minReadySeconds ?? 0;
    let synced = rs;
    if (
      canonicalJson(annotations) !==
        canonicalJson(rs.metadata.annotations ?? {}) ||
      (replicaSetSpecOf(rs).minReadySeconds ?? 0) !== minReadySeconds
    ) {
      synced = this.cluster.apply({
        ...rs,
        metadata: { ...rs.metadata, annotations },
        spec: { ...(rs.spec as object), minReadySeconds },
      });
    }
    this.setRevision(revision);
    if (
      !statusOf(this.deployment).conditions?.some(c => c.type === 'Progressing')
    ) {
      this.setCondition(
        {
          type: 'Progressing',
          status: 'True',
          reason: 'FoundNewReplicaSet',
          message: `Found new replica set "${rs.metadata.name}"`,
        },
        true,
      );
    }
    return synced;
  }

  /** Scales the new ReplicaSet up within maxSurge, then old ones down within maxUnavailable. */
  private rollingUpdate(sets: KubeObject[], newRs: KubeObject): void {
    const newReplicas = specReplicas(newRs);
    if (newReplicas > this.replicas) {
      this.scale(newRs, this.replicas);
      return;
    }
    if (newReplicas < this.replicas) {
      const total = sum(sets, specReplicas);
      const maxTotal = this.replicas + this.surge;
      if (total < maxTotal) {
        const up = Math.min(maxTotal - total, this.replicas - newReplicas);
        this.scale(newRs, newReplicas + up);
        return;
      }
    }
    const old = sets
      .filter(
        rs => rs.metadata.uid !== newRs.metadata.uid && specReplicas(rs) > 0,
      )
      .sort(byCreation);
    if (old.length === 0) return;
    const all = sum(sets, specReplicas);
    const minAvailable = this.replicas - this.unavailable;
    const newUnavailable = specReplicas(newRs) - availableReplicas(newRs);
    const maxScaledDown = all - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) return;
    // unhealthy old pods go first
    let cleaned = 0;
    for (const rs of old) {
      if (cleaned >= maxScaledDown) break;
      const unhealthy = specReplicas(rs) - availableReplicas(rs);
      if (unhealthy <= 0) continue;
      const down = Math.min(maxScaledDown - cleaned, unhealthy);
      this.scale(rs, specReplicas(rs) - down);
      cleaned += down;
    }
    const remaining = this.refresh(old);
    const available = sum(this.refresh(sets), availableReplicas);
    if (available <= minAvailable) return;
    let budget = available - minAvailable;
    for (const rs of remaining) {
      if (budget <= 0) break;
      if (specReplicas(rs) === 0) continue;
      const down = Math.min(specReplicas(rs), budget);
      this.scale(rs, specReplicas(rs) - down);
      budget -= down;
    }
  }

  /** A paused Deployment only scales its newest active ReplicaSet. */
  private syncPaused(sets: KubeObject[]): void {
    const active = sets.filter(rs => specReplicas(rs) > 0);
    const target =
      active.length === 1 ? active[0] : [...sets].sort(byCreation).pop();
    if (
      target &&
      active.length <= 1 &&
      specReplicas(target) !== this.replicas
    ) {
      this.scale(target, this.replicas);
    }
    this.syncStatus(this.refresh(sets), this.findNew(sets));
  }

  private scale(rs: KubeObject, replicas: number): KubeObject {
    const current = specReplicas(rs);
    if (current === replicas) return rs;
    this.scaled = true;
    const scaled = this.cluster.apply({
      ...rs,
      metadata: {
        ...rs.metadata,
        annotations: {
          ...rs.metadata.annotations,
          [DESIRED_REPLICAS_ANNOTATION]: String(this.replicas),
          [MAX_REPLICAS_ANNOTATION]: String(this.replicas + this.surge),
        },
      },
      spec: { ...(rs.spec as object), replicas },
    });
    this.scalingEvent(scaled, current, replicas);
    return scaled;
  }

  private scalingEvent(rs: KubeObject, from: number, to: number) {
    recordEvent(this.cluster, this.deployment, {
      type: 'Normal',
      reason: 'ScalingReplicaSet',
      message: `Scaled ${to > from ? 'up' : 'down'} replica set ${
        rs.metadata.name
      } from ${from} to ${to}`,
      component: 'deployment-controller',
    });
  }

  /** Keeps `revisionHistoryLimit` old ReplicaSets that run no pods. */
  private cleanup(all: KubeObject[], newRs: KubeObject | undefined) {
    const limit = specOf(this.deployment).revisionHistoryLimit ?? 10;
    if (!newRs || !this.complete(all, newRs)) return;
    const old = all.filter(rs => rs.metadata.uid !== newRs.metadata.uid);
    const idle = old.filter(
      rs =>
        specReplicas(rs) === 0 &&
        statusReplicas(rs) === 0 &&
        !isTerminating(rs) &&
        Number(rs.metadata.generation ?? 0) <=
          Number(
            (rs.status as DeploymentStatus | undefined)?.observedGeneration ??
              0,
          ),
    );
    const surplus = old.length - limit;
    for (const rs of idle.sort(byCreation).slice(0, Math.max(0, surplus))) {
      this.cluster.remove(
        rs.apiVersion,
        rs.kind,
        rs.metadata.namespace,
        rs.metadata.name,
      );
    }
  }

  private complete(sets: KubeObject[], newRs: KubeObject): boolean {
    return (
      statusReplicas(newRs) === this.replicas &&
      sum(sets, statusReplicas) === this.replicas &&
      sum(sets, availableReplicas) === this.replicas
    );
  }

  private setRevision(revision: number): void {
    const current = this.deployment.metadata.annotations?.[REVISION_ANNOTATION];
    if (current === String(revision)) return;
    this.deployment = this.cluster.apply({
      ...this.deployment,
      metadata: {
        ...this.deployment.metadata,
        annotations: {
          ...this.deployment.metadata.annotations,
          [REVISION_ANNOTATION]: String(revision),
        },
      },
    });
  }

  /**
   * SetDeploymentCondition: a condition with the same status and reason is
   * kept as it is; a new status gets a new lastTransitionTime.
   */
  private setCondition(
    condition: Pick<Condition, 'type' | 'status' | 'reason' | 'message'>,
    write = false,
    conditions = statusOf(this.deployment).conditions ?? [],
  ): Condition[] {
    const existing = conditions.find(c => c.type === condition.type);
    if (
      existing?.status === condition.status &&
      existing?.reason === condition.reason
    ) {
      return conditions;
    }
    const now = kubeTimestamp();
    const next: Condition = {
      ...condition,
      lastUpdateTime: now,
      lastTransitionTime:
        existing?.status === condition.status
          ? existing?.lastTransitionTime ?? now
          : now,
    };
    const updated = [
      ...conditions.filter(c => c.type !== condition.type),
      next,
    ];
    if (write) {
      this.deployment = this.cluster.apply({
        ...this.deployment,
        status: { ...statusOf(this.deployment), conditions: updated },
      });
    }
    return updated;
  }

  /** calculateStatus + syncRolloutStatus of the deployment controller. */
  private syncStatus(
    sets: KubeObject[],
    newRs: KubeObject | undefined,
    previous: DeploymentStatus = statusOf(this.deployment),
  ): void {
    const fresh = this.cluster.get(
      this.deployment.apiVersion,
      this.deployment.kind,
      this.namespace,
      this.name,
    );
    if (!fresh) return;
    this.deployment = fresh;
    const available = sum(sets, availableReplicas);
    const total = sum(sets, specReplicas);
    const status: DeploymentStatus = {
      observedGeneration: Number(fresh.metadata.generation),
      replicas: sum(sets, statusReplicas),
      updatedReplicas: newRs ? statusReplicas(newRs) : 0,
      readyReplicas: sum(sets, readyReplicas),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, total - available),
      ...(statusOf(fresh).collisionCount !== undefined
        ? { collisionCount: statusOf(fresh).collisionCount }
        : {}),
    };
    let conditions = this.setCondition(
      available >= this.replicas - this.unavailable
        ? {
            type: 'Available',
            status: 'True',
            reason: 'MinimumReplicasAvailable',
            message: 'Deployment has minimum availability.',
          }
        : {
            type: 'Available',
            status: 'False',
            reason: 'MinimumReplicasUnavailable',
            message: 'Deployment does not have minimum availability.',
          },
    );
    const spec = specOf(fresh);
    const progressing = conditions.find(c => c.type === 'Progressing');
    if (spec.paused) {
      conditions = this.setCondition(
        {
          type: 'Progressing',
          status: 'Unknown',
          reason: 'DeploymentPaused',
          message: 'Deployment is paused',
        },
        false,
        conditions,
      );
    } else if (progressing?.reason === 'DeploymentPaused') {
      conditions = this.setCondition(
        {
          type: 'Progressing',
          status: 'Unknown',
          reason: 'DeploymentResumed',
          message: 'Deployment is resumed',
        },
        false,
        conditions,
      );
    } else if (!isTerminating(fresh) && newRs) {
      conditions = this.progress(status, previous, newRs, conditions);
    }
    const { unavailableReplicas, ...rest } = status;
    updateStatus(this.cluster, fresh, {
      ...rest,
      ...(unavailableReplicas ? { unavailableReplicas } : {}),
      conditions,
    });
  }

  /** The Progressing condition (syncRolloutStatus), with the progress deadline. */
  private progress(
    status: DeploymentStatus,
    previous: DeploymentStatus,
    newRs: KubeObject,
    conditions: Condition[],
  ): Condition[] {
    const name = newRs.metadata.name;
    const completed =
      status.updatedReplicas === this.replicas &&
      status.replicas === this.replicas &&
      status.availableReplicas === this.replicas &&
      Number(status.observedGeneration) >=
        Number(this.deployment.metadata.generation);
    const current = conditions.find(c => c.type === 'Progressing');
    if (completed) {
      return this.setCondition(
        {
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
          message: `ReplicaSet "${name}" has successfully progressed.`,
        },
        false,
        conditions,
      );
    }
    const progressed =
      (status.updatedReplicas ?? 0) > (previous.updatedReplicas ?? 0) ||
      (status.readyReplicas ?? 0) > (previous.readyReplicas ?? 0) ||
      (status.availableReplicas ?? 0) > (previous.availableReplicas ?? 0) ||
      (status.replicas ?? 0) - (status.updatedReplicas ?? 0) <
        (previous.replicas ?? 0) - (previous.updatedReplicas ?? 0);
    if (progressed) {
      const now = kubeTimestamp();
      const next: Condition = {
        type: 'Progressing',
        status: 'True',
        reason: 'ReplicaSetUpdated',
        message: `ReplicaSet "${name}" is progressing.`,
        lastUpdateTime: now,
        lastTransitionTime:
          current?.status === 'True' ? current.lastTransitionTime ?? now : now,
      };
      return [...conditions.filter(c => c.type !== 'Progressing'), next];
    }
    const deadline = specOf(this.deployment).progressDeadlineSeconds;
    if (
      deadline === undefined ||
      deadline >= 2147483647 ||
      !current ||
      current.reason === 'NewReplicaSetAvailable' ||
      current.reason === 'ProgressDeadlineExceeded'
    ) {
      return conditions;
    }
    const from = Date.parse(String(current.lastUpdateTime ?? ''));
    if (Number.isNaN(from)) return conditions;
    const at = from + deadline * 1000;
    if (at > Date.now()) {
      this.cluster.wakeAt(at);
      return conditions;
    }
    return this.setCondition(
      {
        type: 'Progressing',
        status: 'False',
        reason: 'ProgressDeadlineExceeded',
        message: `ReplicaSet "${name}" has timed out progressing.`,
      },
      false,
      conditions,
    );
  }
}

/**
 * Deployments as the deployment controller runs them: one ReplicaSet per
 * pod template (named `<deployment>-<pod-template-hash>`, owned by the
 * Deployment, revision annotations), rolled out with the RollingUpdate
 * (maxSurge / maxUnavailable) or Recreate strategy, old ReplicaSets kept up
 * to `revisionHistoryLimit`, and the status (replicas, updated, ready,
 * available, the Available and Progressing conditions with their reasons,
 * ProgressDeadlineExceeded) that `kubectl rollout status` reads.
 */
export function deploymentController(cluster: SimulatedCluster): void {
  for (const deployment of cluster.view('apps/v1', 'Deployment')) {
    new DeploymentSync(cluster, deployment).run();
  }
}
