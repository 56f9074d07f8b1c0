import {
  DescribePodIdentityAssociationCommand,
  ListPodIdentityAssociationsCommand,
} from '@aws-sdk/client-eks';
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import { wildcardMatches } from '@backstage-eks/plugin-eks-common';
import { KubernetesObject, KubernetesObjectApi } from '@kubernetes/client-node';
import { findRole, roleNameFromArn } from '../iam';
import { withKubernetesRetry } from '../kubernetesRetry';
import { describeOwner, isOwnResource, OwnershipFinding } from '../ownership';
import { parsePolicyDocument } from '../policies';
import { missingTrust, POD_IDENTITY_ROLE_TRUST } from '../preflight/iamRoles';
import { ProvisioningRun } from '../ProvisioningRun';
import { ENTITY_REF_TAG } from '../tags';
import { ifExists } from '../waiters';
import { karpenterControllerPolicy } from './controllerPolicy';
import { HelmRelease } from './helm';
import { interruptionQueueFindings } from './interruptionQueue';

/** What a Karpenter installation someone else made provides, as found. @public */
export interface ExistingKarpenter {
  /** Pieces that belong to someone else and cannot serve as they are. */
  findings: OwnershipFinding[];
  /**
   * The role of an existing Pod Identity association of the controller that
   * this request did not make and that can serve (trust and permissions):
   * used as it is; the association is not re-pointed.
   */
  controllerRoleArn?: string;
  /**
   * The node role of the existing EC2NodeClass `default`, when it is not the
   * one this action names `<cluster>-karpenter-node`.
   */
  nodeRoleArn?: string;
  /**
   * A controller someone else installed (Helm release or Deployment) runs
   * the wanted version: it is kept, no chart is installed over it.
   */
  keepController?: string;
  /**
   * Whether that controller is a Helm release (an adopting run upgrades
   * it); a Deployment not from a release is kept even by an adopting run,
   * since Helm refuses to install over objects without its ownership
   * metadata.
   */
  controllerIsHelmRelease?: boolean;
}

function asList(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function allowedActions(document: unknown): string[] {
  return asList((document as { Statement?: unknown } | undefined)?.Statement)
    .filter(s => (s as { Effect?: unknown }).Effect === 'Allow')
    .flatMap(s => asList((s as { Action?: unknown }).Action))
    .filter((a): a is string => typeof a === 'string');
}

/**
 * The actions a role's inline and attached policies allow (resources and
 * conditions are not compared: the check finds what is missing outright).
 */
async function roleAllowedActions(
  run: ProvisioningRun,
  roleName: string,
): Promise<string[]> {
  const { iam } = run.aws;
  const actions: string[] = [];
  const inline =
    (await iam.send(new ListRolePoliciesCommand({ RoleName: roleName })))
      .PolicyNames ?? [];
  for (const policyName of inline) {
    const policy = await iam.send(
      new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }),
    );
    actions.push(...allowedActions(parsePolicyDocument(policy.PolicyDocument)));
  }
  const attached =
    (
      await iam.send(
        new ListAttachedRolePoliciesCommand({ RoleName: roleName }),
      )
    ).AttachedPolicies ?? [];
  for (const { PolicyArn } of attached) {
    const policy = (
      await ifExists(() => iam.send(new GetPolicyCommand({ PolicyArn })))
    )?.Policy;
    if (!policy?.DefaultVersionId) continue;
    const version = await ifExists(() =>
      iam.send(
        new GetPolicyVersionCommand({
          PolicyArn,
          VersionId: policy.DefaultVersionId,
        }),
      ),
    );
    const text = version?.PolicyVersion?.Document;
    actions.push(
      ...allowedActions(
        parsePolicyDocument(text ? decodeURIComponent(text) : undefined),
      ),
    );
  }
  return actions;
}

