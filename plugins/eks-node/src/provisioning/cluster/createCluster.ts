import {
  Cluster,
  CreateClusterCommand,
  waitUntilClusterActive,
} from '@aws-sdk/client-eks';
import {
  formatEksClusterArn,
  partitionForRegion,
} from '@backstage-eks/plugin-eks-common';
import { clusterAdminPolicyArn, ensureAccessEntry } from './accessEntries';
import { ClusterResourceEntity, clusterResourceEntity } from './clusterEntity';
import { findCluster, requireCluster } from '../clusterLookup';
import { ensureRole, roleNameFromArn } from '../iam';
import { ensureNodeGroup, ensureNodeRole, NodeGroupSpec } from './nodeGroup';
import { checkClusterCreateOwnership } from '../ownershipCluster';
import { awsManagedPolicyArn, serviceTrustPolicy } from '../policies';
import { PlannedChange, ProvisioningRun } from '../ProvisioningRun';
import { preflightCreateCluster } from '../preflight';
import { resourceTags } from '../tags';
import { runWaiter, TYPICAL_CREATE_SECONDS } from '../waiters';

/** Input of {@link createCluster}. @public */
export interface CreateClusterOptions {
  clusterName: string;
  /** Default: the newest version EKS offers. */
  kubernetesVersion?: string;
  /** Default: subnets tagged for load balancers, across >= 2 AZs. */
  subnetIds?: string[];
  vpcId?: string;
  /** Default: a role `<cluster>-cluster` is created. */
  clusterRoleArn?: string;
  /** IAM principals given AmazonEKSClusterAdminPolicy through access entries. */
  adminPrincipalArns?: string[];
  /** EKS Auto Mode: compute, block storage and load balancing managed by EKS. */
  autoMode?: boolean;
  /** A managed node group for system pods. */
  nodeGroup?: NodeGroupSpec;
  /** Node role for the node group or Auto Mode; default: `<cluster>-node` is created. */
  nodeRoleArn?: string;
  endpointPublicAccess?: boolean;
  endpointPrivateAccess?: boolean;
  tags?: Record<string, string>;
  /** Owner of the catalog entity. */
  owner: string;
  system?: string;
}

/** Outcome of {@link createCluster}. @public */
export interface CreateClusterResult {
  clusterName: string;
  arn: string;
  status: string;
  kubernetesVersion: string;
  endpoint: string;
  certificateAuthorityData: string;
  oidcIssuer: string;
  clusterSecurityGroupId: string;
  vpcId: string;
  subnetIds: string[];
  availabilityZones: string[];
  clusterRoleArn: string;
  nodeRoleArn?: string;
  nodeGroupName?: string;
  /** False when an existing cluster was adopted. */
  created: boolean;
  entity: ClusterResourceEntity;
  plan: PlannedChange[];
  drift: string[];
}

const AUTO_MODE_CLUSTER_POLICIES = [
  'AmazonEKSClusterPolicy',
  'AmazonEKSComputePolicy',
  'AmazonEKSBlockStoragePolicy',
  'AmazonEKSLoadBalancingPolicy',
  'AmazonEKSNetworkingPolicy',
];
const AUTO_MODE_NODE_POLICIES = [
  'AmazonEKSWorkerNodeMinimalPolicy',
  'AmazonEC2ContainerRegistryPullOnly',
];

/**
 * Creates an EKS cluster as eksctl and terraform-aws-eks would, or adopts an
 * existing one: IAM roles, subnets, `authenticationMode: API` with access
 * entries for the admins, optional Auto Mode, optional managed node group
 * (IMDSv2, hop limit 2). Waits until ACTIVE.
 *
 * @public
 */
