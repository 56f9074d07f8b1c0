import {
  CreateAddonCommand,
  CreatePodIdentityAssociationCommand,
  DescribeAddonCommand,
  DescribeAddonConfigurationCommand,
  DescribePodIdentityAssociationCommand,
  InvalidParameterException,
  ListPodIdentityAssociationsCommand,
  UpdateAddonCommand,
  UpdatePodIdentityAssociationCommand,
  waitUntilAddonActive,
} from '@aws-sdk/client-eks';
import { eksClient, fastWaiter } from '../../__testUtils__/clients';
import { addRole, serviceTrustPolicy } from '../iam/store';
import { useSandbox } from '../../__testUtils__/useSandbox';

const ACCOUNT = '000000000000';
const OTHER_ACCOUNT = '222233334444';
const SESSION_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }],
});

/**
 * CreateAddon's namespaceConfig (create-only), the Pod Identity
 * configuration of add-on versions that have none, and Pod Identity
 * associations with a target role, disabled session tags and a session
 * policy: each as EKS does it.
 */
describe('EKS add-on namespaces and Pod Identity options', () => {
  const sandbox = useSandbox({ latencyFactor: 0.001 });
  beforeEach(() => sandbox.reset());
  const eks = () => eksClient(sandbox);

  /** A role trusting Pod Identity (the one of that name when it exists). */
  const podRole = (name: string, account = ACCOUNT) => {
    const iam = sandbox.state.account(account).iam;
    const arn = `arn:aws:iam::${account}:role/${name}`;
    if (iam.roleByArn(arn)) return arn;
    return addRole(iam, {
      roleName: name,
      assumeRolePolicyDocument: serviceTrustPolicy(
        ['pods.eks.amazonaws.com'],
        ['sts:AssumeRole', 'sts:TagSession'],
      ),
    }).arn;
  };

  describe('namespaceConfig', () => {
    it('installs the add-on, its workloads and its Pod Identity association in the namespace given at create', async () => {
      const role = podRole('dns');
      const { addon } = await eks().send(
        new CreateAddonCommand({
          clusterName: 'demo',
          addonName: 'external-dns',
          namespaceConfig: { namespace: 'dns-system' },
          podIdentityAssociations: [
            { serviceAccount: 'external-dns', roleArn: role },
          ],
        }),
      );
      expect(addon?.namespaceConfig).toEqual({ namespace: 'dns-system' });
      await waitUntilAddonActive(fastWaiter(eks()), {
        clusterName: 'demo',
        addonName: 'external-dns',
      });
      const { associations } = await eks().send(
        new ListPodIdentityAssociationsCommand({
          clusterName: 'demo',
          namespace: 'dns-system',
        }),
      );
      expect(associations?.map(a => a.serviceAccount)).toEqual([
        'external-dns',
      ]);
      const kube = sandbox.state
        .region(ACCOUNT, 'eu-west-1')
        .eks.clusters.get('demo')!.kube!;
      expect(
        kube.get('apps/v1', 'Deployment', 'dns-system', 'external-dns'),
      ).toBeDefined();
      expect(
        kube.get('apps/v1', 'Deployment', 'external-dns', 'external-dns'),
      ).toBeUndefined();
    });

    it('refuses a namespace that is not an RFC 1123 label', async () => {
      const refused = await eks()
        .send(
          new CreateAddonCommand({
            clusterName: 'demo',
            addonName: 'external-dns',
            namespaceConfig: { namespace: 'DNS_System' },
          }),
        )
        .catch(e => e);
      expect(refused).toBeInstanceOf(InvalidParameterException);
      expect(refused.message).toMatch(
        /^namespaceConfig\.namespace: DNS_System is not a valid namespace name/,
      );
    });

    it('is not part of UpdateAddon: an update leaves the namespace as created', async () => {
      await eks().send(
        new CreateAddonCommand({
          clusterName: 'demo',
          addonName: 'metrics-server',
          namespaceConfig: { namespace: 'monitoring' },
        }),
      );
      await waitUntilAddonActive(fastWaiter(eks()), {
        clusterName: 'demo',
        addonName: 'metrics-server',
      });
      // the SDK's UpdateAddon input has no namespaceConfig; sent anyway, the
      // service ignores the unknown member
      await eks().send(
        new UpdateAddonCommand({
          clusterName: 'demo',
          addonName: 'metrics-server',
          configurationValues: '{}',
          namespaceConfig: { namespace: 'other' },
        } as never),
      );
      const { addon } = await eks().send(
        new DescribeAddonCommand({
          clusterName: 'demo',
          addonName: 'metrics-server',
        }),
      );
      expect(addon?.namespaceConfig).toEqual({ namespace: 'monitoring' });
    });
  });

  describe('Pod Identity by add-on version', () => {
    it('declares no podIdentityConfiguration for versions before Pod Identity support, and refuses associations for them', async () => {
      const configuration = (addonVersion: string) =>
        eks()
          .send(
            new DescribeAddonConfigurationCommand({
              addonName: 'aws-mountpoint-s3-csi-driver',
              addonVersion,
            }),
          )
          .then(r => r.podIdentityConfiguration);
      expect(await configuration('v1.15.0-eksbuild.1')).toEqual([]);
      expect(await configuration('v2.0.0-eksbuild.1')).toEqual([
        expect.objectContaining({ serviceAccount: 's3-csi-driver-sa' }),
      ]);
      const create = (addonVersion: string) =>
        eks().send(
          new CreateAddonCommand({
            clusterName: 'demo',
            addonName: 'aws-mountpoint-s3-csi-driver',
            addonVersion,
            podIdentityAssociations: [
              { serviceAccount: 's3-csi-driver-sa', roleArn: podRole('s3') },
            ],
          }),
        );
      await expect(create('v1.15.0-eksbuild.1')).rejects.toThrow(
        'Pod Identity feature is not supported for addon version: v1.15.0-eksbuild.1',
      );
      const { addon } = await create('v2.0.0-eksbuild.1');
      expect(addon?.podIdentityAssociations).toHaveLength(1);
    });
  });

  describe('Pod Identity associations', () => {
    const create = (input: Record<string, unknown>) =>
      eks().send(
        new CreatePodIdentityAssociationCommand({
          clusterName: 'demo',
          namespace: 'shop',
          serviceAccount: 'cart',
          roleArn: podRole('cart'),
          ...input,
        }),
      );

    it('carry the external id a target role trust requires: region/account/cluster/namespace/service-account', async () => {
      const target = podRole('shop-data', OTHER_ACCOUNT);
      const { association } = await create({ targetRoleArn: target });
      expect(association).toMatchObject({
        targetRoleArn: target,
        externalId: `eu-west-1/${ACCOUNT}/demo/shop/cart`,
      });
      const plain = await eks().send(
        new CreatePodIdentityAssociationCommand({
          clusterName: 'demo',
          namespace: 'shop',
          serviceAccount: 'plain',
          roleArn: podRole('plain'),
        }),
      );
      expect(plain.association?.externalId).toBe(
        `eu-west-1/${ACCOUNT}/demo/shop/plain`,
      );
    });

    it('refuse a target role that does not exist in an account the sandbox holds', async () => {
      podRole('someone', OTHER_ACCOUNT);
      await expect(
        create({
          targetRoleArn: `arn:aws:iam::${OTHER_ACCOUNT}:role/missing`,
        }),
      ).rejects.toThrow(
        /^targetRoleArn: Role with arn: .*missing, does not exist/,
      );
    });

    it('take a session policy only with session tags disabled', async () => {
      const refused = await create({ policy: SESSION_POLICY }).catch(e => e);
      expect(refused).toBeInstanceOf(InvalidParameterException);
      expect(refused.message).toBe(
        'policy: a session policy can only be applied when disableSessionTags is set to true',
      );
      await expect(
        create({ policy: 'not json', disableSessionTags: true }),
      ).rejects.toThrow(/policy: the session policy must be an IAM policy/);
      const { association } = await create({
        policy: SESSION_POLICY,
        disableSessionTags: true,
      });
      expect(association).toMatchObject({
        policy: SESSION_POLICY,
        disableSessionTags: true,
      });
      const described = await eks().send(
        new DescribePodIdentityAssociationCommand({
          clusterName: 'demo',
          associationId: association!.associationId,
        }),
      );
      expect(described.association?.policy).toBe(SESSION_POLICY);
    });

    it('refuse an update that would leave a session policy with session tags enabled', async () => {
      const { association } = await create({
        policy: SESSION_POLICY,
        disableSessionTags: true,
      });
      const update = (input: Record<string, unknown>) =>
        eks().send(
          new UpdatePodIdentityAssociationCommand({
            clusterName: 'demo',
            associationId: association!.associationId,
            ...input,
          }),
        );
      await expect(update({ disableSessionTags: false })).rejects.toThrow(
        'policy: a session policy can only be applied when disableSessionTags is set to true',
      );
      const cleared = await update({ disableSessionTags: false, policy: '' });
      expect(cleared.association?.policy).toBeUndefined();
      expect(cleared.association?.disableSessionTags).toBe(false);
      const target = podRole('cart-target', OTHER_ACCOUNT);
      const targeted = await update({ targetRoleArn: target });
      expect(targeted.association?.externalId).toBe(
        `eu-west-1/${ACCOUNT}/demo/shop/cart`,
      );
    });
  });
});
