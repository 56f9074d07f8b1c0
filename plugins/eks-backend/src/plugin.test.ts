import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Entity } from '@backstage/catalog-model';
import {
  eksApiRoutes,
  type ClusterHealth,
} from '@backstage-eks/plugin-eks-common';
import request from 'supertest';
import { eksPlugin } from './plugin';
import {
  eksReadServiceRef,
  type EksReadService,
} from './services/eksReadServiceRef';

const ARN = 'arn:aws:eks:eu-west-1:000000000000:cluster/demo';

const clusterEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'demo',
    namespace: 'default',
    annotations: { 'eks.backstage.io/cluster-arn': ARN },
  },
  spec: { type: 'kubernetes-cluster', owner: 'platform' },
};
const plainEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'bucket', namespace: 'default' },
  spec: { type: 's3-bucket', owner: 'platform' },
};

function healthDocument(clusterName: string): ClusterHealth {
  return {
    verdict: {
      kind: 'healthy',
      headline: 'No problems found on this cluster',
      counts: { critical: 0, warning: 0, info: 0 },
      unloadedSections: [],
    },
    cluster: {
      data: {
        name: clusterName,
        arn: ARN,
        accountId: '000000000000',
        region: 'eu-west-1',
        status: 'ACTIVE',
        version: '1.33',
        autoMode: false,
        tags: {},
        consoleUrl:
          'https://eu-west-1.console.aws.amazon.com/eks/clusters/demo',
      },
    },
    insights: { data: [] },
    nodeGroups: { data: [] },
    nodes: { data: { total: 0, ready: 0, notReady: 0, byZone: {}, items: [] } },
    addons: { data: [] },
    podIdentityAssociations: { data: [] },
    capabilities: { data: [] },
    karpenter: {
      data: { installed: false, nodePools: [], nodeClaims: [], pendingPods: 0 },
    },
    upgrade: {
      data: {
        version: '1.33',
        support: { standardSupportEnded: false, inExtendedSupport: false },
        extendedSupportMonthlyCostUsd: 438,
        nodegroupUpdates: [],
      },
    },
    diagnostics: [],
    generatedAt: new Date().toISOString(),
  };
}

function fakeReadService() {
  const read = {
    health: {
      getClusterHealth: jest.fn(async (target: { clusterName: string }) => {
        await new Promise(resolve => setTimeout(resolve, 20));
        return healthDocument(target.clusterName);
      }),
    },
    inventory: {
      listClusters: jest.fn(async () => [
        {
          name: 'demo',
          arn: ARN,
          region: 'eu-west-1',
          accountId: '000000000000',
          status: 'ACTIVE',
          version: '1.33',
        },
      ]),
      kubernetesVersions: jest.fn(async () => ({
        versions: [{ version: '1.34', default: true }],
      })),
      addonVersions: jest.fn(async (opts: { kubernetesVersion?: string }) => ({
        kubernetesVersion: opts.kubernetesVersion,
        addons: [],
      })),
      addonConfiguration: jest.fn(async (opts: { addonName: string }) => ({
        addonName: opts.addonName,
        addonVersion: 'v1.0.0-eksbuild.1',
        podIdentityConfiguration: [],
      })),
    },
    accountResources: {
      iamPrincipals: jest.fn(async (opts: { search?: string }) => ({
        principals: [
          {
            arn: `arn:aws:iam::000000000000:role/${opts.search ?? 'admin'}`,
            name: opts.search ?? 'admin',
            type: 'role' as const,
            path: '/',
          },
        ],
        truncated: false,
      })),
      vpcs: jest.fn(async () => ({
        vpcs: [{ vpcId: 'vpc-0123456789abcdef0', isDefault: true }],
      })),
      subnets: jest.fn(async (opts: { vpcId: string }) => ({
        subnets: [{ subnetId: 'subnet-0123456789abcdef0', vpcId: opts.vpcId }],
      })),
      instanceTypes: jest.fn(async () => ({
        region: 'eu-west-1',
        instanceTypes: ['m5.large'],
      })),
    },
  };
  return read;
}

async function startBackend(
  opts: {
    read?: ReturnType<typeof fakeReadService>;
    permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  } = {},
) {
  const read = opts.read ?? fakeReadService();
  const { server } = await startTestBackend({
    features: [
      eksPlugin,
      catalogServiceMock.factory({ entities: [clusterEntity, plainEntity] }),
      mockServices.permissions.factory({
        result: opts.permission ?? AuthorizeResult.ALLOW,
      }),
      createServiceFactory({
        service: eksReadServiceRef,
        deps: {},
        factory: () => read as unknown as EksReadService,
      }),
    ],
  });
  return { server, read };
}

