import {
  addon,
  crashLoopingKarpenterPod,
  healthyObservations,
  karpenter,
  nodeGroup,
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
    expect(runDiagnostics(obs).map(f => [f.id, f.severity])).toEqual([
      ['addon-degraded', 'critical'],
      ['karpenter-crash-loop-no-credentials', 'critical'],
    ]);
  });

  it('ranks by impact now: a DEGRADED add-on, an unhealthy node group and a crash-looping controller before a misconfiguration insight; upgrade readiness is no finding', () => {
    const obs = healthyObservations();
    obs.insights = {
      data: [
        {
          id: 'upgrade',
          name: 'Amazon EKS add-on version compatibility',
          category: 'UPGRADE_READINESS',
          status: 'ERROR',
          kubernetesVersion: '1.34',
        },
        {
          id: 'misconfig',
          name: 'Hybrid nodes configuration',
          category: 'MISCONFIGURATION',
          status: 'ERROR',
        },
      ],
    };
    obs.addons = {
      data: [
        addon({
          name: 'aws-ebs-csi-driver',
          status: 'DEGRADED',
          health: [{ code: 'AccessDenied', message: 'denied' }],
        }),
      ],
    };
    obs.nodeGroups = {
      data: [
        nodeGroup({
          status: 'DEGRADED',
          issues: [
            { code: 'AsgInstanceLaunchFailures', message: 'no capacity' },
          ],
        }),
      ],
    };
    obs.karpenter = {
      data: karpenter({
        controller: { ready: 0, desired: 1, namespace: 'karpenter' },
      }),
    };
    obs.karpenterControllerPods = {
      data: [crashLoopingKarpenterPod('ec2 api connectivity check failed')],
    };
    expect(runDiagnostics(obs).map(f => [f.id, f.severity])).toEqual([
      ['addon-degraded', 'critical'],
      ['nodegroup-unhealthy', 'critical'],
      ['karpenter-crash-loop-no-credentials', 'critical'],
      ['insight-misconfig', 'warning'],
    ]);
  });
});
