import { Cluster } from '@aws-sdk/client-eks';
import { resolveClusterVersion } from '../cluster/clusterVersion';
import { ProvisioningRun } from '../ProvisioningRun';
import { selectSubnets, SubnetSelection } from '../cluster/subnets';
import { checkInstanceTypesOffered, checkRegion } from './ec2Offerings';
import {
  checkManagedPoliciesExist,
  checkRoleTrust,
  clusterRoleTrust,
  NODE_ROLE_TRUST,
  POD_IDENTITY_ROLE_TRUST,
} from './iamRoles';
import { AccountIam, checkPrincipalsExist } from './principals';

/**
 * Preflight: every input AWS can check read-only, checked before the first
 * write of an orchestrator (and in its dry run), so that a refusal leaves
 * nothing behind. Each check throws an InputError naming the field and the
 * rule. The input's form (names, ARNs, policy grammar) is checked earlier,
 * without calls, by each orchestrator's validate function.
 */

export * from './addonPodIdentity';
export * from './ec2Offerings';
export * from './iamRoles';
export * from './karpenterChart';
export * from './policyDocument';
export * from './principals';

/** What {@link preflightCreateCluster} checks. @public */
export interface CreateClusterPreflightInput {
  kubernetesVersion?: string;
  subnetIds?: string[];
  vpcId?: string;
  clusterRoleArn?: string;
  nodeRoleArn?: string;
  adminPrincipalArns?: string[];
  autoMode?: boolean;
  nodeGroup?: { instanceTypes: string[] };
}

/** What {@link preflightCreateCluster} resolved. @public */
export interface CreateClusterPreflight {
  kubernetesVersion: string;
  subnets: SubnetSelection;
}

/**
 * Preflight of cluster creation: the region, the Kubernetes version EKS
 * offers, the admin principals, the subnets (existing, one VPC, two or more
 * zones), the given cluster and node roles and their trust, and the node
 * group's instance types offered in the region. An existing cluster keeps
 * its version, subnets and role.
 *
 * @public
 */
export async function preflightCreateCluster(
  run: ProvisioningRun,
  opts: CreateClusterPreflightInput,
  existing: Cluster | undefined,
  /** IAM of the admins' other accounts, where the portal has credentials. */
  accountIam?: AccountIam,
): Promise<CreateClusterPreflight> {
  await checkRegion(run);
  const kubernetesVersion =
    existing?.version ??
    (await resolveClusterVersion(run, opts.kubernetesVersion));
  await checkPrincipalsExist(
    run,
    'adminPrincipalArns',
    opts.adminPrincipalArns ?? [],
    accountIam,
  );
  const existingSubnets = existing?.resourcesVpcConfig?.subnetIds ?? [];
  const subnets = await selectSubnets(
    run,
    existingSubnets.length > 0
      ? { subnetIds: existingSubnets }
      : { subnetIds: opts.subnetIds, vpcId: opts.vpcId },
  );
  if (opts.clusterRoleArn && !existing) {
    await checkRoleTrust(
      run,
      'clusterRoleArn',
      opts.clusterRoleArn,
      clusterRoleTrust(Boolean(opts.autoMode)),
    );
  }
  if (opts.nodeRoleArn && (opts.autoMode || opts.nodeGroup)) {
    await checkRoleTrust(run, 'nodeRoleArn', opts.nodeRoleArn, NODE_ROLE_TRUST);
  }
  if (opts.nodeGroup) {
    await checkInstanceTypesOffered(
      run,
      'nodeGroup.instanceTypes',
      opts.nodeGroup.instanceTypes,
    );
  }
  return { kubernetesVersion, subnets };
}

/** What {@link preflightInstallAddons} checks. @public */
export interface InstallAddonsPreflightInput {
  addons: {
    podIdentity?: 'recommended' | { roleArn: string; serviceAccount?: string };
  }[];
}

/**
 * Preflight of add-on installation that needs no add-on version: the region
 * and the trust of given Pod Identity roles. (Versions, configuration values
 * and the Pod Identity service accounts are checked per add-on once its
 * version is resolved, still before any write.)
 *
 * @public
 */
export async function preflightInstallAddons(
  run: ProvisioningRun,
  opts: InstallAddonsPreflightInput,
): Promise<void> {
  await checkRegion(run);
  for (const [index, addon] of opts.addons.entries()) {
    if (addon.podIdentity && addon.podIdentity !== 'recommended') {
      await checkRoleTrust(
        run,
        `addons[${index}].podIdentity.roleArn`,
        addon.podIdentity.roleArn,
        POD_IDENTITY_ROLE_TRUST,
      );
    }
  }
}

/** What {@link preflightInstallKarpenter} checks. @public */
export interface InstallKarpenterPreflightInput {
  nodeRoleArn?: string;
}

/**
 * Preflight of Karpenter: the region and the given node role's trust (EC2
 * assumes it). The chart version is checked, without calls, by
 * validateInstallKarpenterOptions ({@link checkKarpenterChartVersion}).
 *
 * @public
 */
export async function preflightInstallKarpenter(
  run: ProvisioningRun,
  opts: InstallKarpenterPreflightInput,
): Promise<void> {
  await checkRegion(run);
  if (opts.nodeRoleArn) {
    await checkRoleTrust(run, 'nodeRoleArn', opts.nodeRoleArn, NODE_ROLE_TRUST);
  }
}

/** What {@link preflightPodIdentity} checks. @public */
export interface PodIdentityPreflightInput {
  roleArn?: string;
  managedPolicyArns?: string[];
  /** Session tags off: the role need not allow sts:TagSession. */
  disableSessionTags?: boolean;
}

/**
 * Preflight of a Pod Identity association: the region, the given role's
 * trust of pods.eks.amazonaws.com (sts:AssumeRole, and sts:TagSession unless
 * session tags are disabled, as EKS checks it), and that the managed
 * policies to attach exist.
 *
 * @public
 */
export async function preflightPodIdentity(
  run: ProvisioningRun,
  opts: PodIdentityPreflightInput,
): Promise<void> {
  await checkRegion(run);
  if (opts.roleArn) {
    await checkRoleTrust(
      run,
      'roleArn',
      opts.roleArn,
      opts.disableSessionTags
        ? { ...POD_IDENTITY_ROLE_TRUST, actions: ['sts:AssumeRole'] }
        : POD_IDENTITY_ROLE_TRUST,
    );
  }
  await checkManagedPoliciesExist(
    run,
    'managedPolicyArns',
    opts.managedPolicyArns ?? [],
  );
}
