import { addon, healthyObservations } from '../__testUtils__/observations';
import type {
  ApiServiceObservation,
  HorizontalPodAutoscalerObservation,
} from '../types';
import { horizontalPodAutoscalersWithoutMetricsApi } from './horizontalPodAutoscalersWithoutMetricsApi';

const webHpa: HorizontalPodAutoscalerObservation = {
  namespace: 'shop',
  name: 'web',
  target: 'Deployment/web',
  usesResourceMetrics: true,
};

function observations(
  hpas: HorizontalPodAutoscalerObservation[],
  resourceMetricsApi?: ApiServiceObservation,
  autoMode = false,
) {
  const obs = healthyObservations();
  obs.cluster = { data: { ...obs.cluster.data!, autoMode } };
  obs.metricsApi = {
    data: { horizontalPodAutoscalers: hpas, resourceMetricsApi },
  };
  return obs;
}

const unavailable = (reason: string): ApiServiceObservation => ({
  name: 'v1beta1.metrics.k8s.io',
  available: false,
  reason,
  message: 'details',
  service: 'kube-system/metrics-server',
});

describe('horizontalPodAutoscalersWithoutMetricsApi', () => {
  it('metrics API not registered (Auto Mode too): install the metrics-server add-on', () => {
    const [finding] = horizontalPodAutoscalersWithoutMetricsApi(
      observations([webHpa], undefined, true),
    );
    expect(finding).toMatchObject({
      id: 'horizontal-pod-autoscalers-without-metrics-api',
      severity: 'warning',
      title: 'HorizontalPodAutoscalers exist but no metrics API is served',
      resources: [
        'apiservice/v1beta1.metrics.k8s.io',
        'horizontalpodautoscaler/shop/web',
      ],
    });
    expect(finding.what).toMatch(/shop\/web → Deployment\/web/);
    expect(finding.what).toMatch(/not registered/);
    expect(finding.fix).toMatch(
      /aws eks create-addon --cluster-name demo --addon-name metrics-server/,
    );
    expect(finding.fix).toMatch(/Auto Mode does not include it/);
  });

  it('add-on present but APIService not registered: overwrite the add-on', () => {
    const obs = observations([webHpa]);
    obs.addons = {
      data: [addon({ name: 'metrics-server', status: 'DEGRADED' })],
    };
    const [finding] = horizontalPodAutoscalersWithoutMetricsApi(obs);
    expect(finding.fix).toMatch(/--resolve-conflicts OVERWRITE/);
    expect(finding.resources).toContain('addon/metrics-server');
  });

  it('ServiceNotFound without the add-on: delete the stale APIService, install the add-on', () => {
    const [finding] = horizontalPodAutoscalersWithoutMetricsApi(
      observations([webHpa], unavailable('ServiceNotFound')),
    );
    expect(finding.what).toMatch(/not Available: ServiceNotFound/);
    expect(finding.fix).toMatch(
      /kubectl delete apiservice v1beta1\.metrics\.k8s\.io.*create-addon/,
    );
  });

  it('MissingEndpoints: make the metrics-server pods ready', () => {
    const [finding] = horizontalPodAutoscalersWithoutMetricsApi(
      observations([webHpa], unavailable('MissingEndpoints')),
    );
    expect(finding.fix).toMatch(/no ready pods/);
    expect(finding.fix).toMatch(/kubectl -n kube-system get pods/);
  });

  it('FailedDiscoveryCheck: open the port from the control plane', () => {
    const [finding] = horizontalPodAutoscalersWithoutMetricsApi(
      observations([webHpa], unavailable('FailedDiscoveryCheck')),
    );
    expect(finding.fix).toMatch(/cluster security group.*10250/);
  });

  it('stays quiet when the API is Available, without HPAs, or for HPAs on other metrics', () => {
    expect(
      horizontalPodAutoscalersWithoutMetricsApi(
        observations([webHpa], {
          name: 'v1beta1.metrics.k8s.io',
          available: true,
        }),
      ),
    ).toEqual([]);
    expect(horizontalPodAutoscalersWithoutMetricsApi(observations([]))).toEqual(
      [],
    );
    expect(
      horizontalPodAutoscalersWithoutMetricsApi(
        observations([{ ...webHpa, usesResourceMetrics: false }]),
      ),
    ).toEqual([]);
  });
});
