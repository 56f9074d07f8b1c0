import { resourceId } from '../../ids';
import { Ec2State, Subnet, Vpc } from './model';

const AZ_IDS: Record<string, string> = {
  a: 'az1',
  b: 'az2',
  c: 'az3',
  d: 'az4',
};

export function addVpc(
  ec2: Ec2State,
  input: {
    cidrBlock: string;
    isDefault?: boolean;
    tags?: Record<string, string>;
  },
): Vpc {
  const vpc: Vpc = {
    vpcId: resourceId('vpc'),
    cidrBlock: input.cidrBlock,
    isDefault: input.isDefault ?? false,
    state: 'available',
    tags: { ...(input.tags ?? {}) },
  };
  ec2.vpcs.set(vpc.vpcId, vpc);
  return vpc;
}

function ipCount(cidr: string) {
  const bits = Number(cidr.split('/')[1]);
  return 2 ** (32 - bits) - 5;
}

export function addSubnet(
  ec2: Ec2State,
  region: string,
  input: {
    vpcId: string;
    cidrBlock: string;
    availabilityZone: string;
    mapPublicIpOnLaunch?: boolean;
    tags?: Record<string, string>;
  },
): Subnet {
  const letter = input.availabilityZone.slice(-1);
  const regionCode = region
    .replace(/-(\w)\w*-/, '$1')
    .replace(/[^a-z0-9]/g, '');
  const subnet: Subnet = {
    subnetId: resourceId('subnet'),
    vpcId: input.vpcId,
    cidrBlock: input.cidrBlock,
    availabilityZone: input.availabilityZone,
    availabilityZoneId: `${regionCode.slice(0, 3)}${regionCode.slice(-1)}-${
      AZ_IDS[letter] ?? 'az1'
    }`,
    mapPublicIpOnLaunch: input.mapPublicIpOnLaunch ?? false,
    availableIpAddressCount: ipCount(input.cidrBlock),
    tags: { ...(input.tags ?? {}) },
  };
  ec2.subnets.set(subnet.subnetId, subnet);
  return subnet;
}
