import {
  DescribeAddonConfigurationCommand,
  DescribeClusterCommand,
  paginateDescribeAddonVersions,
  paginateDescribeClusterVersions,
  paginateListClusters,
  type AddonInfo,
  type ClusterVersionInformation,
} from '@aws-sdk/client-eks';
import type {
  AddonCatalogItem,
  AddonConfigurationResponse,
  AddonVersionsResponse,
  ClusterListItem,
  KubernetesVersionsResponse,
} from '@backstage-eks/plugin-eks-common';
import {
  compareAddonVersions,
  compareKubernetesVersions,
  formatEksClusterArn,
} from '@backstage-eks/plugin-eks-common';
import { InputError, NotFoundError } from '@backstage/errors';
import type { AwsClientFactory, AwsTarget } from '../aws/AwsClientFactory';
import { mapWithLimit } from './sources/mapWithLimit';

/** A cluster found by {@link EksInventoryService.discoverClusters}. @public */
export interface DiscoveredCluster {
  name: string;
  arn: string;
  region: string;
  accountId: string;
  status?: string;
  version?: string;
  endpoint?: string;
  /** Base64 PEM of the cluster CA. */
  certificateAuthorityData?: string;
  tags: Record<string, string>;
}

/**
 * Read-only lookups for the field extensions and lists: clusters in an
 * account and region, Kubernetes versions, add-on versions and an add-on
 * version's configuration schema.
 *
 * @public
 */
export class EksInventoryService {
  constructor(private readonly awsClients: AwsClientFactory) {}

  /** The clusters in an account and region, with status and version. */
  async listClusters(target: Partial<AwsTarget>): Promise<ClusterListItem[]> {
    const clusters = await this.discoverClusters(target);
    return clusters.map(c => ({
      name: c.name,
      arn: c.arn,
      region: c.region,
      accountId: c.accountId,
      status: c.status,
      version: c.version,
    }));
  }

  /**
   * The clusters in an account and region with what a catalog entity needs
   * (endpoint, CA, tags), sorted by name.
   */
  async discoverClusters(
    target: Partial<AwsTarget>,
  ): Promise<DiscoveredCluster[]> {
    const aws = await this.awsClients.forTarget(target);
    const names: string[] = [];
    for await (const page of paginateListClusters({ client: aws.eks }, {})) {
      names.push(...(page.clusters ?? []));
    }
    return mapWithLimit(names.sort(), 10, async name => {
      const { cluster } = await aws.eks.send(
        new DescribeClusterCommand({ name }),
      );
      return {
        name,
        arn:
          cluster?.arn ??
          formatEksClusterArn({
            region: aws.target.region,
            accountId: aws.target.accountId,
            clusterName: name,
          }),
        region: aws.target.region,
        accountId: aws.target.accountId,
        status: cluster?.status,
        version: cluster?.version,
        endpoint: cluster?.endpoint,
        certificateAuthorityData: cluster?.certificateAuthority?.data,
        tags: cluster?.tags ?? {},
      };
    });
  }

  /** The Kubernetes versions EKS offers, newest first. */
  async kubernetesVersions(
    target: Partial<AwsTarget>,
  ): Promise<KubernetesVersionsResponse> {
    const aws = await this.awsClients.forTarget(target);
    const versions: ClusterVersionInformation[] = [];
    for await (const page of paginateDescribeClusterVersions(
      { client: aws.eks },
      {},
    )) {
      versions.push(...(page.clusterVersions ?? []));
    }
    return {
      versions: versions
        .filter(v => v.clusterVersion)
        .sort((a, b) =>
          compareKubernetesVersions(b.clusterVersion!, a.clusterVersion!),
        )
        .map(v => ({
          version: v.clusterVersion!,
          default: v.defaultVersion === true,
          status: v.versionStatus ?? v.status,
          endOfStandardSupport: v.endOfStandardSupportDate?.toISOString(),
          endOfExtendedSupport: v.endOfExtendedSupportDate?.toISOString(),
        })),
    };
  }

