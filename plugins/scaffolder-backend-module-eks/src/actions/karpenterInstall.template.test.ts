import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  DEFAULT_KARPENTER_CHART_VERSION,
  KARPENTER_RELEASES,
  SUPPORTED_KARPENTER_VERSIONS,
} from '@backstage-eks/plugin-eks-common';
import yaml from 'yaml';

/** The Set up Karpenter template's form, as the portal shows it. */
const template = yaml.parse(
  readFileSync(
    resolve(__dirname, '../../../../templates/setup-karpenter/template.yaml'),
    'utf8',
  ),
);
const karpenterPage = template.spec.parameters.find(
  (page: any) => page.title === 'Karpenter',
);
const chartVersion = karpenterPage.properties.chartVersion;

describe('the Set up Karpenter template', () => {
  it('offers exactly the releases of the table, newest first, defaulting to the latest', () => {
    expect(chartVersion.enum.map(String)).toEqual(
      [...SUPPORTED_KARPENTER_VERSIONS].reverse(),
    );
    expect(String(chartVersion.default)).toBe(DEFAULT_KARPENTER_CHART_VERSION);
  });

  it("names each release's Kubernetes versions as the table has them", () => {
    chartVersion.enum.map(String).forEach((version: string, i: number) => {
      const line = KARPENTER_RELEASES.find(l => l.versions.includes(version))!;
      expect(chartVersion.enumNames[i]).toContain(
        `Kubernetes ${line.kubernetes.oldest} to ${line.kubernetes.newest}`,
      );
      expect(chartVersion['ui:enumNames'][i]).toBe(chartVersion.enumNames[i]);
    });
  });

  it('passes the version and the zonal shift option to the action', () => {
    const step = template.spec.steps.find(
      (s: any) => s.action === 'aws:eks:karpenter:install',
    );
    expect(step.input).toMatchObject({
      chartVersion: '${{ parameters.chartVersion }}',
      enableZonalShift: '${{ parameters.enableZonalShift }}',
    });
    expect(karpenterPage.properties.enableZonalShift.default).toBe(false);
  });
});
