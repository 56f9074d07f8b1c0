import type { AddonCatalogEntry } from '../aws/eks/addonCatalog';
import type { EksAddon, EksCluster } from '../aws/eks/model';
import type { Instance } from '../aws/ec2/model';
import { KubernetesCluster } from '../kubernetes';
import {
  applyAutoModeCompute,
  type AutoModeNodePool,
} from '../kubernetes/autoMode';
import type { RegionState } from '../state';
import type { WriteLog } from '../writeLog';
import { addonApiServiceObjects } from './addonApiServices';
import { configuredReplicas } from './addonReplicas';
import { KarpenterInstances } from './KarpenterInstances';
import { LoadBalancerController } from './LoadBalancerController';
import { nodeObject } from './nodes';
import { addonLabels, workloadObject, WorkloadSpec } from './workloads';
import type { Scheduler } from '../scheduler';

const BASE_NAMESPACES = [
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
];

/**
 * The `default/kubernetes` Service every cluster has: the API server on the
 * first address of the service CIDR (172.20.0.1 for EKS's 172.20.0.0/16).
 */
function apiServerService(cluster: EksCluster) {
  const cidr =
    cluster.kubernetesNetworkConfig?.serviceIpv4Cidr ?? '172.20.0.0/16';
  const [a, b, c, d] = cidr.split('/')[0].split('.').map(Number);
  const clusterIP = `${a}.${b}.${c}.${d + 1}`;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { component: 'apiserver', provider: 'kubernetes' },
    },
    spec: {
      type: 'ClusterIP',
      clusterIP,
      clusterIPs: [clusterIP],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
      sessionAffinity: 'None',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 443 }],
    },
    status: { loadBalancer: {} },
  };
}

/**
 * What AWS does inside the cluster: the Kubernetes side effects of EKS
 * (nodes of node groups, workloads of add-ons) and the AWS Load Balancer
 * Controller's load balancers for Services and Ingresses.
 */
export class KubeSimulation {
  constructor(
    private readonly writes: WriteLog,
    private readonly scheduler: Scheduler,
  ) {}

