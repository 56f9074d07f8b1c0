import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  eksApiRoutes,
  type AddonConfigurationResponse,
  type AddonVersionsResponse,
  type ClusterHealthResponse,
  type ClustersResponse,
  type FleetSnapshotResponse,
  type GetAddonConfigurationQuery,
  type GetEntityClusterHealthQuery,
  type IamPrincipalsResponse,
  type InsightsRefreshResponse,
  type InstanceTypesResponse,
  type KubernetesVersionsResponse,
  type ListAddonVersionsQuery,
  type ListClustersQuery,
  type ListIamPrincipalsQuery,
  type ListInstanceTypesQuery,
  type ListKubernetesVersionsQuery,
  type ListSubnetsQuery,
  type ListVpcsQuery,
  type SubnetsResponse,
  type VpcsResponse,
} from '@backstage-eks/plugin-eks-common';
import { EksApi } from './EksApi';

/** A route's query: the generated type of its parameters, all strings. */
type Query = { [name: string]: string | undefined };

const TARGET = { region: true, accountId: true } as const;

/**
 * The parameters of a route's query, in URL order: `names` must list every
 * parameter the spec gives the route (the type requires it), and nothing
 * else the caller's object holds is sent.
 */
function queryOf<Q extends { [K in keyof Q]?: string }>(
  options: Q,
  names: { [K in keyof Required<Q>]: true },
): Query {
  return Object.fromEntries(
    (Object.keys(names) as (keyof Q)[]).map(name => [name, options[name]]),
  );
}

function refOf(entityRef: CompoundEntityRef | string): CompoundEntityRef {
  return typeof entityRef === 'string' ? parseEntityRef(entityRef) : entityRef;
}

/**
 * {@link EksApi} over HTTP, against the `eks` backend plugin. Routes, query
 * parameters and answers are the ones generated from the backend's OpenAPI
 * spec into `@backstage-eks/plugin-eks-common`.
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
  ): Promise<ClusterHealthResponse> {
    const ref = refOf(entityRef);
    const query: GetEntityClusterHealthQuery = {
      refresh: options.refresh ? 'true' : undefined,
    };
    return this.get(
      eksApiRoutes.entityHealth(ref),
      queryOf(query, { refresh: true }),
    );
  }

  async getInsightsRefresh(
    entityRef: CompoundEntityRef | string,
  ): Promise<InsightsRefreshResponse> {
    return this.get(eksApiRoutes.entityInsightsRefresh(refOf(entityRef)), {});
  }

  async startInsightsRefresh(
    entityRef: CompoundEntityRef | string,
  ): Promise<InsightsRefreshResponse> {
    return this.send(
      'POST',
      eksApiRoutes.startEntityInsightsRefresh(refOf(entityRef)),
    );
  }

  async listClusters(
    options: ListClustersQuery = {},
  ): Promise<ClustersResponse> {
    return this.get(eksApiRoutes.clusters, queryOf(options, TARGET));
  }

  async getKubernetesVersions(
    options: ListKubernetesVersionsQuery = {},
  ): Promise<KubernetesVersionsResponse> {
    return this.get(eksApiRoutes.kubernetesVersions, queryOf(options, TARGET));
  }

  async getAddonVersions(
    options: ListAddonVersionsQuery = {},
  ): Promise<AddonVersionsResponse> {
    return this.get(
      eksApiRoutes.addonVersions,
      queryOf(options, { kubernetesVersion: true, addonName: true, ...TARGET }),
    );
  }

  async getAddonConfiguration(
    addonName: string,
    options: GetAddonConfigurationQuery,
  ): Promise<AddonConfigurationResponse> {
    return this.get(
      eksApiRoutes.addonConfiguration(addonName),
      queryOf(options, { version: true, kubernetesVersion: true, ...TARGET }),
    );
  }

  async listIamPrincipals(
    options: ListIamPrincipalsQuery = {},
  ): Promise<IamPrincipalsResponse> {
    return this.get(
      eksApiRoutes.iamPrincipals,
      queryOf(options, { search: true, ...TARGET }),
    );
  }

  async listVpcs(options: ListVpcsQuery = {}): Promise<VpcsResponse> {
    return this.get(eksApiRoutes.vpcs, queryOf(options, TARGET));
  }

  async listSubnets(options: ListSubnetsQuery): Promise<SubnetsResponse> {
    return this.get(
      eksApiRoutes.subnets,
      queryOf(options, { vpcId: true, ...TARGET }),
    );
  }

  async listInstanceTypes(
    options: ListInstanceTypesQuery = {},
  ): Promise<InstanceTypesResponse> {
    return this.get(eksApiRoutes.instanceTypes, queryOf(options, TARGET));
  }

  async getFleet(): Promise<FleetSnapshotResponse> {
    return this.get(eksApiRoutes.fleet, {});
  }

  async getFleetCsvUrl(): Promise<string> {
    return `${await this.discoveryApi.getBaseUrl('eks')}${
      eksApiRoutes.fleetCsv
    }`;
  }

  async getFleetCsv(): Promise<Blob> {
    const response = await this.fetchApi.fetch(await this.getFleetCsvUrl());
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.blob();
  }

  /** GET a route; empty and absent parameters are left out of the URL. */
  private async get<T>(path: string, query: Query): Promise<T> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') {
        params.set(key, value);
      }
    }
    const search = params.toString();
    return this.send('GET', `${path}${search ? `?${search}` : ''}`);
  }

  /** Sends a request without a body; a failure is a ResponseError. */
  private async send<T>(method: 'GET' | 'POST', path: string): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('eks');
    const response = await this.fetchApi.fetch(
      `${baseUrl}${path}`,
      method === 'GET' ? undefined : { method },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
