import { DURATIONS } from '../../scheduler';
import { AwsError } from '../AwsError';
import type { AwsContext } from '../context';
import { trustsService } from '../iam/policies';
import { ensureServiceAccessEntry } from './accessEntries';
import { arnPrefix, requireCluster, requireUsableCluster } from './lookup';
import { EksCapability, EksCluster, EksState, HealthIssue } from './model';
import {
  EksRequest,
  epoch,
  notFound,
  optionalObject,
  optionalString,
  paginate,
  requiredString,
  tagsOf,
} from './request';
import { completeUpdate, newUpdate, updateView } from './updates';

/*
 * EKS Capabilities (https://docs.aws.amazon.com/eks/latest/userguide/capabilities.html):
 * managed Argo CD, ACK and kro that EKS runs outside the cluster. The rules
 * modelled (each in RULES.md):
 * - one capability of each type per cluster (CreateCapability's reference),
 *   names unique within the cluster;
 * - the capability role exists in the cluster's account and trusts
 *   capabilities.eks.amazonaws.com for sts:AssumeRole and sts:TagSession
 *   (https://docs.aws.amazon.com/eks/latest/userguide/capability-role.html);
 * - ARGOCD needs configuration.argoCd with awsIdc.idcInstanceArn; the other
 *   types take no Argo CD configuration;
 * - capabilities reach the cluster through access entries EKS creates for
 *   their role, so the cluster's authentication mode must include the API;
 * - CREATING -> ACTIVE, UPDATING -> ACTIVE, DELETING -> gone; a role that
 *   stops being assumable makes an ACTIVE capability DEGRADED with an
 *   AccessDenied issue, and a create that finds it so ends CREATE_FAILED.
 */

export const CAPABILITY_TYPES = ['ACK', 'KRO', 'ARGOCD'] as const;
const CAPABILITY_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]*$/;
const IDC_INSTANCE_ARN =
  /^arn:aws[a-z-]*:sso:::instance\/(sso)?ins-[a-zA-Z0-9-.]{16}$/;
const ARGOCD_ROLES = ['ADMIN', 'EDITOR', 'VIEWER'];
const SSO_IDENTITY_TYPES = ['SSO_USER', 'SSO_GROUP'];
/** The software version EKS runs for each type (shown by Describe/List). */
export const CAPABILITY_VERSIONS: Record<string, string> = {
  ARGOCD: 'v3.1.8-eks-1',
  ACK: 'v1.0.0-eks-1',
  KRO: 'v0.6.0-eks-1',
};
export const CAPABILITY_SERVICE = 'capabilities.eks.amazonaws.com';

export function capabilities(ctx: AwsContext, cluster: string) {
  return EksState.of(ctx.regional.eks.capabilities, cluster);
}

function invalid(message: string) {
  return new AwsError('InvalidParameterException', message);
}

export function capabilityView(c: EksCapability) {
  return {
    capabilityName: c.capabilityName,
    arn: c.arn,
    clusterName: c.clusterName,
    type: c.type,
    roleArn: c.roleArn,
    status: c.status,
    version: c.version,
    configuration: c.configuration,
    tags: c.tags,
    health: { issues: c.issues },
    createdAt: epoch(c.createdAt),
    modifiedAt: epoch(c.modifiedAt),
    deletePropagationPolicy: c.deletePropagationPolicy,
  };
}

function summaryView(c: EksCapability) {
  return {
    capabilityName: c.capabilityName,
    arn: c.arn,
    type: c.type,
    status: c.status,
    version: c.version,
    createdAt: epoch(c.createdAt),
    modifiedAt: epoch(c.modifiedAt),
  };
}

/** The capability role: in the cluster's account, trusting the capabilities service for both actions. */
function requireCapabilityRole(ctx: AwsContext, arn: string) {
  if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(arn)) {
    throw invalid(`roleArn: ${arn} is not a valid IAM role ARN`);
  }
  if (arn.split(':')[4] !== ctx.accountId) {
    throw invalid(
      `roleArn: the capability role must be in the cluster's account ${ctx.accountId}`,
    );
  }
  const role = ctx.account.iam.roleByArn(arn);
  if (!role) {
    throw invalid(`roleArn: Role with arn: ${arn}, does not exist`);
  }
  if (!assumable(role)) {
    throw invalid(
      `roleArn: the trust policy of ${arn} must allow ${CAPABILITY_SERVICE} to perform sts:AssumeRole and sts:TagSession`,
    );
  }
  return role;
}

function assumable(role: Parameters<typeof trustsService>[0]): boolean {
  return (
    trustsService(role, CAPABILITY_SERVICE, 'sts:AssumeRole') &&
    trustsService(role, CAPABILITY_SERVICE, 'sts:TagSession')
  );
}

