import type { DiagnosticCheck } from './types';

/** Deployments that run the AWS Load Balancer Controller. */
export function isLoadBalancerController(d: {
  name: string;
  labels: Record<string, string>;
  images: string[];
}): boolean {
  return (
    d.labels['app.kubernetes.io/name'] === 'aws-load-balancer-controller' ||
    d.name === 'aws-load-balancer-controller' ||
    d.images.some(i => /aws-load-balancer-controller[:@]/.test(i))
  );
}

/**
 * The load balancer controller reads the VPC ID from instance metadata unless
 * `--aws-vpc-id` is given; with IMDSv2 required and a hop limit of 1, pods
 * cannot reach IMDS ("failed to fetch VPC ID from instance metadata").
 */
export const loadBalancerControllerImds: DiagnosticCheck = obs => {
  const controllers = (obs.workloads.data?.deployments ?? []).filter(
    d =>
      isLoadBalancerController(d) &&
      !d.args.some(a => a.startsWith('--aws-vpc-id')),
  );
  if (controllers.length === 0) return [];
  const nodeGroups = (obs.nodeGroups.data ?? []).filter(
    ng => ng.httpTokens === 'required' && ng.httpPutResponseHopLimit === 1,
  );
  const nodeClasses = (obs.karpenterNodeClasses.data ?? []).filter(
    nc => nc.httpTokens === 'required' && nc.httpPutResponseHopLimit === 1,
  );
  if (nodeGroups.length === 0 && nodeClasses.length === 0) return [];
  const where = [
    ...nodeGroups.map(ng => `node group ${ng.name}`),
    ...nodeClasses.map(nc => `Karpenter EC2NodeClass ${nc.name}`),
  ];
  return [
    {
      id: 'load-balancer-controller-imds-hop-limit',
      severity: 'critical',
      title:
        'Load balancer controller cannot read the VPC ID from instance metadata',
      what: `The AWS Load Balancer Controller runs without --aws-vpc-id, and ${where.join(
        ', ',
      )} require${where.length === 1 ? 's' : ''} IMDSv2 with a hop limit of 1.`,
      why: 'IMDSv2 responses to pods travel one extra network hop; with a hop limit of 1 they never arrive, the controller fails with "failed to fetch VPC ID from instance metadata" and no load balancer is created or updated.',
      fix: "Set the launch template's metadata option HttpPutResponseHopLimit to 2 (and roll the node group; for Karpenter, spec.metadataOptions.httpPutResponseHopLimit: 2 on the EC2NodeClass), or pass the VPC ID and region to the controller (Helm values vpcId and region).",
      link: 'https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/deploy/installation/#using-the-amazon-ec2-instance-metadata-server-version-2-imdsv2',
      resources: [
        ...controllers.map(c => `deployment/${c.namespace}/${c.name}`),
        ...nodeGroups.map(ng => `nodegroup/${ng.name}`),
        ...nodeClasses.map(nc => `ec2nodeclass/${nc.name}`),
      ],
    },
  ];
};
