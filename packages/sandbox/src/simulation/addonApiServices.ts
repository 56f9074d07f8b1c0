import type { KubeObject } from '../kubernetes';

/**
 * The aggregated APIs an add-on registers, with the Service in front of its
 * pods: metrics-server serves the resource metrics API (`metrics.k8s.io`)
 * that HorizontalPodAutoscalers and `kubectl top` read.
 */
const ADDON_API_SERVICES: Record<
  string,
  {
    service: string;
    selector: Record<string, string>;
    apis: Array<{ group: string; version: string; priority: number }>;
  }
> = {
  'metrics-server': {
    service: 'metrics-server',
    selector: { 'app.kubernetes.io/name': 'metrics-server' },
    apis: [{ group: 'metrics.k8s.io', version: 'v1beta1', priority: 100 }],
  },
};

/** The Service and APIServices an add-on installs (none for most add-ons). */
export function addonApiServiceObjects(
  addonName: string,
  namespace: string,
  labels: Record<string, string>,
): KubeObject[] {
  const entry = ADDON_API_SERVICES[addonName];
  if (!entry) return [];
  return [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: entry.service, namespace, labels },
      spec: {
        type: 'ClusterIP',
        selector: entry.selector,
        ports: [
          { name: 'https', port: 443, protocol: 'TCP', targetPort: 'https' },
        ],
      },
    },
    ...entry.apis.map(api => ({
      apiVersion: 'apiregistration.k8s.io/v1',
      kind: 'APIService',
      metadata: { name: `${api.version}.${api.group}`, labels },
      spec: {
        group: api.group,
        version: api.version,
        groupPriorityMinimum: api.priority,
        versionPriority: api.priority,
        insecureSkipTLSVerify: true,
        service: { namespace, name: entry.service, port: 443 },
      },
    })),
  ];
}
