import { isPlainObject } from './patches.ts';

/**
 * How the API server merges the lists and maps of each type: the strategic
 * merge patch strategy (`x-kubernetes-patch-strategy`,
 * `x-kubernetes-patch-merge-key`) and the server-side apply structure
 * (`x-kubernetes-list-type`, `x-kubernetes-list-map-keys`,
 * `x-kubernetes-map-type`). One source for the patch and apply code and for
 * the OpenAPI documents the sandbox serves.
 *
 * DEFINITIONS is transcribed from the struct tags (`patchStrategy`,
 * `patchMergeKey`) and markers (`+listType`, `+listMapKey`, `+structType`,
 * `+mapType`) of k8s.io/api (core, apps, batch, networking, policy, storage
 * v1, autoscaling v2, flowcontrol v1 and v1beta3), k8s.io/apimachinery (meta/v1),
 * k8s.io/apiextensions-apiserver (v1) and k8s.io/kube-aggregator (v1),
 * for every type reachable from the kinds in KIND_DEFINITIONS. A definition
 * lists only the fields that are lists, atomic maps, carry a patch strategy,
 * or lead to such fields; every other field is a plain scalar or a granular
 * map, and a list without an entry is atomic (strategic merge patch replaces
 * it), as in the API. `listMapKeyDefaults` come from the `default` of those
 * key fields in the API's OpenAPI schema (ContainerPort and ServicePort
 * `protocol`).
 */
export type ListType = 'atomic' | 'set' | 'map';

export interface ListStrategy {
  /** `x-kubernetes-list-type` (server-side apply). */
  listType: ListType;
  /** `x-kubernetes-list-map-keys`, for `map` lists. */
  listMapKeys?: string[];
  /**
   * The schema defaults of key fields (`protocol: TCP` of ports): an element
   * that omits such a key is identified with its default, as
   * structured-merge-diff does.
   */
  listMapKeyDefaults?: Record<string, unknown>;
  /** `x-kubernetes-patch-strategy` (strategic merge patch). */
  patchStrategy?: 'merge' | 'merge,retainKeys';
  /** `x-kubernetes-patch-merge-key`. */
  patchMergeKey?: string;
}

export interface FieldStrategy {
  /** The definition of an object-valued field. */
  type?: string;
  /** The definition of the elements of a list or the values of a map. */
  elements?: string;
  list?: ListStrategy;
  /** `x-kubernetes-map-type: atomic`. */
  mapType?: 'atomic';
  /** Patch strategy of an object-valued field. */
  patchStrategy?: 'retainKeys' | 'replace';
}

export interface DefinitionStrategy {
  /** `x-kubernetes-map-type: atomic` on the whole type (`+structType=atomic`). */
  structType?: 'atomic';
  fields?: Record<string, FieldStrategy>;
}