function roleIssue(ctx: AwsContext, arn: string): HealthIssue | undefined {
  const role = ctx.account.iam.roleByArn(arn);
  if (role && assumable(role)) return undefined;
  return {
    code: 'AccessDenied',
    message: `The capability role ${arn} ${
      role ? `no longer trusts ${CAPABILITY_SERVICE}` : 'does not exist'
    }: EKS cannot assume it. Restore the role and its trust policy, or update the capability with another role.`,
  };
}

function roleMappings(value: unknown, field: string) {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalid(`${field} must be a list`);
  return value.map((m, i) => {
    const mapping = (m ?? {}) as Record<string, unknown>;
    const role = mapping.role;
    if (typeof role !== 'string' || !ARGOCD_ROLES.includes(role)) {
      throw invalid(
        `${field}[${i}].role must be one of ${ARGOCD_ROLES.join(', ')}`,
      );
    }
    const identities = mapping.identities;
    if (!Array.isArray(identities) || identities.length === 0) {
      throw invalid(
        `${field}[${i}].identities must list at least one identity`,
      );
    }
    return {
      role,
      identities: identities.map((x, j) => {
        const identity = (x ?? {}) as Record<string, unknown>;
        if (typeof identity.id !== 'string' || !identity.id) {
          throw invalid(`${field}[${i}].identities[${j}].id is required`);
        }
        if (
          typeof identity.type !== 'string' ||
          !SSO_IDENTITY_TYPES.includes(identity.type)
        ) {
          throw invalid(
            `${field}[${i}].identities[${j}].type must be one of ${SSO_IDENTITY_TYPES.join(
              ', ',
            )}`,
          );
        }
        return { id: identity.id, type: identity.type };
      }),
    };
  });
}

function vpceIds(value: unknown, field: string) {
  if (value === undefined || value === null) return undefined;
  const ids = (value as Record<string, unknown>).vpceIds;
  if (ids === undefined) return { vpceIds: [] };
  if (
    !Array.isArray(ids) ||
    ids.some(id => typeof id !== 'string' || !/^vpce-[0-9a-f]+$/.test(id))
  ) {
    throw invalid(`${field}.vpceIds must be VPC endpoint ids (vpce-...)`);
  }
  return { vpceIds: ids as string[] };
}

/** configuration as CreateCapability takes it, checked for the type; the response's shape. */
function createConfiguration(
  ctx: AwsContext,
  cluster: EksCluster,
  type: string,
  body: Record<string, unknown>,
): EksCapability['configuration'] {
  const configuration = optionalObject(body, 'configuration');
  const argoCd = configuration
    ? optionalObject(configuration, 'argoCd')
    : undefined;
  if (type !== 'ARGOCD') {
    if (argoCd) {
      throw invalid(
        `configuration.argoCd is only valid for capabilities of type ARGOCD, not ${type}`,
      );
    }
    return undefined;
  }
  if (!argoCd) {
    throw invalid(
      'configuration.argoCd is required for capabilities of type ARGOCD (its awsIdc.idcInstanceArn names the IAM Identity Center instance users sign in with)',
    );
  }
  const awsIdc = optionalObject(argoCd, 'awsIdc');
  const idcInstanceArn = awsIdc
    ? optionalString(awsIdc, 'idcInstanceArn')
    : undefined;
  if (!awsIdc || !idcInstanceArn) {
    throw invalid('configuration.argoCd.awsIdc.idcInstanceArn is required');
  }
  if (!IDC_INSTANCE_ARN.test(idcInstanceArn)) {
    throw invalid(
      `configuration.argoCd.awsIdc.idcInstanceArn: ${idcInstanceArn} is not an IAM Identity Center instance ARN (arn:aws:sso:::instance/ssoins-...)`,
    );
  }
  const idcRegion = optionalString(awsIdc, 'idcRegion') ?? ctx.region;
  const namespace = optionalString(argoCd, 'namespace') ?? 'argocd';
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace)) {
    throw invalid(
      `configuration.argoCd.namespace: ${namespace} is not a valid Kubernetes namespace name`,
    );
  }
  const id = Buffer.from(`${cluster.name}/${idcInstanceArn}`)
    .toString('hex')
    .slice(0, 16);
  return {
    argoCd: {
      namespace,
      awsIdc: {
        idcInstanceArn,
        idcRegion,
        idcManagedApplicationArn: `arn:aws:sso::${ctx.accountId}:application/${
          idcInstanceArn.split('/')[1]
        }/apl-${id}`,
      },
      rbacRoleMappings:
        roleMappings(
          argoCd.rbacRoleMappings,
          'configuration.argoCd.rbacRoleMappings',
        ) ?? [],
      networkAccess: vpceIds(
        argoCd.networkAccess,
        'configuration.argoCd.networkAccess',
      ) ?? { vpceIds: [] },
      serverUrl: `https://${id}.eks-capabilities.${ctx.region}.amazonaws.com`,
    },
  };
}

