import {
  validateAddonName,
  validateAddonVersion,
  validateClusterName,
  validateIamPolicyArn,
  validateIamPrincipalArn,
  validateIamRoleArn,
  validateKubernetesVersion,
  validateNamespace,
  validateRegion,
  validateServiceAccountName,
  validateSubnetId,
  validateVpcId,
  validateInstanceType,
  clusterSubnetZonesProblem,
} from './validation';

describe('validation rules', () => {
  it.each(['demo', 'Prod_Cluster-2', 'a'.repeat(100)])(
    'accepts cluster name %j',
    value => {
      expect(validateClusterName(value)).toBeUndefined();
    },
  );

  it.each([
    ['a'.repeat(101), 'must be at most 100 characters (got 101)'],
    ['-leading', 'must start with a letter or digit'],
    ['has space', 'must start with a letter or digit'],
    ['', 'must not be empty'],
  ])('rejects cluster name %j', (value, expected) => {
    expect(validateClusterName(value)).toContain(expected);
  });

  it('namespaces are DNS-1123 labels', () => {
    expect(validateNamespace('kube-system')).toBeUndefined();
    expect(validateNamespace('Kube')).toMatch(/DNS-1123 label/);
    expect(validateNamespace('a.b')).toMatch(/DNS-1123 label/);
    expect(validateNamespace('x'.repeat(64))).toMatch(/at most 63/);
  });

  it('service accounts are DNS-1123 subdomains', () => {
    expect(validateServiceAccountName('karpenter')).toBeUndefined();
    expect(validateServiceAccountName('a.b-c')).toBeUndefined();
    expect(validateServiceAccountName('a_b')).toMatch(/DNS-1123 subdomain/);
    expect(validateServiceAccountName('trailing-')).toMatch(/DNS-1123/);
  });

  it('Kubernetes versions are minor versions', () => {
    expect(validateKubernetesVersion('1.33')).toBeUndefined();
    expect(validateKubernetesVersion('1.33.1')).toMatch(/minor version/);
    expect(validateKubernetesVersion('latest')).toMatch(/minor version/);
  });

  it('role ARNs check partition and account', () => {
    const arn = 'arn:aws:iam::123456789012:role/path/to/admins';
    expect(validateIamRoleArn(arn)).toBeUndefined();
    expect(
      validateIamRoleArn(arn, { accountId: '123456789012' }),
    ).toBeUndefined();
    expect(validateIamRoleArn(arn, { accountId: '999999999999' })).toBe(
      'must be a role in account 999999999999 (got 123456789012)',
    );
    expect(validateIamRoleArn(arn, { partition: 'aws-cn' })).toMatch(
      /partition "aws-cn"/,
    );
    expect(validateIamRoleArn('arn:aws:iam::123456789012:user/u')).toMatch(
      /IAM role ARN/,
    );
    expect(validateIamRoleArn('admins')).toMatch(/IAM role ARN/);
  });

  it('principal ARNs accept roles and users', () => {
    expect(
      validateIamPrincipalArn('arn:aws:iam::123456789012:user/u'),
    ).toBeUndefined();
    expect(
      validateIamPrincipalArn('arn:aws:sts::123456789012:assumed-role/r/s'),
    ).toMatch(/IAM role or user/);
  });

  it('policy ARNs accept AWS-managed and customer policies', () => {
    expect(
      validateIamPolicyArn('arn:aws:iam::aws:policy/AmazonEKSClusterPolicy'),
    ).toBeUndefined();
    expect(
      validateIamPolicyArn('arn:aws:iam::123456789012:policy/team/p'),
    ).toBeUndefined();
    expect(validateIamPolicyArn('AmazonEKSClusterPolicy')).toMatch(
      /policy ARN/,
    );
  });

  it('subnets, regions, add-ons', () => {
    expect(validateSubnetId('subnet-0123456789abcdef0')).toBeUndefined();
    expect(validateSubnetId('subnet-1234abcd')).toBeUndefined();
    expect(validateSubnetId('subnet-xyz')).toMatch(/subnet id/);
    expect(validateVpcId('vpc-0123456789abcdef0')).toBeUndefined();
    expect(validateVpcId('vpc-1234abcd')).toBeUndefined();
    expect(validateVpcId('subnet-1234abcd')).toMatch(/VPC id/);
    expect(validateInstanceType('m7i.large')).toBeUndefined();
    expect(validateInstanceType('u-6tb1.112xlarge')).toBeUndefined();
    expect(validateInstanceType('m7ilarge')).toMatch(/EC2 instance type/);
    expect(
      clusterSubnetZonesProblem(['eu-west-1a', 'eu-west-1b']),
    ).toBeUndefined();
    expect(clusterSubnetZonesProblem(['eu-west-1a', 'eu-west-1a'])).toBe(
      'must be in at least 2 Availability Zones (EKS requires it): all are in eu-west-1a',
    );
    expect(clusterSubnetZonesProblem([])).toBe(
      'must be in at least 2 Availability Zones (EKS requires it)',
    );
    expect(validateRegion('ap-southeast-2')).toBeUndefined();
    expect(validateRegion('europe')).toMatch(/AWS region/);
    expect(validateAddonName('aws-ebs-csi-driver')).toBeUndefined();
    expect(validateAddonName('VPC CNI')).toMatch(/add-on name/);
    expect(validateAddonVersion('latest')).toBeUndefined();
    expect(validateAddonVersion('v1.19.2-eksbuild.1')).toBeUndefined();
    expect(validateAddonVersion('1.19')).toMatch(/exact version/);
  });
});