export const DEFINITIONS: Record<string, DefinitionStrategy> = {
  'io.k8s.api.apps.v1.DaemonSet': {
    fields: {
      metadata: { type: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
      spec: { type: 'io.k8s.api.apps.v1.DaemonSetSpec' },
      status: { type: 'io.k8s.api.apps.v1.DaemonSetStatus' },
    },
  },
  'io.k8s.api.apps.v1.DaemonSetSpec': {
    fields: {
      selector: { type: 'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector' },
      template: { type: 'io.k8s.api.core.v1.PodTemplateSpec' },
    },
  },
  'io.k8s.api.apps.v1.DaemonSetStatus': {
    fields: {
      conditions: {
        elements: 'io.k8s.api.apps.v1.DaemonSetCondition',
        list: {
          listMapKeys: ['type'],
          listType: 'map',
          patchMergeKey: 'type',
          patchStrategy: 'merge',
        },
      },
    },
  },
  'io.k8s.api.apps.v1.Deployment': {
    fields: {
      metadata: { type: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
      spec: { type: 'io.k8s.api.apps.v1.DeploymentSpec' },
      status: { type: 'io.k8s.api.apps.v1.DeploymentStatus' },
    },
  },
  'io.k8s.api.apps.v1.DeploymentSpec': {
    fields: {
      selector: { type: 'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector' },
      strategy: { patchStrategy: 'retainKeys' },
      template: { type: 'io.k8s.api.core.v1.PodTemplateSpec' },
    },
  },
  'io.k8s.api.apps.v1.DeploymentStatus': {
    fields: {
      conditions: {
        elements: 'io.k8s.api.apps.v1.DeploymentCondition',
        list: {
          listMapKeys: ['type'],
          listType: 'map',
          patchMergeKey: 'type',
          patchStrategy: 'merge',
        },
      },
    },
  },
  'io.k8s.api.apps.v1.ReplicaSet': {
    fields: {
      metadata: { type: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
      spec: { type: 'io.k8s.api.apps.v1.ReplicaSetSpec' },
      status: { type: 'io.k8s.api.apps.v1.ReplicaSetStatus' },
    },
  },
  'io.k8s.api.apps.v1.ReplicaSetSpec': {
    fields: {
      selector: { type: 'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector' },
      template: { type: 'io.k8s.api.core.v1.PodTemplateSpec' },
    },
  },
  'io.k8s.api.apps.v1.ReplicaSetStatus': {
    fields: {
      conditions: {
        elements: 'io.k8s.api.apps.v1.ReplicaSetCondition',
        list: {
          listMapKeys: ['type'],
          listType: 'map',
          patchMergeKey: 'type',
          patchStrategy: 'merge',
        },
      },
    },
  },
  'io.k8s.api.apps.v1.StatefulSet': {
    fields: {
      metadata: { type: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
      spec: { type: 'io.k8s.api.apps.v1.StatefulSetSpec' },
      status: { type: 'io.k8s.api.apps.v1.StatefulSetStatus' },
    },
  },
  'io.k8s.api.apps.v1.StatefulSetSpec': {
    fields: {
      selector: { type: 'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector' },
      template: { type: 'io.k8s.api.core.v1.PodTemplateSpec' },
      volumeClaimTemplates: {
        elements: 'io.k8s.api.core.v1.PersistentVolumeClaim',
        list: { listType: 'atomic' },
      },
    },
  },
  'io.k8s.api.apps.v1.StatefulSetStatus': {
    fields: {
      conditions: {
        elements: 'io.k8s.api.apps.v1.StatefulSetCondition',
        list: {
          listMapKeys: ['type'],
          listType: 'map',
          patchMergeKey: 'type',
          patchStrategy: 'merge',
        },
      },
    },
  },
  'io.k8s.api.batch.v1.CronJob': {
    fields: {
      metadata: { type: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
      spec: { type: 'io.k8s.api.batch.v1.CronJobSpec' },
      status: { type: 'io.k8s.api.batch.v1.CronJobStatus' },
    },
  },
  'io.k8s.api.batch.v1.CronJobSpec': {
    fields: { jobTemplate: { type: 'io.k8s.api.batch.v1.JobTemplateSpec' } },
  },
  'io.k8s.api.batch.v1.CronJobStatus': {
    fields: {
      active: {
        elements: 'io.k8s.api.core.v1.ObjectReference',
        list: { listType: 'atomic' },
      },
    },
  },
  'io.k8s.api.batch.v1.Job': {
    fields: {
      metadata: { type: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
      spec: { type: 'io.k8s.api.batch.v1.JobSpec' },
      status: { type: 'io.k8s.api.batch.v1.JobStatus' },
    },
  },
  'io.k8s.api.batch.v1.JobSchedulingConfiguration': {
    fields: {
      resourceClaims: {
        list: {
          listMapKeys: ['name'],
          listType: 'map',
          patchMergeKey: 'name',
          patchStrategy: 'merge',
        },
      },
    },
  },
  'io.k8s.api.batch.v1.JobSpec': {
    fields: {
      podFailurePolicy: { type: 'io.k8s.api.batch.v1.PodFailurePolicy' },
      scheduling: { type: 'io.k8s.api.batch.v1.JobSchedulingConfiguration' },
      selector: { type: 'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector' },
      successPolicy: { type: 'io.k8s.api.batch.v1.SuccessPolicy' },
      template: { type: 'io.k8s.api.core.v1.PodTemplateSpec' },
    },
  },
  'io.k8s.api.batch.v1.JobStatus': {
    fields: {
      conditions: {
        list: {
          listType: 'atomic',
          patchMergeKey: 'type',
          patchStrategy: 'merge',
        },
      },
      uncountedTerminatedPods: {
        type: 'io.k8s.api.batch.v1.UncountedTerminatedPods',
      },
    },
  },
  'io.k8s.api.batch.v1.JobTemplateSpec': {
    fields: {
      metadata: { type: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
      spec: { type: 'io.k8s.api.batch.v1.JobSpec' },
    },
  },
  'io.k8s.api.batch.v1.PodFailurePolicy': {
    fields: {
      rules: {
        elements: 'io.k8s.api.batch.v1.PodFailurePolicyRule',
        list: { listType: 'atomic' },
      },
    },
  },
  'io.k8s.api.batch.v1.PodFailurePolicyOnExitCodesRequirement': {
    fields: { values: { list: { listType: 'set' } } },
  },
  'io.k8s.api.batch.v1.PodFailurePolicyRule': {
    fields: {
      onExitCodes: {
        type: 'io.k8s.api.batch.v1.PodFailurePolicyOnExitCodesRequirement',
      },
      onPodConditions: { list: { listType: 'atomic' } },
    },
  },
  'io.k8s.api.batch.v1.SuccessPolicy': {
    fields: { rules: { list: { listType: 'atomic' } } },
  },
  'io.k8s.api.batch.v1.UncountedTerminatedPods': {
    fields: {
      failed: { list: { listType: 'set' } },
      succeeded: { list: { listType: 'set' } },
    },
  },
  'io.k8s.api.core.v1.Affinity': {
    fields: {
      nodeAffinity: { type: 'io.k8s.api.core.v1.NodeAffinity' },
      podAffinity: { type: 'io.k8s.api.core.v1.PodAffinity' },
      podAntiAffinity: { type: 'io.k8s.api.core.v1.PodAntiAffinity' },
    },
  },
  'io.k8s.api.core.v1.CSIVolumeSource': {
    fields: {
      nodePublishSecretRef: { type: 'io.k8s.api.core.v1.LocalObjectReference' },
    },
  },
  'io.k8s.api.core.v1.Capabilities': {
    fields: {
      add: { list: { listType: 'atomic' } },
      drop: { list: { listType: 'atomic' } },
    },
  },
  'io.k8s.api.core.v1.CephFSVolumeSource': {
    fields: {
      monitors: { list: { listType: 'atomic' } },
      secretRef: { type: 'io.k8s.api.core.v1.LocalObjectReference' },
    },
  },
  'io.k8s.api.core.v1.CinderVolumeSource': {
    fields: { secretRef: { type: 'io.k8s.api.core.v1.LocalObjectReference' } },
  },
  'io.k8s.api.core.v1.ClusterTrustBundleProjection': {
    fields: {
      labelSelector: {
        type: 'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector',
      },
    },
  },
  'io.k8s.api.core.v1.ConfigMap': {
    fields: {
      metadata: { type: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
    },
  },
  'io.k8s.api.core.v1.ConfigMapKeySelector': { structType: 'atomic' },
  'io.k8s.api.core.v1.ConfigMapProjection': {
    fields: { items: { list: { listType: 'atomic' } } },
  },
  'io.k8s.api.core.v1.ConfigMapVolumeSource': {
    fields: { items: { list: { listType: 'atomic' } } },
  },
  'io.k8s.api.core.v1.Container': {
    fields: {
      args: { list: { listType: 'atomic' } },
      command: { list: { listType: 'atomic' } },
      env: {
        elements: 'io.k8s.api.core.v1.EnvVar',
        list: {
          listMapKeys: ['name'],
          listType: 'map',
          patchMergeKey: 'name',
          patchStrategy: 'merge',
        },
      },
      envFrom: { list: { listType: 'atomic' } },
      lifecycle: { type: 'io.k8s.api.core.v1.Lifecycle' },
      livenessProbe: { type: 'io.k8s.api.core.v1.Probe' },
      ports: {
        elements: 'io.k8s.api.core.v1.ContainerPort',
        list: {
          listMapKeys: ['containerPort', 'protocol'],
          listMapKeyDefaults: { protocol: 'TCP' },
          listType: 'map',
          patchMergeKey: 'containerPort',
          patchStrategy: 'merge',
        },
      },
      readinessProbe: { type: 'io.k8s.api.core.v1.Probe' },
      resizePolicy: { list: { listType: 'atomic' } },
      resources: { type: 'io.k8s.api.core.v1.ResourceRequirements' },
      restartPolicyRules: {
        elements: 'io.k8s.api.core.v1.ContainerRestartRule',
        list: { listType: 'atomic' },
      },
      securityContext: { type: 'io.k8s.api.core.v1.SecurityContext' },
      startupProbe: { type: 'io.k8s.api.core.v1.Probe' },
      volumeDevices: {
        elements: 'io.k8s.api.core.v1.VolumeDevice',
        list: {
          listMapKeys: ['devicePath'],
          listType: 'map',
          patchMergeKey: 'devicePath',
          patchStrategy: 'merge',
        },
      },
      volumeMounts: {
        elements: 'io.k8s.api.core.v1.VolumeMount',
        list: {
          listMapKeys: ['mountPath'],
          listType: 'map',
          patchMergeKey: 'mountPath',
          patchStrategy: 'merge',
        },
      },
    },
  },
  'io.k8s.api.core.v1.ContainerImage': {
    fields: { names: { list: { listType: 'atomic' } } },
  },
  'io.k8s.api.core.v1.ContainerRestartRule': {
    fields: {
      exitCodes: { type: 'io.k8s.api.core.v1.ContainerRestartRuleOnExitCodes' },
    },
  },
  'io.k8s.api.core.v1.ContainerRestartRuleOnExitCodes': {
    fields: { values: { list: { listType: 'set' } } },
  },
  'io.k8s.api.core.v1.ContainerStatus': {
    fields: {
      allocatedResourcesStatus: {
        elements: 'io.k8s.api.core.v1.ResourceStatus',
        list: {
          listMapKeys: ['name'],
          listType: 'map',
          patchMergeKey: 'name',
          patchStrategy: 'merge',
        },
      },
      resources: { type: 'io.k8s.api.core.v1.ResourceRequirements' },
      user: { type: 'io.k8s.api.core.v1.ContainerUser' },
      volumeMounts: {
        elements: 'io.k8s.api.core.v1.VolumeMountStatus',
        list: {
          listMapKeys: ['mountPath'],
          listType: 'map',
          patchMergeKey: 'mountPath',
          patchStrategy: 'merge',
        },
      },
    },
  },
  'io.k8s.api.core.v1.ContainerUser': {
    fields: { linux: { type: 'io.k8s.api.core.v1.LinuxContainerUser' } },
  },
  'io.k8s.api.core.v1.DownwardAPIProjection': {
    fields: {
      items: {
        elements: 'io.k8s.api.core.v1.DownwardAPIVolumeFile',
        list: { listType: 'atomic' },
      },
    },
  },
  'io.k8s.api.core.v1.DownwardAPIVolumeFile': {
    fields: {
      fieldRef: { type: 'io.k8s.api.core.v1.ObjectFieldSelector' },
      resourceFieldRef: { type: 'io.k8s.api.core.v1.ResourceFieldSelector' },
    },
  },
  'io.k8s.api.core.v1.DownwardAPIVolumeSource': {
    fields: {
      items: {
        elements: 'io.k8s.api.core.v1.DownwardAPIVolumeFile',
        list: { listType: 'atomic' },
      },
    },
  },
  'io.k8s.api.core.v1.EnvVar': {
    fields: { valueFrom: { type: 'io.k8s.api.core.v1.EnvVarSource' } },
  },
  'io.k8s.api.core.v1.EnvVarSource': {
    fields: {
      configMapKeyRef: { type: 'io.k8s.api.core.v1.ConfigMapKeySelector' },
      fieldRef: { type: 'io.k8s.api.core.v1.ObjectFieldSelector' },
      fileKeyRef: { type: 'io.k8s.api.core.v1.FileKeySelector' },
      resourceFieldRef: { type: 'io.k8s.api.core.v1.ResourceFieldSelector' },
      secretKeyRef: { type: 'io.k8s.api.core.v1.SecretKeySelector' },
    },
  },
  'io.k8s.api.core.v1.EphemeralContainer': {
    fields: {
      args: { list: { listType: 'atomic' } },
      command: { list: { listType: 'atomic' } },
      env: {
        elements: 'io.k8s.api.core.v1.EnvVar',
        list: {
          listMapKeys: ['name'],
          listType: 'map',
          patchMergeKey: 'name',
          patchStrategy: 'merge',
        },
      },
      envFrom: { list: { listType: 'atomic' } },
      lifecycle: { type: 'io.k8s.api.core.v1.Lifecycle' },
      livenessProbe: { type: 'io.k8s.api.core.v1.Probe' },
      ports: {
        elements: 'io.k8s.api.core.v1.ContainerPort',
        list: {
          listMapKeys: ['containerPort', 'protocol'],
          listMapKeyDefaults: { protocol: 'TCP' },
          listType: 'map',
          patchMergeKey: 'containerPort',
          patchStrategy: 'merge',
        },
      },
      readinessProbe: { type: 'io.k8s.api.core.v1.Probe' },
      resizePolicy: { list: { listType: 'atomic' } },
      resources: { type: 'io.k8s.api.core.v1.ResourceRequirements' },
      restartPolicyRules: {
        elements: 'io.k8s.api.core.v1.ContainerRestartRule',
        list: { listType: 'atomic' },
      },
      securityContext: { type: 'io.k8s.api.core.v1.SecurityContext' },
      startupProbe: { type: 'io.k8s.api.core.v1.Probe' },
      volumeDevices: {
        elements: 'io.k8s.api.core.v1.VolumeDevice',
        list: {
          listMapKeys: ['devicePath'],
          listType: 'map',
          patchMergeKey: 'devicePath',
          patchStrategy: 'merge',
        },
      },
      volumeMounts: {
        elements: 'io.k8s.api.core.v1.VolumeMount',
        list: {
          listMapKeys: ['mountPath'],
          listType: 'map',
          patchMergeKey: 'mountPath',
          patchStrategy: 'merge',
        },
      },
    },
  },
  'io.k8s.api.core.v1.EphemeralVolumeSource': {
    fields: {
      volumeClaimTemplate: {
        type: 'io.k8s.api.core.v1.PersistentVolumeClaimTemplate',
      },
    },
  },
  'io.k8s.api.core.v1.Event': {
    fields: {
      involvedObject: { type: 'io.k8s.api.core.v1.ObjectReference' },
      metadata: { type: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
      related: { type: 'io.k8s.api.core.v1.ObjectReference' },
    },
  },
  'io.k8s.api.core.v1.EvictionResponder': { structType: 'atomic' },
  'io.k8s.api.core.v1.ExecAction': {
    fields: { command: { list: { listType: 'atomic' } } },
  },
  'io.k8s.api.core.v1.FCVolumeSource': {
    fields: {
      targetWWNs: { list: { listType: 'atomic' } },
      wwids: { list: { listType: 'atomic' } },
    },
  },
  'io.k8s.api.core.v1.FileKeySelector': { structType: 'atomic' },
  'io.k8s.api.core.v1.FlexVolumeSource': {
    fields: { secretRef: { type: 'io.k8s.api.core.v1.LocalObjectReference' } },
  },
  'io.k8s.api.core.v1.HTTPGetAction': {
    fields: { httpHeaders: { list: { listType: 'atomic' } } },
  },
  'io.k8s.api.core.v1.HostAlias': {
    fields: { hostnames: { list: { listType: 'atomic' } } },
  },
  'io.k8s.api.core.v1.ISCSIVolumeSource': {
    fields: {
      portals: { list: { listType: 'atomic' } },
      secretRef: { type: 'io.k8s.api.core.v1.LocalObjectReference' },
    },
  },
  'io.k8s.api.core.v1.Lifecycle': {
    fields: {
      postStart: { type: 'io.k8s.api.core.v1.LifecycleHandler' },
      preStop: { type: 'io.k8s.api.core.v1.LifecycleHandler' },
    },
  },
  'io.k8s.api.core.v1.LifecycleHandler': {
    fields: {
      exec: { type: 'io.k8s.api.core.v1.ExecAction' },
      httpGet: { type: 'io.k8s.api.core.v1.HTTPGetAction' },
    },
  },
  'io.k8s.api.core.v1.LinuxContainerUser': {
    fields: { supplementalGroups: { list: { listType: 'atomic' } } },
  },
  'io.k8s.api.core.v1.LoadBalancerIngress': {
    fields: { ports: { list: { listType: 'atomic' } } },
  },
  'io.k8s.api.core.v1.LoadBalancerStatus': {
    fields: {
      ingress: {
        elements: 'io.k8s.api.core.v1.LoadBalancerIngress',
        list: { listType: 'atomic' },
      },
    },
  },
  'io.k8s.api.core.v1.LocalObjectReference': { structType: 'atomic' },
  'io.k8s.api.core.v1.Namespace': {
    fields: {
      metadata: { type: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
      spec: { type: 'io.k8s.api.core.v1.NamespaceSpec' },
      status: { type: 'io.k8s.api.core.v1.NamespaceStatus' },
    },
  },
  'io.k8s.api.core.v1.NamespaceSpec': {
    fields: { finalizers: { list: { listType: 'atomic' } } },
  },
  'io.k8s.api.core.v1.NamespaceStatus': {
    fields: {
      conditions: {
        elements: 'io.k8s.api.core.v1.NamespaceCondition',
        list: {
          listMapKeys: ['type'],
          listType: 'map',
          patchMergeKey: 'type',
          patchStrategy: 'merge',
        },
      },
    },
  },
  'io.k8s.api.core.v1.Node': {
    fields: {
      metadata: { type: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
      spec: { type: 'io.k8s.api.core.v1.NodeSpec' },
      status: { type: 'io.k8s.api.core.v1.NodeStatus' },
    },
  },
  'io.k8s.api.core.v1.NodeAffinity': {
    fields: {
      preferredDuringSchedulingIgnoredDuringExecution: {
        elements: 'io.k8s.api.core.v1.PreferredSchedulingTerm',
        list: { listType: 'atomic' },
      },
      requiredDuringSchedulingIgnoredDuringExecution: {
        type: 'io.k8s.api.core.v1.NodeSelector',
      },
    },
  },
  'io.k8s.api.core.v1.NodeAllocatableResourceClaimStatus': {
    fields: {
      containers: { list: { listType: 'set' } },
      mapping: {
        elements: 'io.k8s.api.core.v1.NodeAllocatableMappedResources',
        list: {
          listMapKeys: ['name'],
          listType: 'map',
          patchMergeKey: 'name',
          patchStrategy: 'merge',
        },
      },
      overhead: {
        elements: 'io.k8s.api.core.v1.NodeAllocatableOverheadResources',
        list: {
          listMapKeys: ['name'],
          listType: 'map',
          patchMergeKey: 'name',
          patchStrategy: 'merge',
        },
      },
    },
  },
  'io.k8s.api.core.v1.NodePodPreemptionPolicy': {
    fields: { disableResizePreemption: { list: { listType: 'set' } } },
  },
  'io.k8s.api.core.v1.NodeSelector': {
    fields: {
      nodeSelectorTerms: {
        elements: 'io.k8s.api.core.v1.NodeSelectorTerm',
        list: { listType: 'atomic' },
      },
    },
    structType: 'atomic',
  },
  'io.k8s.api.core.v1.NodeSelectorRequirement': {
    fields: { values: { list: { listType: 'atomic' } } },
  },
  'io.k8s.api.core.v1.NodeSelectorTerm': {
    fields: {
      matchExpressions: {
        elements: 'io.k8s.api.core.v1.NodeSelectorRequirement',
        list: { listType: 'atomic' },
      },
      matchFields: {
        elements: 'io.k8s.api.core.v1.NodeSelectorRequirement',
        list: { listType: 'atomic' },
      },
    },
    structType: 'atomic',
  },
  'io.k8s.api.core.v1.NodeSpec': {
    fields: {
      podCIDRs: { list: { listType: 'set', patchStrategy: 'merge' } },
      podPreemptionPolicy: {
        type: 'io.k8s.api.core.v1.NodePodPreemptionPolicy',
      },
      taints: { list: { listType: 'atomic' } },
    },
  },
  'io.k8s.api.core.v1.NodeStatus': {
    fields: {
      addresses: {
        elements: 'io.k8s.api.core.v1.NodeAddress',
        list: {
          listMapKeys: ['type'],
          listType: 'map',
          patchMergeKey: 'type',
          patchStrategy: 'merge',
        },
      },
      conditions: {
        elements: 'io.k8s.api.core.v1.NodeCondition',
        list: {
          listMapKeys: ['type'],
          listType: 'map',
          patchMergeKey: 'type',
          patchStrategy: 'merge',
        },
      },
      declaredFeatures: { list: { listType: 'atomic' } },
      images: {
        elements: 'io.k8s.api.core.v1.ContainerImage',
        list: { listType: 'atomic' },
      },
      runtimeHandlers: { list: { listType: 'atomic' } },
      volumesAttached: { list: { listType: 'atomic' } },
      volumesInUse: { list: { listType: 'atomic' } },
    },
  },
  'io.k8s.api.core.v1.ObjectFieldSelector': { structType: 'atomic' },
  'io.k8s.api.core.v1.ObjectReference': { structType: 'atomic' },
  'io.k8s.api.core.v1.PersistentVolumeClaim': {
    fields: {
      metadata: { type: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
      spec: { type: 'io.k8s.api.core.v1.PersistentVolumeClaimSpec' },
      status: { type: 'io.k8s.api.core.v1.PersistentVolumeClaimStatus' },
    },
  },
  'io.k8s.api.core.v1.PersistentVolumeClaimSpec': {
    fields: {
      accessModes: { list: { listType: 'atomic' } },
      dataSource: { type: 'io.k8s.api.core.v1.TypedLocalObjectReference' },
      selector: { type: 'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector' },
    },
  },
  'io.k8s.api.core.v1.PersistentVolumeClaimStatus': {
    fields: {
      accessModes: { list: { listType: 'atomic' } },
      conditions: {
        elements: 'io.k8s.api.core.v1.PersistentVolumeClaimCondition',
        list: {
          listMapKeys: ['type'],
          listType: 'map',
          patchMergeKey: 'type',
          patchStrategy: 'merge',
        },
      },
      healthStatus: { type: 'io.k8s.api.core.v1.VolumeHealthStatus' },
    },
  },
  'io.k8s.api.core.v1.PersistentVolumeClaimTemplate': {
    fields: {
      metadata: { type: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
      spec: { type: 'io.k8s.api.core.v1.PersistentVolumeClaimSpec' },
    },
  },
  'io.k8s.api.core.v1.Pod': {
    fields: {
      metadata: { type: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
      spec: { type: 'io.k8s.api.core.v1.PodSpec' },
      status: { type: 'io.k8s.api.core.v1.PodStatus' },
    },
  },
  'io.k8s.api.core.v1.PodAffinity': {
    fields: {
      preferredDuringSchedulingIgnoredDuringExecution: {
        elements: 'io.k8s.api.core.v1.WeightedPodAffinityTerm',
        list: { listType: 'atomic' },
      },
      requiredDuringSchedulingIgnoredDuringExecution: {
        elements: 'io.k8s.api.core.v1.PodAffinityTerm',
        list: { listType: 'atomic' },
      },
    },
  },
  'io.k8s.api.core.v1.PodAffinityTerm': {
    fields: {
      labelSelector: {
        type: 'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector',
      },
      matchLabelKeys: { list: { listType: 'atomic' } },
      mismatchLabelKeys: { list: { listType: 'atomic' } },
      namespaceSelector: {
        type: 'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector',
      },
      namespaces: { list: { listType: 'atomic' } },
    },
  },
  'io.k8s.api.core.v1.PodAntiAffinity': {
    fields: {
      preferredDuringSchedulingIgnoredDuringExecution: {
        elements: 'io.k8s.api.core.v1.WeightedPodAffinityTerm',
        list: { listType: 'atomic' },
      },
      requiredDuringSchedulingIgnoredDuringExecution: {
        elements: 'io.k8s.api.core.v1.PodAffinityTerm',
        list: { listType: 'atomic' },
      },
    },
  },
  'io.k8s.api.core.v1.PodDNSConfig': {
    fields: {
      nameservers: { list: { listType: 'atomic' } },
      options: { list: { listType: 'atomic' } },
      searches: { list: { listType: 'atomic' } },
    },
  },
  'io.k8s.api.core.v1.PodExtendedResourceClaimStatus': {
    fields: { requestMappings: { list: { listType: 'atomic' } } },
  },
  'io.k8s.api.core.v1.PodSecurityContext': {
    fields: {
      supplementalGroups: { list: { listType: 'atomic' } },
      sysctls: { list: { listType: 'atomic' } },
    },
  },
  'io.k8s.api.core.v1.PodSpec': {
    fields: {
      affinity: { type: 'io.k8s.api.core.v1.Affinity' },
      containers: {
        elements: 'io.k8s.api.core.v1.Container',
        list: {
          listMapKeys: ['name'],
          listType: 'map',
          patchMergeKey: 'name',
          patchStrategy: 'merge',
        },
      },
      dnsConfig: { type: 'io.k8s.api.core.v1.PodDNSConfig' },
      ephemeralContainers: {
        elements: 'io.k8s.api.core.v1.EphemeralContainer',
        list: {
          listMapKeys: ['name'],
          listType: 'map',
          patchMergeKey: 'name',
          patchStrategy: 'merge',
        },
      },
      evictionResponders: {
        elements: 'io.k8s.api.core.v1.EvictionResponder',
        list: {
          listMapKeys: ['name'],
          listType: 'map',
          patchMergeKey: 'name',
          patchStrategy: 'merge',
        },
      },
      hostAliases: {
        elements: 'io.k8s.api.core.v1.HostAlias',
        list: {
          listMapKeys: ['ip'],
          listType: 'map',
          patchMergeKey: 'ip',
          patchStrategy: 'merge',
        },
      },
      imagePullSecrets: {
        elements: 'io.k8s.api.core.v1.LocalObjectReference',
        list: {
          listMapKeys: ['name'],
          listType: 'map',
          patchMergeKey: 'name',
          patchStrategy: 'merge',
        },
      },
      initContainers: {
        elements: 'io.k8s.api.core.v1.Container',
        list: {
          listMapKeys: ['name'],
          listType: 'map',
          patchMergeKey: 'name',
          patchStrategy: 'merge',
        },
      },
      nodeSelector: { mapType: 'atomic' },
      readinessGates: { list: { listType: 'atomic' } },
      resourceClaims: {
        elements: 'io.k8s.api.core.v1.PodResourceClaim',
        list: {
          listMapKeys: ['name'],
          listType: 'map',
          patchMergeKey: 'name',
          patchStrategy: 'merge,retainKeys',
        },
      },
      resources: { type: 'io.k8s.api.core.v1.ResourceRequirements' },
      schedulingGates: {
        elements: 'io.k8s.api.core.v1.PodSchedulingGate',
        list: {
          listMapKeys: ['name'],
          listType: 'map',
          patchMergeKey: 'name',
          patchStrategy: 'merge',
        },
      },
      securityContext: { type: 'io.k8s.api.core.v1.PodSecurityContext' },
      tolerations: { list: { listType: 'atomic' } },
      topologySpreadConstraints: {
        elements: 'io.k8s.api.core.v1.TopologySpreadConstraint',
        list: {
          listMapKeys: ['topologyKey', 'whenUnsatisfiable'],
          listType: 'map',
          patchMergeKey: 'topologyKey',
          patchStrategy: 'merge',
        },
      },
      volumes: {
        elements: 'io.k8s.api.core.v1.Volume',
        list: {
          listMapKeys: ['name'],
          listType: 'map',
          patchMergeKey: 'name',
          patchStrategy: 'merge,retainKeys',
        },
      },
    },
  },
  'io.k8s.api.core.v1.PodStatus': {
    fields: {
      conditions: {
        elements: 'io.k8s.api.core.v1.PodCondition',
        list: {
          listMapKeys: ['type'],
          listType: 'map',
          patchMergeKey: 'type',
          patchStrategy: 'merge',
        },
      },
      containerStatuses: {
        elements: 'io.k8s.api.core.v1.ContainerStatus',
        list: { listType: 'atomic' },
      },
      ephemeralContainerStatuses: {
        elements: 'io.k8s.api.core.v1.ContainerStatus',
        list: { listType: 'atomic' },
      },
      extendedResourceClaimStatus: {
        type: 'io.k8s.api.core.v1.PodExtendedResourceClaimStatus',
      },
      hostIPs: {
        list: {
          listType: 'atomic',
          patchMergeKey: 'ip',
          patchStrategy: 'merge',
        },
      },
      initContainerStatuses: {
        elements: 'io.k8s.api.core.v1.ContainerStatus',
        list: { listType: 'atomic' },
      },
      nodeAllocatableResourceClaimStatuses: {
        elements: 'io.k8s.api.core.v1.NodeAllocatableResourceClaimStatus',
        list: {
          listMapKeys: ['resourceClaimName'],
          listType: 'map',
          patchMergeKey: 'resourceClaimName',
          patchStrategy: 'merge',
        },
      },
      podIPs: {
        elements: 'io.k8s.api.core.v1.PodIP',
        list: {
          listMapKeys: ['ip'],
          listType: 'map',
          patchMergeKey: 'ip',
          patchStrategy: 'merge',
        },
      },
      resourceClaimStatuses: {
        elements: 'io.k8s.api.core.v1.PodResourceClaimStatus',
        list: {
          listMapKeys: ['name'],
          listType: 'map',
          patchMergeKey: 'name',
          patchStrategy: 'merge,retainKeys',
        },
      },
      resources: { type: 'io.k8s.api.core.v1.ResourceRequirements' },
      volumeHealth: {
        elements: 'io.k8s.api.core.v1.PodVolumeHealth',
        list: { listMapKeys: ['name'], listType: 'map' },
      },
    },
  },
  'io.k8s.api.core.v1.PodTemplate': {
    fields: {
      metadata: { type: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
      template: { type: 'io.k8s.api.core.v1.PodTemplateSpec' },
    },
  },
  'io.k8s.api.core.v1.PodTemplateSpec': {
    fields: {
      metadata: { type: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
      spec: { type: 'io.k8s.api.core.v1.PodSpec' },
    },
  },
  'io.k8s.api.core.v1.PodVolumeHealth': {
    fields: {
      healthConditions: {
        elements: 'io.k8s.api.core.v1.VolumeHealthCondition',
        list: {
          listMapKeys: ['status', 'reason'],
          listType: 'map',
          patchMergeKey: 'status',
          patchStrategy: 'merge',
        },
      },
    },
  },
  'io.k8s.api.core.v1.PreferredSchedulingTerm': {
    fields: { preference: { type: 'io.k8s.api.core.v1.NodeSelectorTerm' } },
  },
  'io.k8s.api.core.v1.Probe': {
    fields: {
      exec: { type: 'io.k8s.api.core.v1.ExecAction' },
      httpGet: { type: 'io.k8s.api.core.v1.HTTPGetAction' },
    },
  },
  'io.k8s.api.core.v1.ProjectedVolumeSource': {
    fields: {
      sources: {
        elements: 'io.k8s.api.core.v1.VolumeProjection',
        list: { listType: 'atomic' },
      },
    },
  },
  'io.k8s.api.core.v1.RBDVolumeSource': {
    fields: {
      monitors: { list: { listType: 'atomic' } },
      secretRef: { type: 'io.k8s.api.core.v1.LocalObjectReference' },
    },
  },
  'io.k8s.api.core.v1.ResourceFieldSelector': { structType: 'atomic' },
  'io.k8s.api.core.v1.ResourceRequirements': {
    fields: {
      claims: {
        elements: 'io.k8s.api.core.v1.ResourceClaim',
        list: { listMapKeys: ['name'], listType: 'map' },
      },
    },
  },
  'io.k8s.api.core.v1.ResourceStatus': {
    fields: {
      resources: {
        elements: 'io.k8s.api.core.v1.ResourceHealth',
        list: { listMapKeys: ['resourceID'], listType: 'map' },
      },
    },
  },
  'io.k8s.api.core.v1.ScaleIOVolumeSource': {
    fields: { secretRef: { type: 'io.k8s.api.core.v1.LocalObjectReference' } },
  },
  'io.k8s.api.core.v1.Secret': {
    fields: {
      metadata: { type: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
    },
  },
  'io.k8s.api.core.v1.SecretKeySelector': { structType: 'atomic' },
  'io.k8s.api.core.v1.SecretProjection': {
    fields: { items: { list: { listType: 'atomic' } } },
  },
  'io.k8s.api.core.v1.SecretVolumeSource': {
    fields: { items: { list: { listType: 'atomic' } } },
  },
  'io.k8s.api.core.v1.SecurityContext': {
    fields: { capabilities: { type: 'io.k8s.api.core.v1.Capabilities' } },
  },
  'io.k8s.api.core.v1.Service': {
    fields: {
      metadata: { type: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
      spec: { type: 'io.k8s.api.core.v1.ServiceSpec' },
      status: { type: 'io.k8s.api.core.v1.ServiceStatus' },
    },
  },
  'io.k8s.api.core.v1.ServiceAccount': {
    fields: {
      imagePullSecrets: {
        elements: 'io.k8s.api.core.v1.LocalObjectReference',
        list: { listType: 'atomic' },
      },
      metadata: { type: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
      secrets: {
        elements: 'io.k8s.api.core.v1.ObjectReference',
        list: {
          listMapKeys: ['name'],
          listType: 'map',
          patchMergeKey: 'name',
          patchStrategy: 'merge',
        },
      },
    },
  },
  'io.k8s.api.core.v1.ServiceSpec': {
    fields: {
      clusterIPs: { list: { listType: 'atomic' } },
      externalIPs: { list: { listType: 'atomic' } },
      ipFamilies: { list: { listType: 'atomic' } },
      loadBalancerSourceRanges: { list: { listType: 'atomic' } },
      ports: {
        elements: 'io.k8s.api.core.v1.ServicePort',
        list: {
          listMapKeys: ['port', 'protocol'],
          listMapKeyDefaults: { protocol: 'TCP' },
          listType: 'map',
          patchMergeKey: 'port',
          patchStrategy: 'merge',
        },
      },
      selector: { mapType: 'atomic' },
    },
  },
  'io.k8s.api.core.v1.ServiceStatus': {
    fields: {
      conditions: {
        elements: 'io.k8s.apimachinery.pkg.apis.meta.v1.Condition',
        list: {
          listMapKeys: ['type'],
          listType: 'map',
          patchMergeKey: 'type',
          patchStrategy: 'merge',
        },
      },
      loadBalancer: { type: 'io.k8s.api.core.v1.LoadBalancerStatus' },
    },
  },
  'io.k8s.api.core.v1.StorageOSVolumeSource': {
    fields: { secretRef: { type: 'io.k8s.api.core.v1.LocalObjectReference' } },
  },
  'io.k8s.api.core.v1.TopologySelectorLabelRequirement': {
    fields: { values: { list: { listType: 'atomic' } } },
  },
  'io.k8s.api.core.v1.TopologySelectorTerm': {
    fields: {
      matchLabelExpressions: {
        elements: 'io.k8s.api.core.v1.TopologySelectorLabelRequirement',
        list: { listType: 'atomic' },
      },
    },
    structType: 'atomic',
  },
  'io.k8s.api.core.v1.TopologySpreadConstraint': {
    fields: {
      labelSelector: {
        type: 'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector',
      },
      matchLabelKeys: { list: { listType: 'atomic' } },
    },
  },
  'io.k8s.api.core.v1.TypedLocalObjectReference': { structType: 'atomic' },
  'io.k8s.api.core.v1.Volume': {
    fields: {
      cephfs: { type: 'io.k8s.api.core.v1.CephFSVolumeSource' },
      cinder: { type: 'io.k8s.api.core.v1.CinderVolumeSource' },
      configMap: { type: 'io.k8s.api.core.v1.ConfigMapVolumeSource' },
      csi: { type: 'io.k8s.api.core.v1.CSIVolumeSource' },
      downwardAPI: { type: 'io.k8s.api.core.v1.DownwardAPIVolumeSource' },
      ephemeral: { type: 'io.k8s.api.core.v1.EphemeralVolumeSource' },
      fc: { type: 'io.k8s.api.core.v1.FCVolumeSource' },
      flexVolume: { type: 'io.k8s.api.core.v1.FlexVolumeSource' },
      iscsi: { type: 'io.k8s.api.core.v1.ISCSIVolumeSource' },
      projected: { type: 'io.k8s.api.core.v1.ProjectedVolumeSource' },
      rbd: { type: 'io.k8s.api.core.v1.RBDVolumeSource' },
      scaleIO: { type: 'io.k8s.api.core.v1.ScaleIOVolumeSource' },
      secret: { type: 'io.k8s.api.core.v1.SecretVolumeSource' },
      storageos: { type: 'io.k8s.api.core.v1.StorageOSVolumeSource' },
    },
  },
  'io.k8s.api.core.v1.VolumeHealthStatus': {
    fields: {
      healthConditions: {
        elements: 'io.k8s.api.core.v1.VolumeHealthCondition',
        list: {
          listMapKeys: ['status', 'reason'],
          listType: 'map',
          patchMergeKey: 'status',
          patchStrategy: 'merge',
        },
      },
    },
  },
  'io.k8s.api.core.v1.VolumeMount': {
    fields: { bindMountOptions: { list: { listType: 'set' } } },
  },
  'io.k8s.api.core.v1.VolumeProjection': {
    fields: {
      clusterTrustBundle: {
        type: 'io.k8s.api.core.v1.ClusterTrustBundleProjection',
      },
      configMap: { type: 'io.k8s.api.core.v1.ConfigMapProjection' },
      downwardAPI: { type: 'io.k8s.api.core.v1.DownwardAPIProjection' },
      secret: { type: 'io.k8s.api.core.v1.SecretProjection' },
    },
  },
  'io.k8s.api.core.v1.WeightedPodAffinityTerm': {
    fields: { podAffinityTerm: { type: 'io.k8s.api.core.v1.PodAffinityTerm' } },
  },
  'io.k8s.api.networking.v1.HTTPIngressPath': {
    fields: { backend: { type: 'io.k8s.api.networking.v1.IngressBackend' } },
  },
  'io.k8s.api.networking.v1.HTTPIngressRuleValue': {
    fields: {
      paths: {
        elements: 'io.k8s.api.networking.v1.HTTPIngressPath',
        list: { listType: 'atomic' },
      },
    },
  },
  'io.k8s.api.networking.v1.Ingress': {
    fields: {
      metadata: { type: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
      spec: { type: 'io.k8s.api.networking.v1.IngressSpec' },
      status: { type: 'io.k8s.api.networking.v1.IngressStatus' },
    },
  },
  'io.k8s.api.networking.v1.IngressBackend': {
    fields: {
      resource: { type: 'io.k8s.api.core.v1.TypedLocalObjectReference' },
      service: { type: 'io.k8s.api.networking.v1.IngressServiceBackend' },
    },
  },
  'io.k8s.api.networking.v1.IngressLoadBalancerIngress': {
    fields: { ports: { list: { listType: 'atomic' } } },
  },
  'io.k8s.api.networking.v1.IngressLoadBalancerStatus': {
    fields: {
      ingress: {
        elements: 'io.k8s.api.networking.v1.IngressLoadBalancerIngress',
        list: { listType: 'atomic' },
      },
    },
  },
  'io.k8s.api.networking.v1.IngressRule': {
    fields: { http: { type: 'io.k8s.api.networking.v1.HTTPIngressRuleValue' } },
  },
  'io.k8s.api.networking.v1.IngressServiceBackend': {
    fields: { port: { type: 'io.k8s.api.networking.v1.ServiceBackendPort' } },
  },
  'io.k8s.api.networking.v1.IngressSpec': {
    fields: {
      defaultBackend: { type: 'io.k8s.api.networking.v1.IngressBackend' },
      rules: {
        elements: 'io.k8s.api.networking.v1.IngressRule',
        list: { listType: 'atomic' },
      },
      tls: {
        elements: 'io.k8s.api.networking.v1.IngressTLS',
        list: { listType: 'atomic' },
      },
    },
  },
  'io.k8s.api.networking.v1.IngressStatus': {
    fields: {
      loadBalancer: {
        type: 'io.k8s.api.networking.v1.IngressLoadBalancerStatus',
      },
    },
  },
  'io.k8s.api.networking.v1.IngressTLS': {
    fields: { hosts: { list: { listType: 'atomic' } } },
  },
  'io.k8s.api.networking.v1.ServiceBackendPort': { structType: 'atomic' },
  'io.k8s.api.policy.v1.PodDisruptionBudget': {
    fields: {
      metadata: { type: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
      spec: { type: 'io.k8s.api.policy.v1.PodDisruptionBudgetSpec' },
      status: { type: 'io.k8s.api.policy.v1.PodDisruptionBudgetStatus' },
    },
  },
  'io.k8s.api.policy.v1.PodDisruptionBudgetSpec': {
    fields: {
      selector: {
        patchStrategy: 'replace',
        type: 'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector',
      },
    },
  },
  'io.k8s.api.policy.v1.PodDisruptionBudgetStatus': {
    fields: {
      conditions: {
        elements: 'io.k8s.apimachinery.pkg.apis.meta.v1.Condition',
        list: {
          listMapKeys: ['type'],
          listType: 'map',
          patchMergeKey: 'type',
          patchStrategy: 'merge',
        },
      },
    },
  },
  'io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler': {
    fields: {
      metadata: { type: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
      spec: { type: 'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerSpec' },
      status: {
        type: 'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerStatus',
      },
    },
  },
  'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerSpec': {
    fields: {
      behavior: {
        type: 'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerBehavior',
      },
      metrics: { list: { listType: 'atomic' } },
    },
  },
  'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerBehavior': {
    fields: {
      scaleDown: { type: 'io.k8s.api.autoscaling.v2.HPAScalingRules' },
      scaleUp: { type: 'io.k8s.api.autoscaling.v2.HPAScalingRules' },
    },
  },
  'io.k8s.api.autoscaling.v2.HPAScalingRules': {
    fields: { policies: { list: { listType: 'atomic' } } },
  },
  'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerStatus': {
    fields: {
      conditions: {
        list: {
          listMapKeys: ['type'],
          listType: 'map',
          patchMergeKey: 'type',
          patchStrategy: 'merge',
        },
      },
      currentMetrics: { list: { listType: 'atomic' } },
    },
  },
  'io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIService': {
    fields: {
      metadata: { type: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
      status: {
        type: 'io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIServiceStatus',
      },
    },
  },
  'io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIServiceStatus': {
    fields: {
      conditions: {
        list: {
          listMapKeys: ['type'],
          listType: 'map',
          patchMergeKey: 'type',
          patchStrategy: 'merge',
        },
      },
    },
  },
  'io.k8s.api.storage.v1.StorageClass': {
    fields: {
      allowedTopologies: {
        elements: 'io.k8s.api.core.v1.TopologySelectorTerm',
        list: { listType: 'atomic' },
      },
      metadata: { type: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
      mountOptions: { list: { listType: 'atomic' } },
    },
  },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceConversion':
    {
      fields: {
        webhook: {
          type: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.WebhookConversion',
        },
      },
    },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition':
    {
      fields: {
        metadata: { type: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
        spec: {
          type: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionSpec',
        },
        status: {
          type: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionStatus',
        },
      },
    },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionNames':
    {
      fields: {
        categories: { list: { listType: 'atomic' } },
        shortNames: { list: { listType: 'atomic' } },
      },
    },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionSpec':
    {
      fields: {
        conversion: {
          type: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceConversion',
        },
        names: {
          type: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionNames',
        },
        versions: {
          elements:
            'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionVersion',
          list: { listType: 'atomic' },
        },
      },
    },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionStatus':
    {
      fields: {
        acceptedNames: {
          type: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionNames',
        },
        conditions: {
          elements:
            'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionCondition',
          list: { listMapKeys: ['type'], listType: 'map' },
        },
        storedVersions: { list: { listType: 'atomic' } },
      },
    },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionVersion':
    {
      fields: {
        additionalPrinterColumns: { list: { listType: 'atomic' } },
        selectableFields: { list: { listType: 'atomic' } },
      },
    },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.WebhookClientConfig':
    { fields: { caBundle: { list: { listType: 'atomic' } } } },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.WebhookConversion':
    {
      fields: {
        clientConfig: {
          type: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.WebhookClientConfig',
        },
        conversionReviewVersions: { list: { listType: 'atomic' } },
      },
    },
  'io.k8s.api.flowcontrol.v1.FlowSchema': {
    fields: {
      metadata: { type: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
      spec: { type: 'io.k8s.api.flowcontrol.v1.FlowSchemaSpec' },
      status: { type: 'io.k8s.api.flowcontrol.v1.FlowSchemaStatus' },
    },
  },
  'io.k8s.api.flowcontrol.v1.FlowSchemaSpec': {
    fields: {
      rules: {
        elements: 'io.k8s.api.flowcontrol.v1.PolicyRulesWithSubjects',
        list: { listType: 'atomic' },
      },
    },
  },
  'io.k8s.api.flowcontrol.v1.PolicyRulesWithSubjects': {
    fields: {
      subjects: { list: { listType: 'atomic' } },
      resourceRules: {
        elements: 'io.k8s.api.flowcontrol.v1.ResourcePolicyRule',
        list: { listType: 'atomic' },
      },
      nonResourceRules: {
        elements: 'io.k8s.api.flowcontrol.v1.NonResourcePolicyRule',
        list: { listType: 'atomic' },
      },
    },
  },
  'io.k8s.api.flowcontrol.v1.ResourcePolicyRule': {
    fields: {
      verbs: { list: { listType: 'set' } },
      apiGroups: { list: { listType: 'set' } },
      resources: { list: { listType: 'set' } },
      namespaces: { list: { listType: 'set' } },
    },
  },
  'io.k8s.api.flowcontrol.v1.NonResourcePolicyRule': {
    fields: {
      verbs: { list: { listType: 'set' } },
      nonResourceURLs: { list: { listType: 'set' } },
    },
  },
  'io.k8s.api.flowcontrol.v1.FlowSchemaStatus': {
    fields: {
      conditions: {
        list: {
          listMapKeys: ['type'],
          listType: 'map',
          patchMergeKey: 'type',
          patchStrategy: 'merge',
        },
      },
    },
  },
  'io.k8s.api.flowcontrol.v1.PriorityLevelConfiguration': {
    fields: {
      metadata: { type: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
      status: {
        type: 'io.k8s.api.flowcontrol.v1.PriorityLevelConfigurationStatus',
      },
    },
  },
  'io.k8s.api.flowcontrol.v1.PriorityLevelConfigurationStatus': {
    fields: {
      conditions: {
        list: {
          listMapKeys: ['type'],
          listType: 'map',
          patchMergeKey: 'type',
          patchStrategy: 'merge',
        },
      },
    },
  },
  'io.k8s.api.flowcontrol.v1beta3.FlowSchema': {
    fields: {
      metadata: { type: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
      spec: { type: 'io.k8s.api.flowcontrol.v1beta3.FlowSchemaSpec' },
      status: { type: 'io.k8s.api.flowcontrol.v1beta3.FlowSchemaStatus' },
    },
  },
  'io.k8s.api.flowcontrol.v1beta3.FlowSchemaSpec': {
    fields: {
      rules: {
        elements: 'io.k8s.api.flowcontrol.v1beta3.PolicyRulesWithSubjects',
        list: { listType: 'atomic' },
      },
    },
  },
  'io.k8s.api.flowcontrol.v1beta3.PolicyRulesWithSubjects': {
    fields: {
      subjects: { list: { listType: 'atomic' } },
      resourceRules: {
        elements: 'io.k8s.api.flowcontrol.v1beta3.ResourcePolicyRule',
        list: { listType: 'atomic' },
      },
      nonResourceRules: {
        elements: 'io.k8s.api.flowcontrol.v1beta3.NonResourcePolicyRule',
        list: { listType: 'atomic' },
      },
    },
  },
  'io.k8s.api.flowcontrol.v1beta3.ResourcePolicyRule': {
    fields: {
      verbs: { list: { listType: 'set' } },
      apiGroups: { list: { listType: 'set' } },
      resources: { list: { listType: 'set' } },
      namespaces: { list: { listType: 'set' } },
    },
  },
  'io.k8s.api.flowcontrol.v1beta3.NonResourcePolicyRule': {
    fields: {
      verbs: { list: { listType: 'set' } },
      nonResourceURLs: { list: { listType: 'set' } },
    },
  },
  'io.k8s.api.flowcontrol.v1beta3.FlowSchemaStatus': {
    fields: {
      conditions: {
        list: {
          listMapKeys: ['type'],
          listType: 'map',
          patchMergeKey: 'type',
          patchStrategy: 'merge',
        },
      },
    },
  },
  'io.k8s.api.flowcontrol.v1beta3.PriorityLevelConfiguration': {
    fields: {
      metadata: { type: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
      status: {
        type: 'io.k8s.api.flowcontrol.v1beta3.PriorityLevelConfigurationStatus',
      },
    },
  },
  'io.k8s.api.flowcontrol.v1beta3.PriorityLevelConfigurationStatus': {
    fields: {
      conditions: {
        list: {
          listMapKeys: ['type'],
          listType: 'map',
          patchMergeKey: 'type',
          patchStrategy: 'merge',
        },
      },
    },
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector': {
    fields: {
      matchExpressions: {
        elements:
          'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement',
        list: { listType: 'atomic' },
      },
    },
    structType: 'atomic',
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement': {
    fields: { values: { list: { listType: 'atomic' } } },
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': {
    fields: {
      finalizers: { list: { listType: 'set', patchStrategy: 'merge' } },
      managedFields: { list: { listType: 'atomic' } },
      ownerReferences: {
        elements: 'io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference',
        list: {
          listMapKeys: ['uid'],
          listType: 'map',
          patchMergeKey: 'uid',
          patchStrategy: 'merge',
        },
      },
    },
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference': {
    structType: 'atomic',
  },
};

/** The definition of each built-in kind, by `apiVersion/kind`. */
export const KIND_DEFINITIONS: Record<string, string> = {
  'v1/Namespace': 'io.k8s.api.core.v1.Namespace',
  'v1/Node': 'io.k8s.api.core.v1.Node',
  'v1/Pod': 'io.k8s.api.core.v1.Pod',
  'v1/Service': 'io.k8s.api.core.v1.Service',
  'v1/ServiceAccount': 'io.k8s.api.core.v1.ServiceAccount',
  'v1/ConfigMap': 'io.k8s.api.core.v1.ConfigMap',
  'v1/Secret': 'io.k8s.api.core.v1.Secret',
  'v1/Event': 'io.k8s.api.core.v1.Event',
  'v1/PodTemplate': 'io.k8s.api.core.v1.PodTemplate',
  'apps/v1/Deployment': 'io.k8s.api.apps.v1.Deployment',
  'apps/v1/DaemonSet': 'io.k8s.api.apps.v1.DaemonSet',
  'apps/v1/ReplicaSet': 'io.k8s.api.apps.v1.ReplicaSet',
  'apps/v1/StatefulSet': 'io.k8s.api.apps.v1.StatefulSet',
  'networking.k8s.io/v1/Ingress': 'io.k8s.api.networking.v1.Ingress',
  'autoscaling/v2/HorizontalPodAutoscaler':
    'io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler',
  'apiregistration.k8s.io/v1/APIService':
    'io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIService',
  'policy/v1/PodDisruptionBudget': 'io.k8s.api.policy.v1.PodDisruptionBudget',
  'storage.k8s.io/v1/StorageClass': 'io.k8s.api.storage.v1.StorageClass',
  'batch/v1/Job': 'io.k8s.api.batch.v1.Job',
  'batch/v1/CronJob': 'io.k8s.api.batch.v1.CronJob',
  'apiextensions.k8s.io/v1/CustomResourceDefinition':
    'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition',
  'flowcontrol.apiserver.k8s.io/v1/FlowSchema':
    'io.k8s.api.flowcontrol.v1.FlowSchema',
  'flowcontrol.apiserver.k8s.io/v1/PriorityLevelConfiguration':
    'io.k8s.api.flowcontrol.v1.PriorityLevelConfiguration',
  'flowcontrol.apiserver.k8s.io/v1beta3/FlowSchema':
    'io.k8s.api.flowcontrol.v1beta3.FlowSchema',
  'flowcontrol.apiserver.k8s.io/v1beta3/PriorityLevelConfiguration':
    'io.k8s.api.flowcontrol.v1beta3.PriorityLevelConfiguration',
};

/** What patch and apply need to know about one place in an object. */
export interface StrategyNode {
  /** Owned and replaced whole by server-side apply (atomic map or struct). */
  readonly atomic: boolean;
  /** A built-in struct (fixed fields), not a map. */
  readonly struct: boolean;
  /** Strategic merge patch replaces this map instead of merging it. */
  readonly replace: boolean;
  /** How this place merges when it holds a list (atomic when unknown). */
  readonly list: ListStrategy;
  /** The place of a field of an object, or of a value of a map. */
  field(name: string): StrategyNode;
  /** The place of an element of a list. */
  items(): StrategyNode;
}

const ATOMIC_LIST: ListStrategy = { listType: 'atomic' };

/** A place with nothing special: granular maps, atomic lists. */
export const PLAIN_NODE: StrategyNode = {
  atomic: false,
  struct: false,
  replace: false,
  list: ATOMIC_LIST,
  field: () => PLAIN_NODE,
  items: () => PLAIN_NODE,
};

function definitionNode(name: string, field: FieldStrategy = {}): StrategyNode {
  const definition = DEFINITIONS[name] ?? {};
  return {
    atomic: definition.structType === 'atomic',
    struct: true,
    replace: field.patchStrategy === 'replace',
    list: ATOMIC_LIST,
    field: child => fieldNode(definition.fields?.[child]),
    items: () => PLAIN_NODE,
  };
}

function fieldNode(field: FieldStrategy | undefined): StrategyNode {
  if (!field) return PLAIN_NODE;
  if (field.list) {
    const list = field.list;
    const elements = field.elements;
    return {
      atomic: false,
      struct: false,
      replace: false,
      list,
      field: () => PLAIN_NODE,
      items: () => (elements ? definitionNode(elements) : PLAIN_NODE),
    };
  }
  if (field.type) return definitionNode(field.type, field);
  const values = field.elements;
  return {
    atomic: field.mapType === 'atomic',
    struct: false,
    replace: field.patchStrategy === 'replace',
    list: ATOMIC_LIST,
    field: () => (values ? definitionNode(values) : PLAIN_NODE),
    items: () => PLAIN_NODE,
  };
}

/** The root place of a built-in kind, or undefined for other kinds. */
export function builtinStrategy(
  apiVersion: string,
  kind: string,
): StrategyNode | undefined {
  const definition = KIND_DEFINITIONS[`${apiVersion}/${kind}`];
  return definition ? definitionNode(definition) : undefined;
}

/**
 * The root place of a custom resource, from the structural schema of its
 * CustomResourceDefinition version: lists are atomic unless the schema says
 * `x-kubernetes-list-type`, maps granular unless `x-kubernetes-map-type:
 * atomic`. Custom resources have no strategic merge patch strategies.
 */
export function schemaStrategy(schema: unknown): StrategyNode {
  if (!isPlainObject(schema)) return PLAIN_NODE;
  const listType = schema['x-kubernetes-list-type'];
  const keys = schema['x-kubernetes-list-map-keys'];
  const list: ListStrategy =
    listType === 'set' || listType === 'map'
      ? {
          listType,
          ...(listType === 'map' && Array.isArray(keys)
            ? { listMapKeys: keys.map(String) }
            : {}),
        }
      : ATOMIC_LIST;
  const properties = isPlainObject(schema.properties) ? schema.properties : {};
  return {
    atomic: schema['x-kubernetes-map-type'] === 'atomic',
    struct: false,
    replace: false,
    list,
    field: name =>
      schemaStrategy(
        name in properties ? properties[name] : schema.additionalProperties,
      ),
    items: () => schemaStrategy(schema.items),
  };
}

/** The schema of one version of a CustomResourceDefinition. */
export function crdVersionSchema(crd: unknown, version: string): unknown {
  if (!isPlainObject(crd) || !isPlainObject(crd.spec)) return undefined;
  const versions = Array.isArray(crd.spec.versions) ? crd.spec.versions : [];
  const match = versions.find(
    (v: unknown) => isPlainObject(v) && v.name === version,
  ) as { schema?: { openAPIV3Schema?: unknown } } | undefined;
  return match?.schema?.openAPIV3Schema;
}

/**
 * The `x-kubernetes-*` extensions the API server's OpenAPI documents carry
 * on one property of a definition (list type and map keys, patch strategy
 * and merge key, atomic maps), from DEFINITIONS.
 */
export function propertyExtensions(
  definition: string,
  property: string,
): Record<string, unknown> {
  const field = DEFINITIONS[definition]?.fields?.[property];
  const extensions: Record<string, unknown> = {};
  if (!field) return extensions;
  if (field.list) {
    const { listType, listMapKeys, patchStrategy, patchMergeKey } = field.list;
    if (listMapKeys) extensions['x-kubernetes-list-map-keys'] = listMapKeys;
    extensions['x-kubernetes-list-type'] = listType;
    if (patchMergeKey)
      extensions['x-kubernetes-patch-merge-key'] = patchMergeKey;
    if (patchStrategy)
      extensions['x-kubernetes-patch-strategy'] = patchStrategy;
  }
  if (field.mapType) extensions['x-kubernetes-map-type'] = field.mapType;
  if (field.patchStrategy) {
    extensions['x-kubernetes-patch-strategy'] = field.patchStrategy;
  }
  return extensions;
}

/**
 * A copy of OpenAPI definitions (keyed by definition name, e.g.
 * `io.k8s.api.core.v1.PodSpec`) with the `x-kubernetes-*` extensions of
 * DEFINITIONS added: on each property, and `x-kubernetes-map-type: atomic`
 * on atomic structs.
 */
export function withListExtensions<T extends Record<string, unknown>>(
  definitions: T,
): T {
  const result: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(definitions)) {
    if (!isPlainObject(schema)) {
      result[name] = schema;
      continue;
    }
    const copy: Record<string, unknown> = { ...schema };
    if (DEFINITIONS[name]?.structType === 'atomic') {
      copy['x-kubernetes-map-type'] = 'atomic';
    }
    if (isPlainObject(schema.properties)) {
      const properties: Record<string, unknown> = {};
      for (const [property, value] of Object.entries(schema.properties)) {
        const extensions = propertyExtensions(name, property);
        properties[property] =
          Object.keys(extensions).length > 0 && isPlainObject(value)
            ? { ...value, ...extensions }
            : value;
      }
      copy.properties = properties;
    }
    result[name] = copy;
  }
  return result as T;
}
