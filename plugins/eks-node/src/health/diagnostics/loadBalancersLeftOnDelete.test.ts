import {
  deployment,
  healthyObservations,
  workloads,
} from '../__testUtils__/observations';
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

  describe('on EKS Auto Mode', () => {
    const autoModeNlb = {
      namespace: 'shop',
      name: 'auto',
      loadBalancerClass: 'eks.amazonaws.com/nlb',
      annotations: {},
      hostnames: [],
    };
    const controllerNlb = {
      namespace: 'shop',
      name: 'web',
      loadBalancerClass: 'service.k8s.aws/nlb',
      annotations: {},
      hostnames: [],
    };
    const controller = deployment({
      namespace: 'kube-system',
      name: 'aws-load-balancer-controller',
      labels: { 'app.kubernetes.io/name': 'aws-load-balancer-controller' },
    });

    function autoMode(deployments = [controller]) {
      const obs = healthyObservations();
      obs.cluster = { data: { ...obs.cluster.data!, autoMode: true } };
      obs.workloads = {
        data: workloads({
          deployments,
          loadBalancerServices: [autoModeNlb, controllerNlb],
        }),
      };
      return obs;
    }

    it('stays quiet without the AWS Load Balancer Controller: EKS deletes its own load balancers', () => {
      expect(loadBalancersLeftOnDelete(autoMode([]))).toEqual([]);
    });

    it('lists only what the AWS Load Balancer Controller made when it runs there', () => {
      const [finding] = loadBalancersLeftOnDelete(autoMode());
      expect(finding.resources).toEqual(['service/shop/web']);
      expect(finding.what).toMatch(/AWS Load Balancer Controller/);
    });
  });

  describe('Gateway API Gateways', () => {
    const gateway = (name: string, controllerName?: string) => ({
      namespace: 'shop',
      name,
      gatewayClassName: `${name}-class`,
      controllerName,
    });

    it("counts those of the AWS Load Balancer Controller's classes (ALB and NLB), not other controllers' or unknown classes", () => {
      const obs = healthyObservations();
      obs.gateways = {
        data: [
          gateway('public', 'gateway.k8s.aws/alb'),
          gateway('tcp', 'gateway.k8s.aws/nlb'),
          gateway('mesh', 'istio.io/gateway-controller'),
          gateway('orphan'),
        ],
      };
      const [finding] = loadBalancersLeftOnDelete(obs);
      expect(finding.resources).toEqual([
        'gateway/shop/public',
        'gateway/shop/tcp',
      ]);
      expect(finding.what).toMatch(/^2 Gateway API Gateways have/);
      expect(finding.what).toMatch(/AWS Load Balancer Controller/);
    });

    it('stays quiet for Gateways of other controllers', () => {
      const obs = healthyObservations();
      obs.gateways = { data: [gateway('mesh', 'istio.io/gateway-controller')] };
      expect(loadBalancersLeftOnDelete(obs)).toEqual([]);
    });

    it('counts them beside Services on EKS Auto Mode, which does not delete them', () => {
      const obs = healthyObservations();
      obs.cluster = { data: { ...obs.cluster.data!, autoMode: true } };
      obs.gateways = { data: [gateway('public', 'gateway.k8s.aws/alb')] };
      const [finding] = loadBalancersLeftOnDelete(obs);
      expect(finding.resources).toEqual(['gateway/shop/public']);
      expect(finding.what).toMatch(/^1 Gateway API Gateway has an AWS/);
    });

    it('names every kind with its count', () => {
      const obs = healthyObservations();
      obs.workloads = {
        data: workloads({
          loadBalancerServices: [
            {
              namespace: 'shop',
              name: 'web',
              annotations: {},
              hostnames: [],
            },
          ],
        }),
      };
      obs.gateways = { data: [gateway('public', 'gateway.k8s.aws/alb')] };
      const [finding] = loadBalancersLeftOnDelete(obs);
      expect(finding.what).toMatch(
        /^1 LoadBalancer Service, 1 Gateway API Gateway have AWS load balancers/,
      );
    });
  });
});
