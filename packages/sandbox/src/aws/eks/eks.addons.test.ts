import {
  CreateAddonCommand,
  DeleteAddonCommand,
  DescribeAddonCommand,
  DescribeAddonConfigurationCommand,
  DescribeAddonVersionsCommand,
  InvalidParameterException,
  ListPodIdentityAssociationsCommand,
  ResourceInUseException,
  UpdateAddonCommand,
  waitUntilAddonActive,
  waitUntilAddonDeleted,
} from '@aws-sdk/client-eks';
import { eksClient, eventually, fastWaiter } from '../../__testUtils__/clients';
import { addRole, serviceTrustPolicy } from '../iam/store';
import { useSandbox } from '../../__testUtils__/useSandbox';

const ACCOUNT = '000000000000';

describe('EKS add-ons', () => {
  const sandbox = useSandbox({ latencyFactor: 0.001 });
  beforeEach(() => sandbox.reset());

  const podRole = (name: string) =>
    addRole(sandbox.state.account(ACCOUNT).iam, {
      roleName: name,
      assumeRolePolicyDocument: serviceTrustPolicy(
        ['pods.eks.amazonaws.com'],
        ['sts:AssumeRole', 'sts:TagSession'],
      ),
    }).arn;

  const describe_ = async (addonName: string) =>
    (
      await eksClient(sandbox).send(
        new DescribeAddonCommand({ clusterName: 'demo', addonName }),
      )
    ).addon!;

  it('lists versions per Kubernetes version with exactly one default', async () => {
    const eks = eksClient(sandbox);
    const { addons } = await eks.send(
      new DescribeAddonVersionsCommand({ kubernetesVersion: '1.33' }),
    );
    const names = addons!.map(a => a.addonName);
    for (const expected of [
      'vpc-cni',
      'coredns',
      'kube-proxy',
      'eks-pod-identity-agent',
      'aws-ebs-csi-driver',
      'aws-efs-csi-driver',
      'external-dns',
      'metrics-server',
      'cert-manager',
      'adot',
      'amazon-cloudwatch-observability',
      'snapshot-controller',
      'aws-mountpoint-s3-csi-driver',
    ]) {
      expect(names).toContain(expected);
    }
    for (const addon of addons!) {
      expect(addon.addonVersions!.length).toBeGreaterThanOrEqual(2);
      const defaults = addon.addonVersions!.filter(v =>
        v.compatibilities!.some(
          c => c.clusterVersion === '1.33' && c.defaultVersion,
        ),
      );
      expect(defaults).toHaveLength(1);
    }
    const kubeProxy = addons!.find(a => a.addonName === 'kube-proxy')!;
    expect(
      kubeProxy.addonVersions!.every(v => v.addonVersion!.startsWith('v1.33.')),
    ).toBe(true);
    const ebs = addons!.find(a => a.addonName === 'aws-ebs-csi-driver')!;
    expect(ebs.addonVersions![0]).toMatchObject({
      requiresIamPermissions: true,
      requiresConfiguration: false,
    });
    const old = await eks.send(
      new DescribeAddonVersionsCommand({
        kubernetesVersion: '1.30',
        addonName: 'vpc-cni',
      }),
    );
    expect(
      old.addons![0].addonVersions!.map(v => v.addonVersion),
    ).not.toContain('v1.20.4-eksbuild.1');
  });

  it('describes the configuration schema and Pod Identity needs (external-dns in full)', async () => {
    const eks = eksClient(sandbox);
    const result = await eks.send(
      new DescribeAddonConfigurationCommand({
        addonName: 'external-dns',
        addonVersion: 'v0.17.0-eksbuild.1',
      }),
    );
    const schema = JSON.parse(result.configurationSchema!);
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining([
        'policy',
        'sources',
        'domainFilters',
        'txtOwnerId',
        'provider',
        'registry',
        'interval',
        'extraArgs',
      ]),
    );
    expect(schema.properties.policy.enum).toEqual([
      'sync',
      'upsert-only',
      'create-only',
    ]);
    expect(result.podIdentityConfiguration).toEqual([
      {
        serviceAccount: 'external-dns',
        recommendedManagedPolicies: [
          'arn:aws:iam::aws:policy/AmazonRoute53FullAccess',
        ],
      },
    ]);
  });

  it('rejects unknown add-ons, versions and configuration that fails the schema before creating anything', async () => {
    const eks = eksClient(sandbox);
    const create = (input: Record<string, unknown>) =>
      eks.send(
        new CreateAddonCommand({
          clusterName: 'demo',
          addonName: 'external-dns',
          ...input,
        }),
      );
    await expect(create({ addonName: 'nginx' })).rejects.toThrow(
      'Addon nginx specified is not supported in 1.33 kubernetes version',
    );
    await expect(create({ addonName: 'nginx' })).rejects.toBeInstanceOf(
      InvalidParameterException,
    );
    await expect(create({ addonVersion: 'v9.9.9-eksbuild.1' })).rejects.toThrow(
      /Addon version v9.9.9-eksbuild.1 of external-dns specified is not supported in 1.33/,
    );
    const error = await create({
      configurationValues: JSON.stringify({
        policy: 'sync',
        domainFilter: ['example.com'],
      }),
    }).catch(e => e);
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(error.message).toContain(
      '$.domainFilter: is not defined in the schema and the schema does not allow additional properties',
    );
    expect(error.message).toContain('domainFilters');
    await expect(
      create({ configurationValues: 'policy: delete-all' }),
    ).rejects.toThrow(/\$\.policy: does not have a value in the enumeration/);
    expect(
      await create({
        configurationValues:
          'policy: upsert-only\nsources: [service, ingress]\ntxtOwnerId: demo',
      }).then(r => r.addon?.status),
    ).toBe('CREATING');
    await expect(create({})).rejects.toBeInstanceOf(ResourceInUseException);
  });

  it('installs an add-on with Pod Identity: ACTIVE, associations owned by the add-on, workloads in the cluster', async () => {
    const eks = eksClient(sandbox);
    const role = podRole('efs-csi');
    const { addon } = await eks.send(
      new CreateAddonCommand({
        clusterName: 'demo',
        addonName: 'aws-efs-csi-driver',
        podIdentityAssociations: [
          { serviceAccount: 'efs-csi-controller-sa', roleArn: role },
        ],
      }),
    );
    expect(addon?.status).toBe('CREATING');
    expect(addon?.addonVersion).toBe('v2.1.9-eksbuild.1');
    const result = await waitUntilAddonActive(fastWaiter(eks), {
      clusterName: 'demo',
      addonName: 'aws-efs-csi-driver',
    });
    expect(result.state).toBe('SUCCESS');
    const active = await describe_('aws-efs-csi-driver');
    expect(active.podIdentityAssociations).toHaveLength(1);
    const { associations } = await eks.send(
      new ListPodIdentityAssociationsCommand({
        clusterName: 'demo',
        namespace: 'kube-system',
        serviceAccount: 'efs-csi-controller-sa',
      }),
    );
    expect(associations?.[0].ownerArn).toBe(active.addonArn);
    const kube = sandbox.state
      .region(ACCOUNT, 'eu-west-1')
      .eks.clusters.get('demo')!.kube!;
    expect(
      kube.get('apps/v1', 'Deployment', 'kube-system', 'efs-csi-controller')
        ?.status,
    ).toMatchObject({ readyReplicas: 2 });
    expect(
      kube.get('apps/v1', 'DaemonSet', 'kube-system', 'efs-csi-node')?.status,
    ).toMatchObject({ numberReady: 3 });
  });

  it('reports DEGRADED with an issue code when an add-on that needs IAM has none, and recovers once it has', async () => {
    const eks = eksClient(sandbox);
    const seeded = await describe_('aws-ebs-csi-driver');
    expect(seeded.status).toBe('DEGRADED');
    expect(seeded.health?.issues?.[0]).toMatchObject({
      code: 'InsufficientNumberOfReplicas',
      resourceIds: ['kube-system/ebs-csi-controller'],
    });

    await eks.send(
      new CreateAddonCommand({
        clusterName: 'demo',
        addonName: 'external-dns',
      }),
    );
    await expect(
      waitUntilAddonActive(fastWaiter(eks), {
        clusterName: 'demo',
        addonName: 'external-dns',
      }),
    ).rejects.toThrow(/FAILURE/);
    const degraded = await describe_('external-dns');
    expect(degraded.status).toBe('DEGRADED');
    expect(degraded.health?.issues?.[0].code).toBe('AccessDenied');
    const kube = sandbox.state
      .region(ACCOUNT, 'eu-west-1')
      .eks.clusters.get('demo')!.kube!;
    expect(
      kube.get('apps/v1', 'Deployment', 'external-dns', 'external-dns'),
    ).toBeDefined();

    const { update } = await eks.send(
      new UpdateAddonCommand({
        clusterName: 'demo',
        addonName: 'external-dns',
        podIdentityAssociations: [
          { serviceAccount: 'external-dns', roleArn: podRole('external-dns') },
        ],
        configurationValues: JSON.stringify({ txtOwnerId: 'demo' }),
      }),
    );
    expect(update?.type).toBe('AddonUpdate');
    await waitUntilAddonActive(fastWaiter(eks), {
      clusterName: 'demo',
      addonName: 'external-dns',
    });
    expect((await describe_('external-dns')).configurationValues).toBe(
      '{"txtOwnerId":"demo"}',
    );
  });

  it('fails with ConfigurationConflict when the workload exists outside EKS and conflicts are not overwritten', async () => {
    const eks = eksClient(sandbox);
    const kube = sandbox.state
      .region(ACCOUNT, 'eu-west-1')
      .eks.clusters.get('demo')!.kube!;
    kube.apply({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'metrics-server',
        namespace: 'kube-system',
        labels: { 'app.kubernetes.io/managed-by': 'Helm' },
      },
      spec: {},
    });
    await eks.send(
      new CreateAddonCommand({
        clusterName: 'demo',
        addonName: 'metrics-server',
      }),
    );
    const failed = await eventually(async () => {
      const a = await describe_('metrics-server');
      return a.status === 'CREATE_FAILED' ? a : undefined;
    });
    expect(failed.health?.issues?.[0]).toMatchObject({
      code: 'ConfigurationConflict',
      resourceIds: ['Deployment kube-system/metrics-server'],
    });
    await eks.send(
      new DeleteAddonCommand({
        clusterName: 'demo',
        addonName: 'metrics-server',
        preserve: true,
      }),
    );
    await waitUntilAddonDeleted(fastWaiter(eks), {
      clusterName: 'demo',
      addonName: 'metrics-server',
    });
    await eks.send(
      new CreateAddonCommand({
        clusterName: 'demo',
        addonName: 'metrics-server',
        resolveConflicts: 'OVERWRITE',
      }),
    );
    await waitUntilAddonActive(fastWaiter(eks), {
      clusterName: 'demo',
      addonName: 'metrics-server',
    });
  });

  it('deletes add-ons with their workloads and owned associations', async () => {
    const eks = eksClient(sandbox);
    await eks.send(
      new DeleteAddonCommand({ clusterName: 'demo', addonName: 'coredns' }),
    );
    await waitUntilAddonDeleted(fastWaiter(eks), {
      clusterName: 'demo',
      addonName: 'coredns',
    });
    const kube = sandbox.state
      .region(ACCOUNT, 'eu-west-1')
      .eks.clusters.get('demo')!.kube!;
    expect(
      kube.get('apps/v1', 'Deployment', 'kube-system', 'coredns'),
    ).toBeUndefined();
    expect(
      kube
        .list('v1', 'Pod', 'kube-system')
        .filter(p => p.metadata.name.startsWith('coredns')),
    ).toHaveLength(0);
  });

  it('without the Pod Identity agent add-on, Karpenter pods crash-loop (the field lesson, as corrected)', async () => {
    const eks = eksClient(sandbox);
    const kube = sandbox.state
      .region(ACCOUNT, 'eu-west-1')
      .eks.clusters.get('demo')!.kube!;
    const karpenterReady = () =>
      kube
        .list('v1', 'Pod', 'kube-system')
        .filter(p => p.metadata.name.startsWith('karpenter-'))
        .map(
          p =>
            (
              p.status as { conditions?: { type: string; status: string }[] }
            ).conditions?.find(c => c.type === 'Ready')?.status,
        );
    expect(karpenterReady().length).toBeGreaterThan(0);
    expect(karpenterReady().every(s => s === 'True')).toBe(true);
    await eks.send(
      new DeleteAddonCommand({
        clusterName: 'demo',
        addonName: 'eks-pod-identity-agent',
      }),
    );
    await waitUntilAddonDeleted(fastWaiter(eks), {
      clusterName: 'demo',
      addonName: 'eks-pod-identity-agent',
    });
    await eventually(() => {
      const ready = karpenterReady();
      return ready.length > 0 && ready.every(s => s === 'False')
        ? true
        : undefined;
    });
    expect(
      kube
        .list('v1', 'Pod', 'kube-system')
        .filter(p => p.metadata.name.startsWith('karpenter-'))
        .map(
          p =>
            (
              p.status as {
                containerStatuses?: {
                  state: { waiting?: { reason: string } };
                }[];
              }
            ).containerStatuses?.[0].state.waiting?.reason,
        ),
    ).toEqual(expect.arrayContaining(['CrashLoopBackOff']));
    expect(
      kube.get('apps/v1', 'DaemonSet', 'kube-system', 'eks-pod-identity-agent'),
    ).toBeUndefined();
  });

  it('runs the replica count the configuration asks for', async () => {
    const eks = eksClient(sandbox);
    await eks.send(
      new UpdateAddonCommand({
        clusterName: 'demo',
        addonName: 'coredns',
        configurationValues: 'replicaCount: 3',
      }),
    );
    await waitUntilAddonActive(fastWaiter(eks), {
      clusterName: 'demo',
      addonName: 'coredns',
    });
    const kube = sandbox.state
      .region(ACCOUNT, 'eu-west-1')
      .eks.clusters.get('demo')!.kube!;
    expect(
      kube.get('apps/v1', 'Deployment', 'kube-system', 'coredns')?.spec,
    ).toMatchObject({ replicas: 3 });
  });
});
