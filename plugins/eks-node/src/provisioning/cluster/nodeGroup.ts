import {
  CreateNodegroupCommand,
  DescribeNodegroupCommand,
  TagResourceCommand,
  UpdateNodegroupConfigCommand,
  UpdateNodegroupVersionCommand,
  waitUntilNodegroupActive,
} from '@aws-sdk/client-eks';
import { partitionForRegion } from '@backstage-eks/plugin-eks-common';
import { ensureRole } from '../iam';
import { ensureNodeLaunchTemplate } from './launchTemplate';
import { checkOwnership } from '../ownership';
import { awsManagedPolicyArn, serviceTrustPolicy } from '../policies';
import { ProvisioningRun } from '../ProvisioningRun';
import {
  ifExists,
  runWaiter,
  TYPICAL_CREATE_SECONDS,
  WaiterFailedError,
} from '../waiters';

/** A managed node group for system pods. @public */
export interface NodeGroupSpec {
  name: string;
  instanceTypes: string[];
  minSize: number;
  maxSize: number;
  desiredSize: number;
  /** e.g. AL2023_x86_64_STANDARD (default), BOTTLEROCKET_x86_64. */
  amiType?: string;
  capacityType?: 'ON_DEMAND' | 'SPOT';
  labels?: Record<string, string>;
}

/** The managed policies EKS worker nodes need. @public */
export function nodeRolePolicyArns(region: string): string[] {
  const partition = partitionForRegion(region);
  return [
    'AmazonEKSWorkerNodePolicy',
    'AmazonEC2ContainerRegistryPullOnly',
    'AmazonEKS_CNI_Policy',
  ].map(name => awsManagedPolicyArn(partition, name));
}

/** Ensures the node IAM role (trust ec2.amazonaws.com). Returns its ARN. @public */
export async function ensureNodeRole(
  run: ProvisioningRun,
  opts: {
    name: string;
    tags: Record<string, string>;
    extraPolicyArns?: string[];
  },
): Promise<string> {
  return ensureRole(run, {
    name: opts.name,
    description: 'EKS worker nodes',
    trustPolicy: serviceTrustPolicy('ec2.amazonaws.com'),
    managedPolicyArns: [
      ...nodeRolePolicyArns(run.region),
      ...(opts.extraPolicyArns ?? []),
    ],
    tags: opts.tags,
  });
}

/**
 * Creates the managed node group with a launch template that requires IMDSv2
 * with hop limit 2, or adopts it: scaling drift is corrected, a corrected
 * launch template version is rolled out. Waits until ACTIVE.
 *
 * @public
 */
