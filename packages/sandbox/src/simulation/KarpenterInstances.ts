import { DEFAULT_METADATA_OPTIONS } from '../aws/ec2/instances';
import type { Instance, MetadataOptions } from '../aws/ec2/model';
import type { EksCluster } from '../aws/eks/model';
import type { KubeChange, KubeObject, KubernetesCluster } from '../kubernetes';
import type { RegionState } from '../state';

const NODEPOOL_LABEL = 'karpenter.sh/nodepool';

function instanceIdOf(node: KubeObject): string | undefined {
  const providerId = (node.spec as { providerID?: string } | undefined)
    ?.providerID;
  return providerId?.match(/\/(i-[0-9a-f]+)$/)?.[1];
}

function internalIp(node: KubeObject): string {
  const addresses =
    (
      node.status as
        | { addresses?: { type: string; address: string }[] }
        | undefined
    )?.addresses ?? [];
  return addresses.find(a => a.type === 'InternalIP')?.address ?? '10.0.0.10';
}

/**
 * The EC2 side of Karpenter: every node Karpenter launches in the Kubernetes
 * simulation is an EC2 instance (with the EC2NodeClass's metadata options and
 * Karpenter's tags); it is terminated when the node goes.
 */
export class KarpenterInstances {
  constructor(
    private readonly regional: RegionState,
    private readonly cluster: EksCluster,
    private readonly kube: KubernetesCluster,
  ) {}

  start() {
    this.kube.onChange(change => this.onChange(change));
  }

  private metadataOptions(nodePool: string): MetadataOptions {
    const pool = this.kube.get(
      'karpenter.sh/v1',
      'NodePool',
      undefined,
      nodePool,
    );
    const classRef = (
      pool?.spec as
        | { template?: { spec?: { nodeClassRef?: { name?: string } } } }
        | undefined
    )?.template?.spec?.nodeClassRef?.name;
    const nodeClass = classRef
      ? this.kube.get(
          'karpenter.k8s.aws/v1',
          'EC2NodeClass',
          undefined,
          classRef,
        )
      : undefined;
    const md =
      (
        nodeClass?.spec as
          | { metadataOptions?: Partial<MetadataOptions> }
          | undefined
      )?.metadataOptions ?? {};
    return { ...DEFAULT_METADATA_OPTIONS, ...md };
  }

  private onChange(change: KubeChange) {
    const node = change.object;
    if (node.kind !== 'Node') return;
    const nodePool = node.metadata.labels?.[NODEPOOL_LABEL];
    const instanceId = instanceIdOf(node);
    if (!nodePool || !instanceId) return;
    const ec2 = this.regional.ec2;
    if (change.type === 'DELETED') {
      const instance = ec2.instances.get(instanceId);
      if (instance) instance.state = 'terminated';
      return;
    }
    if (ec2.instances.has(instanceId)) return;
    const zone = node.metadata.labels?.['topology.kubernetes.io/zone'] ?? '';
    const subnets = [...ec2.subnets.values()].filter(
      s =>
        s.vpcId === this.cluster.resourcesVpcConfig.vpcId &&
        s.availabilityZone === zone,
    );
    const subnet =
      subnets.find(
        s => s.tags['karpenter.sh/discovery'] === this.cluster.name,
      ) ?? subnets[0];
    const instance: Instance = {
      instanceId,
      instanceType:
        node.metadata.labels?.['node.kubernetes.io/instance-type'] ??
        'm5.large',
      imageId: 'ami-0a1b2c3d4e5f60789',
      state: 'running',
      subnetId: subnet?.subnetId ?? '',
      vpcId: this.cluster.resourcesVpcConfig.vpcId,
      availabilityZone: zone,
      privateIpAddress: internalIp(node),
      privateDnsName: node.metadata.name,
      launchTime: new Date(),
      metadataOptions: this.metadataOptions(nodePool),
      securityGroupIds: [
        this.cluster.resourcesVpcConfig.clusterSecurityGroupId,
      ],
      tags: {
        'karpenter.sh/nodepool': nodePool,
        'karpenter.sh/nodeclaim': String(
          (
            node.metadata.ownerReferences as { name?: string }[] | undefined
          )?.[0]?.name ?? '',
        ),
        'eks:eks-cluster-name': this.cluster.name,
        [`kubernetes.io/cluster/${this.cluster.name}`]: 'owned',
        Name: `${nodePool}/${node.metadata.name}`,
      },
    };
    ec2.instances.set(instanceId, instance);
  }
}
