import {
  AttachedPolicy,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  paginateListAttachedRolePolicies,
  paginateListRolePolicies,
} from '@aws-sdk/client-iam';
import { findRole, roleNameFromArn } from '../iam';
import {
  actionsNotAllowed,
  allowedPolicyActions as allowedActions,
  parsePolicyDocument,
} from '../policies';
import { missingTrust, POD_IDENTITY_ROLE_TRUST } from '../preflight/iamRoles';
import { ProvisioningRun } from '../ProvisioningRun';
import { ifExists } from '../waiters';
import { karpenterControllerActions } from './controllerActions';

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
  const inline: string[] = [];
  for await (const page of paginateListRolePolicies(
    { client: iam },
    { RoleName: roleName },
  )) {
    inline.push(...(page.PolicyNames ?? []));
  }
  for (const policyName of inline) {
    const policy = await iam.send(
      new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }),
    );
    actions.push(...allowedActions(parsePolicyDocument(policy.PolicyDocument)));
  }
  const attached: AttachedPolicy[] = [];
  for await (const page of paginateListAttachedRolePolicies(
    { client: iam },
    { RoleName: roleName },
  )) {
    attached.push(...(page.AttachedPolicies ?? []));
  }
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
    enableZonalShift?: boolean;
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
  const lacking = actionsNotAllowed(
    granted,
    karpenterControllerActions(opts.chartVersion, {
      enableZonalShift: opts.enableZonalShift,
    }),
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
