import { checkKarpenterChartVersion } from './karpenterChart';

describe('checkKarpenterChartVersion', () => {
  it('accepts v1 charts the controller policy matches', () => {
    for (const version of ['1.0.0', '1.8.1', '1.10.3', '1.9.0-rc.1']) {
      expect(() =>
        checkKarpenterChartVersion('chartVersion', version),
      ).not.toThrow();
    }
    expect(() =>
      checkKarpenterChartVersion('chartVersion', undefined),
    ).not.toThrow();
  });

  it('refuses a pre-v1 chart, saying why', () => {
    expect(() => checkKarpenterChartVersion('chartVersion', '0.37.0')).toThrow(
      /chartVersion must be a Karpenter v1 chart .* 0\.37\.0 is pre-v1: it serves the v1beta1 NodePool and EC2NodeClass APIs/,
    );
  });

  it('refuses a chart newer than the controller policy', () => {
    expect(() => checkKarpenterChartVersion('chartVersion', '1.12.0')).toThrow(
      /chartVersion must be a Karpenter chart this action's controller policy matches .* 1\.12\.0 needs IAM permissions/,
    );
  });

  it('refuses what is not a chart version', () => {
    for (const version of ['v1.8.1', 'latest', '1.8']) {
      expect(() => checkKarpenterChartVersion('chartVersion', version)).toThrow(
        /chartVersion must be a Karpenter chart version such as "1\.8\.1"/,
      );
    }
  });
});
