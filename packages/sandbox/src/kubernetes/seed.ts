import { karpenterCrds, KARPENTER_VERSION } from './karpenterCrds.ts';
import type { KubernetesCluster } from './KubernetesCluster.ts';
import {
  createNodeGroupNodes,
  CRITICAL_ADDONS_ONLY_TAINT,
} from './nodeGroups.ts';
import type { KubeObject } from './types.ts';

const CRITICAL_ADDONS_TOLERATION = {
  key: 'CriticalAddonsOnly',
  operator: 'Exists',
};

function deployment(opts: {
  name: string;
  namespace: string;
  replicas: number;
  image: string;
  labels?: Record<string, string>;
  serviceAccountName?: string;
  env?: Array<{ name: string; value: string }>;
  requests?: { cpu: string; memory: string };
  tolerations?: unknown[];
  spreadOverZones?: boolean;
  ports?: number[];
}): KubeObject {
  const labels = { 'app.kubernetes.io/name': opts.name, ...opts.labels };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: opts.name, namespace: opts.namespace, labels },
    spec: {
      replicas: opts.replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          ...(opts.serviceAccountName
            ? { serviceAccountName: opts.serviceAccountName }
            : {}),
          containers: [
            {
              name: opts.name === 'karpenter' ? 'controller' : opts.name,
              image: opts.image,
              ...(opts.env ? { env: opts.env } : {}),
              ...(opts.ports
                ? {
                    ports: opts.ports.map(containerPort => ({
                      containerPort,
                      protocol: 'TCP',
                    })),
                  }
                : {}),
              ...(opts.requests
                ? { resources: { requests: opts.requests } }
                : {}),
            },
          ],
          ...(opts.tolerations ? { tolerations: opts.tolerations } : {}),
          ...(opts.spreadOverZones
            ? {
                topologySpreadConstraints: [
                  {
                    maxSkew: 1,
                    topologyKey: 'topology.kubernetes.io/zone',
                    whenUnsatisfiable: 'DoNotSchedule',
                    labelSelector: { matchLabels: labels },
                  },
                ],
              }
            : {}),
        },
      },
    },
  };
}

function daemonSet(name: string, image: string): KubeObject {
  const labels = { 'k8s-app': name };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'kube-system', labels },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [{ name, image }],
          tolerations: [{ operator: 'Exists' }],
        },
      },
    },
  };
}

function serviceAccount(name: string, namespace: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name, namespace },
  };
}

/**
 * Seeds a demo cluster: namespaces, kube-system workloads (CoreDNS, the AWS
 * Load Balancer Controller, Karpenter with service account `karpenter`),
 * the Karpenter CRDs with a default EC2NodeClass and NodePool over `zones`,
 * and a `shop` application (one Deployment spread over zones, one without
 * topology spread constraints, a LoadBalancer Service and an ALB Ingress).
 * With `nodeGroup`, registers one node per zone for that managed node group
 * (tainted CriticalAddonsOnly, as a system node group) unless nodes exist.
 */
export function seedDemoKubernetes(
  cluster: KubernetesCluster,
  opts: { zones: string[]; nodeGroup?: string },
): void {
  if (opts.zones.length === 0) {
    throw new Error('seedDemoKubernetes: zones must name at least one zone');
  }
  cluster.batch(() => seedObjects(cluster, opts.zones, opts.nodeGroup));
}

