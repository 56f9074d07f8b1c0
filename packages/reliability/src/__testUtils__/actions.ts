import type { TemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  createEksAddonInstallAction,
  createEksClusterCreateAction,
  createEksActions,
  createEksClusterDeleteAction,
  createEksKarpenterInstallAction,
  createEksPodIdentityCreateAction,
  EksActionOptions,
} from '@backstage-eks/plugin-scaffolder-backend-module-eks';
import {
  actionContext,
  CheckpointStore,
  createSandboxRole,
  SandboxHarness,
} from '@backstage-eks/scaffolder-test-utils';
import {
  DEFAULT_ACCOUNT_ID,
  type Sandbox,
  type SandboxWrite,
} from '@backstage-eks/sandbox';

/** The cluster the lifecycle creates and deletes. */
export const LIFECYCLE_CLUSTER = 'ledger';

/**
 * The Kubernetes version the lifecycle's cluster is created at (EKS's
 * default in the sandbox, one before the newest it offers) and the one
 * cluster:upgrade takes it to; cluster:rollback brings it back.
 */
export const LIFECYCLE_VERSIONS = { created: '1.33', upgraded: '1.34' };

/** The admin role the lifecycle's cluster:create names (created by {@link prepareLifecycle}). */
export const ADMIN_ROLE = 'platform-admins';

/** An action of the module by its id, as the scaffolder registers it. */
function registeredAction(id: string) {
  return (options: EksActionOptions): TemplateAction<any, any, any> => {
    const action = createEksActions(options).find(a => a.id === id);
    if (!action) throw new Error(`the EKS module registers no action ${id}`);
    return action;
  };
}

const createClusterUpgradeAction = registeredAction('aws:eks:cluster:upgrade');
const createClusterRollbackAction = registeredAction(
  'aws:eks:cluster:rollback',
);

/** One action run of the lifecycle: which action, with which input. */
export interface LifecycleStep {
  /** What the step does, for test names. */
  name: string;
  createAction(options: EksActionOptions): TemplateAction<any, any, any>;
  input: Record<string, unknown>;
}

/**
 * The full lifecycle of a cluster through the five actions, in template
 * order, with the inputs that exercise most of each action: a cluster with
 * admins, a node group and tags; add-ons with YAML and JSON configuration
 * values and a recommended Pod Identity role; Karpenter with non-default
 * node pool settings, Helm values and an instance profile; Pod Identity with
 * a new role (service account created) and with the role of the first one
 * (service account left to the caller); then the cluster, with its six
 * add-ons, node group and Karpenter, upgraded one minor version and rolled
 * back; then delete with Karpenter's resources.
 */
export const LIFECYCLE_STEPS: LifecycleStep[] = lifecycleSteps(
  LIFECYCLE_CLUSTER,
  DEFAULT_ACCOUNT_ID,
);

function lifecycleSteps(
  clusterName: string,
  accountId: string,
): LifecycleStep[] {
  return [
    {
      name: 'cluster:create with version, node group, admins and tags',
      createAction: createEksClusterCreateAction,
      input: {
        clusterName,
        kubernetesVersion: LIFECYCLE_VERSIONS.created,
        adminPrincipalArns: [`arn:aws:iam::${accountId}:role/${ADMIN_ROLE}`],
        nodeGroup: {
          name: 'system',
          instanceTypes: ['m7i.large'],
          minSize: 2,
          maxSize: 4,
          desiredSize: 2,
        },
        tags: { team: 'ledger', 'cost-center': 'cc-42' },
        owner: 'group:default/ledger',
      },
    },
    {
      name: 'addon:install with configuration values and Pod Identity',
      createAction: createEksAddonInstallAction,
      input: {
        clusterName,
        addons: [
          { name: 'vpc-cni', version: 'latest' },
          {
            name: 'coredns',
            version: 'latest',
            configurationValues: 'replicaCount: 3\n',
          },
          { name: 'kube-proxy', version: 'default' },
          // Pod Identity needs the agent: without it the EBS CSI driver
          // ends DEGRADED, and the install fails
          { name: 'eks-pod-identity-agent', version: 'latest' },
          {
            name: 'metrics-server',
            configurationValues: '{"replicas": 2}',
          },
          {
            name: 'aws-ebs-csi-driver',
            version: 'latest',
            podIdentity: 'recommended',
          },
        ],
      },
    },
    {
      name: 'karpenter:install with node pool settings and Helm values',
      createAction: createEksKarpenterInstallAction,
      input: {
        clusterName,
        createInstanceProfile: true,
        capacityTypes: ['spot', 'on-demand'],
        architectures: ['amd64', 'arm64'],
        cpuLimit: '200',
        helmValues: { replicas: 2, logLevel: 'debug' },
        tags: { team: 'ledger' },
      },
    },
    {
      name: 'pod-identity:create with a new role and service account',
      createAction: createEksPodIdentityCreateAction,
      input: {
        clusterName,
        namespace: 'orders',
        serviceAccount: 'orders-api',
        managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
        inlinePolicy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' },
          ],
        }),
        createServiceAccount: true,
        tags: { team: 'orders' },
      },
    },
    {
      name: 'pod-identity:create with an existing role, service account left to the caller',
      createAction: createEksPodIdentityCreateAction,
      input: {
        clusterName,
        namespace: 'orders',
        serviceAccount: 'orders-worker',
        roleArn: `arn:aws:iam::${accountId}:role/${clusterName}-orders-orders-api`,
        createServiceAccount: false,
      },
    },
    {
      name: 'cluster:upgrade one minor version with 6 add-ons, a node group and Karpenter',
      createAction: createClusterUpgradeAction,
      input: { clusterName, targetVersion: LIFECYCLE_VERSIONS.upgraded },
    },
    {
      name: 'cluster:rollback of that upgrade',
      createAction: createClusterRollbackAction,
      input: { clusterName },
    },
    {
      name: 'cluster:delete with Karpenter resources',
      createAction: createEksClusterDeleteAction,
      input: {
        clusterName,
        confirmClusterName: clusterName,
        deleteKarpenterResources: true,
      },
    },
  ];
}

