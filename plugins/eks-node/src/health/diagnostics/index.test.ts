import {
  addon,
  crashLoopingKarpenterPod,
  healthyObservations,
  karpenter,
} from '../__testUtils__/observations';
import { runDiagnostics } from '.';

describe('runDiagnostics', () => {
  it('finds nothing on a healthy cluster', () => {
    expect(runDiagnostics(healthyObservations())).toEqual([]);
  });

  it('lists findings most severe first and survives a failing check', () => {
    const obs = healthyObservations();
    obs.addons = { data: [addon({ name: 'coredns', status: 'DEGRADED' })] };
    obs.karpenter = {
      data: karpenter({
        controller: { ready: 0, desired: 1, namespace: 'karpenter' },
      }),
    };
    obs.karpenterControllerPods = {
      data: [crashLoopingKarpenterPod('ec2 api connectivity check failed')],
    };
    const findings = runDiagnostics(obs, [
      () => {
        throw new Error('broken check');
      },
      o =>
        (o.addons.data ?? []).length
          ? [
              {
                id: 'x',
                severity: 'info',
                title: 't',
                what: 'w',
                why: 'y',
                fix: 'f',
              },
            ]
          : [],
      () => [
        {
          id: 'y',
          severity: 'critical',
          title: 't',
          what: 'w',
          why: 'y',
          fix: 'f',
        },
      ],
    ]);
    expect(findings.map(f => f.id)).toEqual(['y', 'x']);
    expect(runDiagnostics(obs).map(f => f.id)).toEqual([
      'karpenter-crash-loop-no-credentials',
      'addon-degraded',
    ]);
  });
});
