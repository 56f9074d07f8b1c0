import { Cluster } from '@aws-sdk/client-eks';
import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import {
  defaultServiceIpv4Cidr,
  remoteNetworksProblem,
} from '@backstage-eks/plugin-eks-common';
import { InputError } from '@backstage/errors';
import { parsePolicyDocument } from '../policies';
import { AccountIam, missingTrust, requireRole } from '../preflight';
import { checkClusterCreateOwnership } from './clusterOwnership';
import { CreateClusterPreflight, preflightCreateCluster } from '../preflight';
import { ProvisioningRun } from '../ProvisioningRun';
import type { CreateClusterOptions } from './createCluster';

/**
 * The services a hybrid nodes role may trust: Systems Manager (hybrid
 * activations) or IAM Roles Anywhere, as EKS Hybrid Nodes' docs set it up.
 */
const HYBRID_NODES_TRUSTED_SERVICES = [
  'ssm.amazonaws.com',
  'rolesanywhere.amazonaws.com',
];

/**
 * The remote networks of EKS Hybrid Nodes against the cluster's VPC (its
 * CIDR blocks, from ec2:DescribeVpcs) and the service range EKS will give
 * it, and the hybrid nodes role: it exists and trusts SSM or IAM Roles
 * Anywhere. Read-only.
 */
async function checkRemoteNetworks(
  run: ProvisioningRun,
  opts: CreateClusterOptions,
  vpcId: string,
  existing: Cluster | undefined,
): Promise<void> {
  const networks = opts.remoteNetwork;
  if (!networks) return;
  const { Vpcs } = await run.aws.ec2.send(
    new DescribeVpcsCommand({ VpcIds: [vpcId] }),
  );
  const vpc = Vpcs?.[0];
  const vpcCidrs = (vpc?.CidrBlockAssociationSet ?? [])
    .filter(a => a.CidrBlockState?.State === 'associated' || !a.CidrBlockState)
    .map(a => a.CidrBlock)
    .filter((c): c is string => Boolean(c));
  if (vpcCidrs.length === 0 && vpc?.CidrBlock) vpcCidrs.push(vpc.CidrBlock);
  const serviceCidr =
    existing?.kubernetesNetworkConfig?.serviceIpv4Cidr ??
    defaultServiceIpv4Cidr(vpc?.CidrBlock);
  const problem = remoteNetworksProblem(networks, { vpcCidrs, serviceCidr });
  if (problem) throw new InputError(problem);
  const roleArn = networks.hybridNodesRoleArn;
  if (!roleArn) return;
  const field = 'remoteNetwork.hybridNodesRoleArn';
  const role = await requireRole(run, field, roleArn);
  const trust = parsePolicyDocument(role.AssumeRolePolicyDocument);
  const trusted = HYBRID_NODES_TRUSTED_SERVICES.some(
    service =>
      missingTrust(trust, { service, actions: ['sts:AssumeRole'] }).length ===
      0,
  );
  if (!trusted) {
    throw new InputError(
      `${field} must be a role that ${HYBRID_NODES_TRUSTED_SERVICES.join(
        ' or ',
      )} can assume (sts:AssumeRole), as the hybrid nodes get their credentials through Systems Manager or IAM Roles Anywhere; the trust policy of ${
        role.RoleName
      } allows neither`,
    );
  }
}

/** Title of the {@link checkClusterRequest} step. */
export const CHECK_CLUSTER_REQUEST_STEP =
  'preflight: region, Kubernetes version, principals, subnets, roles and instance types';

/**
 * Step 1 of {@link createCluster}, read-only: the preflight checks (region,
 * version, principals, subnets, roles, instance types), the remote networks
 * of Hybrid Nodes against the VPC and service range, the drift of an
 * existing cluster's version, and the ownership rule (a cluster, node group
 * or role of this name that this request did not make is refused here,
 * before any write, unless the run adopts it). Logs the chosen subnets.
 */
export async function checkClusterRequest(
  run: ProvisioningRun,
  opts: CreateClusterOptions,
  existing: Cluster | undefined,
  accountIam?: AccountIam,
): Promise<CreateClusterPreflight> {
  const checked = await preflightCreateCluster(run, opts, existing, accountIam);
  if (
    existing?.version &&
    opts.kubernetesVersion &&
    existing.version !== opts.kubernetesVersion
  ) {
    run.reportDrift(
      `cluster ${opts.clusterName} runs Kubernetes ${existing.version}, not ${opts.kubernetesVersion} (upgrades are not done by this action)`,
    );
  }
  await checkRemoteNetworks(run, opts, checked.subnets.vpcId, existing);
  await checkClusterCreateOwnership(run, opts, existing);
  const { source, subnetIds, availabilityZones } = checked.subnets;
  run.logger.info(
    `Subnets (${source}): ${subnetIds.join(', ')} in ${availabilityZones.join(
      ', ',
    )}`,
  );
  return checked;
}
