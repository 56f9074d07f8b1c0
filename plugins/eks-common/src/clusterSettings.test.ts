import {
  defaultServiceIpv4Cidr,
  isProductionTagged,
  remoteNetworksProblem,
  validateControlPlaneEgressMode,
  validateControlPlaneTier,
  validateRemoteNetworkCidr,
  validateUpgradeSupportType,
} from './clusterSettings';

describe('cluster configuration rules', () => {
  it('takes the support types, control plane tiers and egress modes EKS names, and states them', () => {
    expect(validateUpgradeSupportType('EXTENDED')).toBeUndefined();
    expect(validateUpgradeSupportType('extended')).toBe(
      'must be one of STANDARD, EXTENDED (got "extended")',
    );
    expect(validateControlPlaneTier('tier-8xl')).toBeUndefined();
    expect(validateControlPlaneTier('tier-16xl')).toMatch(
      /^must be one of standard, tier-xl, tier-2xl, tier-4xl, tier-8xl/,
    );
    expect(validateControlPlaneEgressMode('CUSTOMER_ISOLATED')).toBeUndefined();
    expect(validateControlPlaneEgressMode.statement).toBe(
      'must be one of AWS_MANAGED, CUSTOMER_ROUTED, CUSTOMER_ISOLATED',
    );
  });

  it('takes remote network blocks within RFC 1918 from /8 to /32 only', () => {
    for (const ok of ['10.0.0.0/8', '172.16.5.0/24', '192.168.1.7/32']) {
      expect(validateRemoteNetworkCidr(ok)).toBeUndefined();
    }
    for (const bad of [
      '8.8.8.0/24',
      '172.32.0.0/16',
      '10.0.0.0/7',
      '10.0.0.1/24',
      '10.0.0.0',
      '300.0.0.0/8',
    ]) {
      expect(validateRemoteNetworkCidr(bad)).toMatch(/RFC 1918/);
    }
  });

  it('refuses remote networks that overlap each other, the VPC or the service range, naming the field', () => {
    expect(remoteNetworksProblem({ nodeCidrs: [] })).toMatch(
      /^remoteNetwork\.nodeCidrs must list at least one/,
    );
    expect(
      remoteNetworksProblem({
        nodeCidrs: ['192.168.0.0/16'],
        podCidrs: ['192.168.4.0/24'],
      }),
    ).toBe(
      'remoteNetwork.podCidrs[0] must not overlap remoteNetwork.nodeCidrs[0]: 192.168.4.0/24 overlaps 192.168.0.0/16',
    );
    expect(
      remoteNetworksProblem(
        { nodeCidrs: ['10.1.0.0/16'] },
        { vpcCidrs: ['10.0.0.0/8'] },
      ),
    ).toMatch(
      /^remoteNetwork\.nodeCidrs\[0\] must not overlap the VPC's CIDR block 10\.0\.0\.0\/8/,
    );
    expect(
      remoteNetworksProblem(
        { nodeCidrs: ['192.168.0.0/16'], podCidrs: ['172.20.1.0/24'] },
        { vpcCidrs: ['10.0.0.0/16'], serviceCidr: '172.20.0.0/16' },
      ),
    ).toMatch(
      /^remoteNetwork\.podCidrs\[0\] must not overlap the Kubernetes service range 172\.20\.0\.0\/16/,
    );
    expect(
      remoteNetworksProblem(
        { nodeCidrs: ['192.168.0.0/16'], podCidrs: ['172.16.0.0/16'] },
        { vpcCidrs: ['10.0.0.0/16'], serviceCidr: '172.20.0.0/16' },
      ),
    ).toBeUndefined();
  });

  it("gives EKS's default service range and knows production tags", () => {
    expect(defaultServiceIpv4Cidr('10.0.0.0/16')).toBe('172.20.0.0/16');
    expect(defaultServiceIpv4Cidr('192.168.0.0/16')).toBe('10.100.0.0/16');
    expect(isProductionTagged({ Environment: 'Production' })).toBe(true);
    expect(isProductionTagged({ env: 'prod' })).toBe(true);
    expect(isProductionTagged({ environment: 'staging' })).toBe(false);
    expect(isProductionTagged({ team: 'production' })).toBe(false);
    expect(isProductionTagged(undefined)).toBe(false);
  });
});
