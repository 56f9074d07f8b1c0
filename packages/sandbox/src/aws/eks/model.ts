import type { KubernetesCluster } from '../../kubernetes';

export type Tags = Record<string, string>;

export interface HealthIssue {
  code: string;
  message: string;
  resourceIds?: string[];
}

export interface EksUpdate {
  id: string;
  status: 'InProgress' | 'Failed' | 'Cancelled' | 'Successful';
  type: string;
  params: { type: string; value: string }[];
  createdAt: Date;
  /** When it reached Successful or Failed (internal: not on EKS's wire shape). */
  completedAt?: Date;
  errors: { errorCode: string; errorMessage: string; resourceIds: string[] }[];
  nodegroupName?: string;
  addonName?: string;
}

export interface EksCluster {
  name: string;
  arn: string;
  createdAt: Date;
  version: string;
  platformVersion: string;
  roleArn: string;
  status: 'CREATING' | 'ACTIVE' | 'DELETING' | 'FAILED' | 'UPDATING';
  resourcesVpcConfig: {
    subnetIds: string[];
    securityGroupIds: string[];
    clusterSecurityGroupId: string;
    vpcId: string;
    endpointPublicAccess: boolean;
    endpointPrivateAccess: boolean;
    publicAccessCidrs: string[];
    /** AWS_MANAGED (EKS's default), CUSTOMER_ROUTED or CUSTOMER_ISOLATED. */
    controlPlaneEgressMode?: string;
  };
  kubernetesNetworkConfig: {
    /** Absent for IPv6 clusters. */
    serviceIpv4Cidr?: string;
    ipFamily: 'ipv4' | 'ipv6';
    elasticLoadBalancing?: { enabled: boolean };
  };
  logging: { clusterLogging: { types: string[]; enabled: boolean }[] };
  oidcIssuer: string;
  certificateAuthorityData: string;
  clientRequestToken?: string;
  tags: Tags;
  accessConfig: {
    authenticationMode: 'API' | 'API_AND_CONFIG_MAP' | 'CONFIG_MAP';
    bootstrapClusterCreatorAdminPermissions: boolean;
  };
  upgradePolicy: { supportType: 'STANDARD' | 'EXTENDED' };
  computeConfig?: {
    enabled: boolean;
    nodePools: string[];
    nodeRoleArn?: string;
  };
  storageConfig?: { blockStorage: { enabled: boolean } };
  zonalShiftConfig?: { enabled: boolean };
  /** DeleteCluster is refused while it is on (and the cluster ACTIVE or UPDATING). */
  deletionProtection?: boolean;
  /** Provisioned Control Plane: `standard` unless a tier is chosen. */
  controlPlaneScalingConfig?: { tier: string };
  /** EKS Hybrid Nodes' remote networks. */
  remoteNetworkConfig?: {
    remoteNodeNetworks: { cidrs: string[] }[];
    remotePodNetworks: { cidrs: string[] }[];
  };
  encryptionConfig?: unknown[];
  healthIssues: HealthIssue[];
  updates: EksUpdate[];
  /** The cluster's Kubernetes API, once it is ACTIVE. */
  kube?: KubernetesCluster;
  /** `https://127.0.0.1:<port>`: the root of its own listener, once that listens. */
  endpoint?: string;
}

export interface EksNodegroup {
  nodegroupName: string;
  nodegroupArn: string;
  clusterName: string;
  version: string;
  releaseVersion: string;
  createdAt: Date;
  modifiedAt: Date;
  status:
    | 'CREATING'
    | 'ACTIVE'
    | 'UPDATING'
    | 'DELETING'
    | 'CREATE_FAILED'
    | 'DELETE_FAILED'
    | 'DEGRADED';
  capacityType: 'ON_DEMAND' | 'SPOT' | 'CAPACITY_BLOCK';
  scalingConfig: { minSize: number; maxSize: number; desiredSize: number };
  instanceTypes: string[];
  subnets: string[];
  amiType: string;
  nodeRole: string;
  labels: Record<string, string>;
  taints: { key: string; value?: string; effect: string }[];
  diskSize?: number;
  launchTemplate?: { name: string; version: string; id: string };
  updateConfig: { maxUnavailable?: number; maxUnavailablePercentage?: number };
  autoScalingGroupName: string;
  healthIssues: HealthIssue[];
  tags: Tags;
  /** EC2 instance ids of its nodes. */
  instanceIds: string[];
}

export interface EksAddon {
  addonName: string;
  clusterName: string;
  status:
    | 'CREATING'
    | 'ACTIVE'
    | 'CREATE_FAILED'
    | 'UPDATING'
    | 'DELETING'
    | 'DELETE_FAILED'
    | 'DEGRADED'
    | 'UPDATE_FAILED';
  addonVersion: string;
  addonArn: string;
  createdAt: Date;
  modifiedAt: Date;
  serviceAccountRoleArn?: string;
  configurationValues?: string;
  resolveConflicts?: string;
  healthIssues: HealthIssue[];
  tags: Tags;
  podIdentityAssociationArns: string[];
  publisher: string;
  owner: string;
  /** The namespace CreateAddon's namespaceConfig named (UpdateAddon cannot change it). */
  namespace?: string;
}

