import {
  deployment,
  healthyObservations,
  workloads,
} from '../__testUtils__/observations';
import { metricsServerOnAutoMode } from './metricsServerOnAutoMode';

const metricsServer = deployment({
  namespace: 'kube-system',
  name: 'metrics-server',
  labels: { 'app.kubernetes.io/name': 'metrics-server' },
});

describe('metricsServerOnAutoMode', () => {
  it('fires for a hand-installed metrics-server on Auto Mode', () => {
    const obs = healthyObservations();
    obs.cluster = { data: { ...obs.cluster.data!, autoMode: true } };
    obs.workloads = { data: workloads({ deployments: [metricsServer] }) };
    expect(metricsServerOnAutoMode(obs)).toEqual([
      expect.objectContaining({
        id: 'metrics-server-on-auto-mode',
        resources: ['deployment/kube-system/metrics-server'],
      }),
    ]);
  });

  it('stays quiet without Auto Mode', () => {
    const obs = healthyObservations();
    obs.workloads = { data: workloads({ deployments: [metricsServer] }) };
    expect(metricsServerOnAutoMode(obs)).toEqual([]);
  });
});
