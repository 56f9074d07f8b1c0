import type { DiagnosticCheck } from './types';

/** metrics-server installed by hand on an EKS Auto Mode cluster. */
export const metricsServerOnAutoMode: DiagnosticCheck = obs => {
  if (obs.cluster.data?.autoMode !== true) return [];
  const deployments = (obs.workloads.data?.deployments ?? []).filter(
    d =>
      d.name === 'metrics-server' ||
      d.labels['app.kubernetes.io/name'] === 'metrics-server',
  );
  const addon = (obs.addons.data ?? []).find(a => a.name === 'metrics-server');
  if (deployments.length === 0 || addon) return [];
  return [
    {
      id: 'metrics-server-on-auto-mode',
      severity: 'info',
      title: 'metrics-server installed by hand on an Auto Mode cluster',
      what: `metrics-server runs as ${deployments
        .map(d => `${d.namespace}/${d.name}`)
        .join(', ')} on an EKS Auto Mode cluster.`,
      why: 'EKS Auto Mode handles cluster operations such as metrics collection for scaling itself; a hand-installed copy is one more component to patch and upgrade, and can conflict with what EKS manages.',
      fix: 'Remove the hand-installed metrics-server (helm uninstall or kubectl delete) and, if you need one, use the metrics-server EKS add-on so that EKS keeps it compatible.',
      link: 'https://docs.aws.amazon.com/eks/latest/userguide/automode.html',
      resources: deployments.map(d => `deployment/${d.namespace}/${d.name}`),
    },
  ];
};
