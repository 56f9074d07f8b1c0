export type Tags = Record<string, string>;

export interface Vpc {
  vpcId: string;
  cidrBlock: string;
  isDefault: boolean;
  state: 'available' | 'pending';
  tags: Tags;
}

export interface Subnet {
  subnetId: string;
  vpcId: string;
  cidrBlock: string;
  availabilityZone: string;
  availabilityZoneId: string;
  mapPublicIpOnLaunch: boolean;
  availableIpAddressCount: number;
  tags: Tags;
}

export interface IpPermission {
  ipProtocol: string;
  fromPort?: number;
  toPort?: number;
  cidrs: string[];
  groupIds: string[];
}

export interface SecurityGroup {
  groupId: string;
  groupName: string;
  description: string;
  vpcId: string;
  ingress: IpPermission[];
  egress: IpPermission[];
  tags: Tags;
}

export interface MetadataOptions {
  httpTokens: 'optional' | 'required';
  httpPutResponseHopLimit: number;
  httpEndpoint: 'enabled' | 'disabled';
}

export interface LaunchTemplateVersion {
  versionNumber: number;
  createTime: Date;
  /** The launch template data as given (EC2 query shape, e.g. `MetadataOptions.HttpTokens`). */
  data: LaunchTemplateData;
}

export interface LaunchTemplateData {
  instanceType?: string;
  imageId?: string;
  userData?: string;
  securityGroupIds: string[];
  metadataOptions?: Partial<MetadataOptions>;
  tagSpecifications: { resourceType: string; tags: Tags }[];
}

export interface LaunchTemplate {
  launchTemplateId: string;
  launchTemplateName: string;
  createTime: Date;
  defaultVersionNumber: number;
  versions: LaunchTemplateVersion[];
  tags: Tags;
}

export interface Instance {
  instanceId: string;
  instanceType: string;
  imageId: string;
  state: 'pending' | 'running' | 'shutting-down' | 'terminated';
  subnetId: string;
  vpcId: string;
  availabilityZone: string;
  privateIpAddress: string;
  privateDnsName: string;
  launchTime: Date;
  metadataOptions: MetadataOptions;
  launchTemplate?: {
    launchTemplateId: string;
    launchTemplateName: string;
    version: string;
  };
  securityGroupIds: string[];
  tags: Tags;
}

/** An EBS volume (never attached: the sandbox's instances have no block devices). */
export interface Volume {
  volumeId: string;
  availabilityZone: string;
  sizeGiB: number;
  volumeType: string;
  iops?: number;
  throughput?: number;
  encrypted: boolean;
  state: 'creating' | 'available' | 'deleting';
  createTime: Date;
  tags: Tags;
}

/**
 * An elastic network interface: `in-use` while attached (to an instance,
 * a load balancer...), `available` once detached, e.g. one the VPC CNI
 * left (tagged `cluster.k8s.amazonaws.com/name`), which keeps its subnet
 * and security groups, and so the VPC, from being deleted.
 */
export interface NetworkInterface {
  networkInterfaceId: string;
  subnetId: string;
  vpcId: string;
  availabilityZone: string;
  privateIpAddress: string;
  description: string;
  interfaceType: string;
  status: 'available' | 'in-use';
  groupIds: string[];
  /** What it is attached to while in use. */
  attachment?: { instanceId?: string; instanceOwnerId?: string };
  tags: Tags;
}

/** EC2 state of one account and region. */
export class Ec2State {
  readonly vpcs = new Map<string, Vpc>();
  readonly subnets = new Map<string, Subnet>();
  readonly securityGroups = new Map<string, SecurityGroup>();
  readonly launchTemplates = new Map<string, LaunchTemplate>();
  readonly instances = new Map<string, Instance>();
  readonly volumes = new Map<string, Volume>();
  readonly networkInterfaces = new Map<string, NetworkInterface>();

  /** Any taggable resource by id. */
  taggable(id: string): { tags: Tags } | undefined {
    return (
      this.vpcs.get(id) ??
      this.subnets.get(id) ??
      this.securityGroups.get(id) ??
      this.launchTemplates.get(id) ??
      this.instances.get(id) ??
      this.volumes.get(id) ??
      this.networkInterfaces.get(id)
    );
  }

  launchTemplateByName(name: string): LaunchTemplate | undefined {
    return [...this.launchTemplates.values()].find(
      t => t.launchTemplateName === name,
    );
  }
}
