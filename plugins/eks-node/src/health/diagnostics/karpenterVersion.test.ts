import { healthyObservations, karpenter } from '../__testUtils__/observations';
import { karpenterVersion } from './karpenterVersion';

describe('karpenterVersion', () => {
  const withKarpenter = (version: string, kubernetes: string) => {
    const obs = healthyObservations();
    obs.cluster.data!.version = kubernetes;
    obs.karpenter = { data: karpenter({ version }) };
    return obs;
  };

  it('says when Karpenter is too old for the cluster’s Kubernetes version, linking the upgrade', () => {
    const [finding] = karpenterVersion(withKarpenter('1.8.1', '1.35'));
    expect(finding).toMatchObject({
      id: 'karpenter-too-old-for-kubernetes',
      severity: 'warning',
      title: 'Karpenter 1.8.1 is too old for Kubernetes 1.35',
      what: expect.stringContaining('Karpenter supports it from 1.9.0'),
      fix: expect.stringContaining('chart version 1.14.1'),
    });
    expect(decodeURIComponent(finding.action!.path)).toBe(
      '/create/templates/default/setup-karpenter?formData={"cluster":"demo","region":"eu-west-1","accountId":"000000000000","chartVersion":"1.14.1"}',
    );
    // 1.36 needs 1.13
    expect(karpenterVersion(withKarpenter('1.12.2', '1.36'))[0].id).toBe(
      'karpenter-too-old-for-kubernetes',
    );
  });

  it('notes a Karpenter older than the latest supported release', () => {
    expect(karpenterVersion(withKarpenter('1.8.1', '1.33'))).toEqual([
      expect.objectContaining({
        id: 'karpenter-behind-latest-release',
        severity: 'info',
        title:
          'Karpenter 1.8.1 is older than the latest supported release 1.14.1',
      }),
    ]);
    expect(karpenterVersion(withKarpenter('1.13.1', '1.36'))).toEqual([
      expect.objectContaining({ id: 'karpenter-behind-latest-release' }),
    ]);
  });

  it('stays quiet at the latest release, without a version, without Karpenter or on Auto Mode', () => {
    expect(karpenterVersion(withKarpenter('1.14.1', '1.36'))).toEqual([]);
    const unknown = healthyObservations();
    unknown.karpenter = { data: karpenter({ version: undefined }) };
    expect(karpenterVersion(unknown)).toEqual([]);
    expect(karpenterVersion(healthyObservations())).toEqual([]);
    const autoMode = healthyObservations();
    autoMode.karpenter = {
      data: karpenter({
        runBy: 'eks-auto-mode',
        controller: undefined,
        version: undefined,
      }),
    };
    expect(karpenterVersion(autoMode)).toEqual([]);
  });
});