/**
 * Why an existing role cannot serve as the Karpenter controller's role
 * (empty: it can): a trust policy that does not let Pod Identity assume it,
 * or actions of the controller policy the chart version needs that its
 * policies do not allow.
 *
 * @public
 */
export async function controllerRoleIncompatibility(
  run: ProvisioningRun,
  opts: {
    roleArn: string;
    clusterName: string;
    chartVersion: string;
    queueArn: string;
    nodeRoleArn: string;
  },
): Promise<string[]> {
  const roleName = roleNameFromArn(opts.roleArn);
  const role = await findRole(run, roleName);
  if (!role) return [`its role ${opts.roleArn} does not exist`];
  const reasons: string[] = [];
  const missing = missingTrust(
    parsePolicyDocument(role.AssumeRolePolicyDocument),
    POD_IDENTITY_ROLE_TRUST,
  );
  if (missing.length > 0) {
    reasons.push(
      `its role ${roleName} does not let pods.eks.amazonaws.com call ${missing.join(
        ' and ',
      )}`,
    );
  }
  const granted = await roleAllowedActions(run, roleName);
  const needed = [
    ...new Set(
      allowedActions(
        karpenterControllerPolicy({
          clusterName: opts.clusterName,
          region: run.region,
          accountId: run.accountId,
          queueArn: opts.queueArn,
          nodeRoleArn: opts.nodeRoleArn,
        }),
      ),
    ),
  ];
  const lacking = needed.filter(
    action =>
      !granted.some(pattern =>
        wildcardMatches(pattern, action, { ignoreCase: true }),
      ),
  );
  if (lacking.length > 0) {
    reasons.push(
      `its role ${roleName} does not allow ${lacking.join(
        ', ',
      )}, which Karpenter ${opts.chartVersion} needs`,
    );
  }
  return reasons;
}

type Live = KubernetesObject & { spec?: Record<string, unknown> };

async function readObject(
  run: ProvisioningRun,
  objects: KubernetesObjectApi,
  object: KubernetesObject,
): Promise<Live | undefined> {
  const name = `${object.kind} ${object.metadata?.name}`;
  return (await ifExists(() =>
    withKubernetesRetry(run, `read ${name}`, () =>
      objects.read(object as never),
    ),
  )) as Live | undefined;
}

function objectTags(live: Live): Record<string, string> {
  return {
    ...(live.metadata?.labels ?? {}),
    ...(live.metadata?.annotations ?? {}),
  };
}

/**
 * Reads, before any write, what a Karpenter installation that exists on the
 * cluster provides and whether each piece this request did not make can
 * serve as it is: the controller's Pod Identity association and its role
 * (trust, the controller policy's actions), the interruption queue and its
 * rules, the controller (Helm release or Deployment, at the wanted
 * version), and the EC2NodeClass `default` (whose node role is used).
 *
 * `installKarpenter` uses the pieces that can serve as they are, never
 * re-points the association nor rewrites another's NodePool, and refuses
 * with every finding listed when a piece cannot serve (unless it adopts).
 *
 * @public
 */