function deletePropagationPolicy(body: Record<string, unknown>) {
  const value = optionalString(body, 'deletePropagationPolicy');
  if (value !== undefined && value !== 'RETAIN') {
    throw invalid(
      `deletePropagationPolicy: ${value} is not supported; the only value is RETAIN`,
    );
  }
  return value;
}

export function createCapability(ctx: AwsContext, req: EksRequest) {
  const cluster = requireUsableCluster(ctx, req.pathParams.clusterName);
  const body = req.body;
  const capabilityName = requiredString(body, 'capabilityName');
  if (capabilityName.length > 100 || !CAPABILITY_NAME.test(capabilityName)) {
    throw invalid(
      `capabilityName: ${capabilityName} must be 1 to 100 letters, digits, hyphens and underscores, starting with a letter or digit`,
    );
  }
  const type = requiredString(body, 'type');
  if (!(CAPABILITY_TYPES as readonly string[]).includes(type)) {
    throw invalid(`type must be one of ${CAPABILITY_TYPES.join(', ')}`);
  }
  const roleArn = requiredString(body, 'roleArn');
  requireCapabilityRole(ctx, roleArn);
  const policy = deletePropagationPolicy(body);
  if (!policy) {
    throw invalid('deletePropagationPolicy is required (RETAIN)');
  }
  const configuration = createConfiguration(ctx, cluster, type, body);
  const tags = tagsOf(body);
  if (cluster.accessConfig.authenticationMode === 'CONFIG_MAP') {
    throw new AwsError(
      'InvalidRequestException',
      `Cluster ${cluster.name} uses authentication mode CONFIG_MAP; capabilities access the cluster through access entries: change it to API or API_AND_CONFIG_MAP first`,
    );
  }
  const map = capabilities(ctx, cluster.name);
  if (map.has(capabilityName)) {
    throw new AwsError(
      'ResourceInUseException',
      `Capability ${capabilityName} already exists in cluster ${cluster.name}`,
      409,
      { clusterName: cluster.name },
    );
  }
  const sameType = [...map.values()].find(c => c.type === type);
  if (sameType) {
    throw new AwsError(
      'ResourceInUseException',
      `Cluster ${cluster.name} already has a capability of type ${type} (${sameType.capabilityName}); a cluster can have one capability of each type`,
      409,
      { clusterName: cluster.name },
    );
  }
  const now = new Date();
  const capability: EksCapability = {
    capabilityName,
    arn: `${arnPrefix(ctx)}:capability/${cluster.name}/${capabilityName}`,
    clusterName: cluster.name,
    type: type as EksCapability['type'],
    roleArn,
    status: 'CREATING',
    version: CAPABILITY_VERSIONS[type],
    configuration,
    tags,
    issues: [],
    createdAt: now,
    modifiedAt: now,
    deletePropagationPolicy: 'RETAIN',
  };
  map.set(capabilityName, capability);
  ctx.recordWrite({ clusterName: cluster.name, ...body });
  ctx.scheduler.after(DURATIONS.capabilityCreate, () => {
    if (capabilities(ctx, cluster.name).get(capabilityName) !== capability)
      return;
    const issue = roleIssue(ctx, capability.roleArn);
    capability.issues = issue ? [issue] : [];
    capability.status = issue ? 'CREATE_FAILED' : 'ACTIVE';
    capability.modifiedAt = new Date();
    if (!issue) {
      ensureServiceAccessEntry(ctx, cluster, capability.roleArn, 'STANDARD');
    }
  });
  return { capability: capabilityView(capability) };
}

function requireCapability(ctx: AwsContext, req: EksRequest) {
  const cluster = requireCluster(ctx, req.pathParams.clusterName);
  const capability = capabilities(ctx, cluster.name).get(
    req.pathParams.capabilityName,
  );
  if (!capability) {
    throw notFound(
      `No capability found for name: ${req.pathParams.capabilityName} in cluster ${cluster.name}`,
    );
  }
  return { cluster, capability };
}

/** An ACTIVE capability whose role stopped being assumable is DEGRADED, and recovers with it. */
function refreshHealth(ctx: AwsContext, capability: EksCapability) {
  if (capability.status !== 'ACTIVE' && capability.status !== 'DEGRADED')
    return;
  const issue = roleIssue(ctx, capability.roleArn);
  capability.issues = issue ? [issue] : [];
  capability.status = issue ? 'DEGRADED' : 'ACTIVE';
}

export function describeCapability(ctx: AwsContext, req: EksRequest) {
  const { capability } = requireCapability(ctx, req);
  refreshHealth(ctx, capability);
  return { capability: capabilityView(capability) };
}

