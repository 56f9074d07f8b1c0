import { addonPodIdentityAssociations } from './addonPodIdentity';
import type { PodIdentityAssociationSummary } from './health';

const association = (
  a: Partial<PodIdentityAssociationSummary>,
): PodIdentityAssociationSummary => ({
  associationId: 'a-1',
  namespace: 'default',
  serviceAccount: 'app',
  roleArn: 'arn:aws:iam::123456789012:role/app',
  ...a,
});

describe('addonPodIdentityAssociations', () => {
  const byTemplate = association({
    associationId: 'a-template',
    namespace: 'kube-system',
    serviceAccount: 'ebs-csi-controller-sa',
    roleArn:
      'arn:aws:iam::123456789012:role/demo-kube-system-ebs-csi-controller-sa',
  });
  const workload = association({ associationId: 'a-workload' });

  it("finds an association made apart from the add-on for the add-on's service account", () => {
    expect(
      addonPodIdentityAssociations(
        { name: 'aws-ebs-csi-driver', podIdentityAssociations: [] },
        [workload, byTemplate],
      ),
    ).toEqual([byTemplate]);
  });

  it("finds the add-on's own associations by ARN and by owner", () => {
    const own = association({
      associationId: 'a-own',
      namespace: 'kube-system',
      serviceAccount: 'custom-sa',
    });
    const owned = association({
      associationId: 'a-owned',
      namespace: 'kube-system',
      serviceAccount: 'other-sa',
      ownerArn:
        'arn:aws:eks:eu-west-1:123456789012:addon/demo/aws-efs-csi-driver/1234',
    });
    expect(
      addonPodIdentityAssociations(
        {
          name: 'aws-efs-csi-driver',
          podIdentityAssociations: [
            'arn:aws:eks:eu-west-1:123456789012:podidentityassociation/demo/a-own',
          ],
        },
        [own, owned, workload, byTemplate],
      ),
    ).toEqual([own, owned]);
  });

  it('finds none for an add-on without AWS calls or associations', () => {
    expect(
      addonPodIdentityAssociations(
        { name: 'coredns', podIdentityAssociations: [] },
        [workload, byTemplate],
      ),
    ).toEqual([]);
  });

  it("matches an add-on's service account in the namespace it was installed in", () => {
    const inOwnNamespace = association({
      associationId: 'a-dns',
      namespace: 'dns-system',
      serviceAccount: 'external-dns',
    });
    const inDefault = association({
      associationId: 'a-dns-default',
      namespace: 'external-dns',
      serviceAccount: 'external-dns',
    });
    expect(
      addonPodIdentityAssociations(
        {
          name: 'external-dns',
          podIdentityAssociations: [],
          namespace: 'dns-system',
        },
        [inOwnNamespace, inDefault],
      ),
    ).toEqual([inOwnNamespace]);
  });
});
