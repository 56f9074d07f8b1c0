import type { Sandbox } from '@backstage-eks/sandbox';
import { useSandboxRun } from '../../__testUtils__/sandboxRun';
import { findCluster } from '../clusterLookup';
import { ProvisioningRun } from '../ProvisioningRun';
import { resourceTags } from '../tags';
import { ensureAdminAccessEntries } from './adminAccess';
import { checkClusterRequest } from './checkClusterRequest';
import { clusterResult } from './clusterResult';
import { clusterRolesStepTitle, ensureClusterRoles } from './clusterRoles';
import { resolveClusterVersion } from './clusterVersion';
import type { CreateClusterPreflight } from '../preflight';
import type { CreateClusterOptions } from './createCluster';
import { ensureEksCluster } from './eksCluster';

jest.setTimeout(30_000);

/** The steps of createCluster, each on its own, against the sandbox. */
describe('createCluster steps against the sandbox', () => {
  let sandbox: Sandbox;
  let run: ProvisioningRun;
  let messages: string[];

  const owner = 'group:default/shop';
  const shop: CreateClusterOptions = { clusterName: 'shop', owner };
  const tags = resourceTags('shop');
  const roleArn = (name: string) =>
    `arn:aws:iam::${sandbox.accountId}:role/${name}`;
  const role = (arn: string) =>
    sandbox.state.account(sandbox.accountId).iam.roleByArn(arn);
  const privateSubnets = () =>
    [
      ...sandbox.state
        .region(sandbox.accountId, sandbox.region)
        .ec2.subnets.values(),
    ]
      .filter(s => !s.mapPublicIpOnLaunch)
      .map(s => s.subnetId);
  const setup = useSandboxRun({ latencyFactor: 0.001 });
  beforeEach(() => {
    ({ sandbox, run, messages } = setup);
  });

  describe('checkClusterRequest', () => {
    it('picks the newest version and the tagged subnets of a new cluster, reading only', async () => {
      const checked = await checkClusterRequest(run, shop, undefined);
      expect(checked.kubernetesVersion).toBe(await resolveClusterVersion(run));
      expect(new Set(checked.subnets.availabilityZones).size).toBeGreaterThan(
        1,
      );
      expect(messages).toContainEqual(
        `Subnets (${checked.subnets.source}): ${checked.subnets.subnetIds.join(
          ', ',
        )} in ${checked.subnets.availabilityZones.join(', ')}`,
      );
      expect(sandbox.writes).toEqual([]);
    });

    it('keeps an existing cluster version and reports the asked one as drift', async () => {
      const demo = await findCluster(run, 'demo');
      const adopting = setup.runWith({ dryRun: true, adopt: true });
      const checked = await checkClusterRequest(
        adopting,
        { clusterName: 'demo', owner, kubernetesVersion: '1.30' },
        demo,
      );
      expect(checked.kubernetesVersion).toBe(demo?.version);
      expect(adopting.drift).toEqual([
        `cluster demo runs Kubernetes ${demo?.version}, not 1.30 (upgrades are not done by this action)`,
      ]);
      expect(sandbox.writes).toEqual([]);
    });

    it('refuses a cluster someone else made, before any write', async () => {
      const demo = await findCluster(run, 'demo');
      await expect(
        checkClusterRequest(run, { clusterName: 'demo', owner }, demo),
      ).rejects.toThrow(
        expect.objectContaining({
          name: 'InputError',
          message: expect.stringMatching(
            /EKS cluster demo exists and was not made by this request/,
          ),
        }),
      );
      expect(sandbox.writes).toEqual([]);
    });
  });

  describe('ensureClusterRoles', () => {
    it('creates the cluster role only, trusting EKS, without nodes', async () => {
      expect(clusterRolesStepTitle(shop)).toBe('IAM role of the cluster');
      const roles = await ensureClusterRoles(run, shop, { tags });
      expect(roles).toEqual({
        clusterRoleArn: roleArn('shop-cluster'),
        nodeRoleArn: undefined,
      });
      expect([...role(roles.clusterRoleArn)!.attachedPolicyArns]).toEqual([
        'arn:aws:iam::aws:policy/AmazonEKSClusterPolicy',
      ]);
      expect(role(roles.clusterRoleArn)!.tags).toMatchObject(tags);
    });

    it("gives Auto Mode's cluster and node roles their policies", async () => {
      const auto = { ...shop, autoMode: true };
      expect(clusterRolesStepTitle(auto)).toBe(
        'IAM roles of the cluster and its nodes',
      );
      const roles = await ensureClusterRoles(run, auto, { tags });
      expect(roles.nodeRoleArn).toBe(roleArn('shop-node'));
      const policy = (name: string) => `arn:aws:iam::aws:policy/${name}`;
      expect(
        [...role(roles.clusterRoleArn)!.attachedPolicyArns].sort(),
      ).toEqual(
        [
          'AmazonEKSBlockStoragePolicy',
          'AmazonEKSClusterPolicy',
          'AmazonEKSComputePolicy',
          'AmazonEKSLoadBalancingPolicy',
          'AmazonEKSNetworkingPolicy',
        ].map(policy),
      );
      expect([...role(roles.nodeRoleArn!)!.attachedPolicyArns]).toEqual(
        expect.arrayContaining(
          [
            'AmazonEKSWorkerNodeMinimalPolicy',
            'AmazonEC2ContainerRegistryPullOnly',
            'AmazonEKSWorkerNodePolicy',
          ].map(policy),
        ),
      );
    });

    it("uses the existing cluster's role and a given node role as they are", async () => {
      const demo = await findCluster(run, 'demo');
      const roles = await ensureClusterRoles(
        run,
        {
          ...shop,
          clusterRoleArn: roleArn('other'),
          nodeRoleArn: roleArn('demo-node'),
          nodeGroup: {
            name: 'system',
            instanceTypes: ['m7i.large'],
            minSize: 1,
            maxSize: 2,
            desiredSize: 1,
          },
        },
        { existing: demo, tags },
      );
      expect(roles).toEqual({
        clusterRoleArn: demo?.roleArn,
        nodeRoleArn: roleArn('demo-node'),
      });
      expect(sandbox.writes).toEqual([]);
    });
  });

  describe('ensureEksCluster', () => {
    const plan = () => ({
      kubernetesVersion: '1.33',
      subnetIds: privateSubnets(),
      clusterRoleArn: roleArn('demo-cluster'),
      nodeRoleArn: roleArn('demo-node'),
      tags,
    });

    it('creates an API-mode Auto Mode cluster and waits until ACTIVE', async () => {
      const cluster = await ensureEksCluster(
        run,
        { ...shop, autoMode: true },
        plan(),
      );
      expect(cluster).toMatchObject({
        name: 'shop',
        status: 'ACTIVE',
        version: '1.33',
        accessConfig: { authenticationMode: 'API' },
        computeConfig: {
          enabled: true,
          nodePools: ['general-purpose', 'system'],
          nodeRoleArn: roleArn('demo-node'),
        },
      });
      expect(setup.writes()).toEqual(['eks:CreateCluster']);
      expect(messages).toContainEqual(
        expect.stringMatching(/^Cluster shop to become ACTIVE: done after /),
      );
    });

    it('adopts an existing cluster, reporting what it cannot change', async () => {
      const demo = await findCluster(run, 'demo');
      const cluster = await ensureEksCluster(
        run,
        { clusterName: 'demo', owner, autoMode: true },
        { ...plan(), existing: demo },
      );
      expect(cluster?.arn).toBe(demo?.arn);
      expect(run.drift).toEqual(['cluster demo has Auto Mode off, wanted on']);
      expect(messages).toContainEqual(
        'Cluster demo exists (ACTIVE): adopting it',
      );
      expect(sandbox.writes).toEqual([]);
    });

    it('plans the create in a dry run, and writes nothing', async () => {
      const dry = setup.runWith({ dryRun: true });
      await expect(ensureEksCluster(dry, shop, plan())).resolves.toBe(
        undefined,
      );
      expect(dry.plan).toEqual([
        {
          action: 'create',
          resource: 'EKS cluster shop',
          detail: 'Kubernetes 1.33',
        },
      ]);
      expect(sandbox.writes).toEqual([]);
    });
  });

  describe('ensureAdminAccessEntries', () => {
    it('gives each admin an access entry with the cluster admin policy, once', async () => {
      const admins = [
        roleArn('demo-cluster'),
        roleArn('KarpenterController-demo'),
      ];
      const step = () =>
        ensureAdminAccessEntries(run, {
          clusterName: 'demo',
          adminPrincipalArns: admins,
          tags,
          clusterMissing: false,
        });
      await step();
      expect(setup.writes()).toEqual([
        'eks:CreateAccessEntry',
        'eks:AssociateAccessPolicy',
        'eks:CreateAccessEntry',
        'eks:AssociateAccessPolicy',
      ]);
      sandbox.clearWrites();
      await step();
      expect(sandbox.writes).toEqual([]);
    });
  });

  describe('clusterResult', () => {
    const checked = (): CreateClusterPreflight => ({
      kubernetesVersion: '1.33',
      subnets: {
        source: 'given',
        vpcId: 'vpc-0123456789abcdef0',
        subnetIds: ['subnet-a', 'subnet-b'],
        availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      },
    });

    it('describes a dry run: PLANNED, with the ARN the cluster will have', () => {
      const result = clusterResult(run, shop, {
        checked: checked(),
        roles: { clusterRoleArn: roleArn('shop-cluster') },
        created: true,
      });
      expect(result).toMatchObject({
        clusterName: 'shop',
        arn: `arn:aws:eks:${sandbox.region}:${sandbox.accountId}:cluster/shop`,
        status: 'PLANNED',
        kubernetesVersion: '1.33',
        endpoint: '',
        vpcId: 'vpc-0123456789abcdef0',
        subnetIds: ['subnet-a', 'subnet-b'],
        availabilityZones: ['eu-west-1a', 'eu-west-1b'],
        created: true,
      });
      expect(result.entity.metadata.name).toBe('shop');
    });

    it('describes a cluster as EKS does', async () => {
      const demo = await findCluster(run, 'demo');
      const result = clusterResult(
        run,
        { clusterName: 'demo', owner },
        {
          checked: checked(),
          roles: { clusterRoleArn: demo!.roleArn! },
          cluster: demo,
          created: false,
          nodeGroupName: 'system',
        },
      );
      expect(result).toMatchObject({
        arn: demo?.arn,
        status: 'ACTIVE',
        kubernetesVersion: demo?.version,
        endpoint: demo?.endpoint,
        certificateAuthorityData: demo?.certificateAuthority?.data,
        oidcIssuer: demo?.identity?.oidc?.issuer,
        vpcId: demo?.resourcesVpcConfig?.vpcId,
        nodeGroupName: 'system',
        created: false,
      });
    });
  });
});