export interface EksPodIdentityAssociation {
  associationId: string;
  associationArn: string;
  clusterName: string;
  namespace: string;
  serviceAccount: string;
  roleArn: string;
  createdAt: Date;
  modifiedAt: Date;
  tags: Tags;
  ownerArn?: string;
  disableSessionTags: boolean;
  targetRoleArn?: string;
  /** The sts:ExternalId a target role's trust requires: `region/account/cluster/namespace/serviceAccount`. */
  externalId: string;
  /** The inline session policy (JSON); needs disableSessionTags. */
  policy?: string;
}

export interface AccessScope {
  type: 'cluster' | 'namespace';
  namespaces?: string[];
}

export interface EksAccessEntry {
  clusterName: string;
  principalArn: string;
  accessEntryArn: string;
  kubernetesGroups: string[];
  createdAt: Date;
  modifiedAt: Date;
  tags: Tags;
  username: string;
  type: string;
  policies: Map<
    string,
    { accessScope: AccessScope; associatedAt: Date; modifiedAt: Date }
  >;
}

export interface EksFargateProfile {
  fargateProfileName: string;
  fargateProfileArn: string;
  clusterName: string;
  createdAt: Date;
  podExecutionRoleArn: string;
  subnets: string[];
  selectors: { namespace?: string; labels?: Record<string, string> }[];
  status:
    | 'CREATING'
    | 'ACTIVE'
    | 'DELETING'
    | 'CREATE_FAILED'
    | 'DELETE_FAILED';
  tags: Tags;
}

export interface EksCapability {
  capabilityName: string;
  arn: string;
  clusterName: string;
  type: 'ACK' | 'KRO' | 'ARGOCD';
  roleArn: string;
  status:
    | 'CREATING'
    | 'CREATE_FAILED'
    | 'UPDATING'
    | 'DELETING'
    | 'DELETE_FAILED'
    | 'ACTIVE'
    | 'DEGRADED';
  version: string;
  configuration?: {
    argoCd: {
      namespace: string;
      awsIdc: {
        idcInstanceArn: string;
        idcRegion: string;
        idcManagedApplicationArn: string;
      };
      rbacRoleMappings: {
        role: string;
        identities: { id: string; type: string }[];
      }[];
      networkAccess: { vpceIds: string[] };
      serverUrl: string;
    };
  };
  tags: Tags;
  /** health.issues: AccessDenied or ClusterUnreachable. */
  issues: HealthIssue[];
  createdAt: Date;
  modifiedAt: Date;
  deletePropagationPolicy: 'RETAIN';
}

/** EKS state of one account and region. */
export class EksState {
  readonly clusters = new Map<string, EksCluster>();
  /** Keyed by cluster name, then by resource name. */
  readonly nodegroups = new Map<string, Map<string, EksNodegroup>>();
  readonly addons = new Map<string, Map<string, EksAddon>>();
  readonly podIdentityAssociations = new Map<
    string,
    Map<string, EksPodIdentityAssociation>
  >();
  readonly accessEntries = new Map<string, Map<string, EksAccessEntry>>();
  readonly fargateProfiles = new Map<string, Map<string, EksFargateProfile>>();
  readonly capabilities = new Map<string, Map<string, EksCapability>>();

  /** The per-cluster map of a resource kind, created on first use. */
  static of<T>(
    map: Map<string, Map<string, T>>,
    cluster: string,
  ): Map<string, T> {
    let inner = map.get(cluster);
    if (!inner) {
      inner = new Map();
      map.set(cluster, inner);
    }
    return inner;
  }

  /** Drops everything that belongs to a deleted cluster. */
  forgetCluster(name: string) {
    this.clusters.delete(name);
    this.nodegroups.delete(name);
    this.addons.delete(name);
    this.podIdentityAssociations.delete(name);
    this.accessEntries.delete(name);
    this.fargateProfiles.delete(name);
    this.capabilities.delete(name);
  }

  /** Any taggable EKS resource by ARN. */
  taggable(arn: string): { tags: Tags } | undefined {
    for (const c of this.clusters.values()) if (c.arn === arn) return c;
    const kinds = [
      [this.nodegroups, 'nodegroupArn'],
      [this.addons, 'addonArn'],
      [this.podIdentityAssociations, 'associationArn'],
      [this.accessEntries, 'accessEntryArn'],
      [this.fargateProfiles, 'fargateProfileArn'],
      [this.capabilities, 'arn'],
    ] as const;
    for (const [map, field] of kinds) {
      for (const inner of map.values()) {
        for (const r of inner.values()) {
          if ((r as unknown as Record<string, unknown>)[field] === arn) {
            return r as { tags: Tags };
          }
        }
      }
    }
    return undefined;
  }
}
