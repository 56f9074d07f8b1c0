import type { Capacity } from './nodes.ts';

/** An EC2 instance type Karpenter may launch. */
export interface InstanceType {
  name: string;
  category: string;
  generation: number;
  family: string;
  capacity: Capacity;
}

const GiB = 2 ** 30;

function type(
  name: string,
  cpu: number,
  memoryGiB: number,
  pods: number,
): InstanceType {
  const family = name.split('.')[0];
  return {
    name,
    family,
    category: family.replace(/[0-9].*$/, ''),
    generation: Number(/[0-9]+/.exec(family)?.[0] ?? 0),
    capacity: { cpu, memory: memoryGiB * GiB, pods },
  };
}

/** A small, real slice of the EC2 catalog (vCPU, memory, ENI-based max pods). */
export const INSTANCE_TYPES: InstanceType[] = [
  type('t3.medium', 2, 4, 17),
  type('c6i.large', 2, 4, 29),
  type('m6i.large', 2, 8, 29),
  type('r6i.large', 2, 16, 29),
  type('c6i.xlarge', 4, 8, 58),
  type('m6i.xlarge', 4, 16, 58),
  type('r6i.xlarge', 4, 32, 58),
  type('c6i.2xlarge', 8, 16, 58),
  type('m6i.2xlarge', 8, 32, 58),
  type('m6i.4xlarge', 16, 64, 234),
  type('m5.large', 2, 8, 29),
  type('m5.xlarge', 4, 16, 58),
];

/** The labels Karpenter puts on nodes of an instance type. */
export function instanceTypeLabels(t: InstanceType): Record<string, string> {
  return {
    'node.kubernetes.io/instance-type': t.name,
    'karpenter.k8s.aws/instance-category': t.category,
    'karpenter.k8s.aws/instance-family': t.family,
    'karpenter.k8s.aws/instance-generation': String(t.generation),
    'karpenter.k8s.aws/instance-cpu': String(t.capacity.cpu),
    'karpenter.k8s.aws/instance-memory': String(t.capacity.memory / 2 ** 20),
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/os': 'linux',
  };
}
