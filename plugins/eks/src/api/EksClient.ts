import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  AddonConfigurationResponse,
  AddonVersionsResponse,
  ClusterHealth,
  ClustersResponse,
  eksApiRoutes,
  IamPrincipalsResponse,
  InstanceTypesResponse,
  KubernetesVersionsResponse,
  SubnetsResponse,
  VpcsResponse,
} from '@backstage-eks/plugin-eks-common';
import { EksApi, EksTarget } from './EksApi';

type QueryValue = string | boolean | undefined;

/**
 * {@link EksApi} over HTTP, against the `eks` backend plugin.
 *
 * @public
 */
export class EksClient implements EksApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getClusterHealth(
    entityRef: CompoundEntityRef | string,
    options: { refresh?: boolean } = {},
  ): Promise<ClusterHealth> {
    const ref =
      typeof entityRef === 'string' ? parseEntityRef(entityRef) : entityRef;
    return this.get(eksApiRoutes.entityHealth(ref), {
      refresh: options.refresh ? true : undefined,
    });
  }

  async listClusters(options: EksTarget = {}): Promise<ClustersResponse> {
    return this.get(eksApiRoutes.clusters, targetQuery(options));
  }

  async getKubernetesVersions(
    options: EksTarget = {},
  ): Promise<KubernetesVersionsResponse> {
    return this.get(eksApiRoutes.kubernetesVersions, targetQuery(options));
  }

  async getAddonVersions(
    options: EksTarget & {
      kubernetesVersion?: string;
      addonName?: string;
    } = {},
  ): Promise<AddonVersionsResponse> {
    return this.get(eksApiRoutes.addonVersions, {
      kubernetesVersion: options.kubernetesVersion,
      addonName: options.addonName,
      ...targetQuery(options),
    });
  }

  async getAddonConfiguration(
    addonName: string,
    options: EksTarget & { version: string; kubernetesVersion?: string },
  ): Promise<AddonConfigurationResponse> {
    return this.get(eksApiRoutes.addonConfiguration(addonName), {
      version: options.version,
      kubernetesVersion: options.kubernetesVersion,
      ...targetQuery(options),
    });
  }

  async listIamPrincipals(
    options: EksTarget & { search?: string } = {},
  ): Promise<IamPrincipalsResponse> {
    return this.get(eksApiRoutes.iamPrincipals, {
      search: options.search,
      ...targetQuery(options),
    });
  }

  async listVpcs(options: EksTarget = {}): Promise<VpcsResponse> {
    return this.get(eksApiRoutes.vpcs, targetQuery(options));
  }

  async listSubnets(
    options: EksTarget & { vpcId: string },
  ): Promise<SubnetsResponse> {
    return this.get(eksApiRoutes.subnets, {
      vpcId: options.vpcId,
      ...targetQuery(options),
    });
  }

  async listInstanceTypes(
    options: EksTarget = {},
  ): Promise<InstanceTypesResponse> {
    return this.get(eksApiRoutes.instanceTypes, targetQuery(options));
  }

  private async get<T>(
    path: string,
    query: Record<string, QueryValue>,
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('eks');
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') {
        params.set(key, String(value));
      }
    }
    const search = params.toString();
    const response = await this.fetchApi.fetch(
      `${baseUrl}${path}${search ? `?${search}` : ''}`,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

function targetQuery(target: EksTarget): Record<string, QueryValue> {
  return { region: target.region, accountId: target.accountId };
}
