/** A Kubernetes object as stored and served by the sandbox. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    uid?: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

/** One change to the store, as a watch sends it. */
export type KubeChange = {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: KubeObject;
};

/** Options of a sandbox Kubernetes cluster. */
export interface KubernetesClusterOptions {
  /** The EKS cluster name; bearer tokens must be signed for it. */
  name: string;
  /** Called for every mutation made through the HTTP API. */
  recordWrite: (operation: string, params: Record<string, unknown>) => void;
  hooks?: {
    /**
     * Whether the EKS Pod Identity agent add-on is running. Without this hook
     * the cluster looks for the `eks-pod-identity-agent` DaemonSet in kube-system.
     */
    podIdentityAgentActive?: () => boolean;
    /**
     * The AWS resources Karpenter's EC2NodeClass controller looks up (IAM
     * roles and instance profiles, subnets and security groups of the
     * region). Without it node classes are taken as resolved.
     */
    aws?: KarpenterAwsView;
  };
  /** The version `/version` reports (default `1.33`). */
  kubernetesVersion?: string;
  /**
   * How often failing liveness probes restart a container (default 10 s).
   * The timer runs only while a container is failing and never keeps the
   * process alive.
   */
  probeIntervalMs?: number;
}

/** What Karpenter's EC2NodeClass controller sees of AWS. */
export interface KarpenterAwsView {
  roleExists(name: string): boolean;
  instanceProfileExists(name: string): boolean;
  subnets(): Array<{
    id: string;
    zone: string;
    zoneId: string;
    availableIpAddressCount: number;
    tags: Record<string, string>;
  }>;
  securityGroups(): Array<{
    id: string;
    name: string;
    tags: Record<string, string>;
  }>;
}

/** The parts of an object the simulation reads, typed loosely. */
export type Json = Record<string, unknown>;

/** Returns the group of an apiVersion (`''` for core `v1`). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}
