import {
  CreateLaunchTemplateCommand,
  CreateNetworkInterfaceCommand,
  CreateSecurityGroupCommand,
  DescribeInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { type Sandbox } from '@backstage-eks/sandbox';
import { arrangeClients } from '../../__testUtils__/arrangeClients';
import { useSandboxSuite } from '../../__testUtils__/sandboxSuite';
import { ProvisioningRun } from '../ProvisioningRun';
import { findLeftovers } from './leftovers';
import { sweepControllerLeftovers } from './sweep';

describe('sweepControllerLeftovers', () => {
  let sandbox: Sandbox;
  let run: ProvisioningRun;
  let lines: string[];

  useSandboxSuite(s => ({ sandbox, run, lines } = s));

  const regional = () =>
    sandbox.state.region(sandbox.accountId, sandbox.region);

  /** An instance Karpenter launched for `cluster` and never terminated. */
  function karpenterInstance(id: string, cluster: string) {
    const subnet = [...regional().ec2.subnets.values()][0];
    regional().ec2.instances.set(id, {
      instanceId: id,
      instanceType: 'm5.large',
      imageId: 'ami-0a1b2c3d4e5f60789',
      state: 'running',
      subnetId: subnet.subnetId,
      vpcId: subnet.vpcId,
      availabilityZone: subnet.availabilityZone,
      privateIpAddress: '10.0.0.77',
      privateDnsName: 'ip-10-0-0-77.eu-west-1.compute.internal',
      launchTime: new Date(),
      metadataOptions: {
        httpTokens: 'required',
        httpPutResponseHopLimit: 2,
        httpEndpoint: 'enabled',
      },
      securityGroupIds: [],
      tags: {
        'karpenter.sh/nodepool': 'default',
        'eks:eks-cluster-name': cluster,
      },
    });
  }

  /** What a cluster deleted before its controllers cleaned up leaves in AWS. */
  async function arrangeLeftovers(cluster: string) {
    const { ec2 } = arrangeClients(run.aws);
    const elbv2 = new ElasticLoadBalancingV2Client({
      region: run.aws.target.region,
      endpoint: run.aws.endpoint,
      credentials: run.aws.credentials,
    });
    const subnets = [...regional().ec2.subnets.values()];
    const vpcId = subnets[0].vpcId;
    const suffix = cluster.slice(0, 8);
    await ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: `karpenter.k8s.aws/${suffix}-0123456789`,
        LaunchTemplateData: { InstanceType: 'm5.large' },
        TagSpecifications: [
          {
            ResourceType: 'launch-template',
            Tags: [
              { Key: 'karpenter.sh/nodepool', Value: 'default' },
              { Key: 'eks:eks-cluster-name', Value: cluster },
            ],
          },
        ],
      }),
    );
    const lbcTags = [{ Key: 'elbv2.k8s.aws/cluster', Value: cluster }];
    await elbv2.send(
      new CreateLoadBalancerCommand({
        Name: `k8s-${suffix}-web`,
        Subnets: subnets.slice(0, 2).map(s => s.subnetId),
        Tags: lbcTags,
      }),
    );
    await elbv2.send(
      new CreateTargetGroupCommand({
        Name: `k8s-${suffix}-web-80`,
        Protocol: 'HTTP',
        Port: 80,
        VpcId: vpcId,
        TargetType: 'ip',
        Tags: lbcTags,
      }),
    );
    await ec2.send(
      new CreateNetworkInterfaceCommand({
        SubnetId: subnets[0].subnetId,
        Description: 'aws-K8S-i-0123456789abcdef0',
        TagSpecifications: [
          {
            ResourceType: 'network-interface',
            Tags: [{ Key: 'cluster.k8s.amazonaws.com/name', Value: cluster }],
          },
        ],
      }),
    );
    await ec2.send(
      new CreateSecurityGroupCommand({
        GroupName: `k8s-traffic-${suffix}`,
        Description: 'the load balancer controller',
        VpcId: vpcId,
        TagSpecifications: [{ ResourceType: 'security-group', Tags: lbcTags }],
      }),
    );
  }

  it("deletes what the cluster's controllers left (Karpenter's instances and launch templates, load balancers, target groups, network interfaces, security groups), and nothing of another cluster", async () => {
    karpenterInstance('i-0aaaaaaaaaaaaaaa1', 'gone');
    karpenterInstance('i-0bbbbbbbbbbbbbbb2', 'other');
    await arrangeLeftovers('gone');
    await arrangeLeftovers('other');
    expect(
      new Set((await findLeftovers(run, 'gone')).map(l => l.type)),
    ).toEqual(
      new Set([
        'load balancer',
        'target group',
        'EC2 instance',
        'launch template',
        'network interface',
      ]),
    );
    sandbox.clearWrites();

    await sweepControllerLeftovers(run, 'gone', undefined);

    expect(
      sandbox.writes.map(w => w.operation).filter(o => o !== 'CreateTags'),
    ).toEqual([
      'TerminateInstances',
      'DeleteLaunchTemplate',
      'DeleteLoadBalancer',
      'DeleteTargetGroup',
      'DeleteNetworkInterface',
      'DeleteSecurityGroup',
    ]);
    expect(run.plan.map(c => c.resource.split(' ')[0])).toEqual([
      'EC2',
      'launch',
      'load',
      'target',
      'network',
      'security',
    ]);
    expect(run.plan[0].resource).toBe(
      'EC2 instance i-0aaaaaaaaaaaaaaa1 (launched by Karpenter)',
    );
    // the instance was waited for until terminated
    expect(regional().ec2.instances.get('i-0aaaaaaaaaaaaaaa1')!.state).toBe(
      'terminated',
    );
    expect(await findLeftovers(run, 'gone')).toEqual([
      // a terminated instance is no longer running: nothing is left
    ]);
    // the other cluster's are all still there
    expect((await findLeftovers(run, 'other')).length).toBeGreaterThanOrEqual(
      5,
    );
    expect(run.notes).toEqual([]);
  });

  it('notes what it cannot delete and goes on: a security group an interface in use still holds', async () => {
    await arrangeLeftovers('gone');
    const group = [...regional().ec2.securityGroups.values()].find(
      g => g.tags['elbv2.k8s.aws/cluster'] === 'gone',
    )!;
    const eni = [...regional().ec2.networkInterfaces.values()][0];
    eni.status = 'in-use';
    eni.groupIds = [group.groupId];
    await sweepControllerLeftovers(run, 'gone', undefined);
    expect(run.notes).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Could not delete security group ${group.groupId} \\(made by the load balancer controller\\): `,
        ),
      ),
    ]);
    expect(regional().ec2.securityGroups.has(group.groupId)).toBe(true);
    // the in-use interface is not one to sweep; the rest went
    expect(regional().ec2.networkInterfaces.has(eni.networkInterfaceId)).toBe(
      true,
    );
    expect(
      [...regional().elbv2.loadBalancers.values()].filter(
        lb => lb.tags['elbv2.k8s.aws/cluster'] === 'gone',
      ),
    ).toEqual([]);
  });

  it('sweeps nothing on an Auto Mode cluster: EKS deletes its own', async () => {
    karpenterInstance('i-0aaaaaaaaaaaaaaa1', 'gone');
    await arrangeLeftovers('gone');
    sandbox.clearWrites();
    await sweepControllerLeftovers(run, 'gone', {
      name: 'gone',
      computeConfig: { enabled: true },
    });
    expect(sandbox.writes).toEqual([]);
    expect(lines).toContain(
      'info: Cluster gone runs EKS Auto Mode: EKS deletes the instances, load balancers and network interfaces it made itself, so nothing is swept',
    );
  });

  it('only plans in a dry run', async () => {
    karpenterInstance('i-0aaaaaaaaaaaaaaa1', 'gone');
    await arrangeLeftovers('gone');
    const dryRun = new ProvisioningRun({ aws: run.aws, dryRun: true });
    sandbox.clearWrites();
    await sweepControllerLeftovers(dryRun, 'gone', undefined);
    expect(sandbox.writes).toEqual([]);
    expect(dryRun.plan).toHaveLength(6);
    const { ec2 } = arrangeClients(run.aws);
    const { Reservations = [] } = await ec2.send(
      new DescribeInstancesCommand({ InstanceIds: ['i-0aaaaaaaaaaaaaaa1'] }),
    );
    expect(Reservations[0].Instances?.[0].State?.Name).toBe('running');
  });
});
