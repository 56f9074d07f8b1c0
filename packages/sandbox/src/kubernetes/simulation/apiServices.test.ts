import { KubernetesCluster } from '../KubernetesCluster.ts';
import { createNodeGroupNodes } from '../nodeGroups.ts';
import { signEksToken, startTestKubernetesServer } from '../testing.ts';
import type { KubeObject } from '../types.ts';

const METRICS_API = 'v1beta1.metrics.k8s.io';

function newCluster() {
  const cluster = new KubernetesCluster({
    name: 'demo',
    recordWrite: () => {},
  });
  for (const name of ['default', 'kube-system']) {
    cluster.apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name },
    });
  }
  return cluster;
}

const metricsApiService: KubeObject = {
  apiVersion: 'apiregistration.k8s.io/v1',
  kind: 'APIService',
  metadata: { name: METRICS_API },
  spec: {
    group: 'metrics.k8s.io',
    version: 'v1beta1',
    groupPriorityMinimum: 100,
    versionPriority: 100,
    insecureSkipTLSVerify: true,
    service: { namespace: 'kube-system', name: 'metrics-server', port: 443 },
  },
};

function available(cluster: KubernetesCluster) {
  const stored = cluster.get(
    'apiregistration.k8s.io/v1',
    'APIService',
    undefined,
    METRICS_API,
  );
  return (
    stored?.status as
      | { conditions?: Array<{ type: string; status: string; reason: string }> }
      | undefined
  )?.conditions?.find(c => c.type === 'Available');
}

describe('APIServices (kube-aggregator availability)', () => {
  it('is ServiceNotFound, then MissingEndpoints, then Available as its Service and ready pods appear', () => {
    const cluster = newCluster();
    cluster.apply(metricsApiService);
    expect(available(cluster)).toMatchObject({
      status: 'False',
      reason: 'ServiceNotFound',
    });

    cluster.apply({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'metrics-server', namespace: 'kube-system' },
      spec: {
        selector: { 'app.kubernetes.io/name': 'metrics-server' },
        ports: [{ name: 'https', port: 443, targetPort: 'https' }],
      },
    });
    expect(available(cluster)).toMatchObject({
      status: 'False',
      reason: 'MissingEndpoints',
    });

    createNodeGroupNodes(cluster, {
      nodeGroup: 'system',
      zones: ['eu-west-1a'],
    });
    cluster.apply({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'metrics-server', namespace: 'kube-system' },
      spec: {
        replicas: 1,
        selector: {
          matchLabels: { 'app.kubernetes.io/name': 'metrics-server' },
        },
        template: {
          metadata: { labels: { 'app.kubernetes.io/name': 'metrics-server' } },
          spec: {
            containers: [
              { name: 'metrics-server', image: 'metrics-server:v0.8.0' },
            ],
          },
        },
      },
    });
    expect(available(cluster)).toMatchObject({
      status: 'True',
      reason: 'Passed',
    });
  });

  it('serves apiregistration.k8s.io/v1 APIServices and autoscaling/v2 HorizontalPodAutoscalers, refusing an HPA without maxReplicas', async () => {
    const cluster = newCluster();
    const server = await startTestKubernetesServer([cluster]);
    const headers = {
      Authorization: `Bearer ${signEksToken({ clusterName: 'demo' })}`,
      'Content-Type': 'application/json',
    };
    try {
      const base = server.endpoint('demo');
      const created = await server.fetch(
        `${base}/apis/apiregistration.k8s.io/v1/apiservices`,
        { method: 'POST', headers, body: JSON.stringify(metricsApiService) },
      );
      expect(created.status).toBe(201);
      const read = await server.fetch(
        `${base}/apis/apiregistration.k8s.io/v1/apiservices/${METRICS_API}`,
        { headers },
      );
      expect(await read.json()).toMatchObject({
        status: {
          conditions: [
            expect.objectContaining({
              type: 'Available',
              status: 'False',
              reason: 'ServiceNotFound',
            }),
          ],
        },
      });

      const hpa = {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'web', namespace: 'default' },
        spec: {
          scaleTargetRef: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'web',
          },
          minReplicas: 1,
          maxReplicas: 5,
          metrics: [
            {
              type: 'Resource',
              resource: {
                name: 'cpu',
                target: { type: 'Utilization', averageUtilization: 70 },
              },
            },
          ],
        },
      };
      const hpas = `${base}/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers`;
      const refused = await server.fetch(hpas, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          ...hpa,
          metadata: { name: 'broken', namespace: 'default' },
          spec: { scaleTargetRef: hpa.spec.scaleTargetRef },
        }),
      });
      expect(refused.status).toBe(422);
      expect(JSON.stringify(await refused.json())).toMatch(/maxReplicas/);
      const ok = await server.fetch(hpas, {
        method: 'POST',
        headers,
        body: JSON.stringify(hpa),
      });
      expect(ok.status).toBe(201);
      const list = await server.fetch(
        `${base}/apis/autoscaling/v2/horizontalpodautoscalers`,
        { headers },
      );
      expect(
        ((await list.json()) as { items: KubeObject[] }).items.map(
          i => i.metadata.name,
        ),
      ).toEqual(['web']);
    } finally {
      await server.stop();
    }
  });
});