  /** Creates the cluster's Kubernetes API when it becomes ACTIVE. */
  clusterActive(regional: RegionState, cluster: EksCluster): KubernetesCluster {
    const kube = new KubernetesCluster({
      name: cluster.name,
      kubernetesVersion: cluster.version,
      recordWrite: (operation, params) =>
        this.writes.record({
          service: 'kubernetes',
          operation,
          params: { cluster: cluster.name, ...params },
          accountId: regional.accountId,
          region: regional.region,
        }),
      hooks: {
        podIdentityAgentActive: () =>
          cluster.computeConfig?.enabled === true ||
          regional.eks.addons.get(cluster.name)?.get('eks-pod-identity-agent')
            ?.status === 'ACTIVE',
        aws: {
          roleExists: name => regional.iam.roles.has(name),
          instanceProfileExists: name =>
            regional.iam.instanceProfiles.has(name),
          subnets: () =>
            [...regional.ec2.subnets.values()].map(s => ({
              id: s.subnetId,
              zone: s.availabilityZone,
              zoneId: s.availabilityZoneId,
              availableIpAddressCount: s.availableIpAddressCount,
              tags: s.tags,
            })),
          securityGroups: () =>
            [...regional.ec2.securityGroups.values()].map(g => ({
              id: g.groupId,
              name: g.groupName,
              tags: g.tags,
            })),
        },
      },
    });
    for (const ns of BASE_NAMESPACES) {
      if (!kube.get('v1', 'Namespace', undefined, ns)) {
        kube.apply({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: ns },
          status: { phase: 'Active' },
        });
      }
    }
    if (!kube.get('v1', 'Service', 'default', 'kubernetes')) {
      kube.apply(apiServerService(cluster));
    }
    cluster.kube = kube;
    new LoadBalancerController(regional, cluster, kube, this.scheduler).start();
    new KarpenterInstances(regional, cluster, kube).start();
    this.autoModeChanged(cluster);
    return kube;
  }

  /**
   * EKS Auto Mode's compute in the cluster (its CRDs, built-in NodePools and
   * NodeClass) follows computeConfig: on creation and on every update.
   */
  autoModeChanged(cluster: EksCluster) {
    const kube = cluster.kube;
    const compute = cluster.computeConfig;
    if (!kube || !compute) return;
    if (!compute.enabled && !kube.list('karpenter.sh/v1', 'NodePool').length) {
      return;
    }
    applyAutoModeCompute(kube, {
      nodePools: (compute.enabled
        ? compute.nodePools
        : []) as AutoModeNodePool[],
      nodeRoleName: compute.nodeRoleArn?.split('/').pop(),
      subnetIds: cluster.resourcesVpcConfig.subnetIds,
      clusterSecurityGroupId: cluster.resourcesVpcConfig.clusterSecurityGroupId,
    });
  }

  /** The control plane's version changed (UpdateClusterVersion completed). */
  clusterVersionChanged(cluster: EksCluster) {
    cluster.kube?.setKubernetesVersion(cluster.version);
  }

  clusterDeleted(cluster: EksCluster) {
    cluster.kube?.stopProbes();
    cluster.kube = undefined;
  }

  nodeCount(cluster: EksCluster): number {
    return cluster.kube?.list('v1', 'Node').length ?? 0;
  }

  nodesLaunched(
    cluster: EksCluster,
    instances: Instance[],
    labels: Record<string, string>,
    taints: { key: string; value?: string; effect: string }[],
    os: 'linux' | 'windows',
    kubeletVersion: string,
  ) {
    const kube = cluster.kube;
    if (!kube) return;
    const region = cluster.arn.split(':')[3];
    for (const instance of instances) {
      kube.apply(
        nodeObject(instance, {
          region,
          kubernetesVersion: kubeletVersion,
          labels,
          taints,
          os,
        }),
      );
    }
  }

  nodesRemoved(cluster: EksCluster, instanceIds: string[]) {
    const kube = cluster.kube;
    if (!kube) return;
    for (const node of kube.list('v1', 'Node')) {
      const providerId =
        (node.spec as { providerID?: string } | undefined)?.providerID ?? '';
      if (instanceIds.some(id => providerId.endsWith(`/${id}`))) {
        kube.remove('v1', 'Node', undefined, node.metadata.name);
        for (const pod of kube.list('v1', 'Pod')) {
          if (
            (pod.spec as { nodeName?: string } | undefined)?.nodeName ===
            node.metadata.name
          ) {
            kube.remove('v1', 'Pod', pod.metadata.namespace, pod.metadata.name);
          }
        }
      }
    }
  }

  nodegroupRelabelled(
    cluster: EksCluster,
    instanceIds: string[],
    labels: Record<string, string>,
    taints: { key: string; value?: string; effect: string }[],
  ) {
    const kube = cluster.kube;
    if (!kube) return;
    for (const node of kube.list('v1', 'Node')) {
      const providerId =
        (node.spec as { providerID?: string } | undefined)?.providerID ?? '';
      if (!instanceIds.some(id => providerId.endsWith(`/${id}`))) continue;
      const base = Object.fromEntries(
        Object.entries(node.metadata.labels ?? {}).filter(([k]) =>
          /kubernetes\.io|k8s\.io|eks\.amazonaws\.com|karpenter\.sh/.test(k),
        ),
      );
      const effect: Record<string, string> = {
        NO_SCHEDULE: 'NoSchedule',
        NO_EXECUTE: 'NoExecute',
        PREFER_NO_SCHEDULE: 'PreferNoSchedule',
      };
      kube.apply({
        ...node,
        metadata: { ...node.metadata, labels: { ...base, ...labels } },
        spec: {
          ...(node.spec as object),
          taints: taints.map(t => ({
            ...t,
            effect: effect[t.effect] ?? t.effect,
          })),
        },
      });
    }
  }

  /** Kubernetes objects of the add-on's workloads that EKS did not create (a conflict unless OVERWRITE). */
  conflictingWorkloads(
    cluster: EksCluster,
    entry: AddonCatalogEntry,
    namespace = entry.defaultNamespace,
  ): string[] {
    const kube = cluster.kube;
    if (!kube) return [];
    return entry.workloads
      .map(w => ({
        w,
        obj: kube.get('apps/v1', w.kind, namespace, w.name),
      }))
      .filter(
        ({ obj }) =>
          obj &&
          obj.metadata.labels?.['app.kubernetes.io/managed-by'] !== 'EKS',
      )
      .map(({ w }) => `${w.kind} ${namespace}/${w.name}`);
  }

  private specs(entry: AddonCatalogEntry, addon: EksAddon): WorkloadSpec[] {
    const sa = entry.podIdentity[0]?.serviceAccount;
    return entry.workloads.map(w => ({
      kind: w.kind,
      namespace: addon.namespace ?? entry.defaultNamespace,
      name: w.name,
      labels: addonLabels(entry.addonName, w.name),
      image: `602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/${w.name}:${addon.addonVersion}`,
      replicas:
        configuredReplicas(addon.configurationValues, w.name) ?? w.replicas,
      serviceAccountName: w.kind === 'Deployment' && sa ? sa : w.name,
    }));
  }

  /** The add-on's Deployments/DaemonSets (the cluster's controllers run their pods). */
  addonInstalled(
    cluster: EksCluster,
    addon: EksAddon,
    entry: AddonCatalogEntry,
  ) {
    const kube = cluster.kube;
    if (!kube) return;
    const namespace = addon.namespace ?? entry.defaultNamespace;
    if (!kube.get('v1', 'Namespace', undefined, namespace)) {
      kube.apply({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: namespace },
        status: { phase: 'Active' },
      });
    }
    for (const spec of this.specs(entry, addon)) {
      this.applyWorkload(kube, spec);
    }
    for (const obj of addonApiServiceObjects(
      entry.addonName,
      namespace,
      addonLabels(entry.addonName, entry.addonName),
    )) {
      kube.apply(obj);
    }
  }

  addonRemoved(
    cluster: EksCluster,
    entry: AddonCatalogEntry,
    namespace = entry.defaultNamespace,
  ) {
    const kube = cluster.kube;
    if (!kube) return;
    for (const w of entry.workloads) {
      kube.remove('apps/v1', w.kind, namespace, w.name);
    }
    for (const obj of addonApiServiceObjects(entry.addonName, namespace, {})) {
      kube.remove(
        obj.apiVersion,
        obj.kind,
        obj.metadata.namespace,
        obj.metadata.name,
      );
    }
  }

  /**
   * Applies a workload; the cluster's own controllers (Deployment, DaemonSet,
   * scheduler, kubelet) create, place and run its pods.
   */
  applyWorkload(kube: KubernetesCluster, spec: WorkloadSpec) {
    const existing = kube.get('apps/v1', spec.kind, spec.namespace, spec.name);
    const workload = workloadObject(spec);
    kube.apply(
      existing
        ? {
            ...workload,
            metadata: {
              ...existing.metadata,
              labels: workload.metadata.labels,
            },
          }
        : workload,
    );
  }
}
