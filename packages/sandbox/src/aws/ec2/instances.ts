import { hex, resourceId } from '../../ids';
import {
  Ec2State,
  Instance,
  LaunchTemplate,
  MetadataOptions,
  Subnet,
  Tags,
} from './model';

/** EC2's instance state codes. */
export const STATE_CODES: Record<Instance['state'], number> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
};

/** EC2's defaults for AL2023 AMIs (ImdsSupport v2.0): IMDSv2 required, hop limit 2. */
export const DEFAULT_METADATA_OPTIONS: MetadataOptions = {
  httpTokens: 'required',
  httpPutResponseHopLimit: 2,
  httpEndpoint: 'enabled',
};

/** Resolves `$Latest`, `$Default` or a version number of a launch template. */
export function launchTemplateVersion(
  template: LaunchTemplate,
  version: string | undefined,
) {
  if (!version || version === '$Default') {
    return template.versions.find(
      v => v.versionNumber === template.defaultVersionNumber,
    );
  }
  if (version === '$Latest')
    return template.versions[template.versions.length - 1];
  return template.versions.find(v => String(v.versionNumber) === version);
}

function ipInSubnet(subnet: Subnet, n: number) {
  const [a, b, c] = subnet.cidrBlock.split('/')[0].split('.');
  return `${a}.${b}.${Number(c) + Math.floor(n / 250)}.${10 + (n % 240)}`;
}

export interface LaunchRequest {
  count: number;
  subnets: Subnet[];
  instanceType: string;
  imageId?: string;
  launchTemplate?: LaunchTemplate;
  launchTemplateVersion?: string;
  securityGroupIds?: string[];
  tags: Tags;
}

/** Launches instances spread round-robin over the subnets; they are running at once. */
export function launchInstances(
  ec2: Ec2State,
  region: string,
  request: LaunchRequest,
): Instance[] {
  const ltVersion = request.launchTemplate
    ? launchTemplateVersion(
        request.launchTemplate,
        request.launchTemplateVersion,
      )
    : undefined;
  const md = ltVersion?.data.metadataOptions ?? {};
  const metadataOptions: MetadataOptions = {
    httpTokens: md.httpTokens ?? DEFAULT_METADATA_OPTIONS.httpTokens,
    httpPutResponseHopLimit:
      md.httpPutResponseHopLimit ??
      DEFAULT_METADATA_OPTIONS.httpPutResponseHopLimit,
    httpEndpoint: md.httpEndpoint ?? DEFAULT_METADATA_OPTIONS.httpEndpoint,
  };
  const launched: Instance[] = [];
  for (let i = 0; i < request.count; i++) {
    const subnet = request.subnets[i % request.subnets.length];
    const ip = ipInSubnet(subnet, ec2.instances.size + i);
    const instance: Instance = {
      instanceId: resourceId('i'),
      instanceType: ltVersion?.data.instanceType ?? request.instanceType,
      imageId: ltVersion?.data.imageId ?? request.imageId ?? `ami-${hex(17)}`,
      state: 'running',
      subnetId: subnet.subnetId,
      vpcId: subnet.vpcId,
      availabilityZone: subnet.availabilityZone,
      privateIpAddress: ip,
      privateDnsName: `ip-${ip.replace(/\./g, '-')}.${region}.compute.internal`,
      launchTime: new Date(),
      metadataOptions,
      launchTemplate: request.launchTemplate
        ? {
            launchTemplateId: request.launchTemplate.launchTemplateId,
            launchTemplateName: request.launchTemplate.launchTemplateName,
            version: String(
              ltVersion?.versionNumber ??
                request.launchTemplate.defaultVersionNumber,
            ),
          }
        : undefined,
      securityGroupIds: ltVersion?.data.securityGroupIds.length
        ? ltVersion.data.securityGroupIds
        : request.securityGroupIds ?? [],
      tags: { ...request.tags },
    };
    ec2.instances.set(instance.instanceId, instance);
    launched.push(instance);
  }
  return launched;
}

/** Terminates instances (they stay visible as terminated, as in EC2). */
export function terminateInstances(ec2: Ec2State, ids: string[]) {
  for (const id of ids) {
    const instance = ec2.instances.get(id);
    if (instance) instance.state = 'terminated';
  }
}
