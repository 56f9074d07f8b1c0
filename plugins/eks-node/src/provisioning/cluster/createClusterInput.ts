import { InputError } from '@backstage/errors';
import {
  nodeGroupScalingProblem,
  partitionForRegion,
  remoteNetworksProblem,
  validateClusterName,
  validateControlPlaneEgressMode,
  validateControlPlaneTier,
  validateIamPrincipalArn,
  validateIamRoleArn,
  validateInstanceType,
  validateKubernetesVersion,
  validateNodeGroupName,
  validateSubnetId,
  validateUpgradeSupportType,
  validateVpcId,
} from '@backstage-eks/plugin-eks-common';
import { CreateClusterOptions } from './createCluster';
import {
  checkField,
  checkFields,
  checkInteger,
  checkTags,
} from '../inputRules';

/** Checks a role ARN is in the target account and the region's partition. */
export function checkRoleArn(
  field: string,
  value: string | undefined,
  target: { accountId: string; region: string },
): void {
  checkField(field, value, v =>
    validateIamRoleArn(v, {
      accountId: target.accountId || undefined,
      partition: partitionForRegion(target.region),
    }),
  );
}

/**
 * Admin principals may be in other accounts (a STANDARD access entry takes
 * a principal of any account), but in the partition of the cluster's region.
 */
function checkAdminPartitions(arns: string[], region: string): void {
  const partition = partitionForRegion(region);
  for (const [index, arn] of arns.entries()) {
    const got = arn.split(':')[1];
    if (got !== partition) {
      throw new InputError(
        `adminPrincipalArns[${index}] must be in partition "${partition}" of region ${region} (got "${got}")`,
      );
    }
  }
}

/**
 * Checks {@link CreateClusterOptions} before any call: every problem is an
 * InputError naming the field and the rule.
 *
 * @public
 */
export function validateCreateClusterOptions(
  opts: CreateClusterOptions,
  target: { accountId: string; region: string },
): void {
  checkField('clusterName', opts.clusterName, validateClusterName);
  checkField(
    'kubernetesVersion',
    opts.kubernetesVersion,
    validateKubernetesVersion,
  );
  checkFields('subnetIds', opts.subnetIds, validateSubnetId);
  if (opts.subnetIds && opts.subnetIds.length < 2) {
    throw new InputError(
      `subnetIds must list at least 2 subnets in different Availability Zones (EKS requires two AZs)${
        opts.subnetIds.length === 0
          ? '; an empty list is not "find them": leave subnetIds out to use the subnets tagged kubernetes.io/role/internal-elb or kubernetes.io/role/elb'
          : ''
      }`,
    );
  }
  if (
    opts.subnetIds &&
    new Set(opts.subnetIds).size !== opts.subnetIds.length
  ) {
    throw new InputError('subnetIds must not repeat a subnet');
  }
  checkField('vpcId', opts.vpcId, validateVpcId);
  checkRoleArn('clusterRoleArn', opts.clusterRoleArn, target);
  checkRoleArn('nodeRoleArn', opts.nodeRoleArn, target);
  checkFields(
    'adminPrincipalArns',
    opts.adminPrincipalArns,
    validateIamPrincipalArn,
  );
  checkAdminPartitions(opts.adminPrincipalArns ?? [], target.region);
  checkField('upgradePolicy', opts.upgradePolicy, validateUpgradeSupportType);
  checkField(
    'controlPlaneTier',
    opts.controlPlaneTier,
    validateControlPlaneTier,
  );
  checkField(
    'controlPlaneEgressMode',
    opts.controlPlaneEgressMode,
    validateControlPlaneEgressMode,
  );
  if (opts.remoteNetwork) {
    const problem = remoteNetworksProblem(opts.remoteNetwork);
    if (problem) throw new InputError(problem);
    checkRoleArn(
      'remoteNetwork.hybridNodesRoleArn',
      opts.remoteNetwork.hybridNodesRoleArn,
      target,
    );
  }
  checkTags('tags', opts.tags);
  const group = opts.nodeGroup;
  if (group) {
    checkField('nodeGroup.name', group.name, validateNodeGroupName);
    if (!group.instanceTypes || group.instanceTypes.length === 0) {
      throw new InputError(
        'nodeGroup.instanceTypes must list at least one instance type',
      );
    }
    checkFields(
      'nodeGroup.instanceTypes',
      group.instanceTypes,
      validateInstanceType,
    );
    checkInteger('nodeGroup.minSize', group.minSize, 0, 1000);
    checkInteger('nodeGroup.maxSize', group.maxSize, 1, 1000);
    checkInteger('nodeGroup.desiredSize', group.desiredSize, 0, 1000);
    const scalingProblem = nodeGroupScalingProblem(group);
    if (scalingProblem) {
      throw new InputError(scalingProblem);
    }
  }
}