export async function ensureNodeGroup(
  run: ProvisioningRun,
  opts: {
    clusterName: string;
    spec: NodeGroupSpec;
    nodeRoleArn: string;
    subnetIds: string[];
    tags: Record<string, string>;
    clusterMissing?: boolean;
  },
): Promise<{ name: string; status: string }> {
  const { eks } = run.aws;
  const { clusterName, spec } = opts;
  const existing = opts.clusterMissing
    ? undefined
    : (
        await ifExists(() =>
          eks.send(
            new DescribeNodegroupCommand({
              clusterName,
              nodegroupName: spec.name,
            }),
          ),
        )
      )?.nodegroup;
  const scaling = {
    minSize: spec.minSize,
    maxSize: spec.maxSize,
    desiredSize: spec.desiredSize,
  };
  const current = existing?.scalingConfig ?? {};
  const scalingDiffers =
    current.minSize !== scaling.minSize ||
    current.maxSize !== scaling.maxSize ||
    current.desiredSize !== scaling.desiredSize;
  if (existing) {
    // a node group of this name that another made is not this request's
    const nodegroupArn = existing.nodegroupArn;
    await checkOwnership(
      run,
      {
        resource: `node group ${spec.name}`,
        tags: existing.tags,
        writeTags: nodegroupArn
          ? async tags => {
              await eks.send(
                new TagResourceCommand({ resourceArn: nodegroupArn, tags }),
              );
            }
          : undefined,
        keyParts: ['nodegroup', clusterName, spec.name],
      },
      {
        clusterName,
        changes: scalingDiffers
          ? [
              `scaling ${current.minSize}-${current.maxSize} (desired ${current.desiredSize}) -> ${scaling.minSize}-${scaling.maxSize} (desired ${scaling.desiredSize})`,
            ]
          : [],
      },
    );
  }
  const launchTemplate = await ensureNodeLaunchTemplate(run, {
    name: `${clusterName}-${spec.name}`.slice(0, 128),
    clusterName,
    tags: opts.tags,
  });
  if (!existing) {
    await run.change(
      {
        action: 'create',
        resource: `node group ${spec.name}`,
        detail: `${spec.instanceTypes.join(',')} x${spec.desiredSize}`,
      },
      ['nodegroup', clusterName, spec.name],
      async () => {
        await eks.send(
          new CreateNodegroupCommand({
            clusterName,
            nodegroupName: spec.name,
            nodeRole: opts.nodeRoleArn,
            subnets: opts.subnetIds,
            instanceTypes: spec.instanceTypes,
            amiType: (spec.amiType ?? 'AL2023_x86_64_STANDARD') as never,
            capacityType: spec.capacityType ?? 'ON_DEMAND',
            scalingConfig: scaling,
            labels: spec.labels,
            launchTemplate: {
              id: launchTemplate.id,
              version: launchTemplate.version,
            },
            tags: opts.tags,
          }),
        );
      },
    );
  } else {
    if (scalingDiffers) {
      run.reportRequestedChange(
        `node group ${spec.name} scales ${current.minSize}-${current.maxSize} (desired ${current.desiredSize}), wanted ${scaling.minSize}-${scaling.maxSize} (desired ${scaling.desiredSize})`,
      );
      await run.change(
        {
          action: 'update',
          resource: `node group ${spec.name}`,
          detail: 'scaling',
        },
        ['nodegroup-scaling', clusterName, spec.name, JSON.stringify(scaling)],
        async () => {
          await eks.send(
            new UpdateNodegroupConfigCommand({
              clusterName,
              nodegroupName: spec.name,
              scalingConfig: scaling,
            }),
          );
        },
      );
    }
    const usedTemplate = existing.launchTemplate;
    if (
      launchTemplate.id &&
      usedTemplate?.id === launchTemplate.id &&
      usedTemplate.version !== launchTemplate.version
    ) {
      run.reportDrift(
        `node group ${spec.name} uses launch template version ${usedTemplate.version}, not ${launchTemplate.version}`,
      );
      await run.change(
        {
          action: 'update',
          resource: `node group ${spec.name}`,
          detail: `launch template version ${launchTemplate.version}`,
        },
        ['nodegroup-version', clusterName, spec.name, launchTemplate.version],
        async () => {
          await eks.send(
            new UpdateNodegroupVersionCommand({
              clusterName,
              nodegroupName: spec.name,
              launchTemplate: {
                id: launchTemplate.id,
                version: launchTemplate.version,
              },
            }),
          );
        },
      );
    }
  }
  if (run.dryRun) {
    return { name: spec.name, status: existing?.status ?? 'PLANNED' };
  }
  try {
    await runWaiter(
      run,
      `node group ${spec.name} to become ACTIVE`,
      waitUntilNodegroupActive,
      eks,
      { clusterName, nodegroupName: spec.name },
      TYPICAL_CREATE_SECONDS.nodeGroup,
    );
  } catch (error) {
    if (!(error instanceof WaiterFailedError)) throw error;
    throw await nodeGroupFailure(run, clusterName, spec.name);
  }
  return { name: spec.name, status: 'ACTIVE' };
}

/**
 * A node group that ended in a failure state (CREATE_FAILED, DEGRADED...):
 * the error names its status and EKS's health issues, which say why (e.g.
 * Ec2InstanceTypeDoesNotExist for an instance type the Region lacks).
 */
async function nodeGroupFailure(
  run: ProvisioningRun,
  clusterName: string,
  nodegroupName: string,
): Promise<Error> {
  const { nodegroup } = await run.aws.eks.send(
    new DescribeNodegroupCommand({ clusterName, nodegroupName }),
  );
  const issues = (nodegroup?.health?.issues ?? []).map(
    i =>
      `${i.code ?? 'Unknown'}: ${i.message ?? ''}${
        i.resourceIds?.length ? ` (${i.resourceIds.join(', ')})` : ''
      }`,
  );
  return new Error(
    `node group ${nodegroupName} is ${nodegroup?.status ?? 'UNKNOWN'}${
      issues.length ? `: ${issues.join('; ')}` : ''
    }`,
  );
}
