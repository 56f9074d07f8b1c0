import { addonPodIdentityServiceAccount } from './addonPodIdentity';

const addon = { name: 'aws-ebs-csi-driver', version: 'v1.40.0-eksbuild.1' };
const declared = [
  {
    serviceAccount: 'ebs-csi-controller-sa',
    recommendedManagedPolicies: [
      'arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy',
    ],
  },
];

describe('addonPodIdentityServiceAccount', () => {
  it("takes the add-on's declared service account, or the one asked for when declared", () => {
    expect(
      addonPodIdentityServiceAccount(
        'addons[0].podIdentity',
        addon,
        undefined,
        declared,
      ),
    ).toBe('ebs-csi-controller-sa');
    expect(
      addonPodIdentityServiceAccount(
        'addons[0].podIdentity',
        addon,
        'ebs-csi-controller-sa',
        declared,
      ),
    ).toBe('ebs-csi-controller-sa');
  });

  it('refuses a service account the add-on does not declare', () => {
    expect(() =>
      addonPodIdentityServiceAccount(
        'addons[0].podIdentity',
        addon,
        'other',
        declared,
      ),
    ).toThrow(
      /addons\[0\]\.podIdentity\.serviceAccount must be a service account aws-ebs-csi-driver .* declares for Pod Identity: ebs-csi-controller-sa \(got "other"\)/,
    );
  });

  it('refuses Pod Identity for an add-on that does not support it', () => {
    expect(() =>
      addonPodIdentityServiceAccount(
        'addons[0].podIdentity',
        { name: 'coredns', version: 'v1.11.4-eksbuild.2' },
        undefined,
        [],
      ),
    ).toThrow(
      /addons\[0\]\.podIdentity cannot be used with coredns .* does not support EKS Pod Identity/,
    );
  });
});
