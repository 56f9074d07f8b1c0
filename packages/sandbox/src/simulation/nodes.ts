import type { Instance } from '../aws/ec2/model';
import type { KubeObject } from '../kubernetes';

const INSTANCE_SIZES: Record<
  string,
  { cpu: string; memory: string; pods: string }
> = {
  't3.medium': { cpu: '2', memory: '3943372Ki', pods: '17' },
  't3.large': { cpu: '2', memory: '8047844Ki', pods: '35' },
  'm5.large': { cpu: '2', memory: '7934456Ki', pods: '29' },
  'm5.xlarge': { cpu: '4', memory: '15991264Ki', pods: '58' },
  'm6i.large': { cpu: '2', memory: '7934456Ki', pods: '29' },
  'c5.large': { cpu: '2', memory: '3900160Ki', pods: '29' },
};

/** The Kubernetes Node of an EC2 instance. */
export function nodeObject(
  instance: Instance,
  opts: {
    region: string;
    kubernetesVersion: string;
    labels: Record<string, string>;
    taints: { key: string; value?: string; effect: string }[];
    os: 'linux' | 'windows';
  },
): KubeObject {
  const size = INSTANCE_SIZES[instance.instanceType] ?? {
    cpu: '2',
    memory: '7934456Ki',
    pods: '29',
  };
  const arch =
    /g\./.test(instance.instanceType) ||
    /^[a-z]+\dg/.test(instance.instanceType)
      ? 'arm64'
      : 'amd64';
  const effect: Record<string, string> = {
    NO_SCHEDULE: 'NoSchedule',
    NO_EXECUTE: 'NoExecute',
    PREFER_NO_SCHEDULE: 'PreferNoSchedule',
  };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: instance.privateDnsName,
      labels: {
        'kubernetes.io/hostname': instance.privateDnsName,
        'kubernetes.io/os': opts.os,
        'kubernetes.io/arch': arch,
        'beta.kubernetes.io/os': opts.os,
        'beta.kubernetes.io/arch': arch,
        'node.kubernetes.io/instance-type': instance.instanceType,
        'beta.kubernetes.io/instance-type': instance.instanceType,
        'topology.kubernetes.io/zone': instance.availabilityZone,
        'topology.kubernetes.io/region': opts.region,
        'failure-domain.beta.kubernetes.io/zone': instance.availabilityZone,
        'failure-domain.beta.kubernetes.io/region': opts.region,
        'k8s.io/cloud-provider-aws': 'sandbox',
        ...opts.labels,
      },
      annotations: {
        'alpha.kubernetes.io/provided-node-ip': instance.privateIpAddress,
      },
    },
    spec: {
      providerID: `aws:///${instance.availabilityZone}/${instance.instanceId}`,
      taints: opts.taints.map(t => ({
        key: t.key,
        value: t.value,
        effect: effect[t.effect] ?? t.effect,
      })),
    },
    status: {
      capacity: {
        cpu: size.cpu,
        memory: size.memory,
        pods: size.pods,
        'ephemeral-storage': '20959212Ki',
      },
      allocatable: {
        cpu: `${Number(size.cpu) * 1000 - 70}m`,
        memory: size.memory,
        pods: size.pods,
      },
      conditions: [
        {
          type: 'MemoryPressure',
          status: 'False',
          reason: 'KubeletHasSufficientMemory',
        },
        {
          type: 'DiskPressure',
          status: 'False',
          reason: 'KubeletHasNoDiskPressure',
        },
        {
          type: 'PIDPressure',
          status: 'False',
          reason: 'KubeletHasSufficientPID',
        },
        {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
        },
      ],
      addresses: [
        { type: 'InternalIP', address: instance.privateIpAddress },
        { type: 'InternalDNS', address: instance.privateDnsName },
        { type: 'Hostname', address: instance.privateDnsName },
      ],
      nodeInfo: {
        kubeletVersion: `v${opts.kubernetesVersion}.5-eks-113cf36`,
        kubeProxyVersion: `v${opts.kubernetesVersion}.5-eks-113cf36`,
        operatingSystem: opts.os,
        architecture: arch,
        osImage:
          opts.os === 'linux'
            ? 'Amazon Linux 2023.9.20251105'
            : 'Windows Server 2022 Datacenter',
        containerRuntimeVersion: 'containerd://1.7.27',
      },
    },
  };
}
