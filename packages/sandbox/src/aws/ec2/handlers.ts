import { AwsError } from '../AwsError';
import type { AwsContext } from '../context';
import type { QueryHandler } from '../protocols/query';
import {
  obj,
  objList,
  QueryParams,
  str,
  strList,
  tagsOf,
} from '../protocols/queryParams';
import type { XmlValue } from '../protocols/xml';
import { filtersOf, matchesFilters, tagSet } from './filters';
import { byIds, checkTagKeys, ec2Page, required, tagSpecTags } from './params';
import { launchTemplateVersion, STATE_CODES } from './instances';
import { addLaunchTemplate } from './launchTemplates';
import {
  Instance,
  LaunchTemplate,
  LaunchTemplateData,
  LaunchTemplateVersion,
  MetadataOptions,
  SecurityGroup,
  Subnet,
  Vpc,
} from './model';
import { createSecurityGroup } from './securityGroups';
import { addSubnet, addVpc } from './store';
import { EC2_REGION_HANDLERS } from './regions';
import { EC2_VOLUME_HANDLERS } from './volumes';
import { EC2_INSTANCE_LIFECYCLE_HANDLERS } from './instanceLifecycle';
import {
  EC2_NETWORK_INTERFACE_HANDLERS,
  interfacesUsing,
} from './networkInterfaces';

const vpcXml = (ctx: AwsContext, v: Vpc): Record<string, XmlValue> => ({
  vpcId: v.vpcId,
  ownerId: ctx.accountId,
  state: v.state,
  cidrBlock: v.cidrBlock,
  cidrBlockAssociationSet: [
    {
      associationId: `vpc-cidr-assoc-${v.vpcId.slice(4)}`,
      cidrBlock: v.cidrBlock,
      cidrBlockState: { state: 'associated' },
    },
  ],
  dhcpOptionsId: 'dopt-0a1b2c3d4e5f67890',
  instanceTenancy: 'default',
  isDefault: v.isDefault,
  tagSet: tagSet(v.tags),
});

const subnetXml = (ctx: AwsContext, s: Subnet): Record<string, XmlValue> => ({
  subnetId: s.subnetId,
  subnetArn: `arn:aws:ec2:${ctx.region}:${ctx.accountId}:subnet/${s.subnetId}`,
  ownerId: ctx.accountId,
  state: 'available',
  vpcId: s.vpcId,
  cidrBlock: s.cidrBlock,
  availableIpAddressCount: s.availableIpAddressCount,
  availabilityZone: s.availabilityZone,
  availabilityZoneId: s.availabilityZoneId,
  defaultForAz: false,
  mapPublicIpOnLaunch: s.mapPublicIpOnLaunch,
  tagSet: tagSet(s.tags),
});

const permissionsXml = (ctx: AwsContext, perms: SecurityGroup['ingress']) =>
  perms.map(p => ({
    ipProtocol: p.ipProtocol,
    fromPort: p.fromPort,
    toPort: p.toPort,
    ipRanges: p.cidrs.map(cidrIp => ({ cidrIp })),
    groups: p.groupIds.map(groupId => ({ groupId, userId: ctx.accountId })),
  }));

const groupXml = (
  ctx: AwsContext,
  g: SecurityGroup,
): Record<string, XmlValue> => ({
  ownerId: ctx.accountId,
  groupId: g.groupId,
  groupName: g.groupName,
  groupDescription: g.description,
  vpcId: g.vpcId,
  securityGroupArn: `arn:aws:ec2:${ctx.region}:${ctx.accountId}:security-group/${g.groupId}`,
  ipPermissions: permissionsXml(ctx, g.ingress),
  ipPermissionsEgress: permissionsXml(ctx, g.egress),
  tagSet: tagSet(g.tags),
});

