import { createCluster } from '@backstage-eks/plugin-eks-node';
import {
  eksClusterCreatePermission,
  validateClusterName,
  validateIamPrincipalArn,
  validateIamRoleArn,
  validateInstanceType,
  validateKubernetesVersion,
  validateNodeGroupName,
  validateRemoteNetworkCidr,
  validateSubnetId,
  validateVpcId,
  CLUSTER_HOUR_PRICE_USD,
  CONTROL_PLANE_EGRESS_MODES,
  CONTROL_PLANE_TIERS,
  UPGRADE_SUPPORT_TYPES,
} from '@backstage-eks/plugin-eks-common';
import { examples } from './clusterCreate.examples';
import { awsTags, ruleString, ruleStrings, wholeNumber } from './inputSchema';
import { z as zod } from 'zod/v3';
import {
  adoptInput,
  EksActionOptions,
  planOutput,
  targetInput,
} from './shared';
import { createEksAction } from './createEksAction';

/** Id of the cluster create action. @public */
export const CLUSTER_CREATE_ACTION_ID = 'aws:eks:cluster:create';

/** The input of `aws:eks:cluster:create`, each field with its rule. */
const inputFields = {
  clusterName: (z: typeof zod) =>
    ruleString(z, validateClusterName, 'Name of the cluster'),
  ...targetInput,
  ...adoptInput,
  kubernetesVersion: (z: typeof zod) =>
    ruleString(
      z,
      validateKubernetesVersion,
      'Kubernetes version such as "1.33". Default: the newest version EKS offers',
    ).optional(),
  subnetIds: (z: typeof zod) =>
    ruleStrings(
      z,
      validateSubnetId,
      'Subnets in at least two Availability Zones. Default: subnets tagged kubernetes.io/role/internal-elb (else kubernetes.io/role/elb)',
    ).optional(),
  vpcId: (z: typeof zod) =>
    ruleString(
      z,
      validateVpcId,
      'Restricts subnet discovery to this VPC when subnetIds is not given',
    ).optional(),
  clusterRoleArn: (z: typeof zod) =>
    ruleString(
      z,
      validateIamRoleArn,
      'Existing cluster IAM role, in the target account. Default: a role <clusterName>-cluster is created',
    ).optional(),
  nodeRoleArn: (z: typeof zod) =>
    ruleString(
      z,
      validateIamRoleArn,
      'Existing node IAM role for the node group or Auto Mode, in the target account. Default: <clusterName>-node is created',
    ).optional(),
  adminPrincipalArns: (z: typeof zod) =>
    ruleStrings(
      z,
      validateIamPrincipalArn,
      'IAM roles or users that get an access entry with AmazonEKSClusterAdminPolicy; they may be in another account of the partition',
    ).optional(),
  autoMode: (z: typeof zod) =>
    z
      .boolean({
        description:
          'Enable EKS Auto Mode (managed compute, block storage and load balancing)',
      })
      .optional(),
  nodeGroup: (z: typeof zod) =>
    z
      .object(
        {
          name: ruleString(z, validateNodeGroupName, 'Node group name'),
          instanceTypes: ruleStrings(
            z,
            validateInstanceType,
            'EC2 instance types, e.g. ["m7i.large"]',
          ),
          minSize: wholeNumber(z, 0, 1000, 'Minimum nodes'),
          maxSize: wholeNumber(z, 1, 1000, 'Maximum nodes'),
          desiredSize: wholeNumber(
            z,
            0,
            1000,
            'Desired nodes, from minSize to maxSize',
          ),
          amiType: z
            .string({
              description: 'AMI type. Default AL2023_x86_64_STANDARD',
            })
            .optional(),
          capacityType: z
            .enum(['ON_DEMAND', 'SPOT'], {
              description: 'ON_DEMAND (default) or SPOT',
            })
            .optional(),
        },
        {
          description:
            'A managed node group for system pods; its launch template requires IMDSv2 with hop limit 2',
        },
      )
      .optional(),
  endpointPublicAccess: (z: typeof zod) =>
    z
      .boolean({
        description: 'Public API server endpoint (default true)',
      })
      .optional(),
  upgradePolicy: (z: typeof zod) =>
    z
      .enum(UPGRADE_SUPPORT_TYPES, {
        description: `What happens when the Kubernetes version leaves standard support: EXTENDED (EKS's default) keeps it running in extended support at $${CLUSTER_HOUR_PRICE_USD.EXTENDED.toFixed(
          2,
        )} instead of $${CLUSTER_HOUR_PRICE_USD.STANDARD.toFixed(
          2,
        )} per cluster-hour; STANDARD upgrades the cluster automatically at the end of standard support`,
      })
      .optional(),
  deletionProtection: (z: typeof zod) =>
    z
      .boolean({
        description:
          'EKS refuses to delete the cluster while this is on (aws:eks:cluster:delete turns it off after its confirmation). Default: on when tags mark the cluster as production (environment, env or stage = production or prod), else off',
      })
      .optional(),
  zonalShift: (z: typeof zod) =>
    z
      .boolean({
        description:
          'ARC zonal shift for the cluster (EKS also configures zonal autoshift). Default off',
      })
      .optional(),
  controlPlaneTier: (z: typeof zod) =>
    z
      .enum(CONTROL_PLANE_TIERS, {
        description:
          'EKS Provisioned Control Plane tier: standard (default, scales with the load at no extra cost) or tier-xl to tier-8xl (capacity kept provisioned, billed per tier-hour on top of the cluster-hour)',
      })
      .optional(),
  controlPlaneEgressMode: (z: typeof zod) =>
    z
      .enum(CONTROL_PLANE_EGRESS_MODES, {
        description:
          "Control plane egress routing: AWS_MANAGED (EKS's default), CUSTOMER_ROUTED (through your VPC's routes, e.g. a NAT gateway or firewall; cannot go back to AWS_MANAGED) or CUSTOMER_ISOLATED",
      })
      .optional(),
  remoteNetwork: (z: typeof zod) =>
    z
      .object(
        {
          nodeCidrs: ruleStrings(
            z,
            validateRemoteNetworkCidr,
            'Networks the hybrid nodes are in',
          ),
          podCidrs: ruleStrings(
            z,
            validateRemoteNetworkCidr,
            'Networks of the pods on hybrid nodes (needed to run webhooks there)',
          ).optional(),
          hybridNodesRoleArn: ruleString(
            z,
            validateIamRoleArn,
            'IAM role of the hybrid nodes (trusting SSM or IAM Roles Anywhere), in the target account: it gets a HYBRID_LINUX access entry',
          ).optional(),
        },
        {
          description:
            'Remote networks for EKS Hybrid Nodes: none may overlap another, the VPC or the service range',
        },
      )
      .optional(),
  tags: (z: typeof zod) =>
    awsTags(z, 'Tags for the cluster and everything created for it').optional(),
  owner: (z: typeof zod) =>
    z
      .string({
        description:
          'Owner of the catalog entity. Default: the user running the template',
      })
      .optional(),
  system: (z: typeof zod) =>
    z.string({ description: 'System of the catalog entity' }).optional(),
};

