import {
  deployment,
  healthyObservations,
  nodeGroup,
  workloads,
} from '../__testUtils__/observations';
import { loadBalancerControllerImds } from './loadBalancerControllerImds';

const controller = deployment({
  namespace: 'kube-system',
  name: 'aws-load-balancer-controller',
  labels: { 'app.kubernetes.io/name': 'aws-load-balancer-controller' },
  args: ['--cluster-name=demo'],
});

describe('loadBalancerControllerImds', () => {
  it('fires for the controller without --aws-vpc-id on IMDSv2 nodes with hop limit 1', () => {
    const obs = healthyObservations();
    obs.workloads = { data: workloads({ deployments: [controller] }) };
    obs.nodeGroups = {
      data: [nodeGroup({ name: 'apps', httpPutResponseHopLimit: 1 })],
    };
    const [finding] = loadBalancerControllerImds(obs);
    expect(finding).toMatchObject({
      id: 'load-balancer-controller-imds-hop-limit',
      severity: 'critical',
    });
    expect(finding.resources).toEqual([
      'deployment/kube-system/aws-load-balancer-controller',
      'nodegroup/apps',
    ]);
    expect(finding.fix).toMatch(/HttpPutResponseHopLimit to 2/);
  });

  it('fires for Karpenter EC2NodeClasses left at the default hop limit of 1', () => {
    const obs = healthyObservations();
    obs.workloads = { data: workloads({ deployments: [controller] }) };
    obs.karpenterNodeClasses = {
      data: [
        { name: 'default', httpTokens: 'required', httpPutResponseHopLimit: 1 },
        { name: 'fixed', httpTokens: 'required', httpPutResponseHopLimit: 2 },
      ],
    };
    const [finding] = loadBalancerControllerImds(obs);
    expect(finding.resources).toEqual([
      'deployment/kube-system/aws-load-balancer-controller',
      'ec2nodeclass/default',
    ]);
  });

  it('stays quiet with hop limit 2, or when the controller is given the VPC ID', () => {
    const obs = healthyObservations();
    obs.workloads = { data: workloads({ deployments: [controller] }) };
    expect(loadBalancerControllerImds(obs)).toEqual([]);

    obs.nodeGroups = { data: [nodeGroup({ httpPutResponseHopLimit: 1 })] };
    obs.workloads = {
      data: workloads({
        deployments: [
          {
            ...controller,
            args: ['--cluster-name=demo', '--aws-vpc-id=vpc-1'],
          },
        ],
      }),
    };
    expect(loadBalancerControllerImds(obs)).toEqual([]);
  });
});
