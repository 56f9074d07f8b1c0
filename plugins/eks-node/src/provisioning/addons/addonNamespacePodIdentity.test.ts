import {
  DescribeAddonCommand,
  ListPodIdentityAssociationsCommand,
} from '@aws-sdk/client-eks';
import { useSandboxRun } from '../../__testUtils__/sandboxRun';
import { installAddons } from './installAddons';

jest.setTimeout(30_000);

/**
 * The add-on's namespace (CreateAddon's namespaceConfig, create-only) and
 * add-on versions without Pod Identity, through installAddons against the
 * sandbox.
 */
describe('installAddons: namespaces and Pod Identity by version', () => {
  // an add-on takes 60 s × 0.005 = 300 ms to become ACTIVE
  const setup = useSandboxRun({ latencyFactor: 0.005 });

  it('installs an add-on in the namespace asked for, with its Pod Identity association there', async () => {
    const { run } = setup;
    const [result] = await installAddons(run, {
      clusterName: 'demo',
      addons: [
        {
          name: 'external-dns',
          version: 'latest',
          namespace: 'dns-system',
          podIdentity: 'recommended',
        },
      ],
    });
    expect(result.status).toBe('ACTIVE');
    const { addon } = await run.aws.eks.send(
      new DescribeAddonCommand({
        clusterName: 'demo',
        addonName: 'external-dns',
      }),
    );
    expect(addon?.namespaceConfig?.namespace).toBe('dns-system');
    const { associations } = await run.aws.eks.send(
      new ListPodIdentityAssociationsCommand({
        clusterName: 'demo',
        namespace: 'dns-system',
        serviceAccount: 'external-dns',
      }),
    );
    expect(associations).toHaveLength(1);
    expect(setup.messages.some(m => /in namespace dns-system/.test(m))).toBe(
      true,
    );
  });

  it('refuses another namespace for an installed add-on before any write, since EKS sets it only at create', async () => {
    const { run } = setup;
    await expect(
      installAddons(run, {
        clusterName: 'demo',
        addons: [
          { name: 'coredns' },
          { name: 'vpc-cni', namespace: 'networking' },
        ],
      }),
    ).rejects.toThrow(
      /^addons\[1\]\.namespace "networking" cannot be applied: vpc-cni is installed in namespace "kube-system", and EKS sets an add-on's namespace only when it creates it \(UpdateAddon cannot change it\)/,
    );
    expect(setup.writes()).toEqual([]);
  });

  it('accepts the namespace an installed add-on is in', async () => {
    const { run } = setup;
    const [result] = await installAddons(run, {
      clusterName: 'demo',
      addons: [{ name: 'coredns', namespace: 'kube-system' }],
    });
    expect(result.action).toBe('unchanged');
  });

  it('refuses a namespace that is not a DNS-1123 label, naming the field', async () => {
    const { run } = setup;
    await expect(
      installAddons(run, {
        clusterName: 'demo',
        addons: [{ name: 'external-dns', namespace: 'DNS_System' }],
      }),
    ).rejects.toThrow(/^addons\[0\]\.namespace must be a DNS-1123 label/);
    expect(setup.writes()).toEqual([]);
  });

  it('refuses Pod Identity for a version that does not support it, naming the version that does, before any write', async () => {
    const { run } = setup;
    // the default version for 1.33 is Mountpoint v1, which takes IRSA only
    await expect(
      installAddons(run, {
        clusterName: 'demo',
        addons: [
          { name: 'aws-mountpoint-s3-csi-driver', podIdentity: 'recommended' },
        ],
      }),
    ).rejects.toThrow(
      'addons[0].podIdentity cannot be used with aws-mountpoint-s3-csi-driver v1.15.0-eksbuild.1: this version does not support EKS Pod Identity (its podIdentityConfiguration declares no service account, and EKS refuses Pod Identity associations for it); aws-mountpoint-s3-csi-driver supports it from v2.0.0-eksbuild.1 on: set addons[0].version to "v2.0.0-eksbuild.1" or "latest", or give the add-on an IRSA role instead',
    );
    expect(setup.writes()).toEqual([]);
    const [result] = await installAddons(run, {
      clusterName: 'demo',
      addons: [
        {
          name: 'aws-mountpoint-s3-csi-driver',
          version: 'latest',
          podIdentity: 'recommended',
        },
      ],
    });
    expect(result).toMatchObject({
      version: 'v2.0.0-eksbuild.1',
      status: 'ACTIVE',
      podIdentityRoleArn: expect.stringMatching(
        /role\/demo-aws-mountpoint-s3-csi-driver$/,
      ),
    });
  });
});