export async function inspectExistingKarpenter(
  run: ProvisioningRun,
  opts: {
    clusterName: string;
    namespace: string;
    serviceAccount: string;
    chartVersion: string;
    queueName: string;
    queueArn: string;
    nodeRoleArn?: string;
    /** The user values the release is installed with (ownership marker). */
    releaseValues?: Record<string, unknown>;
    release?: HelmRelease;
    objects: KubernetesObjectApi;
  },
): Promise<ExistingKarpenter> {
  const { eks } = run.aws;
  const { clusterName, namespace, serviceAccount } = opts;
  const found: ExistingKarpenter = { findings: [] };

  const nodeClass = await readObject(run, opts.objects, {
    apiVersion: 'karpenter.k8s.aws/v1',
    kind: 'EC2NodeClass',
    metadata: { name: 'default' },
  });
  const nodeClassRole = nodeClass?.spec?.role;
  // Karpenter's CRD makes a node class's role immutable: one that exists
  // keeps its role, so its nodes' role is that one (the default-named role
  // is this action's own, ensured as usual)
  if (
    nodeClass &&
    typeof nodeClassRole === 'string' &&
    nodeClassRole !== `${clusterName}-karpenter-node`.slice(0, 64) &&
    !opts.nodeRoleArn
  ) {
    const role = await findRole(run, nodeClassRole);
    if (role?.Arn) found.nodeRoleArn = role.Arn;
  }
  const nodeRoleArn =
    opts.nodeRoleArn ??
    found.nodeRoleArn ??
    `arn:aws:iam::${run.accountId}:role/${clusterName}-karpenter-node`;

  const association = (
    await eks.send(
      new ListPodIdentityAssociationsCommand({
        clusterName,
        namespace,
        serviceAccount,
      }),
    )
  ).associations?.[0];
  if (association?.associationId) {
    const described = (
      await eks.send(
        new DescribePodIdentityAssociationCommand({
          clusterName,
          associationId: association.associationId,
        }),
      )
    ).association;
    if (described && !isOwnResource(described.tags, clusterName)) {
      const roleArn = described.roleArn ?? '';
      const reasons = await controllerRoleIncompatibility(run, {
        roleArn,
        clusterName,
        chartVersion: opts.chartVersion,
        queueArn: opts.queueArn,
        nodeRoleArn,
      });
      if (reasons.length === 0) {
        found.controllerRoleArn = roleArn;
      } else {
        found.findings.push({
          resource: `Pod Identity association ${namespace}/${serviceAccount} (role ${roleArn})`,
          owner: describeOwner(described.tags),
          changes: [
            ...reasons,
            `this action does not re-point another's association: grant the role what it lacks, or adopt (re-points it to ${clusterName}-karpenter-controller)`,
          ],
        });
      }
    }
  }

  found.findings.push(
    ...(await interruptionQueueFindings(run, {
      queueName: opts.queueName,
      clusterName,
    })),
  );

  const wantedChart = `karpenter-${opts.chartVersion}`;
  if (opts.release) {
    const marker = (
      opts.releaseValues?.podAnnotations as Record<string, unknown> | undefined
    )?.[ENTITY_REF_TAG];
    const ours = isOwnResource(
      typeof marker === 'string' ? { [ENTITY_REF_TAG]: marker } : undefined,
      clusterName,
    );
    if (!ours) {
      const resource = `Helm release ${opts.release.name} (${opts.release.chart}, ${opts.release.status}) in ${namespace}`;
      if (
        opts.release.chart === wantedChart &&
        opts.release.status === 'deployed'
      ) {
        found.keepController = resource;
        found.controllerIsHelmRelease = true;
      } else {
        found.findings.push({
          resource,
          owner: 'not made by Backstage',
          changes: [`upgrade to ${wantedChart}`],
        });
      }
    }
  } else {
    const deployment = await readObject(run, opts.objects, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'karpenter', namespace },
    });
    if (deployment) {
      const containers =
        (
          deployment.spec?.template as
            | { spec?: { containers?: { image?: string }[] } }
            | undefined
        )?.spec?.containers ?? [];
      const image =
        containers.find(c => /karpenter\/controller/.test(c.image ?? ''))
          ?.image ?? '';
      const version = image.replace(/^.*:v?/, '').replace(/@.*$/, '');
      const resource = `Deployment ${namespace}/karpenter (${
        image || 'no image'
      }, not from a Helm release)`;
      if (version === opts.chartVersion) {
        found.keepController = resource;
      } else {
        found.findings.push({
          resource,
          owner: describeOwner(objectTags(deployment)),
          changes: [
            `runs Karpenter ${version || 'of unknown version'}, not ${
              opts.chartVersion
            }: installing the chart over it needs adopt (and Helm installs over it only once its objects carry Helm's ownership metadata, meta.helm.sh/release-name)`,
          ],
        });
      }
    }
  }
  return found;
}