const entityHealthPath = `/api/eks${eksApiRoutes.entityHealth({
  namespace: 'default',
  kind: 'resource',
  name: 'demo',
})}`;

describe('eks backend routes', () => {
  it('serves the health document of a catalog entity', async () => {
    const { server, read } = await startBackend();
    const res = await request(server).get(entityHealthPath);
    expect(res.status).toBe(200);
    expect(res.body.cluster.data.name).toBe('demo');
    expect(read.health.getClusterHealth).toHaveBeenCalledWith({
      accountId: '000000000000',
      region: 'eu-west-1',
      clusterName: 'demo',
    });
  });

  it('answers 404 for a method the API does not serve, as for any unknown route', async () => {
    const { server } = await startBackend();
    const res = await request(server).post(`/api/eks${eksApiRoutes.clusters}`);
    expect(res.status).toBe(404);
  });

  it('serves the health document by ARN', async () => {
    const { server } = await startBackend();
    const res = await request(server)
      .get(`/api/eks${eksApiRoutes.arnHealth}`)
      .query({ arn: ARN });
    expect(res.status).toBe(200);
    expect(res.body.cluster.data.arn).toBe(ARN);
  });

  it('requires a user: 401 without credentials, 403 for service principals', async () => {
    const { server, read } = await startBackend();
    const none = await request(server)
      .get(entityHealthPath)
      .set('Authorization', mockCredentials.none.header());
    expect(none.status).toBe(401);
    const service = await request(server)
      .get(`/api/eks${eksApiRoutes.kubernetesVersions}`)
      .set('Authorization', mockCredentials.service.header());
    expect(service.status).toBe(403);
    expect(read.health.getClusterHealth).not.toHaveBeenCalled();
  });

  it('answers 403 without the eks.cluster.read permission', async () => {
    const { server, read } = await startBackend({
      permission: AuthorizeResult.DENY,
    });
    for (const path of [
      entityHealthPath,
      `/api/eks${eksApiRoutes.arnHealth}?arn=${ARN}`,
      `/api/eks${eksApiRoutes.clusters}`,
      `/api/eks${eksApiRoutes.kubernetesVersions}`,
      `/api/eks${eksApiRoutes.addonVersions}`,
      `/api/eks${eksApiRoutes.addonConfiguration('vpc-cni')}?version=latest`,
    ]) {
      const res = await request(server).get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 403 });
      expect(res.body.error.message).toMatch(/eks\.cluster\.read/);
    }
    expect(read.health.getClusterHealth).not.toHaveBeenCalled();
    expect(read.inventory.listClusters).not.toHaveBeenCalled();
  });

  it('checks the permission with the caller credentials', async () => {
    const permissions = mockServices.permissions.mock();
    permissions.authorize.mockResolvedValue([
      { result: AuthorizeResult.ALLOW },
    ]);
    const { server } = await startTestBackend({
      features: [
        eksPlugin,
        catalogServiceMock.factory({ entities: [clusterEntity] }),
        permissions.factory,
        createServiceFactory({
          service: eksReadServiceRef,
          deps: {},
          factory: () => fakeReadService() as unknown as EksReadService,
        }),
      ],
    });
    await request(server).get(entityHealthPath).expect(200);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [{ permission: expect.objectContaining({ name: 'eks.cluster.read' }) }],
      {
        credentials: expect.objectContaining({
          principal: expect.objectContaining({ type: 'user' }),
        }),
      },
    );
  });

  it('answers 404 for an entity missing from the catalog', async () => {
    const { server } = await startBackend();
    const res = await request(server).get(
      `/api/eks${eksApiRoutes.entityHealth({
        namespace: 'default',
        kind: 'resource',
        name: 'nope',
      })}`,
    );
    expect(res.status).toBe(404);
    expect(res.body.error.message).toMatch(/resource:default\/nope/);
  });

  it('answers 400 naming the annotation for an entity without one', async () => {
    const { server } = await startBackend();
    const res = await request(server).get(
      `/api/eks${eksApiRoutes.entityHealth({
        namespace: 'default',
        kind: 'resource',
        name: 'bucket',
      })}`,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/eks\.backstage\.io\/cluster-arn/);
  });

  it.each([
    [`${eksApiRoutes.arnHealth}`, /arn is required/],
    [
      `${eksApiRoutes.arnHealth}?arn=arn:aws:s3:::bucket`,
      /arn must be an EKS cluster ARN/,
    ],
    [`${eksApiRoutes.clusters}?region=mars-1`, /region must be an AWS region/],
    [`${eksApiRoutes.clusters}?accountId=12`, /accountId must be a 12-digit/],
    [
      `${eksApiRoutes.addonVersions}?kubernetesVersion=133`,
      /kubernetesVersion must be/,
    ],
    [`${eksApiRoutes.addonVersions}?addonName=Bad!`, /addonName must be/],
    [`${eksApiRoutes.addonConfiguration('vpc-cni')}`, /version is required/],
    [
      `${eksApiRoutes.addonConfiguration('vpc-cni')}?version=1`,
      /version must be/,
    ],
    [
      `${eksApiRoutes.addonConfiguration('Bad!')}?version=latest`,
      /name must be/,
    ],
    [
      `${eksApiRoutes.clusters}?region=eu-west-1&region=eu-west-2`,
      /region must be given once/,
    ],
    [
      `${entityHealthPath.replace('/api/eks', '')}?refresh=yes`,
      /refresh must be/,
    ],
    [
      eksApiRoutes.entityHealth({
        namespace: 'default',
        kind: 'resource',
        name: 'de\u200bmo',
      }),
      /path parameter name must be an entity name/,
    ],
    [
      eksApiRoutes.entityHealth({
        namespace: '../x',
        kind: 'resource',
        name: 'demo',
      }),
      /path parameter namespace must be an entity namespace/,
    ],
    [
      eksApiRoutes.entityHealth({
        namespace: 'default',
        kind: 'a'.repeat(64),
        name: 'demo',
      }),
      /path parameter kind must be an entity kind/,
    ],
    [
      `${eksApiRoutes.arnHealth}?arn=arn:aws-cn:eks:eu-west-1:000000000000:cluster/demo`,
      /arn must be an EKS cluster ARN/,
    ],
    [
      `${eksApiRoutes.iamPrincipals}?accountId=12`,
      /query parameter accountId must be a 12-digit AWS account id/,
    ],
    [
      `${eksApiRoutes.iamPrincipals}?search=${encodeURIComponent('a b')}`,
      /query parameter search must be part of an IAM role or user name or ARN/,
    ],
    [`${eksApiRoutes.vpcs}?region=mars`, /query parameter region must be/],
    [`${eksApiRoutes.subnets}`, /query parameter vpcId is required/],
    [
      `${eksApiRoutes.subnets}?vpcId=subnet-0123456789abcdef0`,
      /query parameter vpcId must be a VPC id/,
    ],
    [
      `${eksApiRoutes.instanceTypes}?accountId=abc`,
      /query parameter accountId must be a 12-digit/,
    ],
  ])('answers 400 naming the parameter: %s', async (path, message) => {
    const { server } = await startBackend();
    const res = await request(server).get(`/api/eks${path}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('serves the inventory routes', async () => {
    const { server, read } = await startBackend();
    const clusters = await request(server)
      .get(`/api/eks${eksApiRoutes.clusters}`)
      .query({ region: 'eu-west-1', accountId: '000000000000' });
    expect(clusters.status).toBe(200);
    expect(clusters.body.clusters).toEqual([
      expect.objectContaining({ arn: ARN, entityRef: 'resource:default/demo' }),
    ]);
    const versions = await request(server).get(
      `/api/eks${eksApiRoutes.kubernetesVersions}`,
    );
    expect(versions.body.versions[0].version).toBe('1.34');
    const addons = await request(server)
      .get(`/api/eks${eksApiRoutes.addonVersions}`)
      .query({ kubernetesVersion: '1.33', addonName: 'vpc-cni' });
    expect(addons.body.kubernetesVersion).toBe('1.33');
    expect(read.inventory.addonVersions).toHaveBeenCalledWith(
      { kubernetesVersion: '1.33', addonName: 'vpc-cni' },
      { region: undefined, accountId: undefined },
    );
    const configuration = await request(server)
      .get(`/api/eks${eksApiRoutes.addonConfiguration('vpc-cni')}`)
      .query({ version: 'v1.0.0-eksbuild.1' });
    expect(configuration.body.addonName).toBe('vpc-cni');
  });

  it("serves the account's IAM principals, VPCs, subnets and instance types", async () => {
    const { server, read } = await startBackend();
    const principals = await request(server)
      .get(`/api/eks${eksApiRoutes.iamPrincipals}`)
      .query({ search: 'platform', accountId: '000000000000' });
    expect(principals.status).toBe(200);
    expect(principals.body).toEqual({
      principals: [
        {
          arn: 'arn:aws:iam::000000000000:role/platform',
          name: 'platform',
          type: 'role',
          path: '/',
        },
      ],
      truncated: false,
    });
    expect(read.accountResources.iamPrincipals).toHaveBeenCalledWith(
      { search: 'platform' },
      { region: undefined, accountId: '000000000000' },
    );
    const vpcs = await request(server)
      .get(`/api/eks${eksApiRoutes.vpcs}`)
      .query({ region: 'eu-west-2' });
    expect(vpcs.body.vpcs[0].vpcId).toBe('vpc-0123456789abcdef0');
    expect(read.accountResources.vpcs).toHaveBeenCalledWith({
      region: 'eu-west-2',
      accountId: undefined,
    });
    const subnets = await request(server)
      .get(`/api/eks${eksApiRoutes.subnets}`)
      .query({ vpcId: 'vpc-0123456789abcdef0' });
    expect(subnets.body.subnets).toEqual([
      { subnetId: 'subnet-0123456789abcdef0', vpcId: 'vpc-0123456789abcdef0' },
    ]);
    const types = await request(server).get(
      `/api/eks${eksApiRoutes.instanceTypes}`,
    );
    expect(types.body).toEqual({
      region: 'eu-west-1',
      instanceTypes: ['m5.large'],
    });
  });

  it('answers 403 on the account routes without the eks.cluster.read permission', async () => {
    const { server, read } = await startBackend({
      permission: AuthorizeResult.DENY,
    });
    for (const path of [
      eksApiRoutes.iamPrincipals,
      eksApiRoutes.vpcs,
      `${eksApiRoutes.subnets}?vpcId=vpc-0123456789abcdef0`,
      eksApiRoutes.instanceTypes,
    ]) {
      const res = await request(server).get(`/api/eks${path}`);
      expect({ path, status: res.status }).toEqual({ path, status: 403 });
    }
    expect(read.accountResources.iamPrincipals).not.toHaveBeenCalled();
  });

  it('serves a cached document without recomputing it, and refresh=true bypasses the cache', async () => {
    const { server, read } = await startBackend();
    await request(server).get(entityHealthPath).expect(200);
    await request(server).get(entityHealthPath).expect(200);
    await request(server)
      .get(`/api/eks${eksApiRoutes.arnHealth}`)
      .query({ arn: ARN })
      .expect(200);
    expect(read.health.getClusterHealth).toHaveBeenCalledTimes(1);
    await request(server).get(`${entityHealthPath}?refresh=true`).expect(200);
    expect(read.health.getClusterHealth).toHaveBeenCalledTimes(2);
  });

  it('keeps a document taken during a version update for 5 s only, so the page follows its progress', async () => {
    const read = fakeReadService();
    read.health.getClusterHealth.mockImplementation(async target => {
      const doc = healthDocument(target.clusterName);
      doc.upgrade = {
        data: {
          ...doc.upgrade.data!,
          latestUpdate: {
            id: 'u-1',
            type: 'VersionUpdate',
            status: 'InProgress',
            fromVersion: '1.33',
            toVersion: '1.34',
            errors: [],
          },
        },
      };
      return doc;
    });
    const { server } = await startBackend({ read });
    await request(server).get(entityHealthPath).expect(200);
    await request(server).get(entityHealthPath).expect(200);
    expect(read.health.getClusterHealth).toHaveBeenCalledTimes(1);
    await new Promise(resolve => setTimeout(resolve, 5200));
    const res = await request(server).get(entityHealthPath).expect(200);
    expect(res.body.upgrade.data.latestUpdate.status).toBe('InProgress');
    expect(read.health.getClusterHealth).toHaveBeenCalledTimes(2);
  }, 15_000);

  it('coalesces concurrent identical requests into one computation', async () => {
    const { server, read } = await startBackend();
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => request(server).get(entityHealthPath)),
    );
    expect(responses.map(r => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(responses.map(r => r.body.generatedAt)).size).toBe(1);
    expect(read.health.getClusterHealth).toHaveBeenCalledTimes(1);
  });
});