const templateXml = (
  ctx: AwsContext,
  t: LaunchTemplate,
): Record<string, XmlValue> => ({
  launchTemplateId: t.launchTemplateId,
  launchTemplateName: t.launchTemplateName,
  createTime: t.createTime,
  createdBy: `arn:aws:iam::${ctx.accountId}:user/sandbox-admin`,
  defaultVersionNumber: t.defaultVersionNumber,
  latestVersionNumber: t.versions[t.versions.length - 1].versionNumber,
  tagSet: tagSet(t.tags),
});

const versionXml = (
  ctx: AwsContext,
  t: LaunchTemplate,
  v: LaunchTemplateVersion,
): Record<string, XmlValue> => ({
  launchTemplateId: t.launchTemplateId,
  launchTemplateName: t.launchTemplateName,
  versionNumber: v.versionNumber,
  createTime: v.createTime,
  createdBy: `arn:aws:iam::${ctx.accountId}:user/sandbox-admin`,
  defaultVersion: v.versionNumber === t.defaultVersionNumber,
  launchTemplateData: {
    instanceType: v.data.instanceType,
    imageId: v.data.imageId,
    userData: v.data.userData,
    securityGroupIdSet: v.data.securityGroupIds.length
      ? v.data.securityGroupIds
      : undefined,
    metadataOptions: v.data.metadataOptions
      ? {
          httpTokens: v.data.metadataOptions.httpTokens,
          httpPutResponseHopLimit:
            v.data.metadataOptions.httpPutResponseHopLimit,
          httpEndpoint: v.data.metadataOptions.httpEndpoint,
        }
      : undefined,
    tagSpecificationSet: v.data.tagSpecifications.length
      ? v.data.tagSpecifications.map(s => ({
          resourceType: s.resourceType,
          tagSet: tagSet(s.tags),
        }))
      : undefined,
  },
});

const instanceXml = (
  ctx: AwsContext,
  i: Instance,
): Record<string, XmlValue> => ({
  instanceId: i.instanceId,
  imageId: i.imageId,
  instanceState: { code: STATE_CODES[i.state], name: i.state },
  privateDnsName: i.privateDnsName,
  instanceType: i.instanceType,
  launchTime: i.launchTime,
  placement: { availabilityZone: i.availabilityZone, tenancy: 'default' },
  subnetId: i.subnetId,
  vpcId: i.vpcId,
  privateIpAddress: i.privateIpAddress,
  architecture: 'x86_64',
  groupSet: i.securityGroupIds.map(groupId => ({
    groupId,
    groupName: ctx.regional.ec2.securityGroups.get(groupId)?.groupName,
  })),
  tagSet: tagSet(i.tags),
  metadataOptions: {
    state: 'applied',
    httpTokens: i.metadataOptions.httpTokens,
    httpPutResponseHopLimit: i.metadataOptions.httpPutResponseHopLimit,
    httpEndpoint: i.metadataOptions.httpEndpoint,
  },
});

