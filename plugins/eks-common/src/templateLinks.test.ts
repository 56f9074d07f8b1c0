import { podIdentityTemplatePath } from './templateLinks';

describe('podIdentityTemplatePath', () => {
  it('opens the Pod Identity template with the form prefilled', () => {
    const path = podIdentityTemplatePath({
      cluster: 'demo',
      region: 'eu-west-1',
      accountId: '123456789012',
      namespace: 'kube-system',
      serviceAccount: 'ebs-csi-controller-sa',
      managedPolicyArns: [
        'arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy',
      ],
    });
    const url = new URL(path, 'http://portal');
    expect(url.pathname).toBe('/create/templates/default/eks-pod-identity');
    expect(JSON.parse(url.searchParams.get('formData')!)).toEqual({
      cluster: 'demo',
      region: 'eu-west-1',
      accountId: '123456789012',
      namespace: 'kube-system',
      serviceAccount: 'ebs-csi-controller-sa',
      managedPolicyArns: [
        'arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy',
      ],
    });
  });

  it('leaves the account out when none is given (the portal default)', () => {
    const url = new URL(
      podIdentityTemplatePath({
        cluster: 'demo',
        region: 'eu-west-1',
        namespace: 'kube-system',
        serviceAccount: 'sa',
      }),
      'http://portal',
    );
    expect(JSON.parse(url.searchParams.get('formData')!)).toEqual({
      cluster: 'demo',
      region: 'eu-west-1',
      namespace: 'kube-system',
      serviceAccount: 'sa',
      managedPolicyArns: [],
    });
  });
});
