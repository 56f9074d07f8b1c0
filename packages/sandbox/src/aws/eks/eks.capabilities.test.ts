import {
  CreateCapabilityCommand,
  CreateClusterCommand,
  InvalidRequestException,
  DeleteCapabilityCommand,
  DescribeCapabilityCommand,
  InvalidParameterException,
  ListAccessEntriesCommand,
  ListCapabilitiesCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateCapabilityCommand,
  waitUntilClusterActive,
} from '@aws-sdk/client-eks';
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  clientConfig,
  eksClient,
  fastWaiter,
} from '../../__testUtils__/clients';
import { useSandbox } from '../../__testUtils__/useSandbox';

const ACCOUNT = '000000000000';
const IDC = 'arn:aws:sso:::instance/ssoins-1234567890abcdef';

const trust = (service: string, actions: string[]) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: service }, Action: actions },
    ],
  });

describe('EKS Capabilities', () => {
  const sandbox = useSandbox({ latencyFactor: 0.001 });
  let roleArn: string;
  beforeEach(async () => {
    await sandbox.reset();
    const iam = new IAMClient(clientConfig(sandbox));
    roleArn =
      (
        await iam.send(
          new CreateRoleCommand({
            RoleName: 'capability-role',
            AssumeRolePolicyDocument: trust('capabilities.eks.amazonaws.com', [
              'sts:AssumeRole',
              'sts:TagSession',
            ]),
          }),
        )
      ).Role?.Arn ?? '';
  });

  async function untilStatus(name: string, status: string) {
    const eks = eksClient(sandbox);
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
      const { capability } = await eks.send(
        new DescribeCapabilityCommand({
          clusterName: 'demo',
          capabilityName: name,
        }),
      );
      if (capability?.status === status) return capability;
      await sleep(5);
    }
    throw new Error(`capability ${name} never became ${status}`);
  }

  it('creates an Argo CD capability CREATING -> ACTIVE with its Identity Center configuration and an access entry for its role', async () => {
    const eks = eksClient(sandbox);
    const { capability } = await eks.send(
      new CreateCapabilityCommand({
        clusterName: 'demo',
        capabilityName: 'argocd',
        type: 'ARGOCD',
        roleArn,
        deletePropagationPolicy: 'RETAIN',
        configuration: {
          argoCd: {
            awsIdc: { idcInstanceArn: IDC },
            rbacRoleMappings: [
              { role: 'ADMIN', identities: [{ id: 'g-1', type: 'SSO_GROUP' }] },
            ],
          },
        },
        tags: { team: 'platform' },
      }),
    );
    expect(capability).toMatchObject({
      status: 'CREATING',
      type: 'ARGOCD',
      arn: `arn:aws:eks:eu-west-1:${ACCOUNT}:capability/demo/argocd`,
      deletePropagationPolicy: 'RETAIN',
    });
    const active = await untilStatus('argocd', 'ACTIVE');
    expect(active.version).toMatch(/eks/);
    expect(active.configuration?.argoCd?.namespace).toBe('argocd');
    expect(active.configuration?.argoCd?.serverUrl).toMatch(/^https:\/\//);
    expect(active.health?.issues).toEqual([]);
    const { accessEntries } = await eks.send(
      new ListAccessEntriesCommand({ clusterName: 'demo' }),
    );
    expect(accessEntries).toContain(roleArn);
    const { capabilities } = await eks.send(
      new ListCapabilitiesCommand({ clusterName: 'demo' }),
    );
    expect(capabilities?.map(c => [c.capabilityName, c.type])).toEqual([
      ['argocd', 'ARGOCD'],
    ]);
  });

  it('refuses a second capability of a type, a role EKS cannot assume, and Argo CD without Identity Center', async () => {
    const eks = eksClient(sandbox);
    await eks.send(
      new CreateCapabilityCommand({
        clusterName: 'demo',
        capabilityName: 'ack',
        type: 'ACK',
        roleArn,
        deletePropagationPolicy: 'RETAIN',
      }),
    );
    await expect(
      eks.send(
        new CreateCapabilityCommand({
          clusterName: 'demo',
          capabilityName: 'ack-two',
          type: 'ACK',
          roleArn,
          deletePropagationPolicy: 'RETAIN',
        }),
      ),
    ).rejects.toThrow(
      expect.objectContaining({
        name: ResourceInUseException.name,
        message: expect.stringMatching(/one capability of each type/),
      }),
    );
    const iam = new IAMClient(clientConfig(sandbox));
    const podsRole = (
      await iam.send(
        new CreateRoleCommand({
          RoleName: 'pods-role',
          AssumeRolePolicyDocument: trust('pods.eks.amazonaws.com', [
            'sts:AssumeRole',
            'sts:TagSession',
          ]),
        }),
      )
    ).Role?.Arn;
    await expect(
      eks.send(
        new CreateCapabilityCommand({
          clusterName: 'demo',
          capabilityName: 'kro',
          type: 'KRO',
          roleArn: podsRole,
          deletePropagationPolicy: 'RETAIN',
        }),
      ),
    ).rejects.toThrow(/capabilities\.eks\.amazonaws\.com/);
    await expect(
      eks.send(
        new CreateCapabilityCommand({
          clusterName: 'demo',
          capabilityName: 'argocd',
          type: 'ARGOCD',
          roleArn,
          deletePropagationPolicy: 'RETAIN',
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(
      eks.send(
        new CreateCapabilityCommand({
          clusterName: 'demo',
          capabilityName: 'kro',
          type: 'KRO',
          roleArn,
          deletePropagationPolicy: 'RETAIN',
          configuration: { argoCd: { awsIdc: { idcInstanceArn: IDC } } },
        }),
      ),
    ).rejects.toThrow(/only valid for capabilities of type ARGOCD/);
  });

  it('turns DEGRADED with an AccessDenied issue when the role goes, updates role mappings, and deletes', async () => {
    const eks = eksClient(sandbox);
    await eks.send(
      new CreateCapabilityCommand({
        clusterName: 'demo',
        capabilityName: 'argocd',
        type: 'ARGOCD',
        roleArn,
        deletePropagationPolicy: 'RETAIN',
        configuration: { argoCd: { awsIdc: { idcInstanceArn: IDC } } },
      }),
    );
    await untilStatus('argocd', 'ACTIVE');
    const { update } = await eks.send(
      new UpdateCapabilityCommand({
        clusterName: 'demo',
        capabilityName: 'argocd',
        configuration: {
          argoCd: {
            rbacRoleMappings: {
              addOrUpdateRoleMappings: [
                {
                  role: 'VIEWER',
                  identities: [{ id: 'u-1', type: 'SSO_USER' }],
                },
              ],
            },
          },
        },
      }),
    );
    expect(update?.status).toBe('InProgress');
    const updated = await untilStatus('argocd', 'ACTIVE');
    expect(updated.configuration?.argoCd?.rbacRoleMappings).toEqual([
      { role: 'VIEWER', identities: [{ id: 'u-1', type: 'SSO_USER' }] },
    ]);
    const iam = new IAMClient(clientConfig(sandbox));
    await iam.send(new DeleteRoleCommand({ RoleName: 'capability-role' }));
    const degraded = await untilStatus('argocd', 'DEGRADED');
    expect(degraded.health?.issues?.[0]?.code).toBe('AccessDenied');
    await eks.send(
      new DeleteCapabilityCommand({
        clusterName: 'demo',
        capabilityName: 'argocd',
      }),
    );
    for (let i = 0; i < 200; i++) {
      const { capabilities } = await eks.send(
        new ListCapabilitiesCommand({ clusterName: 'demo' }),
      );
      if (capabilities?.length === 0) break;
      await sleep(5);
    }
    await expect(
      eks.send(
        new DescribeCapabilityCommand({
          clusterName: 'demo',
          capabilityName: 'argocd',
        }),
      ),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('refuses a CONFIG_MAP cluster (capabilities need access entries) and changes while the capability is CREATING', async () => {
    const eks = eksClient(sandbox);
    const privateSubnets = [
      ...sandbox.state.region(ACCOUNT, 'eu-west-1').ec2.subnets.values(),
    ]
      .filter(s => !s.mapPublicIpOnLaunch)
      .map(s => s.subnetId);
    await eks.send(
      new CreateClusterCommand({
        name: 'legacy',
        roleArn: `arn:aws:iam::${ACCOUNT}:role/demo-cluster`,
        resourcesVpcConfig: { subnetIds: privateSubnets },
        accessConfig: { authenticationMode: 'CONFIG_MAP' },
      }),
    );
    await waitUntilClusterActive(fastWaiter(eks), { name: 'legacy' });
    await expect(
      eks.send(
        new CreateCapabilityCommand({
          clusterName: 'legacy',
          capabilityName: 'kro',
          type: 'KRO',
          roleArn,
          deletePropagationPolicy: 'RETAIN',
        }),
      ),
    ).rejects.toThrow(
      expect.objectContaining({
        name: InvalidRequestException.name,
        message: expect.stringMatching(/access entries/),
      }),
    );
    // CREATING for long enough to be refused changes (3 min x 0.1 = 18 s)
    sandbox.latencyFactor = 0.1;
    try {
      await eks.send(
        new CreateCapabilityCommand({
          clusterName: 'demo',
          capabilityName: 'kro',
          type: 'KRO',
          roleArn,
          deletePropagationPolicy: 'RETAIN',
        }),
      );
      for (const change of [
        new UpdateCapabilityCommand({
          clusterName: 'demo',
          capabilityName: 'kro',
          roleArn,
        }),
        new DeleteCapabilityCommand({
          clusterName: 'demo',
          capabilityName: 'kro',
        }),
      ]) {
        await expect(eks.send(change as any)).rejects.toBeInstanceOf(
          ResourceInUseException,
        );
      }
    } finally {
      sandbox.latencyFactor = 0.001;
    }
  });

  it('ends CREATE_FAILED with an AccessDenied issue when the role is gone before the capability is ready', async () => {
    const eks = eksClient(sandbox);
    const iam = new IAMClient(clientConfig(sandbox));
    // CREATING for 1.8 s: long enough to delete the role first
    sandbox.latencyFactor = 0.01;
    try {
      await eks.send(
        new CreateCapabilityCommand({
          clusterName: 'demo',
          capabilityName: 'kro',
          type: 'KRO',
          roleArn,
          deletePropagationPolicy: 'RETAIN',
        }),
      );
      await iam.send(new DeleteRoleCommand({ RoleName: 'capability-role' }));
      const failed = await untilStatus('kro', 'CREATE_FAILED');
      expect(failed.health?.issues).toEqual([
        {
          code: 'AccessDenied',
          message: expect.stringMatching(
            /does not exist: EKS cannot assume it/,
          ),
        },
      ]);
    } finally {
      sandbox.latencyFactor = 0.001;
    }
    // a failed capability can be deleted
    await eks.send(
      new DeleteCapabilityCommand({
        clusterName: 'demo',
        capabilityName: 'kro',
      }),
    );
  });
});
