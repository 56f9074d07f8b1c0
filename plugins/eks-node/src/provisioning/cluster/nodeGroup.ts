import {
  CreateNodegroupCommand,
  DescribeNodegroupCommand,
  Nodegroup,
  TagResourceCommand,
  UpdateNodegroupConfigCommand,
  UpdateNodegroupVersionCommand,
  waitUntilNodegroupActive,
} from '@aws-sdk/client-eks';
import { partitionForRegion } from '@backstage-eks/plugin-eks-common';
import { ensureRole } from '../iam';
import { ensureNodeLaunchTemplate, LaunchTemplateRef } from './launchTemplate';
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

/** Title of the node group step of {@link createCluster}. */
export function nodeGroupStepTitle(spec: NodeGroupSpec): string {
  return `managed node group ${spec.name}, until ACTIVE`;
}

/** What {@link ensureNodeGroup} is given. @public */
export interface NodeGroupOptions {
  clusterName: string;
  spec: NodeGroupSpec;
  nodeRoleArn: string;
  subnetIds: string[];
  tags: Record<string, string>;
  clusterMissing?: boolean;
}

type Scaling = { minSize: number; maxSize: number; desiredSize: number };

/**
 * Creates the managed node group with a launch template that requires IMDSv2
 * with hop limit 2, or adopts it: scaling drift is corrected, a corrected
 * launch template version is rolled out. Waits until ACTIVE.
 *
 * @public
 */
export async function ensureNodeGroup(
  run: ProvisioningRun,
  opts: NodeGroupOptions,
): Promise<{ name: string; status: string }> {
  const { clusterName, spec } = opts;
  const existing = opts.clusterMissing
    ? undefined
    : await findNodeGroup(run, clusterName, spec.name);
  if (existing) await checkNodeGroupOwnership(run, opts, existing);
  const launchTemplate = await ensureNodeLaunchTemplate(run, {
    name: `${clusterName}-${spec.name}`.slice(0, 128),
    clusterName,
    tags: opts.tags,
  });
  // when the creation was asked for: the wait's first poll comes near its end
  let requestedAt: number | Date | undefined =
    existing?.status === 'CREATING' ? existing.createdAt : undefined;
  if (!existing) {
    await createNodeGroup(run, opts, launchTemplate);
    // EKS had started when it answered
    requestedAt = Date.now();
  } else {
    await updateNodeGroupScaling(run, opts, existing);
    await updateNodeGroupLaunchTemplate(run, opts, existing, launchTemplate);
  }
  if (run.dryRun) {
    return { name: spec.name, status: existing?.status ?? 'PLANNED' };
  }
  await waitForNodeGroup(run, clusterName, spec.name, requestedAt);
  return { name: spec.name, status: 'ACTIVE' };
}

/** The node group as EKS describes it, or undefined when there is none. */
export function findNodeGroup(
  run: ProvisioningRun,
  clusterName: string,
  nodegroupName: string,
): Promise<Nodegroup | undefined> {
  return ifExists(() =>
    run.aws.eks.send(
      new DescribeNodegroupCommand({ clusterName, nodegroupName }),
    ),
  ).then(found => found?.nodegroup);
}

function scalingOf(
  spec: Pick<NodeGroupSpec, 'minSize' | 'maxSize' | 'desiredSize'>,
): Scaling {
  const { minSize, maxSize, desiredSize } = spec;
  return { minSize, maxSize, desiredSize };
}

function scalingDiffers(existing: Nodegroup, scaling: Scaling): boolean {
  const current = existing.scalingConfig ?? {};
  return (
    current.minSize !== scaling.minSize ||
    current.maxSize !== scaling.maxSize ||
    current.desiredSize !== scaling.desiredSize
  );
}

/**
 * The ownership rule's view of a change of sizes: `scaling 1-2 (desired 1)
 * -> 1-3 (desired 2)` when the node group's sizes differ from the spec.
 */
export function nodeGroupScalingChanges(
  existing: Nodegroup,
  spec: Pick<NodeGroupSpec, 'minSize' | 'maxSize' | 'desiredSize'>,
): string[] {
  const scaling = scalingOf(spec);
  const current = existing.scalingConfig ?? {};
  return scalingDiffers(existing, scaling)
    ? [
        `scaling ${current.minSize}-${current.maxSize} (desired ${current.desiredSize}) -> ${scaling.minSize}-${scaling.maxSize} (desired ${scaling.desiredSize})`,
      ]
    : [];
}