  /** Add-ons and their versions, optionally for one Kubernetes version and add-on. */
  async addonVersions(
    opts: { kubernetesVersion?: string; addonName?: string },
    target: Partial<AwsTarget>,
  ): Promise<AddonVersionsResponse> {
    const aws = await this.awsClients.forTarget(target);
    const addons: AddonInfo[] = [];
    for await (const page of paginateDescribeAddonVersions(
      { client: aws.eks },
      {
        kubernetesVersion: opts.kubernetesVersion,
        addonName: opts.addonName,
      },
    )) {
      addons.push(...(page.addons ?? []));
    }
    return {
      kubernetesVersion: opts.kubernetesVersion,
      addons: addons
        .filter(a => a.addonName)
        .sort((a, b) => a.addonName!.localeCompare(b.addonName!))
        .map(a => toCatalogItem(a, opts.kubernetesVersion)),
    };
  }

  /**
   * An add-on version's configuration schema and recommended Pod Identity.
   * `latest` and `default` are resolved for `kubernetesVersion` (default
   * needs it).
   */
  async addonConfiguration(
    opts: { addonName: string; version: string; kubernetesVersion?: string },
    target: Partial<AwsTarget>,
  ): Promise<AddonConfigurationResponse> {
    const aws = await this.awsClients.forTarget(target);
    let addonVersion = opts.version;
    if (addonVersion === 'latest' || addonVersion === 'default') {
      if (addonVersion === 'default' && !opts.kubernetesVersion) {
        throw new InputError(
          'kubernetesVersion is required when version is "default"',
        );
      }
      const { addons } = await this.addonVersions(
        {
          addonName: opts.addonName,
          kubernetesVersion: opts.kubernetesVersion,
        },
        target,
      );
      const versions = addons[0]?.versions ?? [];
      const resolved =
        addonVersion === 'default'
          ? versions.find(v => v.default)?.version
          : versions[0]?.version;
      if (!resolved) {
        throw new NotFoundError(
          `add-on ${opts.addonName} has no ${addonVersion} version${
            opts.kubernetesVersion
              ? ` for Kubernetes ${opts.kubernetesVersion}`
              : ''
          }`,
        );
      }
      addonVersion = resolved;
    }
    let out;
    try {
      out = await aws.eks.send(
        new DescribeAddonConfigurationCommand({
          addonName: opts.addonName,
          addonVersion,
        }),
      );
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (
        name === 'ResourceNotFoundException' ||
        name === 'InvalidParameterException'
      ) {
        throw new NotFoundError(
          `add-on ${opts.addonName} version ${addonVersion} not found`,
        );
      }
      throw error;
    }
    let configurationSchema: Record<string, unknown> | undefined;
    if (out.configurationSchema) {
      try {
        configurationSchema = JSON.parse(out.configurationSchema);
      } catch {
        configurationSchema = undefined;
      }
    }
    return {
      addonName: out.addonName ?? opts.addonName,
      addonVersion: out.addonVersion ?? addonVersion,
      configurationSchema,
      podIdentityConfiguration: (out.podIdentityConfiguration ?? []).map(c => ({
        serviceAccount: c.serviceAccount ?? '',
        recommendedManagedPolicies: c.recommendedManagedPolicies ?? [],
      })),
    };
  }
}

function toCatalogItem(
  addon: AddonInfo,
  kubernetesVersion: string | undefined,
): AddonCatalogItem {
  const versions = (addon.addonVersions ?? [])
    .filter(v => v.addonVersion)
    .map(v => {
      const compatibility = kubernetesVersion
        ? v.compatibilities?.find(c => c.clusterVersion === kubernetesVersion)
        : undefined;
      return {
        version: v.addonVersion!,
        default: compatibility?.defaultVersion === true,
        requiresConfiguration: v.requiresConfiguration,
        requiresIamPermissions: v.requiresIamPermissions,
        compatible: !kubernetesVersion || compatibility !== undefined,
      };
    })
    .filter(v => v.compatible)
    .sort((a, b) => compareAddonVersions(b.version, a.version))
    .map(({ compatible: _compatible, ...v }) => v);
  return {
    name: addon.addonName!,
    type: addon.type,
    publisher: addon.publisher,
    owner: addon.owner,
    versions,
  };
}