/** Reads `LaunchTemplateData.*` (EC2 query names). */
function launchTemplateData(
  ctx: AwsContext,
  params: QueryParams,
): LaunchTemplateData {
  const data = obj(params, 'LaunchTemplateData');
  if (!data)
    throw new AwsError(
      'MissingParameter',
      'The request must contain the parameter LaunchTemplateData',
    );
  const md = obj(data, 'MetadataOptions');
  let metadataOptions: Partial<MetadataOptions> | undefined;
  if (md) {
    const httpTokens = str(md, 'HttpTokens');
    if (httpTokens && httpTokens !== 'optional' && httpTokens !== 'required') {
      throw new AwsError(
        'InvalidParameterValue',
        `LaunchTemplateData.MetadataOptions.HttpTokens: ${httpTokens} is not one of optional, required`,
      );
    }
    const hop = str(md, 'HttpPutResponseHopLimit');
    if (
      hop !== undefined &&
      !(Number.isInteger(Number(hop)) && Number(hop) >= 1 && Number(hop) <= 64)
    ) {
      throw new AwsError(
        'InvalidParameterValue',
        `LaunchTemplateData.MetadataOptions.HttpPutResponseHopLimit: ${hop} must be an integer from 1 to 64`,
      );
    }
    const endpoint = str(md, 'HttpEndpoint');
    metadataOptions = {
      httpTokens: httpTokens as MetadataOptions['httpTokens'] | undefined,
      httpPutResponseHopLimit: hop === undefined ? undefined : Number(hop),
      httpEndpoint: endpoint as MetadataOptions['httpEndpoint'] | undefined,
    };
  }
  const securityGroupIds = strList(data, 'SecurityGroupId');
  for (const id of securityGroupIds) {
    if (!ctx.regional.ec2.securityGroups.has(id)) {
      throw new AwsError(
        'InvalidGroupId.NotFound',
        `LaunchTemplateData.SecurityGroupId: the security group '${id}' does not exist`,
      );
    }
  }
  return {
    instanceType: str(data, 'InstanceType'),
    imageId: str(data, 'ImageId'),
    userData: str(data, 'UserData'),
    securityGroupIds,
    metadataOptions,
    tagSpecifications: objList(data, 'TagSpecification').map(s => {
      const tags = tagsOf(s, 'Tag');
      checkTagKeys(Object.keys(tags), false);
      return { resourceType: str(s, 'ResourceType') ?? 'instance', tags };
    }),
  };
}

function findTemplate(ctx: AwsContext, params: QueryParams): LaunchTemplate {
  const id = str(params, 'LaunchTemplateId');
  const name = str(params, 'LaunchTemplateName');
  if (!id && !name)
    throw new AwsError(
      'MissingParameter',
      'The request must contain LaunchTemplateId or LaunchTemplateName',
    );
  const t = id
    ? ctx.regional.ec2.launchTemplates.get(id)
    : ctx.regional.ec2.launchTemplateByName(name!);
  if (!t) {
    throw id
      ? new AwsError(
          'InvalidLaunchTemplateId.NotFound',
          `The specified launch template, with template ID ${id}, does not exist.`,
        )
      : new AwsError(
          'InvalidLaunchTemplateName.NotFoundException',
          `The specified launch template, with template name ${name}, does not exist.`,
        );
  }
  return t;
}

function resourceType(id: string) {
  const prefix = id.split('-')[0];
  return (
    (
      {
        vpc: 'vpc',
        subnet: 'subnet',
        sg: 'security-group',
        lt: 'launch-template',
        i: 'instance',
        vol: 'volume',
      } as Record<string, string>
    )[prefix] ?? 'unknown'
  );
}

/** An IPv4 CIDR block of the sizes a VPC or subnet may have (/16 to /28). */
const CIDR_16_TO_28 = /^\d+\.\d+\.\d+\.\d+\/(1[6-9]|2[0-8])$/;

/** EC2's InvalidVpcID.NotFound for a VPC it does not have. */
function requireVpc(ec2: AwsContext['regional']['ec2'], vpcId: string) {
  if (!ec2.vpcs.has(vpcId))
    throw new AwsError(
      'InvalidVpcID.NotFound',
      `The vpc ID '${vpcId}' does not exist`,
    );
}

