import { resourceId } from '../../ids';
import { Ec2State, SecurityGroup, Tags } from './model';

/** Creates a security group with EC2's default allow-all egress rule. */
export function createSecurityGroup(
  ec2: Ec2State,
  opts: { groupName: string; description: string; vpcId: string; tags?: Tags },
): SecurityGroup {
  const sg: SecurityGroup = {
    groupId: resourceId('sg'),
    groupName: opts.groupName,
    description: opts.description,
    vpcId: opts.vpcId,
    ingress: [],
    egress: [{ ipProtocol: '-1', cidrs: ['0.0.0.0/0'], groupIds: [] }],
    tags: { ...(opts.tags ?? {}) },
  };
  ec2.securityGroups.set(sg.groupId, sg);
  return sg;
}