/** The output of `aws:eks:cluster:create`. */
const outputFields = {
  arn: (z: typeof zod) => z.string({ description: 'Cluster ARN' }),
  endpoint: (z: typeof zod) =>
    z.string({ description: 'Kubernetes API server URL' }),
  certificateAuthority: (z: typeof zod) =>
    z.string({ description: 'Base64 PEM of the cluster CA' }),
  oidcIssuer: (z: typeof zod) =>
    z.string({ description: 'OIDC issuer URL (for IRSA)' }),
  kubernetesVersion: (z: typeof zod) =>
    z.string({ description: 'Kubernetes version of the cluster' }),
  status: (z: typeof zod) =>
    z.string({ description: 'Cluster status (PLANNED in a dry run)' }),
  clusterSecurityGroupId: (z: typeof zod) =>
    z.string({ description: 'The cluster security group' }),
  subnetIds: (z: typeof zod) =>
    z.array(z.string(), { description: 'Subnets of the cluster' }),
  nodeRoleArn: (z: typeof zod) =>
    z.string({ description: 'Node IAM role, if any' }).optional(),
  deletionProtection: (z: typeof zod) =>
    z.boolean({
      description: 'Whether EKS refuses to delete the cluster',
    }),
  created: (z: typeof zod) =>
    z.boolean({
      description: 'False when an existing cluster was adopted',
    }),
  entity: (z: typeof zod) =>
    z.record(z.unknown(), {
      description:
        'Catalog Resource entity (spec.type kubernetes-cluster) for catalog-info.yaml',
    }),
  ...planOutput,
};

/**
 * `aws:eks:cluster:create`: creates (or adopts) an EKS cluster and outputs
 * its ARN, endpoint, CA, OIDC issuer and a catalog entity.
 *
 * @public
 */
export function createEksClusterCreateAction(options: EksActionOptions) {
  return createEksAction(options, {
    id: CLUSTER_CREATE_ACTION_ID,
    description:
      'Creates an Amazon EKS cluster (authenticationMode API, access entries for admins, optional Auto Mode and system node group with IMDSv2 hop limit 2) and waits until it is ACTIVE. A re-run of the same request continues; a cluster this request did not create is refused unless adopt is true.',
    examples,
    input: inputFields,
    output: outputFields,
    permission: () => ({ permission: eksClusterCreatePermission }),
    async work(run, input, { ctx, deps }) {
      const request = {
        clusterName: input.clusterName,
        kubernetesVersion: input.kubernetesVersion,
        subnetIds: input.subnetIds,
        vpcId: input.vpcId,
        clusterRoleArn: input.clusterRoleArn,
        nodeRoleArn: input.nodeRoleArn,
        adminPrincipalArns: input.adminPrincipalArns,
        autoMode: input.autoMode,
        nodeGroup: input.nodeGroup,
        endpointPublicAccess: input.endpointPublicAccess,
        upgradePolicy: input.upgradePolicy,
        deletionProtection: input.deletionProtection,
        zonalShift: input.zonalShift,
        controlPlaneTier: input.controlPlaneTier,
        controlPlaneEgressMode: input.controlPlaneEgressMode,
        remoteNetwork: input.remoteNetwork,
        tags: input.tags,
        owner: input.owner ?? ctx.user?.ref ?? 'group:default/platform-team',
        system: input.system,
      };
      // admins of other accounts are looked up there, with the portal's
      // credentials for that account where it has them
      const accountIam = async (accountId: string) =>
        (
          await deps.awsClientFactory.forTarget({
            accountId,
            region: run.region,
          })
        ).iam;
      const result = await createCluster(run, request, { accountIam });
      return {
        arn: result.arn,
        endpoint: result.endpoint,
        certificateAuthority: result.certificateAuthorityData,
        oidcIssuer: result.oidcIssuer,
        kubernetesVersion: result.kubernetesVersion,
        status: result.status,
        clusterSecurityGroupId: result.clusterSecurityGroupId,
        subnetIds: result.subnetIds,
        ...(result.nodeRoleArn ? { nodeRoleArn: result.nodeRoleArn } : {}),
        deletionProtection: result.deletionProtection,
        created: result.created,
        entity: result.entity as unknown as Record<string, unknown>,
      };
    },
  });
}
