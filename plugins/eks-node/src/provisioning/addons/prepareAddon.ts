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
  const { version } = await resolveAddonVersion(run, {
    field: `addons[${index}].name`,
    versionField: `addons[${index}].version`,
    addonName: request.name,
    requested,
    kubernetesVersion: opts.kubernetesVersion,
  });
  const configuration = await run.aws.eks.send(
    new DescribeAddonConfigurationCommand({
      addonName: request.name,
      addonVersion: version,
    }),
  );
  return {
    request,
    index,
    version,
    requestedKind:
      requested === 'latest' || requested === 'default' ? requested : 'exact',
    configuration: checkedConfiguration(request, index, configuration),
    podIdentity: podIdentityOf(request, index, version, configuration),
    recommendedPodIdentity: recommendedPodIdentity(run, configuration),
    clusterAutoMode: opts.clusterAutoMode,
    existing: opts.clusterExists
      ? await findAddon(run, opts.clusterName, request.name)
      : undefined,
  };
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

function podIdentityOf(
  request: AddonRequest,
  index: number,
  version: string,
  configuration: DescribeAddonConfigurationCommandOutput,
): PreparedAddon['podIdentity'] {
  if (!request.podIdentity) return undefined;
  const recommended = configuration.podIdentityConfiguration ?? [];
  const explicit =
    request.podIdentity !== 'recommended' ? request.podIdentity : undefined;
  const serviceAccount = addonPodIdentityServiceAccount(
    `addons[${index}].podIdentity`,
    { name: request.name, version },
    explicit?.serviceAccount,
    recommended,
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