export function listCapabilities(ctx: AwsContext, req: EksRequest) {
  const cluster = requireCluster(ctx, req.pathParams.clusterName);
  const all = [...capabilities(ctx, cluster.name).values()];
  for (const c of all) refreshHealth(ctx, c);
  const { page, nextToken } = paginate(all.map(summaryView), req.query);
  return { capabilities: page, nextToken };
}

/** Applies UpdateCapability's role mapping changes: add-or-update by role, then removals of identities. */
function applyRoleMappings(
  current: NonNullable<EksCapability['configuration']>['argoCd'],
  update: Record<string, unknown>,
) {
  const field = 'configuration.argoCd.rbacRoleMappings';
  const add =
    roleMappings(
      update.addOrUpdateRoleMappings,
      `${field}.addOrUpdateRoleMappings`,
    ) ?? [];
  const remove =
    roleMappings(update.removeRoleMappings, `${field}.removeRoleMappings`) ??
    [];
  let mappings = [...current.rbacRoleMappings];
  for (const m of add) {
    mappings = mappings.filter(x => x.role !== m.role);
    mappings.push(m);
  }
  for (const m of remove) {
    mappings = mappings.flatMap(x => {
      if (x.role !== m.role) return [x];
      const identities = x.identities.filter(
        i => !m.identities.some(r => r.id === i.id && r.type === i.type),
      );
      return identities.length ? [{ ...x, identities }] : [];
    });
  }
  current.rbacRoleMappings = mappings;
}

export function updateCapability(ctx: AwsContext, req: EksRequest) {
  const { cluster, capability } = requireCapability(ctx, req);
  if (!['ACTIVE', 'DEGRADED'].includes(capability.status)) {
    throw new AwsError(
      'ResourceInUseException',
      `Capability ${capability.capabilityName} is ${capability.status}; wait until it is ACTIVE`,
      409,
    );
  }
  const body = req.body;
  const params: { type: string; value: string }[] = [];
  const roleArn = optionalString(body, 'roleArn');
  if (roleArn) {
    requireCapabilityRole(ctx, roleArn);
  }
  const policy = deletePropagationPolicy(body);
  const configuration = optionalObject(body, 'configuration');
  const argoCd = configuration
    ? optionalObject(configuration, 'argoCd')
    : undefined;
  if (argoCd && capability.type !== 'ARGOCD') {
    throw invalid(
      `configuration.argoCd is only valid for capabilities of type ARGOCD, not ${capability.type}`,
    );
  }
  // validate everything before the first change
  const next = argoCd
    ? structuredClone(capability.configuration!.argoCd)
    : undefined;
  if (argoCd && next) {
    const mappings = optionalObject(argoCd, 'rbacRoleMappings');
    if (mappings) applyRoleMappings(next, mappings);
    const network = vpceIds(
      argoCd.networkAccess,
      'configuration.argoCd.networkAccess',
    );
    if (network) next.networkAccess = network;
    params.push({ type: 'ConfigurationValues', value: JSON.stringify(argoCd) });
  }
  const update = newUpdate('ConfigUpdate', params);
  cluster.updates.push(update);
  if (roleArn) capability.roleArn = roleArn;
  if (policy) capability.deletePropagationPolicy = 'RETAIN';
  if (next) capability.configuration = { argoCd: next };
  capability.status = 'UPDATING';
  capability.modifiedAt = new Date();
  ctx.recordWrite({
    clusterName: cluster.name,
    capabilityName: capability.capabilityName,
    ...body,
  });
  ctx.scheduler.after(DURATIONS.capabilityUpdate, () => {
    if (capability.status !== 'UPDATING') return;
    capability.status = 'ACTIVE';
    refreshHealth(ctx, capability);
    completeUpdate(update);
    if (roleArn && capability.status === 'ACTIVE') {
      ensureServiceAccessEntry(ctx, cluster, roleArn, 'STANDARD');
    }
  });
  return { update: updateView(update) };
}

export function deleteCapability(ctx: AwsContext, req: EksRequest) {
  const { cluster, capability } = requireCapability(ctx, req);
  if (capability.status === 'DELETING') {
    throw new AwsError(
      'ResourceInUseException',
      `Capability ${capability.capabilityName} is already being deleted`,
      409,
    );
  }
  if (capability.status === 'CREATING' || capability.status === 'UPDATING') {
    throw new AwsError(
      'ResourceInUseException',
      `Capability ${capability.capabilityName} is ${capability.status}; wait until it is ACTIVE`,
      409,
    );
  }
  capability.status = 'DELETING';
  capability.modifiedAt = new Date();
  ctx.recordWrite({
    clusterName: cluster.name,
    capabilityName: capability.capabilityName,
  });
  ctx.scheduler.after(DURATIONS.capabilityDelete, () => {
    const map = capabilities(ctx, cluster.name);
    if (map.get(capability.capabilityName) === capability)
      map.delete(capability.capabilityName);
  });
  return { capability: capabilityView(capability) };
}
