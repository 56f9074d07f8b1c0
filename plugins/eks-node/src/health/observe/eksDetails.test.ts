import {
  CreateFargateProfileCommand,
  CreateNodegroupCommand,
  DescribeClusterCommand,
  type Cluster,
} from '@aws-sdk/client-eks';
import { CreateLaunchTemplateCommand } from '@aws-sdk/client-ec2';
import {
  createServiceRole,
  sandboxObserveContext,
  useSandbox,
} from '../__testUtils__/sandboxContext';
import type { ObserveContext } from './context';
import {
  describeAddons,
  describeAddonVersions,
  describeFargateProfiles,
  describeInsights,
  describeNodeGroups,
  describePodIdentityAssociations,
  launchTemplateMetadata,
  summarizeAddons,
  summarizeCluster,
} from './eksDetails';
import {
  describeCluster,
  listClusterVersions,
  listInsights,
  listPodIdentityAssociations,
} from './eksLists';
import { arrangeClients } from '../../__testUtils__/arrangeClients';

/** Round 2 of the health view, each read on its own against the seeded demo cluster. */
describe('health reads of the details (sandbox)', () => {
  const env = useSandbox();
  let ctx: ObserveContext;

  beforeEach(async () => {
    ctx = await sandboxObserveContext(env.sandbox);
  });

  /** How many times the sandbox answered an EKS operation. */
  const eksCalls = (operation: string) =>
    env.log.filter(line => line.includes(` eks ${operation} `)).length;

  const createRole = (name: string, service: string) =>
    createServiceRole(ctx.aws, name, service);

  it('summarizeCluster: the newest Kubernetes version above the cluster as its upgrade', async () => {
    const [cluster, versions] = await Promise.all([
      describeCluster(ctx),
      listClusterVersions(ctx),
    ]);
    const summary = summarizeCluster(ctx.target, cluster, versions);
    expect(summary).toMatchObject({ name: 'demo', version: '1.33' });
    expect(summary.upgradeAvailable).toMatch(/^1\.3[4-9]$/);
    expect(
      summarizeCluster(ctx.target, cluster, []).upgradeAvailable,
    ).toBeUndefined();
  });

  it('describeInsights: each insight, described when in WARNING or ERROR', async () => {
    const summaries = await listInsights(ctx);
    const insights = await describeInsights(ctx, summaries);
    expect(insights.map(i => i.id)).toEqual(summaries.map(s => s.id));
    const flagged = summaries.filter(s =>
      ['WARNING', 'ERROR'].includes(s.insightStatus?.status ?? ''),
    );
    expect(flagged.length).toBeGreaterThan(0);
    expect(eksCalls('DescribeInsight')).toBe(flagged.length);
    for (const insight of insights) {
      const described = flagged.some(f => f.id === insight.id);
      expect(insight.recommendation !== undefined).toBe(described);
    }
  });

  it('describeNodeGroups: each node group, with its launch template metadata options', async () => {
    const { LaunchTemplate } = await ctx.aws.ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'demo-apps',
        LaunchTemplateData: {
          MetadataOptions: {
            HttpTokens: 'required',
            HttpPutResponseHopLimit: 1,
          },
        },
      }),
    );
    const cluster = await describeCluster(ctx);
    await ctx.aws.eks.send(
      new CreateNodegroupCommand({
        clusterName: 'demo',
        nodegroupName: 'apps',
        nodeRole: await createRole('demo-apps-node', 'ec2.amazonaws.com'),
        subnets: cluster.resourcesVpcConfig!.subnetIds!,
        launchTemplate: { id: LaunchTemplate!.LaunchTemplateId },
        scalingConfig: { minSize: 1, maxSize: 2, desiredSize: 1 },
      }),
    );
    const groups = await describeNodeGroups(ctx, ['system', 'apps']);
    expect(groups.map(g => g.name)).toEqual(['system', 'apps']);
    expect(groups[1]).toMatchObject({
      httpTokens: 'required',
      httpPutResponseHopLimit: 1,
    });
    expect(groups[0].httpPutResponseHopLimit).toBeUndefined();
  });

  it("launchTemplateMetadata: a template's IMDS options, by id or by name", async () => {
    const { LaunchTemplate } = await ctx.aws.ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'hop-two',
        LaunchTemplateData: {
          MetadataOptions: {
            HttpTokens: 'required',
            HttpPutResponseHopLimit: 2,
          },
        },
      }),
    );
    const expected = { httpTokens: 'required', httpPutResponseHopLimit: 2 };
    expect(
      await launchTemplateMetadata(ctx, {
        id: LaunchTemplate!.LaunchTemplateId,
      }),
    ).toEqual(expected);
    expect(await launchTemplateMetadata(ctx, { name: 'hop-two' })).toEqual(
      expected,
    );
  });

  it('describeAddonVersions: every add-on with versions for the Kubernetes version', async () => {
    const versions = await describeAddonVersions(ctx, '1.33');
    const vpcCni = versions.find(a => a.addonName === 'vpc-cni');
    expect(vpcCni?.addonVersions?.length).toBeGreaterThan(0);
    for (const v of vpcCni!.addonVersions!) {
      expect(v.compatibilities?.map(c => c.clusterVersion)).toContain('1.33');
    }
  });

  it('describeAddons and summarizeAddons: each add-on with its status, newest and default version', async () => {
    const addons = await describeAddons(ctx, ['vpc-cni', 'aws-ebs-csi-driver']);
    expect(addons.map(a => [a.addonName, a.status])).toEqual([
      ['vpc-cni', 'ACTIVE'],
      ['aws-ebs-csi-driver', 'DEGRADED'],
    ]);
    const versions = await describeAddonVersions(ctx, '1.33');
    const [vpcCni, ebs] = summarizeAddons(addons, versions, '1.33');
    expect(vpcCni.defaultVersion).toMatch(/^v\d/);
    expect(ebs).toMatchObject({
      status: 'DEGRADED',
      health: [{ code: expect.any(String), remedy: undefined }],
    });
    // without the versions (DescribeAddonVersions failed), no version facts
    expect(summarizeAddons(addons, undefined, '1.33')[0].defaultVersion).toBe(
      undefined,
    );
  });

  it('describePodIdentityAssociations: each association with its role', async () => {
    const list = await listPodIdentityAssociations(ctx);
    const associations = await describePodIdentityAssociations(ctx, list);
    expect(associations).toHaveLength(2);
    for (const a of associations) {
      expect(a.roleArn).toMatch(/^arn:aws:iam::\d{12}:role\//);
    }
  });

  it('describeFargateProfiles: each profile with its selectors', async () => {
    const roleArn = await createRole(
      'demo-fargate',
      'eks-fargate-pods.amazonaws.com',
    );
    const { cluster } = await ctx.aws.eks.send(
      new DescribeClusterCommand({ name: 'demo' }),
    );
    await createFargateProfile(cluster!, roleArn);
    expect(await describeFargateProfiles(ctx, ['batch'])).toEqual([
      {
        name: 'batch',
        selectors: [{ namespace: 'batch', labels: { tier: 'jobs' } }],
      },
    ]);
  });

  /** Fargate takes private subnets only: try the cluster's subnets one by one. */
  async function createFargateProfile(cluster: Cluster, roleArn: string) {
    for (const subnet of cluster.resourcesVpcConfig!.subnetIds!) {
      try {
        await arrangeClients(ctx.aws).eks.send(
          new CreateFargateProfileCommand({
            clusterName: 'demo',
            fargateProfileName: 'batch',
            podExecutionRoleArn: roleArn,
            subnets: [subnet],
            selectors: [{ namespace: 'batch', labels: { tier: 'jobs' } }],
          }),
        );
        return;
      } catch (error) {
        if ((error as Error).name !== 'InvalidParameterException') throw error;
      }
    }
    throw new Error('no subnet took the Fargate profile');
  }
});