export async function createCluster(
  run: ProvisioningRun,
  opts: CreateClusterOptions,
): Promise<CreateClusterResult> {
  const { clusterName } = opts;
  const partition = partitionForRegion(run.region);
  const tags = resourceTags(clusterName, opts.tags);
  const existing = await findCluster(run, clusterName);

  const needsNodeRole = Boolean(opts.autoMode || opts.nodeGroup);
  const admins = opts.adminPrincipalArns ?? [];
  run.beginSteps(
    3 + (admins.length > 0 ? 1 : 0) + (opts.nodeGroup && needsNodeRole ? 1 : 0),
  );
  const { kubernetesVersion, subnets } = await run.step(
    'preflight: region, Kubernetes version, principals, subnets, roles and instance types',
    async () => {
      const checked = await preflightCreateCluster(run, opts, existing);
      if (
        existing?.version &&
        opts.kubernetesVersion &&
        existing.version !== opts.kubernetesVersion
      ) {
        run.reportDrift(
          `cluster ${clusterName} runs Kubernetes ${existing.version}, not ${opts.kubernetesVersion} (upgrades are not done by this action)`,
        );
      }
      // a cluster (node group, roles) of this name that this request did not
      // make is refused here, before any write, unless the run adopts it
      await checkClusterCreateOwnership(run, opts, existing);
      run.logger.info(
        `Subnets (${checked.subnets.source}): ${checked.subnets.subnetIds.join(
          ', ',
        )} in ${checked.subnets.availabilityZones.join(', ')}`,
      );
      return checked;
    },
  );

  const { clusterRoleArn, nodeRoleArn } = await run.step(
    needsNodeRole
      ? 'IAM roles of the cluster and its nodes'
      : 'IAM role of the cluster',
    async () => ({
      clusterRoleArn:
        existing?.roleArn ??
        opts.clusterRoleArn ??
        (await ensureRole(run, {
          name: `${clusterName}-cluster`.slice(0, 64),
          description: `EKS cluster ${clusterName}`,
          trustPolicy: serviceTrustPolicy('eks.amazonaws.com', [
            'sts:AssumeRole',
            'sts:TagSession',
          ]),
          managedPolicyArns: (opts.autoMode
            ? AUTO_MODE_CLUSTER_POLICIES
            : ['AmazonEKSClusterPolicy']
          ).map(name => awsManagedPolicyArn(partition, name)),
          tags,
        })),
      nodeRoleArn: needsNodeRole
        ? opts.nodeRoleArn ??
          (await ensureNodeRole(run, {
            name: `${clusterName}-node`.slice(0, 64),
            tags,
            extraPolicyArns: opts.autoMode
              ? AUTO_MODE_NODE_POLICIES.map(name =>
                  awsManagedPolicyArn(partition, name),
                )
              : [],
          }))
        : undefined,
    }),
  );

  const cluster = await run.step(
    `EKS cluster ${clusterName}, until ACTIVE`,
    async (): Promise<Cluster | undefined> => {
      if (!existing) {
        await run.change(
          {
            action: 'create',
            resource: `EKS cluster ${clusterName}`,
            detail: `Kubernetes ${kubernetesVersion}${
              opts.autoMode ? ', Auto Mode' : ''
            }`,
          },
          ['cluster', clusterName],
          async () => {
            await run.aws.eks.send(
              new CreateClusterCommand({
                name: clusterName,
                version: kubernetesVersion,
                roleArn: clusterRoleArn,
                resourcesVpcConfig: {
                  subnetIds: subnets.subnetIds,
                  endpointPublicAccess: opts.endpointPublicAccess ?? true,
                  endpointPrivateAccess: opts.endpointPrivateAccess ?? true,
                },
                accessConfig: {
                  authenticationMode: 'API',
                  bootstrapClusterCreatorAdminPermissions: true,
                },
                ...(opts.autoMode
                  ? {
                      bootstrapSelfManagedAddons: false,
                      computeConfig: {
                        enabled: true,
                        nodePools: ['general-purpose', 'system'],
                        nodeRoleArn,
                      },
                      storageConfig: { blockStorage: { enabled: true } },
                      kubernetesNetworkConfig: {
                        elasticLoadBalancing: { enabled: true },
                      },
                    }
                  : {}),
                tags,
              }),
            );
          },
        );
      } else {
        reportClusterDrift(run, existing, opts);
      }
      if (run.dryRun) return existing;
      if (existing?.status !== 'ACTIVE') {
        await runWaiter(
          run,
          `cluster ${clusterName} to become ACTIVE`,
          waitUntilClusterActive,
          run.aws.eks,
          { name: clusterName },
          TYPICAL_CREATE_SECONDS.cluster,
        );
      }
      return requireCluster(run, clusterName);
    },
  );

  if (admins.length > 0) {
    await run.step('access entries of the cluster admins', async () => {
      for (const principalArn of admins) {
        await ensureAccessEntry(run, {
          clusterName,
          principalArn,
          type: 'STANDARD',
          accessPolicyArn: clusterAdminPolicyArn(run.region),
          tags,
          clusterMissing: !cluster,
        });
      }
    });
  }

  let nodeGroupName: string | undefined;
  if (opts.nodeGroup && nodeRoleArn) {
    const spec = opts.nodeGroup;
    const nodeGroup = await run.step(
      `managed node group ${spec.name}, until ACTIVE`,
      () =>
        ensureNodeGroup(run, {
          clusterName,
          spec,
          nodeRoleArn,
          subnetIds: subnets.subnetIds,
          tags,
          clusterMissing: !cluster,
        }),
    );
    nodeGroupName = nodeGroup.name;
  }

  const arn =
    cluster?.arn ??
    formatEksClusterArn({
      region: run.region,
      accountId: run.accountId,
      clusterName,
    });
  const endpoint = cluster?.endpoint ?? '';
  const certificateAuthorityData = cluster?.certificateAuthority?.data ?? '';
  return {
    clusterName,
    arn,
    status: cluster?.status ?? 'PLANNED',
    kubernetesVersion: cluster?.version ?? kubernetesVersion,
    endpoint,
    certificateAuthorityData,
    oidcIssuer: cluster?.identity?.oidc?.issuer ?? '',
    clusterSecurityGroupId:
      cluster?.resourcesVpcConfig?.clusterSecurityGroupId ?? '',
    vpcId: cluster?.resourcesVpcConfig?.vpcId ?? subnets.vpcId,
    subnetIds: subnets.subnetIds,
    availabilityZones: subnets.availabilityZones,
    clusterRoleArn,
    nodeRoleArn,
    nodeGroupName,
    created: !existing,
    entity: clusterResourceEntity({
      clusterName,
      arn,
      accountId: run.accountId,
      region: run.region,
      endpoint,
      certificateAuthorityData,
      owner: opts.owner,
      system: opts.system,
    }),
    plan: run.plan,
    drift: run.drift,
  };
}

function reportClusterDrift(
  run: ProvisioningRun,
  cluster: Cluster,
  opts: CreateClusterOptions,
): void {
  const name = cluster.name;
  run.logger.info(`Cluster ${name} exists (${cluster.status}): adopting it`);
  const mode = cluster.accessConfig?.authenticationMode;
  if (mode && mode !== 'API') {
    run.reportDrift(
      `cluster ${name} uses authenticationMode ${mode}, not API (switch it with UpdateClusterConfig; the change is one-way)`,
    );
  }
  const autoMode = Boolean(cluster.computeConfig?.enabled);
  if (opts.autoMode !== undefined && autoMode !== opts.autoMode) {
    run.reportDrift(
      `cluster ${name} has Auto Mode ${autoMode ? 'on' : 'off'}, wanted ${
        opts.autoMode ? 'on' : 'off'
      }`,
    );
  }
  if (opts.clusterRoleArn && cluster.roleArn !== opts.clusterRoleArn) {
    run.reportDrift(
      `cluster ${name} uses role ${roleNameFromArn(
        cluster.roleArn ?? '',
      )}, not the given clusterRoleArn (a cluster's role cannot change)`,
    );
  }
}
