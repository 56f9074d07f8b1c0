import { healthyObservations, workloads } from '../__testUtils__/observations';
import { loadBalancersLeftOnDelete } from './loadBalancersLeftOnDelete';

describe('loadBalancersLeftOnDelete', () => {
  it('lists LoadBalancer Services and ALB Ingresses', () => {
    const obs = healthyObservations();
    obs.workloads = {
      data: workloads({
        loadBalancerServices: [
          {
            namespace: 'shop',
            name: 'web',
            loadBalancerClass: 'service.k8s.aws/nlb',
            annotations: {},
            hostnames: ['web-123.elb.eu-west-1.amazonaws.com'],
          },
        ],
        ingresses: [
          {
            namespace: 'shop',
            name: 'api',
            ingressClassName: 'alb',
            annotations: {},
            hostnames: [],
          },
          {
            namespace: 'shop',
            name: 'internal',
            ingressClassName: 'nginx',
            annotations: {},
            hostnames: [],
          },
        ],
      }),
    };
    const [finding] = loadBalancersLeftOnDelete(obs);
    expect(finding.id).toBe('load-balancers-left-on-delete');
    expect(finding.resources).toEqual(['service/shop/web', 'ingress/shop/api']);
    expect(finding.what).toMatch(/AWS Load Balancer Controller/);
  });

  it('stays quiet without load balancers', () => {
    const obs = healthyObservations();
    obs.workloads = {
      data: workloads({
        ingresses: [
          {
            namespace: 'shop',
            name: 'internal',
            ingressClassName: 'nginx',
            annotations: {},
            hostnames: [],
          },
        ],
      }),
    };
    expect(loadBalancersLeftOnDelete(obs)).toEqual([]);
  });
});
