import {
  compareKarpenterVersions,
  DEFAULT_KARPENTER_CHART_VERSION,
  defaultKarpenterInterruptionQueueName,
  isKarpenterQueueName,
  KARPENTER_RELEASES,
  karpenterReleaseLine,
  karpenterRequirements,
  karpenterVersionStanding,
  minimumKarpenterForKubernetes,
  SUPPORTED_KARPENTER_VERSIONS,
  validateKarpenterChartVersion,
} from './karpenter';

describe('defaultKarpenterInterruptionQueueName', () => {
  it('follows terraform-aws-eks: Karpenter-<cluster>', () => {
    expect(defaultKarpenterInterruptionQueueName('demo')).toBe(
      'Karpenter-demo',
    );
  });
});

describe('the Karpenter release table', () => {
  it('holds the current minor and the one before, newest first, defaulting to the latest patch', () => {
    expect(KARPENTER_RELEASES.map(l => l.minor)).toEqual(['1.14', '1.13']);
    expect(SUPPORTED_KARPENTER_VERSIONS).toEqual([
      '1.13.0',
      '1.13.1',
      '1.14.0',
      '1.14.1',
    ]);
    expect(DEFAULT_KARPENTER_CHART_VERSION).toBe('1.14.1');
  });

  it('gives each minor the Kubernetes versions of the compatibility matrix (1.36 needs >= 1.13)', () => {
    for (const line of KARPENTER_RELEASES) {
      expect(line.kubernetes).toEqual({ oldest: '1.30', newest: '1.36' });
    }
    expect(minimumKarpenterForKubernetes('1.36')).toBe('1.13.0');
    expect(minimumKarpenterForKubernetes('v1.35.4-eks-1a2b3c')).toBe('1.9.0');
    expect(minimumKarpenterForKubernetes('1.29')).toBeUndefined();
  });

  it('lists what each minor needs beyond the 1.0 policy: the 1.10 rule, 1.11 placement groups, 1.12 instance status and zonal shift', () => {
    for (const line of KARPENTER_RELEASES) {
      expect(line.requirements).toEqual([
        'capacity-reservation-interruption-rule',
        'placement-groups',
        'describe-instance-status',
        'zonal-shift',
      ]);
    }
    expect(karpenterRequirements('1.14.1')).not.toContain('zonal-shift');
    expect(
      karpenterRequirements('1.14.1', { enableZonalShift: true }),
    ).toContain('zonal-shift');
    expect(karpenterRequirements('1.8.1')).toEqual([]);
  });

  it('knows the chart values of each minor (1.14 adds the capacityBuffer gate and CRD)', () => {
    expect(karpenterReleaseLine('1.14.0')?.featureGates).toContain(
      'capacityBuffer',
    );
    expect(karpenterReleaseLine('1.13.1')?.featureGates).not.toContain(
      'capacityBuffer',
    );
    expect(karpenterReleaseLine('1.14.1')?.crds).toContain(
      'capacitybuffers.autoscaling.x-k8s.io',
    );
    const settings = karpenterReleaseLine('1.13.0')?.settings;
    expect(settings).toHaveLength(19);
    expect(settings).toEqual(
      expect.arrayContaining([
        'batchMaxDuration',
        'interruptionQueue',
        'enableZonalShift',
        'featureGates',
      ]),
    );
  });
});

describe('validateKarpenterChartVersion', () => {
  it('states the rule its refusals name', () => {
    expect(validateKarpenterChartVersion.statement).toBe(
      'must be a Karpenter release whose IAM policy, Kubernetes support and values this installer knows: 1.13.0 to 1.14.1 (1.13.0, 1.13.1, 1.14.0, 1.14.1)',
    );
    expect(validateKarpenterChartVersion('1.8.1')).toContain(
      validateKarpenterChartVersion.statement!,
    );
  });

  it('accepts the versions of the table', () => {
    for (const v of SUPPORTED_KARPENTER_VERSIONS) {
      expect(validateKarpenterChartVersion(v)).toBeUndefined();
    }
  });

  it('refuses an older release, naming the supported range', () => {
    expect(validateKarpenterChartVersion('1.8.1')).toMatch(
      /must be a Karpenter release .* 1\.13\.0 to 1\.14\.1 .* 1\.8\.1 is older than the supported minors 1\.13 and 1\.14: upgrade to 1\.14\.1/,
    );
  });

  it('refuses a release the table does not know, newer or unpublished', () => {
    expect(validateKarpenterChartVersion('1.15.0')).toMatch(
      /1\.13\.0 to 1\.14\.1 .* 1\.15\.0 is not in that table/,
    );
    expect(validateKarpenterChartVersion('1.13.7')).toMatch(
      /1\.13\.7 is not in that table/,
    );
  });

  it('refuses what is not a chart version', () => {
    for (const v of ['v1.14.1', 'latest', '1.14', '1.14.1;id']) {
      expect(validateKarpenterChartVersion(v)).toMatch(
        /must be a Karpenter chart version such as "1\.14\.1"/,
      );
    }
  });
});

describe('isKarpenterQueueName', () => {
  it('takes a queue name, not its ARN or URL', () => {
    expect(isKarpenterQueueName('Karpenter-demo')).toBe(true);
    expect(
      isKarpenterQueueName('arn:aws:sqs:eu-west-1:123456789012:Karpenter-demo'),
    ).toBe(false);
    expect(
      isKarpenterQueueName(
        'https://sqs.eu-west-1.amazonaws.com/123456789012/Karpenter-demo',
      ),
    ).toBe(false);
  });
});

describe('karpenterVersionStanding', () => {
  it('says when Karpenter is too old for the Kubernetes version', () => {
    expect(karpenterVersionStanding('1.8.1', '1.35')).toEqual({
      tooOldForKubernetes: { kubernetesVersion: '1.35', minimum: '1.9.0' },
      behindLatest: { latest: '1.14.1' },
    });
  });

  it('says when it is older than the latest supported release only', () => {
    expect(karpenterVersionStanding('1.8.1', '1.33')).toEqual({
      behindLatest: { latest: '1.14.1' },
    });
    expect(karpenterVersionStanding('1.14.1', '1.36')).toEqual({});
  });

  it('judges nothing of an unreadable version', () => {
    expect(karpenterVersionStanding('latest', '1.36')).toEqual({});
  });

  it('orders versions numerically', () => {
    expect(compareKarpenterVersions('1.9.0', '1.13.0')).toBeLessThan(0);
    expect(compareKarpenterVersions('v1.14.1', '1.14.1')).toBe(0);
  });
});
