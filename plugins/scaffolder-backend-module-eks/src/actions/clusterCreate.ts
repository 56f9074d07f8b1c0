import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  createCluster,
  validateCreateClusterOptions,
} from '@backstage-eks/plugin-eks-node';
import { eksClusterCreatePermission } from '@backstage-eks/plugin-eks-common';
import { examples } from './clusterCreate.examples';
import {
  adoptInput,
  EksActionOptions,
  finishRun,
  planOutput,
  resolveDependencies,
  runEksAction,
  targetInput,
} from './shared';

/** Id of the cluster create action. @public */
export const CLUSTER_CREATE_ACTION_ID = 'aws:eks:cluster:create';

/**
 * `aws:eks:cluster:create`: creates (or adopts) an EKS cluster and outputs
 * its ARN, endpoint, CA, OIDC issuer and a catalog entity.
 *
 * @public
 */
export function createEksClusterCreateAction(options: EksActionOptions) {
  const deps = resolveDependencies(options);
  return createTemplateAction({
    id: CLUSTER_CREATE_ACTION_ID,
    description:
      'Creates an Amazon EKS cluster (authenticationMode API, access entries for admins, optional Auto Mode and system node group with IMDSv2 hop limit 2) and waits until it is ACTIVE. A re-run of the same request continues; a cluster this request did not create is refused unless adopt is true.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        clusterName: z =>
          z.string({
            description:
              'Name of the cluster: letters, digits, "-" and "_", up to 100 characters',
          }),
        ...targetInput,
        ...adoptInput,
        kubernetesVersion: z =>
          z
            .string({
              description:
                'Kubernetes version such as "1.33". Default: the newest version EKS offers',
            })
            .optional(),
        subnetIds: z =>
          z
            .array(z.string(), {
              description:
                'Subnets in at least two Availability Zones. Default: subnets tagged kubernetes.io/role/internal-elb (else kubernetes.io/role/elb)',
            })
            .optional(),
        vpcId: z =>
          z
            .string({
              description:
                'Restricts subnet discovery to this VPC when subnetIds is not given',
            })
            .optional(),
        clusterRoleArn: z =>
          z
            .string({
              description:
                'Existing cluster IAM role. Default: a role <clusterName>-cluster is created',
            })
            .optional(),
        nodeRoleArn: z =>
          z
            .string({
              description:
                'Existing node IAM role for the node group or Auto Mode. Default: <clusterName>-node is created',
            })
            .optional(),
        adminPrincipalArns: z =>
          z
            .array(z.string(), {
              description:
                'IAM roles or users that get an access entry with AmazonEKSClusterAdminPolicy',
            })
            .optional(),
        autoMode: z =>
          z
            .boolean({
              description:
                'Enable EKS Auto Mode (managed compute, block storage and load balancing)',
            })
            .optional(),
        nodeGroup: z =>
          z
            .object(
              {
                name: z.string({ description: 'Node group name' }),
                instanceTypes: z.array(z.string(), {
                  description: 'EC2 instance types, e.g. ["m7i.large"]',
                }),
                minSize: z.number({ description: 'Minimum nodes' }),
                maxSize: z.number({ description: 'Maximum nodes' }),
                desiredSize: z.number({ description: 'Desired nodes' }),
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
        endpointPublicAccess: z =>
          z
            .boolean({
              description: 'Public API server endpoint (default true)',
            })
            .optional(),
        tags: z =>
          z
            .record(z.string(), {
              description: 'Tags for the cluster and everything created for it',
            })
            .optional(),
        owner: z =>
          z
            .string({
              description:
                'Owner of the catalog entity. Default: the user running the template',
            })
            .optional(),
        system: z =>
          z.string({ description: 'System of the catalog entity' }).optional(),
      },
      output: {
        arn: z => z.string({ description: 'Cluster ARN' }),
        endpoint: z => z.string({ description: 'Kubernetes API server URL' }),
        certificateAuthority: z =>
          z.string({ description: 'Base64 PEM of the cluster CA' }),
        oidcIssuer: z =>
          z.string({ description: 'OIDC issuer URL (for IRSA)' }),
        kubernetesVersion: z =>
          z.string({ description: 'Kubernetes version of the cluster' }),
        status: z =>
          z.string({ description: 'Cluster status (PLANNED in a dry run)' }),
        clusterSecurityGroupId: z =>
          z.string({ description: 'The cluster security group' }),
        subnetIds: z =>
          z.array(z.string(), { description: 'Subnets of the cluster' }),
        nodeRoleArn: z =>
          z.string({ description: 'Node IAM role, if any' }).optional(),
        created: z =>
          z.boolean({
            description: 'False when an existing cluster was adopted',
          }),
        entity: z =>
          z.record(z.unknown(), {
            description:
              'Catalog Resource entity (spec.type kubernetes-cluster) for catalog-info.yaml',
          }),
        ...planOutput,
      },
    },
    async handler(ctx) {
      await runEksAction(
        ctx,
        deps,
        {
          actionId: CLUSTER_CREATE_ACTION_ID,
          permission: { permission: eksClusterCreatePermission },
        },
        async start => {
          const input = ctx.input;
          const target = deps.awsClientFactory.resolveTarget({
            region: input.region,
            accountId: input.accountId,
          });
          const owner =
            input.owner ?? ctx.user?.ref ?? 'group:default/platform-team';
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
            tags: input.tags,
            owner,
            system: input.system,
          };
          validateCreateClusterOptions(request, target);
          const run = await start(input);
          validateCreateClusterOptions(request, run.aws.target);

          const result = await createCluster(run, request);

          ctx.output('arn', result.arn);
          ctx.output('endpoint', result.endpoint);
          ctx.output('certificateAuthority', result.certificateAuthorityData);
          ctx.output('oidcIssuer', result.oidcIssuer);
          ctx.output('kubernetesVersion', result.kubernetesVersion);
          ctx.output('status', result.status);
          ctx.output('clusterSecurityGroupId', result.clusterSecurityGroupId);
          ctx.output('subnetIds', result.subnetIds);
          if (result.nodeRoleArn) ctx.output('nodeRoleArn', result.nodeRoleArn);
          ctx.output('created', result.created);
          ctx.output(
            'entity',
            result.entity as unknown as Record<string, unknown>,
          );
          finishRun(ctx, run);
        },
      );
    },
  });
}
