import {
  DescribeAddonConfigurationCommand,
  DescribeClusterCommand,
  paginateDescribeAddonVersions,
  paginateDescribeClusterVersions,
  paginateListClusters,
  type AddonInfo,
  type DescribeAddonConfigurationCommandOutput,
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
import pLimit from 'p-limit';
import type { AwsClientFactory, AwsTarget } from '../aws/AwsClientFactory';
import { isNotFoundError } from '../provisioning/waiters';
import { collectPages } from './sources/pages';

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
    const names = await collectPages(
      paginateListClusters({ client: aws.eks }, {}),
      page => page.clusters,
    );
    return pLimit(10).map(names.sort(), async name => {
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
    const versions = await collectPages(
      paginateDescribeClusterVersions({ client: aws.eks }, {}),
      page => page.clusterVersions,
    );
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
    const addons = await collectPages(
      paginateDescribeAddonVersions(
        { client: aws.eks },
        {
          kubernetesVersion: opts.kubernetesVersion,
          addonName: opts.addonName,
        },
      ),
      page => page.addons,
    );
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
    const addonVersion = await this.resolveAddonVersion(opts, target);
    let out: DescribeAddonConfigurationCommandOutput;
    try {
      out = await aws.eks.send(
        new DescribeAddonConfigurationCommand({
          addonName: opts.addonName,
          addonVersion,
        }),
      );
    } catch (error) {
      if (
        isNotFoundError(error) ||
        (error as { name?: string }).name === 'InvalidParameterException'
      ) {
        throw new NotFoundError(
          `add-on ${opts.addonName} version ${addonVersion} not found`,
        );
      }
      throw error;
    }
    return toConfigurationResponse(out, opts.addonName, addonVersion);
  }

  /** An exact add-on version: `latest` and `default` looked up for the Kubernetes version. */
  private async resolveAddonVersion(
    opts: { addonName: string; version: string; kubernetesVersion?: string },
    target: Partial<AwsTarget>,
  ): Promise<string> {
    const wanted = opts.version;
    if (wanted !== 'latest' && wanted !== 'default') return wanted;
    if (wanted === 'default' && !opts.kubernetesVersion) {
      throw new InputError(
        'kubernetesVersion is required when version is "default"',
      );
    }
    const { addons } = await this.addonVersions(
      { addonName: opts.addonName, kubernetesVersion: opts.kubernetesVersion },
      target,
    );
    const versions = addons[0]?.versions ?? [];
    const resolved =
      wanted === 'default'
        ? versions.find(v => v.default)?.version
        : versions[0]?.version;
    if (!resolved) {
      throw new NotFoundError(
        `add-on ${opts.addonName} has no ${wanted} version${
          opts.kubernetesVersion
            ? ` for Kubernetes ${opts.kubernetesVersion}`
            : ''
        }`,
      );
    }
    return resolved;
  }
}

function toConfigurationResponse(
  out: DescribeAddonConfigurationCommandOutput,
  addonName: string,
  addonVersion: string,
): AddonConfigurationResponse {
  let configurationSchema: Record<string, unknown> | undefined;
  if (out.configurationSchema) {
    try {
      configurationSchema = JSON.parse(out.configurationSchema);
    } catch {
      configurationSchema = undefined;
    }
  }
  return {
    addonName: out.addonName ?? addonName,
    addonVersion: out.addonVersion ?? addonVersion,
    configurationSchema,
    podIdentityConfiguration: (out.podIdentityConfiguration ?? []).map(c => ({
      serviceAccount: c.serviceAccount ?? '',
      recommendedManagedPolicies: c.recommendedManagedPolicies ?? [],
    })),
  };
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