/** A node group of this name that another made is not this request's. */
async function checkNodeGroupOwnership(
  run: ProvisioningRun,
  { clusterName, spec }: NodeGroupOptions,
  existing: Nodegroup,
): Promise<void> {
  const nodegroupArn = existing.nodegroupArn;
  await checkOwnership(
    run,
    {
      resource: `node group ${spec.name}`,
      tags: existing.tags,
      writeTags: nodegroupArn
        ? async tags => {
            await run.aws.eks.send(
              new TagResourceCommand({ resourceArn: nodegroupArn, tags }),
            );
          }
        : undefined,
      keyParts: ['nodegroup', clusterName, spec.name],
    },
    { clusterName, changes: nodeGroupScalingChanges(existing, spec) },
  );
}

async function createNodeGroup(
  run: ProvisioningRun,
  opts: NodeGroupOptions,
  launchTemplate: LaunchTemplateRef,
): Promise<void> {
  const { clusterName, spec } = opts;
  await run.change(
    {
      action: 'create',
      resource: `node group ${spec.name}`,
      detail: `${spec.instanceTypes.join(',')} x${spec.desiredSize}`,
    },
    ['nodegroup', clusterName, spec.name],
    async () => {
      await run.aws.eks.send(
        new CreateNodegroupCommand({
          clusterName,
          nodegroupName: spec.name,
          nodeRole: opts.nodeRoleArn,
          subnets: opts.subnetIds,
          instanceTypes: spec.instanceTypes,
          amiType: (spec.amiType ?? 'AL2023_x86_64_STANDARD') as never,
          capacityType: spec.capacityType ?? 'ON_DEMAND',
          scalingConfig: scalingOf(spec),
          // the system node group: Karpenter's controller is pinned to it
          labels: { ...spec.labels, 'karpenter.sh/controller': 'true' },
          launchTemplate: {
            id: launchTemplate.id,
            version: launchTemplate.version,
          },
          tags: opts.tags,
        }),
      );
    },
  );
}

/** Sizes that differ from the request are a change it asks for. */
async function updateNodeGroupScaling(
  run: ProvisioningRun,
  { clusterName, spec }: NodeGroupOptions,
  existing: Nodegroup,
): Promise<void> {
  const scaling = scalingOf(spec);
  if (!scalingDiffers(existing, scaling)) return;
  const current = existing.scalingConfig ?? {};
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
      await run.aws.eks.send(
        new UpdateNodegroupConfigCommand({
          clusterName,
          nodegroupName: spec.name,
          scalingConfig: scaling,
        }),
      );
    },
  );
}

/** A node group on an older version of its launch template is drift: rolled out. */
async function updateNodeGroupLaunchTemplate(
  run: ProvisioningRun,
  { clusterName, spec }: NodeGroupOptions,
  existing: Nodegroup,
  launchTemplate: LaunchTemplateRef,
): Promise<void> {
  const used = existing.launchTemplate;
  if (
    !launchTemplate.id ||
    used?.id !== launchTemplate.id ||
    used.version === launchTemplate.version
  ) {
    return;
  }
  run.reportDrift(
    `node group ${spec.name} uses launch template version ${used.version}, not ${launchTemplate.version}`,
  );
  await run.change(
    {
      action: 'update',
      resource: `node group ${spec.name}`,
      detail: `launch template version ${launchTemplate.version}`,
    },
    ['nodegroup-version', clusterName, spec.name, launchTemplate.version],
    async () => {
      await run.aws.eks.send(
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

/** Waits until ACTIVE; a failure state is an error with EKS's reasons. */
async function waitForNodeGroup(
  run: ProvisioningRun,
  clusterName: string,
  nodegroupName: string,
  requestedAt?: number | Date,
): Promise<void> {
  try {
    await runWaiter(
      run,
      `node group ${nodegroupName} to become ACTIVE`,
      waitUntilNodegroupActive,
      run.aws.eks,
      { clusterName, nodegroupName },
      TYPICAL_CREATE_SECONDS.nodeGroup,
      requestedAt,
    );
  } catch (error) {
    if (!(error instanceof WaiterFailedError)) throw error;
    throw await nodeGroupFailure(run, clusterName, nodegroupName);
  }
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
