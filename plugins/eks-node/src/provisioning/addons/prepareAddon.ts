import {
  Addon,
  DescribeAddonCommand,
  DescribeAddonConfigurationCommandOutput,
  DescribeAddonConfigurationCommand,
} from '@aws-sdk/client-eks';
import {
  compareAddonVersions,
  partitionForRegion,
} from '@backstage-eks/plugin-eks-common';
import { InputError } from '@backstage/errors';
import YAML from 'yaml';
import { awsManagedPolicyArn } from '../policies';
import { addonPodIdentityServiceAccount } from '../preflight';
import { ProvisioningRun } from '../ProvisioningRun';
import { sameJson } from '../sameJson';
import { ifExists } from '../waiters';
import {
  parseConfigurationValues,
  validateConfigurationValues,
} from './addonConfiguration';
import { AddonRequest } from './addonRequests';
import { resolveAddonVersion } from './addonVersion';

/** An add-on request checked against EKS, ready to install. */
export interface PreparedAddon {
  request: AddonRequest;
  /** Its index in the input, for field names in errors. */
  index: number;
  version: string;
  requestedKind: 'latest' | 'default' | 'exact';
  configuration?: Record<string, unknown>;
  podIdentity?: {
    serviceAccount: string;
    roleArn?: string;
    recommendedPolicyArns: string[];
  };
  /** The service accounts EKS recommends Pod Identity for, with their policies. */
  recommendedPodIdentity: { serviceAccount: string; policyArns: string[] }[];
  /** The cluster runs EKS Auto Mode (which has Pod Identity built in). */
  clusterAutoMode: boolean;
  /** The namespace the add-on runs in: the one asked for, else EKS's default for it. */
  namespace?: string;
  existing?: Addon;
}

/** The add-on as EKS describes it, or undefined when it is not installed. */
export async function findAddon(
  run: ProvisioningRun,
  clusterName: string,
  addonName: string,
): Promise<Addon | undefined> {
  const found = await ifExists(() =>
    run.aws.eks.send(new DescribeAddonCommand({ clusterName, addonName })),
  );
  return found?.addon;
}

/** A managed policy EKS names by its name or ARN, as an ARN. */
export function policyArnIn(partition: string, nameOrArn: string): string {
  return nameOrArn.startsWith('arn:')
    ? nameOrArn
    : awsManagedPolicyArn(partition, nameOrArn);
}

/**
 * Checks one add-on request against EKS, read-only: its version for the
 * cluster's Kubernetes version, its configuration values against the
 * version's schema, its Pod Identity service account; reads the installed
 * add-on. Problems are InputErrors naming the field.
 */
export async function prepareAddon(
  run: ProvisioningRun,
  opts: {
    clusterName: string;
    request: AddonRequest;
    index: number;
    kubernetesVersion: string;
    clusterExists: boolean;
    clusterAutoMode: boolean;
  },
): Promise<PreparedAddon> {
  const { request, index } = opts;
  const requested = request.version ?? 'default';
  const resolved = await resolveAddonVersion(run, {
    field: `addons[${index}].name`,
    versionField: `addons[${index}].version`,
    addonName: request.name,
    requested,
    kubernetesVersion: opts.kubernetesVersion,
  });
  const { version } = resolved;
  const configuration = await describeConfiguration(run, request.name, version);
  const existing = opts.clusterExists
    ? await findAddon(run, opts.clusterName, request.name)
    : undefined;
  checkNamespace(request, index, existing, resolved.defaultNamespace);
  return {
    request,
    index,
    version,
    requestedKind:
      requested === 'latest' || requested === 'default' ? requested : 'exact',
    configuration: checkedConfiguration(request, index, configuration),
    podIdentity: await podIdentityOf(
      run,
      request,
      index,
      version,
      configuration,
      resolved.newerVersions,
    ),
    recommendedPodIdentity: recommendedPodIdentity(run, configuration),
    clusterAutoMode: opts.clusterAutoMode,
    namespace:
      request.namespace ??
      existing?.namespaceConfig?.namespace ??
      resolved.defaultNamespace,
    existing,
  };
}

function describeConfiguration(
  run: ProvisioningRun,
  addonName: string,
  addonVersion: string,
): Promise<DescribeAddonConfigurationCommandOutput> {
  return run.aws.eks.send(
    new DescribeAddonConfigurationCommand({ addonName, addonVersion }),
  );
}

/**
 * EKS sets an add-on's namespace only when it creates it (CreateAddon's
 * namespaceConfig; UpdateAddon has none): asking for another namespace than
 * the installed add-on's is refused here, before any write.
 */