function seedObjects(
  cluster: KubernetesCluster,
  zones: string[],
  nodeGroup: string | undefined,
): void {
  const region = zones[0].replace(/[a-z]$/, '');
  for (const name of [
    'default',
    'kube-system',
    'kube-public',
    'kube-node-lease',
    'shop',
  ]) {
    cluster.apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  }
  for (const crd of karpenterCrds()) cluster.apply(crd);

  if (nodeGroup && cluster.list('v1', 'Node').length === 0) {
    createNodeGroupNodes(cluster, {
      nodeGroup: nodeGroup,
      zones: zones,
      taints: [CRITICAL_ADDONS_ONLY_TAINT],
    });
  }

  cluster.apply(
    daemonSet(
      'aws-node',
      `602401143452.dkr.ecr.${region}.amazonaws.com/amazon-k8s-cni:v1.20.4-eksbuild.1`,
    ),
  );
  cluster.apply(
    daemonSet(
      'kube-proxy',
      `602401143452.dkr.ecr.${region}.amazonaws.com/eks/kube-proxy:v1.33.3-minimal-eksbuild.6`,
    ),
  );
  cluster.apply(
    deployment({
      name: 'coredns',
      namespace: 'kube-system',
      replicas: 2,
      labels: {
        'k8s-app': 'kube-dns',
        'eks.amazonaws.com/component': 'coredns',
      },
      image: `602401143452.dkr.ecr.${region}.amazonaws.com/eks/coredns:v1.12.3-eksbuild.1`,
      requests: { cpu: '100m', memory: '70Mi' },
      tolerations: [CRITICAL_ADDONS_TOLERATION],
      ports: [53, 9153],
    }),
  );
  cluster.apply({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kube-dns',
      namespace: 'kube-system',
      labels: { 'k8s-app': 'kube-dns' },
    },
    spec: {
      type: 'ClusterIP',
      clusterIP: '172.20.0.10',
      clusterIPs: ['172.20.0.10'],
      selector: { 'k8s-app': 'kube-dns' },
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
      ],
    },
    status: { loadBalancer: {} },
  });

  cluster.apply(serviceAccount('aws-load-balancer-controller', 'kube-system'));
  cluster.apply(
    deployment({
      name: 'aws-load-balancer-controller',
      namespace: 'kube-system',
      replicas: 2,
      image: 'public.ecr.aws/eks/aws-load-balancer-controller:v2.14.1',
      serviceAccountName: 'aws-load-balancer-controller',
      env: [{ name: 'CLUSTER_NAME', value: cluster.name }],
      requests: { cpu: '100m', memory: '128Mi' },
      tolerations: [CRITICAL_ADDONS_TOLERATION],
    }),
  );

  cluster.apply(serviceAccount('karpenter', 'kube-system'));
  cluster.apply(
    deployment({
      name: 'karpenter',
      namespace: 'kube-system',
      replicas: 2,
      labels: { 'app.kubernetes.io/instance': 'karpenter' },
      image: `public.ecr.aws/karpenter/controller:${KARPENTER_VERSION}`,
      serviceAccountName: 'karpenter',
      env: [
        { name: 'CLUSTER_NAME', value: cluster.name },
        { name: 'INTERRUPTION_QUEUE', value: `Karpenter-${cluster.name}` },
      ],
      requests: { cpu: '250m', memory: '256Mi' },
      tolerations: [CRITICAL_ADDONS_TOLERATION],
      ports: [8080, 8081],
    }),
  );

  cluster.apply({
    apiVersion: 'karpenter.k8s.aws/v1',
    kind: 'EC2NodeClass',
    metadata: { name: 'default' },
    spec: {
      role: `KarpenterNodeRole-${cluster.name}`,
      amiSelectorTerms: [{ alias: 'al2023@latest' }],
      subnetSelectorTerms: [
        { tags: { 'karpenter.sh/discovery': cluster.name } },
      ],
      securityGroupSelectorTerms: [
        { tags: { 'karpenter.sh/discovery': cluster.name } },
      ],
      metadataOptions: {
        httpEndpoint: 'enabled',
        httpProtocolIPv6: 'disabled',
        httpPutResponseHopLimit: 2,
        httpTokens: 'required',
      },
    },
  });
  cluster.apply({
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name: 'default' },
    spec: {
      template: {
        spec: {
          nodeClassRef: {
            group: 'karpenter.k8s.aws',
            kind: 'EC2NodeClass',
            name: 'default',
          },
          requirements: [
            { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] },
            { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
            {
              key: 'karpenter.sh/capacity-type',
              operator: 'In',
              values: ['spot', 'on-demand'],
            },
            {
              key: 'karpenter.k8s.aws/instance-category',
              operator: 'In',
              values: ['c', 'm', 'r'],
            },
            {
              key: 'karpenter.k8s.aws/instance-generation',
              operator: 'Gt',
              values: ['2'],
            },
            {
              key: 'topology.kubernetes.io/zone',
              operator: 'In',
              values: zones,
            },
          ],
          expireAfter: '720h',
        },
      },
      limits: { cpu: '1000', memory: '1000Gi' },
      disruption: {
        consolidationPolicy: 'WhenEmptyOrUnderutilized',
        consolidateAfter: '1m',
      },
    },
  });

  cluster.apply(
    deployment({
      name: 'storefront',
      namespace: 'shop',
      replicas: 3,
      labels: { app: 'storefront' },
      image: 'public.ecr.aws/nginx/nginx:1.29',
      requests: { cpu: '250m', memory: '256Mi' },
      spreadOverZones: true,
      ports: [8080],
    }),
  );
  cluster.apply(
    deployment({
      name: 'cart',
      namespace: 'shop',
      replicas: 2,
      labels: { app: 'cart' },
      image: 'public.ecr.aws/docker/library/redis:8.2',
      requests: { cpu: '250m', memory: '512Mi' },
      ports: [6379],
    }),
  );
  cluster.apply({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'storefront',
      namespace: 'shop',
      annotations: {
        'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
        'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
        'service.beta.kubernetes.io/aws-load-balancer-scheme':
          'internet-facing',
      },
    },
    spec: {
      type: 'LoadBalancer',
      clusterIP: '172.20.40.11',
      clusterIPs: ['172.20.40.11'],
      selector: { 'app.kubernetes.io/name': 'storefront' },
      ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }],
    },
    status: { loadBalancer: {} },
  });
  cluster.apply({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'cart', namespace: 'shop' },
    spec: {
      type: 'ClusterIP',
      clusterIP: '172.20.40.12',
      clusterIPs: ['172.20.40.12'],
      selector: { 'app.kubernetes.io/name': 'cart' },
      ports: [{ name: 'redis', port: 6379, protocol: 'TCP', targetPort: 6379 }],
    },
    status: { loadBalancer: {} },
  });
  cluster.apply({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: 'storefront',
      namespace: 'shop',
      annotations: {
        'alb.ingress.kubernetes.io/scheme': 'internet-facing',
        'alb.ingress.kubernetes.io/target-type': 'ip',
      },
    },
    spec: {
      ingressClassName: 'alb',
      rules: [
        {
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: {
                  service: { name: 'storefront', port: { number: 80 } },
                },
              },
            ],
          },
        },
      ],
    },
    status: { loadBalancer: {} },
  });
}