/** What the lifecycle needs before it starts: the admin role. */
export async function prepareLifecycle(harness: SandboxHarness): Promise<void> {
  await createSandboxRole(harness.sandbox, ADMIN_ROLE, 'ec2.amazonaws.com');
}

/** The outputs and log of one action run. */
export interface StepResult {
  outputs: Record<string, unknown>;
  logLines: string[];
}

/**
 * Runs a step's action to completion as a scaffolder task step: a fresh
 * context with the step's input, and a checkpoint store of its own (as a
 * new task has).
 */
export async function runStep(
  harness: SandboxHarness,
  step: LifecycleStep,
): Promise<StepResult> {
  const { ctx, outputs, logLines } = actionContext(step.input, {
    checkpoints: new CheckpointStore(),
  });
  await step.createAction(harness.options).handler(ctx);
  return { outputs, logLines };
}

/** The lifecycle's cluster:upgrade and cluster:rollback steps. */
export const UPGRADE_STEP = LIFECYCLE_STEPS.find(
  s => s.createAction === createClusterUpgradeAction,
)!;
export const ROLLBACK_STEP = LIFECYCLE_STEPS.find(
  s => s.createAction === createClusterRollbackAction,
)!;

/** The versions a sandbox cluster runs: its control plane, node groups and add-ons. */
export interface ClusterVersions {
  cluster?: string;
  nodegroups: Record<string, string>;
  addons: Record<string, string>;
}

/** What versions the sandbox's cluster runs now (read from its state, not through AWS). */
export function clusterVersions(
  sandbox: Sandbox,
  clusterName: string,
): ClusterVersions {
  const { eks } = sandbox.state
    .account(sandbox.accountId)
    .region(sandbox.region);
  return {
    cluster: eks.clusters.get(clusterName)?.version,
    nodegroups: Object.fromEntries(
      [...(eks.nodegroups.get(clusterName)?.values() ?? [])].map(n => [
        n.nodegroupName,
        n.version,
      ]),
    ),
    addons: Object.fromEntries(
      [...(eks.addons.get(clusterName)?.values() ?? [])].map(a => [
        a.addonName,
        a.addonVersion,
      ]),
    ),
  };
}

/** What a version update call changes, by the parameters that name it. */
const UPDATED_BY: Record<string, (p: any) => unknown[]> = {
  'eks:UpdateClusterVersion': p => [p.name, p.version],
  'eks:UpdateNodegroupVersion': p => [
    p.clusterName,
    p.nodegroupName,
    p.version,
  ],
  'eks:UpdateAddon': p => [p.clusterName, p.addonName, p.addonVersion],
};

/** The version updates of the write log, in order, as `operation name... version` lines. */
export function versionUpdates(writes: SandboxWrite[]): string[] {
  return writes.flatMap(write => {
    const identify = UPDATED_BY[`${write.service}:${write.operation}`];
    return identify
      ? [
          `${write.service}:${write.operation} ${identify(write.params).join(
            ' ',
          )}`,
        ]
      : [];
  });
}