function checkNamespace(
  request: AddonRequest,
  index: number,
  existing: Addon | undefined,
  defaultNamespace: string | undefined,
): void {
  if (!request.namespace || !existing) return;
  const current = existing.namespaceConfig?.namespace ?? defaultNamespace;
  if (!current || current === request.namespace) return;
  throw new InputError(
    `addons[${index}].namespace "${request.namespace}" cannot be applied: ${request.name} is installed in namespace "${current}", and EKS sets an add-on's namespace only when it creates it (UpdateAddon cannot change it). Leave addons[${index}].namespace out (or set it to "${current}") to update the add-on where it is, or delete the add-on and install it again in "${request.namespace}"`,
  );
}

function checkedConfiguration(
  request: AddonRequest,
  index: number,
  configuration: DescribeAddonConfigurationCommandOutput,
): Record<string, unknown> | undefined {
  if (request.configurationValues === undefined) return undefined;
  const field = `addons[${index}].configurationValues`;
  const values = parseConfigurationValues(field, request.configurationValues);
  validateConfigurationValues(field, values, configuration.configurationSchema);
  return values;
}

function recommendedPodIdentity(
  run: ProvisioningRun,
  configuration: DescribeAddonConfigurationCommandOutput,
): PreparedAddon['recommendedPodIdentity'] {
  const partition = partitionForRegion(run.region);
  return (configuration.podIdentityConfiguration ?? []).flatMap(c =>
    c.serviceAccount
      ? [
          {
            serviceAccount: c.serviceAccount,
            policyArns: (c.recommendedManagedPolicies ?? []).map(arn =>
              policyArnIn(partition, arn),
            ),
          },
        ]
      : [],
  );
}

/** How many newer versions are asked about when the chosen one has no Pod Identity. */
const MAX_VERSIONS_ASKED = 5;

/**
 * The first of the newer versions whose configuration declares Pod
 * Identity service accounts (null when none of the first few does).
 */
async function firstVersionWithPodIdentity(
  run: ProvisioningRun,
  addonName: string,
  newerVersions: string[],
): Promise<string | null> {
  for (const version of newerVersions.slice(0, MAX_VERSIONS_ASKED)) {
    const configuration = await describeConfiguration(run, addonName, version);
    if ((configuration.podIdentityConfiguration ?? []).length > 0) {
      return version;
    }
  }
  return null;
}

async function podIdentityOf(
  run: ProvisioningRun,
  request: AddonRequest,
  index: number,
  version: string,
  configuration: DescribeAddonConfigurationCommandOutput,
  newerVersions: string[],
): Promise<PreparedAddon['podIdentity']> {
  if (!request.podIdentity) return undefined;
  const recommended = configuration.podIdentityConfiguration ?? [];
  const explicit =
    request.podIdentity !== 'recommended' ? request.podIdentity : undefined;
  const serviceAccount = addonPodIdentityServiceAccount(
    `addons[${index}].podIdentity`,
    { name: request.name, version },
    explicit?.serviceAccount,
    recommended,
    recommended.length === 0
      ? await firstVersionWithPodIdentity(run, request.name, newerVersions)
      : undefined,
  );
  return {
    serviceAccount,
    roleArn: explicit?.roleArn,
    recommendedPolicyArns: recommended
      .filter(c => c.serviceAccount === serviceAccount)
      .flatMap(c => c.recommendedManagedPolicies ?? []),
  };
}

/** What updating an existing add-on to the request would change. */
export function addonChanges(p: PreparedAddon): {
  changes: string[];
  versionDiffers: boolean;
} {
  const existing = p.existing;
  if (!existing) return { changes: [], versionDiffers: false };
  const changes: string[] = [];
  const current = existing.addonVersion ?? '';
  const versionDiffers =
    p.requestedKind === 'exact'
      ? current !== p.version
      : compareAddonVersions(current, p.version) < 0;
  if (versionDiffers) changes.push(`version ${current} -> ${p.version}`);
  if (
    p.configuration &&
    !sameConfiguration(existing.configurationValues, p.configuration)
  ) {
    changes.push('configuration values');
  }
  if (p.podIdentity && (existing.podIdentityAssociations ?? []).length === 0) {
    changes.push('Pod Identity association');
  }
  return { changes, versionDiffers };
}

function sameConfiguration(
  existing: string | undefined,
  wanted: Record<string, unknown>,
): boolean {
  let current: unknown = {};
  try {
    current = existing ? YAML.parse(existing) ?? {} : {};
  } catch {
    return false;
  }
  return sameJson(current, wanted);
}
