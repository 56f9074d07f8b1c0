import { AwsError } from '../AwsError';
import type { AwsContext } from '../context';
import type { QueryHandler } from '../protocols/query';
import { str, strList } from '../protocols/queryParams';
import type { XmlValue } from '../protocols/xml';
import { filtersOf, matchesFilters, tagSet } from './filters';
import type { NetworkInterface } from './model';
import { resourceId } from '../../ids';
import { byIds, ec2Page, required, tagSpecTags } from './params';

const NOT_FOUND = 'InvalidNetworkInterfaceID.NotFound';

function interfaceXml(
  ctx: AwsContext,
  eni: NetworkInterface,
): Record<string, XmlValue> {
  return {
    networkInterfaceId: eni.networkInterfaceId,
    subnetId: eni.subnetId,
    vpcId: eni.vpcId,
    availabilityZone: eni.availabilityZone,
    description: eni.description,
    ownerId: ctx.accountId,
    requesterManaged: false,
    status: eni.status,
    interfaceType: eni.interfaceType,
    privateIpAddress: eni.privateIpAddress,
    sourceDestCheck: true,
    groupSet: eni.groupIds.map(groupId => ({
      groupId,
      groupName: ctx.regional.ec2.securityGroups.get(groupId)?.groupName,
    })),
    attachment: eni.attachment
      ? {
          attachmentId: `eni-attach-${eni.networkInterfaceId.slice(4)}`,
          instanceId: eni.attachment.instanceId,
          instanceOwnerId: eni.attachment.instanceOwnerId ?? ctx.accountId,
          deviceIndex: 1,
          status: 'attached',
        }
      : undefined,
    tagSet: tagSet(eni.tags),
  };
}

/** The ENIs in a subnet or using a security group: they keep it from being deleted. */
export function interfacesUsing(
  ctx: AwsContext,
  match: { subnetId?: string; groupId?: string },
): NetworkInterface[] {
  return [...ctx.regional.ec2.networkInterfaces.values()].filter(
    eni =>
      (match.subnetId !== undefined && eni.subnetId === match.subnetId) ||
      (match.groupId !== undefined && eni.groupIds.includes(match.groupId)),
  );
}

/** CreateNetworkInterface, DescribeNetworkInterfaces and DeleteNetworkInterface. */
export const EC2_NETWORK_INTERFACE_HANDLERS: Record<string, QueryHandler> = {
  CreateNetworkInterface(ctx, params) {
    const subnetId = required(params, 'SubnetId');
    const [subnet] = byIds(
      ctx.regional.ec2.subnets,
      [subnetId],
      'InvalidSubnetID.NotFound',
      'subnet',
    );
    const groupIds = strList(params, 'SecurityGroupId');
    for (const id of groupIds) {
      const group = ctx.regional.ec2.securityGroups.get(id);
      if (!group)
        throw new AwsError(
          'InvalidGroup.NotFound',
          `The security group '${id}' does not exist`,
        );
      if (group.vpcId !== subnet.vpcId)
        throw new AwsError(
          'InvalidParameter',
          `Security group ${id} and subnet ${subnetId} belong to different networks.`,
        );
    }
    const count = ctx.regional.ec2.networkInterfaces.size;
    const [a, b, c] = subnet.cidrBlock.split('/')[0].split('.');
    const eni: NetworkInterface = {
      networkInterfaceId: resourceId('eni'),
      subnetId,
      vpcId: subnet.vpcId,
      availabilityZone: subnet.availabilityZone,
      privateIpAddress: `${a}.${b}.${c}.${200 + (count % 50)}`,
      description: str(params, 'Description') ?? '',
      interfaceType: 'interface',
      status: 'available',
      groupIds,
      tags: tagSpecTags(params, 'TagSpecification', 'network-interface'),
    };
    ctx.regional.ec2.networkInterfaces.set(eni.networkInterfaceId, eni);
    return { networkInterface: interfaceXml(ctx, eni) };
  },
  DescribeNetworkInterfaces(ctx, params) {
    const filters = filtersOf(params);
    const interfaces = byIds(
      ctx.regional.ec2.networkInterfaces,
      strList(params, 'NetworkInterfaceId'),
      NOT_FOUND,
      'network interface',
    ).filter(eni =>
      matchesFilters(filters, eni.tags, {
        'network-interface-id': eni.networkInterfaceId,
        'subnet-id': eni.subnetId,
        'vpc-id': eni.vpcId,
        'availability-zone': eni.availabilityZone,
        status: eni.status,
        description: eni.description,
        'interface-type': eni.interfaceType,
        'group-id': eni.groupIds,
        'attachment.instance-id': eni.attachment?.instanceId,
      }),
    );
    const { page, nextToken } = ec2Page(
      params,
      'DescribeNetworkInterfaces',
      interfaces,
    );
    return {
      networkInterfaceSet: page.map(eni => interfaceXml(ctx, eni)),
      nextToken,
    };
  },
  DeleteNetworkInterface(ctx, params) {
    const id = required(params, 'NetworkInterfaceId');
    const [eni] = byIds(
      ctx.regional.ec2.networkInterfaces,
      [id],
      NOT_FOUND,
      'network interface',
    );
    if (eni.status === 'in-use') {
      throw new AwsError(
        'InvalidNetworkInterface.InUse',
        `Network interface '${id}' is currently in use.`,
      );
    }
    ctx.regional.ec2.networkInterfaces.delete(id);
    return { return: true };
  },
};