export const EC2_HANDLERS: Record<string, QueryHandler> = {
  ...EC2_VOLUME_HANDLERS,
  ...EC2_NETWORK_INTERFACE_HANDLERS,
  ...EC2_INSTANCE_LIFECYCLE_HANDLERS,
  ...EC2_REGION_HANDLERS,
  DescribeVpcs(ctx, params) {
    const filters = filtersOf(params);
    const vpcs = byIds(
      ctx.regional.ec2.vpcs,
      strList(params, 'VpcId'),
      'InvalidVpcID.NotFound',
      'vpc',
    ).filter(v =>
      matchesFilters(filters, v.tags, {
        'vpc-id': v.vpcId,
        'is-default': String(v.isDefault),
        'cidr-block': v.cidrBlock,
        state: v.state,
      }),
    );
    const { page, nextToken } = ec2Page(params, 'DescribeVpcs', vpcs);
    return { vpcSet: page.map(v => vpcXml(ctx, v)), nextToken };
  },
  CreateVpc(ctx, params) {
    const cidr = required(params, 'CidrBlock');
    if (!CIDR_16_TO_28.test(cidr)) {
      throw new AwsError(
        'InvalidParameterValue',
        `CidrBlock: ${cidr} must be an IPv4 CIDR between /16 and /28`,
      );
    }
    const vpc = addVpc(ctx.regional.ec2, {
      cidrBlock: cidr,
      tags: tagSpecTags(params, 'TagSpecification', 'vpc'),
    });
    return { vpc: vpcXml(ctx, vpc) };
  },
  DeleteVpc(ctx, params) {
    const vpcId = required(params, 'VpcId');
    const ec2 = ctx.regional.ec2;
    requireVpc(ec2, vpcId);
    const dependent = [...ec2.subnets.values()].find(s => s.vpcId === vpcId);
    if (dependent) {
      throw new AwsError(
        'DependencyViolation',
        `The vpc '${vpcId}' has dependencies and cannot be deleted (${dependent.subnetId}).`,
      );
    }
    ec2.vpcs.delete(vpcId);
    return { return: true };
  },
  CreateSubnet(ctx, params) {
    const vpcId = required(params, 'VpcId');
    const cidrBlock = required(params, 'CidrBlock');
    const zone = required(params, 'AvailabilityZone');
    const ec2 = ctx.regional.ec2;
    requireVpc(ec2, vpcId);
    if (
      !zone.startsWith(ctx.region) ||
      !/^[a-z]$/.test(zone.slice(ctx.region.length))
    ) {
      throw new AwsError(
        'InvalidParameterValue',
        `Value (${zone}) for parameter availabilityZone is invalid. Subnets can currently only be created in zones of ${ctx.region}.`,
      );
    }
    if (!CIDR_16_TO_28.test(cidrBlock)) {
      throw new AwsError(
        'InvalidSubnet.Range',
        `The CIDR '${cidrBlock}' is invalid.`,
      );
    }
    if (
      [...ec2.subnets.values()].some(
        s => s.vpcId === vpcId && s.cidrBlock === cidrBlock,
      )
    ) {
      throw new AwsError(
        'InvalidSubnet.Conflict',
        `The CIDR '${cidrBlock}' conflicts with another subnet`,
      );
    }
    const subnet = addSubnet(ec2, ctx.region, {
      vpcId,
      cidrBlock,
      availabilityZone: zone,
      tags: tagSpecTags(params, 'TagSpecification', 'subnet'),
    });
    return { subnet: subnetXml(ctx, subnet) };
  },
  DeleteSubnet(ctx, params) {
    const subnetId = required(params, 'SubnetId');
    const ec2 = ctx.regional.ec2;
    if (!ec2.subnets.has(subnetId))
      throw new AwsError(
        'InvalidSubnetID.NotFound',
        `The subnet ID '${subnetId}' does not exist`,
      );
    const user = [...ctx.regional.eks.clusters.values()].find(c =>
      c.resourcesVpcConfig.subnetIds.includes(subnetId),
    );
    if (user) {
      throw new AwsError(
        'DependencyViolation',
        `The subnet '${subnetId}' has dependencies and cannot be deleted (EKS cluster ${user.name}).`,
      );
    }
    const eni = interfacesUsing(ctx, { subnetId })[0];
    if (eni) {
      throw new AwsError(
        'DependencyViolation',
        `The subnet '${subnetId}' has dependencies and cannot be deleted (${eni.networkInterfaceId}).`,
      );
    }
    ec2.subnets.delete(subnetId);
    return { return: true };
  },
  DescribeSubnets(ctx, params) {
    const filters = filtersOf(params);
    const subnets = byIds(
      ctx.regional.ec2.subnets,
      strList(params, 'SubnetId'),
      'InvalidSubnetID.NotFound',
      'subnet',
    ).filter(s =>
      matchesFilters(filters, s.tags, {
        'subnet-id': s.subnetId,
        'vpc-id': s.vpcId,
        'availability-zone': s.availabilityZone,
        'availability-zone-id': s.availabilityZoneId,
        'cidr-block': s.cidrBlock,
        'map-public-ip-on-launch': String(s.mapPublicIpOnLaunch),
        state: 'available',
      }),
    );
    const { page, nextToken } = ec2Page(params, 'DescribeSubnets', subnets);
    return { subnetSet: page.map(s => subnetXml(ctx, s)), nextToken };
  },
  DescribeSecurityGroups(ctx, params) {
    const filters = filtersOf(params);
    const names = strList(params, 'GroupName');
    const groups = byIds(
      ctx.regional.ec2.securityGroups,
      strList(params, 'GroupId'),
      'InvalidGroup.NotFound',
      'security group',
    )
      .filter(g => names.length === 0 || names.includes(g.groupName))
      .filter(g =>
        matchesFilters(filters, g.tags, {
          'group-id': g.groupId,
          'group-name': g.groupName,
          'vpc-id': g.vpcId,
          description: g.description,
        }),
      );
    return { securityGroupInfo: groups.map(g => groupXml(ctx, g)) };
  },
  CreateSecurityGroup(ctx, params) {
    const groupName = required(params, 'GroupName');
    const description = required(params, 'GroupDescription');
    const vpcId = required(params, 'VpcId');
    requireVpc(ctx.regional.ec2, vpcId);
    if (
      [...ctx.regional.ec2.securityGroups.values()].some(
        g => g.vpcId === vpcId && g.groupName === groupName,
      )
    ) {
      throw new AwsError(
        'InvalidGroup.Duplicate',
        `The security group '${groupName}' already exists for VPC '${vpcId}'`,
      );
    }
    const sg = createSecurityGroup(ctx.regional.ec2, {
      groupName,
      description,
      vpcId,
      tags: tagSpecTags(params, 'TagSpecification', 'security-group'),
    });
    return {
      return: true,
      groupId: sg.groupId,
      securityGroupArn: groupXml(ctx, sg).securityGroupArn,
      tagSet: tagSet(sg.tags),
    };
  },
  DeleteSecurityGroup(ctx, params) {
    const id = required(params, 'GroupId');
    const sg = ctx.regional.ec2.securityGroups.get(id);
    if (!sg)
      throw new AwsError(
        'InvalidGroup.NotFound',
        `The security group '${id}' does not exist`,
      );
    const user = [...ctx.regional.ec2.instances.values()].find(
      i => i.state !== 'terminated' && i.securityGroupIds.includes(id),
    );
    const eni = interfacesUsing(ctx, { groupId: id })[0];
    if (user || eni)
      throw new AwsError(
        'DependencyViolation',
        `resource ${id} has a dependent object (${
          user?.instanceId ?? eni.networkInterfaceId
        })`,
      );
    ctx.regional.ec2.securityGroups.delete(id);
    return { return: true, groupId: id };
  },
  CreateTags(ctx, params) {
    const ids = strList(params, 'ResourceId');
    const tags = tagsOf(params, 'Tag');
    checkTagKeys(Object.keys(tags), true);
    if (ids.length === 0)
      throw new AwsError(
        'MissingParameter',
        'The request must contain the parameter ResourceId',
      );
    const resources = ids.map(id => {
      const r = ctx.regional.ec2.taggable(id);
      if (!r) throw new AwsError('InvalidID', `The ID '${id}' is not valid`);
      return r;
    });
    for (const r of resources) Object.assign(r.tags, tags);
    return { return: true };
  },
  DeleteTags(ctx, params) {
    const ids = strList(params, 'ResourceId');
    const tags = objList(params, 'Tag');
    checkTagKeys(
      tags.map(t => str(t, 'Key') ?? ''),
      true,
    );
    for (const id of ids) {
      const r = ctx.regional.ec2.taggable(id);
      if (!r) throw new AwsError('InvalidID', `The ID '${id}' is not valid`);
      for (const t of tags) {
        const key = str(t, 'Key')!;
        const value = str(t, 'Value');
        if (value === undefined || r.tags[key] === value) delete r.tags[key];
      }
    }
    return { return: true };
  },
  DescribeTags(ctx, params) {
    const filters = filtersOf(params);
    const ec2 = ctx.regional.ec2;
    const tagged: [string, Record<string, string>][] = [
      ...[...ec2.vpcs.values()].map(
        v => [v.vpcId, v.tags] as [string, Record<string, string>],
      ),
      ...[...ec2.subnets.values()].map(
        v => [v.subnetId, v.tags] as [string, Record<string, string>],
      ),
      ...[...ec2.securityGroups.values()].map(
        v => [v.groupId, v.tags] as [string, Record<string, string>],
      ),
      ...[...ec2.launchTemplates.values()].map(
        v => [v.launchTemplateId, v.tags] as [string, Record<string, string>],
      ),
      ...[...ec2.instances.values()].map(
        v => [v.instanceId, v.tags] as [string, Record<string, string>],
      ),
      ...[...ec2.volumes.values()].map(
        v => [v.volumeId, v.tags] as [string, Record<string, string>],
      ),
    ];
    const rows = tagged.flatMap(([id, tags]) =>
      Object.entries(tags).map(([key, value]) => ({
        resourceId: id,
        resourceType: resourceType(id),
        key,
        value,
      })),
    );
    const matching = rows.filter(row =>
      filters.every(f => {
        const field = (
          {
            'resource-id': row.resourceId,
            'resource-type': row.resourceType,
            key: row.key,
            value: row.value,
          } as Record<string, string>
        )[f.name];
        if (field === undefined)
          throw new AwsError(
            'InvalidParameterValue',
            `The filter '${f.name}' is invalid; supported: resource-id, resource-type, key, value`,
          );
        return f.values.includes(field);
      }),
    );
    return { tagSet: matching };
  },
  CreateLaunchTemplate(ctx, params) {
    const template = addLaunchTemplate(ctx.regional.ec2, {
      name: required(params, 'LaunchTemplateName'),
      data: launchTemplateData(ctx, params),
      tags: tagSpecTags(params, 'TagSpecification', 'launch-template'),
    });
    return { launchTemplate: templateXml(ctx, template) };
  },
  CreateLaunchTemplateVersion(ctx, params) {
    const template = findTemplate(ctx, params);
    const data = launchTemplateData(ctx, params);
    const source = str(params, 'SourceVersion');
    const base = source ? launchTemplateVersion(template, source) : undefined;
    if (source && !base)
      throw new AwsError(
        'InvalidLaunchTemplateVersion.NotFound',
        `Version ${source} of ${template.launchTemplateName} does not exist`,
      );
    const merged: LaunchTemplateData = base
      ? {
          ...base.data,
          ...Object.fromEntries(
            Object.entries(data).filter(
              ([, v]) =>
                v !== undefined && !(Array.isArray(v) && v.length === 0),
            ),
          ),
        }
      : data;
    const version: LaunchTemplateVersion = {
      versionNumber: template.versions.length + 1,
      createTime: new Date(),
      data: merged,
    };
    template.versions.push(version);
    return { launchTemplateVersion: versionXml(ctx, template, version) };
  },
  ModifyLaunchTemplate(ctx, params) {
    const template = findTemplate(ctx, params);
    const def = str(params, 'SetDefaultVersion');
    if (def) {
      const v = launchTemplateVersion(template, def);
      if (!v)
        throw new AwsError(
          'InvalidLaunchTemplateVersion.NotFound',
          `Version ${def} of ${template.launchTemplateName} does not exist`,
        );
      template.defaultVersionNumber = v.versionNumber;
    }
    return { launchTemplate: templateXml(ctx, template) };
  },
  DescribeLaunchTemplates(ctx, params) {
    const filters = filtersOf(params);
    const ids = strList(params, 'LaunchTemplateId');
    const names = strList(params, 'LaunchTemplateName');
    const ec2 = ctx.regional.ec2;
    let found = [...ec2.launchTemplates.values()];
    if (ids.length) {
      found = byIds(
        ec2.launchTemplates,
        ids,
        'InvalidLaunchTemplateId.NotFound',
        'launch template',
      );
    } else if (names.length) {
      found = names.map(n => {
        const t = ec2.launchTemplateByName(n);
        if (!t) {
          throw new AwsError(
            'InvalidLaunchTemplateName.NotFoundException',
            'At least one of the launch templates specified in the request does not exist.',
          );
        }
        return t;
      });
    }
    return {
      launchTemplates: found
        .filter(t =>
          matchesFilters(filters, t.tags, {
            'launch-template-name': t.launchTemplateName,
          }),
        )
        .map(t => templateXml(ctx, t)),
    };
  },
  DescribeLaunchTemplateVersions(ctx, params) {
    const template = findTemplate(ctx, params);
    const requested = strList(params, 'LaunchTemplateVersion');
    const versions = requested.length
      ? requested.map(r => {
          const v = launchTemplateVersion(template, r);
          if (!v)
            throw new AwsError(
              'InvalidLaunchTemplateVersion.NotFound',
              `Version ${r} of ${template.launchTemplateName} does not exist`,
            );
          return v;
        })
      : template.versions;
    return {
      launchTemplateVersionSet: versions.map(v => versionXml(ctx, template, v)),
    };
  },
  DeleteLaunchTemplate(ctx, params) {
    const template = findTemplate(ctx, params);
    ctx.regional.ec2.launchTemplates.delete(template.launchTemplateId);
    return { launchTemplate: templateXml(ctx, template) };
  },
  DescribeInstances(ctx, params) {
    const filters = filtersOf(params);
    const instances = byIds(
      ctx.regional.ec2.instances,
      strList(params, 'InstanceId'),
      'InvalidInstanceID.NotFound',
      'instance',
    ).filter(i =>
      matchesFilters(filters, i.tags, {
        'instance-id': i.instanceId,
        'instance-state-name': i.state,
        'instance-type': i.instanceType,
        'vpc-id': i.vpcId,
        'subnet-id': i.subnetId,
        'availability-zone': i.availabilityZone,
        'private-dns-name': i.privateDnsName,
        'private-ip-address': i.privateIpAddress,
        'metadata-options.http-tokens': i.metadataOptions.httpTokens,
        'metadata-options.http-put-response-hop-limit': String(
          i.metadataOptions.httpPutResponseHopLimit,
        ),
      }),
    );
    return {
      reservationSet: instances.map(i => ({
        reservationId: `r-${i.instanceId.slice(2)}`,
        ownerId: ctx.accountId,
        instancesSet: [instanceXml(ctx, i)],
      })),
    };
  },
  DescribeAvailabilityZones(ctx) {
    return {
      availabilityZoneInfo: ['a', 'b', 'c'].map((z, i) => ({
        zoneName: `${ctx.region}${z}`,
        zoneId: `${ctx.region
          .split('-')
          .map(p => p[0])
          .join('')}${ctx.region.slice(-1)}-az${i + 1}`,
        state: 'available',
        regionName: ctx.region,
        zoneType: 'availability-zone',
        optInStatus: 'opt-in-not-required',
      })),
    };
  },
};
