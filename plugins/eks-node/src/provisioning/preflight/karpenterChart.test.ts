import {
  checkKarpenterChartVersion,
  checkKarpenterHelmValues,
} from './karpenterChart';

describe('checkKarpenterChartVersion', () => {
  it('accepts the chart versions of the release table', () => {
    for (const version of ['1.13.0', '1.13.1', '1.14.0', '1.14.1']) {
      expect(() =>
        checkKarpenterChartVersion('chartVersion', version),
      ).not.toThrow();
    }
    expect(() =>
      checkKarpenterChartVersion('chartVersion', undefined),
    ).not.toThrow();
  });

  it('refuses an older chart, naming the field and the supported range', () => {
    expect(() => checkKarpenterChartVersion('chartVersion', '1.8.1')).toThrow(
      /^chartVersion must be a Karpenter release .*: 1\.13\.0 to 1\.14\.1 \(1\.13\.0, 1\.13\.1, 1\.14\.0, 1\.14\.1\); 1\.8\.1 is older/,
    );
  });

  it('refuses a chart newer than the table', () => {
    expect(() => checkKarpenterChartVersion('chartVersion', '1.15.0')).toThrow(
      /^chartVersion must be a Karpenter release .*1\.15\.0 is not in that table/,
    );
  });

  it('refuses what is not a chart version', () => {
    for (const version of ['v1.14.1', 'latest', '1.14']) {
      expect(() => checkKarpenterChartVersion('chartVersion', version)).toThrow(
        /^chartVersion must be a Karpenter chart version such as "1\.14\.1"/,
      );
    }
  });
});

describe('checkKarpenterHelmValues', () => {
  const check = (version: string, settings: Record<string, unknown>) => () =>
    checkKarpenterHelmValues(
      'helmValues',
      version,
      { settings },
      'Karpenter-demo',
    );

  it('accepts settings and gates of the chart version', () => {
    expect(
      check('1.14.1', { featureGates: { capacityBuffer: true } }),
    ).not.toThrow();
    expect(
      check('1.13.0', { interruptionQueue: 'Karpenter-demo' }),
    ).not.toThrow();
  });

  it("refuses a setting or gate the version's chart does not have", () => {
    expect(check('1.13.1', { featureGates: { capacityBuffer: true } })).toThrow(
      /^helmValues\.settings\.featureGates\.capacityBuffer is not a feature gate of the Karpenter 1\.13 chart/,
    );
    expect(check('1.14.1', { interuptionQueue: 'x' })).toThrow(
      /^helmValues\.settings\.interuptionQueue is not a setting of the Karpenter 1\.14 chart/,
    );
  });

  it('refuses the interruption queue given as an ARN, a URL or another name', () => {
    expect(
      check('1.14.1', {
        interruptionQueue: 'arn:aws:sqs:eu-west-1:123456789012:Karpenter-demo',
      }),
    ).toThrow(/interruptionQueue must be the interruption queue's NAME/);
    expect(
      check('1.14.1', {
        interruptionQueue:
          'https://sqs.eu-west-1.amazonaws.com/123456789012/Karpenter-demo',
      }),
    ).toThrow(/not its ARN or URL/);
    expect(check('1.14.1', { interruptionQueue: 'other' })).toThrow(
      /interruptionQueue is other, but the queue this action creates, and the controller policy allows, is Karpenter-demo/,
    );
  });

  it('sends enableZonalShift to its option', () => {
    expect(check('1.14.1', { enableZonalShift: true })).toThrow(
      /helmValues\.settings\.enableZonalShift is set by the enableZonalShift option/,
    );
  });
});
