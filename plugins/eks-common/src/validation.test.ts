import {
  validateAddonName,
  validateAddonVersion,
  validateClusterName,
  validateIamPolicyArn,
  validateIamPrincipalArn,
  validateIamPrincipalSearch,
  validateIamRoleArn,
  validateKubernetesVersion,
  validateNamespace,
  validateRegion,
  validateServiceAccountName,
  validateSubnetId,
  validateVpcId,
  validateInstanceType,
  clusterSubnetZonesProblem,
  validateAccountId,
  validateCpuQuantity,
  validateIamRoleName,
  validateNodeGroupName,
  validateSecurityGroupId,
  validateSqsQueueName,
  ValidationRule,
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

describe('rule statements', () => {
  // a malformed value of each rule: its refusal is the rule's statement
  it.each([
    ['validateClusterName', validateClusterName, '-x'],
    ['validateKubernetesVersion', validateKubernetesVersion, 'latest'],
    ['validateNamespace', validateNamespace, 'Kube'],
    ['validateServiceAccountName', validateServiceAccountName, 'a_b'],
    ['validateAddonName', validateAddonName, 'VPC CNI'],
    ['validateAddonVersion', validateAddonVersion, '1.19'],
    ['validateSubnetId', validateSubnetId, 'subnet-xyz'],
    ['validateInstanceType', validateInstanceType, 'm7ilarge'],
    ['validateVpcId', validateVpcId, 'vpc-x'],
    ['validateSecurityGroupId', validateSecurityGroupId, 'sg-x'],
    ['validateRegion', validateRegion, 'europe'],
    ['validateAccountId', validateAccountId, '123'],
    ['validateIamRoleArn', validateIamRoleArn, 'admins'],
    ['validateIamPrincipalArn', validateIamPrincipalArn, 'admins'],
    ['validateIamPrincipalSearch', validateIamPrincipalSearch, 'plat form'],
    ['validateIamRoleName', validateIamRoleName, 'a b'],
    ['validateIamPolicyArn', validateIamPolicyArn, 'ReadOnlyAccess'],
    ['validateNodeGroupName', validateNodeGroupName, 'system group'],
    ['validateSqsQueueName', validateSqsQueueName, 'queue.fifo'],
    ['validateCpuQuantity', validateCpuQuantity, '100Gi'],
  ] as [string, ValidationRule, string][])(
    '%s states the rule its refusal names',
    (_name, check, malformed) => {
      expect(check.statement).toBeDefined();
      expect(check.statement).toContain(check(malformed));
    },
  );

  it('names the length limit of a rule that has one', () => {
    expect(validateClusterName.statement).toBe(
      'must start with a letter or digit and contain only letters, digits, hyphens and underscores; at most 100 characters',
    );
    expect(validateRegion.statement).toBe(
      'must be an AWS region such as "eu-west-1"',
    );
  });
});

describe('rule patterns', () => {
  it('carries the pattern and length a rule checks, for specs to state', () => {
    expect(validateRegion.pattern).toEqual(/^[a-z]{2}(-[a-z]+)+-\d$/);
    expect(validateRegion.maxLength).toBeUndefined();
    expect(validateAddonName.pattern?.source).toBe('^[a-z0-9][a-z0-9._-]*$');
    expect(validateAddonName.maxLength).toBe(100);
    expect(validateCpuQuantity.pattern?.test('500m')).toBe(true);
    expect(validateIamPrincipalArn.pattern).toBeUndefined();
  });

  it('refuses what its pattern or length refuses', () => {
    const tooLong = 'a'.repeat(101);
    expect(validateAddonName.pattern!.test(tooLong)).toBe(true);
    expect(validateAddonName(tooLong)).toBe(
      'must be at most 100 characters (got 101)',
    );
    expect(validateAccountId.pattern!.test('123')).toBe(false);
    expect(validateAccountId('123')).toBe('must be a 12-digit AWS account id');
  });
});

describe('IAM principal search', () => {
  it('takes part of a name or ARN, empty included, up to 200 characters', () => {
    expect(validateIamPrincipalSearch('')).toBeUndefined();
    expect(
      validateIamPrincipalSearch('arn:aws:iam::1:role/team+a=b,c.d@e_f-g'),
    ).toBeUndefined();
    expect(validateIamPrincipalSearch('plat form')).toBe(
      'must be part of an IAM role or user name or ARN: letters, digits and +=,.@_-/:',
    );
    expect(validateIamPrincipalSearch('a'.repeat(201))).toBe(
      'must be at most 200 characters (got 201)',
    );
    expect(validateIamPrincipalSearch.maxLength).toBe(200);
  });
});

describe('node groups, SQS queues and CPU quantities', () => {
  it('node group names: like cluster names, up to 63 characters', () => {
    expect(validateNodeGroupName('system_1')).toBeUndefined();
    expect(validateNodeGroupName('a'.repeat(63))).toBeUndefined();
    expect(validateNodeGroupName('a'.repeat(64))).toBe(
      'must be at most 63 characters (got 64)',
    );
    expect(validateNodeGroupName('-system')).toMatch(
      /must start with a letter or digit/,
    );
    expect(validateNodeGroupName('')).toBe('must not be empty');
  });

  it('SQS queue names: 1-80 letters, digits, "-" and "_"; empty and too long name the rule', () => {
    expect(validateSqsQueueName('Karpenter-demo_1')).toBeUndefined();
    expect(validateSqsQueueName('q'.repeat(80))).toBeUndefined();
    for (const bad of ['', 'q'.repeat(81), 'queue.fifo']) {
      expect(validateSqsQueueName(bad)).toBe(
        'must be an SQS queue name: 1-80 letters, digits, "-" and "_"',
      );
    }
  });

  it('CPU quantities: whole cores or millicores', () => {
    expect(validateCpuQuantity('100')).toBeUndefined();
    expect(validateCpuQuantity('500m')).toBeUndefined();
    for (const bad of ['-1', '100Gi', '1e3', '']) {
      expect(validateCpuQuantity(bad)).toMatch(/must be a CPU quantity/);
    }
  });
});
