import { CreateLaunchTemplateCommand } from '@aws-sdk/client-ec2';
import {
  CreateAddonCommand,
  CreateFargateProfileCommand,
  CreateNodegroupCommand,
  CreatePodIdentityAssociationCommand,
  DeleteAddonCommand,
  DescribeClusterCommand,
} from '@aws-sdk/client-eks';
import { PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AutoscalingV2Api } from '@kubernetes/client-node';
import { gatewayApiCrds, type Sandbox } from '@backstage-eks/sandbox';
import type { AwsClients } from '../aws/AwsClientFactory';
import { KubernetesClientFactory } from '../kubernetes/KubernetesClientFactory';
import {
  createServiceRole,
  useHealthService,
} from './__testUtils__/sandboxContext';
import { ClusterHealthService } from './ClusterHealthService';
import { arrangeClients } from '../__testUtils__/arrangeClients';

const demo = {
  accountId: '000000000000',
  region: 'eu-west-1',
  clusterName: 'demo',
};

/** Diagnostics through the whole service: change the sandbox, read the document. */
describe('ClusterHealthService diagnostics against the sandbox', () => {
  let aws: AwsClients;
  let service: ClusterHealthService;
  let sandbox: Sandbox;

  useHealthService(s => ({ aws, service, sandbox } = s));

  async function diagnosticIds() {
    const health = await service.getClusterHealth(demo);
    return health.diagnostics.map(d => d.id);
  }

  async function kubernetes() {
    const { cluster } = await aws.eks.send(
      new DescribeClusterCommand({ name: 'demo' }),
    );
    return new KubernetesClientFactory().forCluster(aws, {
      name: 'demo',
      endpoint: cluster!.endpoint!,
      certificateAuthorityData: cluster!.certificateAuthority!.data,
    });
  }

  const createRole = (name: string, service_: string) =>
    createServiceRole(aws, name, service_);

  async function eventuallyDiagnostic(id: string) {
    for (let attempt = 0; attempt < 100; attempt++) {
      const health = await service.getClusterHealth(demo);
      const found = health.diagnostics.find(d => d.id === id);
      if (found) return found;
      await new Promise(resolve => setTimeout(resolve, 50));
    }
    throw new Error(`diagnostic ${id} never appeared`);
  }

  it('flags Karpenter crash-looping without credentials once the Pod Identity agent add-on is removed', async () => {
    expect(await diagnosticIds()).not.toContain(
      'karpenter-crash-loop-no-credentials',
    );
    await aws.eks.send(
      new DeleteAddonCommand({
        clusterName: 'demo',
        addonName: 'eks-pod-identity-agent',
      }),
    );
    const finding = await eventuallyDiagnostic(
      'karpenter-crash-loop-no-credentials',
    );
    expect(finding.severity).toBe('critical');
    expect(finding.what).toMatch(/CrashLoopBackOff/);
    // the chart's default terminationMessagePolicy (File) leaves no message:
    // the cause is read from what is missing
    expect(finding.what).toMatch(/no termination message/);
    expect(finding.fix).toMatch(/--addon-name eks-pod-identity-agent/);
    expect(finding.resources).toContain('deployment/kube-system/karpenter');
  }, 30_000);

  it("reads Karpenter's last termination message when the pods keep it (FallbackToLogsOnError)", async () => {
    await aws.eks.send(
      new DeleteAddonCommand({
        clusterName: 'demo',
        addonName: 'eks-pod-identity-agent',
      }),
    );
    const k8s = await kubernetes();
    const deployment = await k8s.apps.readNamespacedDeployment({
      name: 'karpenter',
      namespace: 'kube-system',
    });
    const containers = deployment.spec!.template.spec!.containers.map(c => ({
      ...c,
      terminationMessagePolicy: 'FallbackToLogsOnError',
    }));
    deployment.spec!.template.spec!.containers = containers;
    await k8s.apps.replaceNamespacedDeployment({
      name: 'karpenter',
      namespace: 'kube-system',
      body: deployment,
    });
    let finding = await eventuallyDiagnostic(
      'karpenter-crash-loop-no-credentials',
    );
    for (
      let attempt = 0;
      attempt < 100 && !/Last termination message/.test(finding.what);
      attempt++
    ) {
      await new Promise(resolve => setTimeout(resolve, 50));
      finding = await eventuallyDiagnostic(
        'karpenter-crash-loop-no-credentials',
      );
    }
    expect(finding.what).toMatch(
      /Last termination message: "\{"level":"ERROR".*ec2 api connectivity check failed/,
    );
  }, 30_000);

  it('flags HorizontalPodAutoscalers without the metrics API until the metrics-server add-on serves it', async () => {
    const id = 'horizontal-pod-autoscalers-without-metrics-api';
    expect(await diagnosticIds()).not.toContain(id);
    const k8s = await kubernetes();
    await k8s.kubeConfig
      .makeApiClient(AutoscalingV2Api)
      .createNamespacedHorizontalPodAutoscaler({
        namespace: 'default',
        body: {
          metadata: { name: 'web' },
          spec: {
            scaleTargetRef: {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              name: 'web',
            },
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
        },
      });
    const finding = await eventuallyDiagnostic(id);
    expect(finding.what).toMatch(/default\/web → Deployment\/web/);
    expect(finding.fix).toMatch(
      /aws eks create-addon --cluster-name demo --addon-name metrics-server/,
    );

    await aws.eks.send(
      new CreateAddonCommand({
        clusterName: 'demo',
        addonName: 'metrics-server',
      }),
    );
    for (let attempt = 0; attempt < 200; attempt++) {
      if (!(await diagnosticIds()).includes(id)) return;
      await new Promise(resolve => setTimeout(resolve, 50));
    }
    throw new Error('the diagnostic stayed after metrics-server was installed');
  }, 30_000);

  it('flags a Pod Identity association whose role grants MSK access', async () => {
    const roleArn = await createRole('orders-msk', 'pods.eks.amazonaws.com');
    await aws.iam.send(
      new PutRolePolicyCommand({
        RoleName: 'orders-msk',
        PolicyName: 'streams',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['kafka-cluster:Connect', 'kafka-cluster:ReadData'],
              Resource: '*',
            },
          ],
        }),
      }),
    );
    expect(await diagnosticIds()).not.toContain(
      'pod-identity-msk-session-name',
    );
    await aws.eks.send(
      new CreatePodIdentityAssociationCommand({
        clusterName: 'demo',
        namespace: 'orders',
        serviceAccount: 'orders-api',
        roleArn,
      }),
    );
    expect(await diagnosticIds()).toContain('pod-identity-msk-session-name');
  });

  it('flags Pod Identity in a namespace a Fargate profile selects', async () => {
    const roleArn = await createRole(
      'demo-fargate',
      'eks-fargate-pods.amazonaws.com',
    );
    const { cluster } = await aws.eks.send(
      new DescribeClusterCommand({ name: 'demo' }),
    );
    let created = false;
    for (const subnet of cluster!.resourcesVpcConfig!.subnetIds!) {
      try {
        await arrangeClients(aws).eks.send(
          new CreateFargateProfileCommand({
            clusterName: 'demo',
            fargateProfileName: 'system',
            podExecutionRoleArn: roleArn,
            subnets: [subnet],
            selectors: [{ namespace: 'kube-system' }],
          }),
        );
        created = true;
        break;
      } catch (error) {
        if ((error as Error).name !== 'InvalidParameterException') throw error;
      }
    }
    expect(created).toBe(true);
    expect(await diagnosticIds()).toContain('pod-identity-on-fargate');
  });

  it('flags the load balancer controller on a node group with IMDSv2 hop limit 1', async () => {
    expect(await diagnosticIds()).not.toContain(
      'load-balancer-controller-imds-hop-limit',
    );
    const nodeRoleArn = await createRole('demo-apps-node', 'ec2.amazonaws.com');
    const { LaunchTemplate } = await aws.ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'demo-apps',
        LaunchTemplateData: {
          MetadataOptions: {
            HttpTokens: 'required',
            HttpPutResponseHopLimit: 1,
          },
        },
      }),
    );
    const { cluster } = await aws.eks.send(
      new DescribeClusterCommand({ name: 'demo' }),
    );
    await aws.eks.send(
      new CreateNodegroupCommand({
        clusterName: 'demo',
        nodegroupName: 'apps',
        nodeRole: nodeRoleArn,
        subnets: cluster!.resourcesVpcConfig!.subnetIds!,
        launchTemplate: { id: LaunchTemplate!.LaunchTemplateId },
        scalingConfig: { minSize: 1, maxSize: 2, desiredSize: 1 },
      }),
    );
    const health = await service.getClusterHealth(demo);
    expect(
      health.nodeGroups.data?.find(ng => ng.name === 'apps'),
    ).toMatchObject({
      httpTokens: 'required',
      httpPutResponseHopLimit: 1,
    });
    expect(health.diagnostics).toContainEqual(
      expect.objectContaining({
        id: 'load-balancer-controller-imds-hop-limit',
        resources: expect.arrayContaining(['nodegroup/apps']),
      }),
    );
  });

  it('flags the load balancer controller with a Karpenter EC2NodeClass at hop limit 1', async () => {
    expect(await diagnosticIds()).not.toContain(
      'load-balancer-controller-imds-hop-limit',
    );
    const k8s = await kubernetes();
    const nodeClass = {
      group: 'karpenter.k8s.aws',
      version: 'v1',
      plural: 'ec2nodeclasses',
      name: 'default',
    };
    const current = await k8s.customObjects.getClusterCustomObject(nodeClass);
    await k8s.customObjects.replaceClusterCustomObject({
      ...nodeClass,
      body: {
        ...current,
        spec: {
          ...current.spec,
          metadataOptions: {
            ...current.spec.metadataOptions,
            httpTokens: 'required',
            httpPutResponseHopLimit: 1,
          },
        },
      },
    });
    const health = await service.getClusterHealth(demo);
    expect(health.diagnostics).toContainEqual(
      expect.objectContaining({
        id: 'load-balancer-controller-imds-hop-limit',
        resources: expect.arrayContaining(['ec2nodeclass/default']),
      }),
    );
  });

  it('flags Pod Identity with Windows nodes', async () => {
    expect(await diagnosticIds()).not.toContain('pod-identity-on-windows');
    const nodeRoleArn = await createRole('demo-win-node', 'ec2.amazonaws.com');
    const { cluster } = await aws.eks.send(
      new DescribeClusterCommand({ name: 'demo' }),
    );
    await aws.eks.send(
      new CreateNodegroupCommand({
        clusterName: 'demo',
        nodegroupName: 'windows',
        nodeRole: nodeRoleArn,
        subnets: cluster!.resourcesVpcConfig!.subnetIds!,
        amiType: 'WINDOWS_CORE_2022_x86_64',
        scalingConfig: { minSize: 1, maxSize: 1, desiredSize: 1 },
      }),
    );
    const health = await service.getClusterHealth(demo);
    expect(health.diagnostics).toContainEqual(
      expect.objectContaining({
        id: 'pod-identity-on-windows',
        resources: expect.arrayContaining(['nodegroup/windows']),
      }),
    );
  });

  it('flags LoadBalancer Services and unspread workloads', async () => {
    const resourcesOf = async (id: string) => {
      const health = await service.getClusterHealth(demo);
      return health.diagnostics
        .filter(d => d.id === id)
        .flatMap(d => d.resources ?? []);
    };
    expect(await resourcesOf('load-balancers-left-on-delete')).not.toContain(
      'service/default/web',
    );
    expect(await resourcesOf('workloads-without-zone-spread')).not.toContain(
      'deployment/default/web',
    );
    const k8s = await kubernetes();
    await k8s.core.createNamespacedService({
      namespace: 'default',
      body: {
        metadata: { name: 'web' },
        spec: {
          type: 'LoadBalancer',
          selector: { app: 'web' },
          ports: [{ port: 80 }],
        },
      },
    });
    await k8s.apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: { name: 'web' },
        spec: {
          replicas: 3,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
          },
        },
      },
    });
    expect(await resourcesOf('load-balancers-left-on-delete')).toContain(
      'service/default/web',
    );
    expect(await resourcesOf('workloads-without-zone-spread')).toContain(
      'deployment/default/web',
    );
  });

  it("counts Gateways of the AWS Load Balancer Controller's classes among the load balancers left on delete", async () => {
    const resourcesOf = async () => {
      const health = await service.getClusterHealth(demo);
      return health.diagnostics
        .filter(d => d.id === 'load-balancers-left-on-delete')
        .flatMap(d => d.resources ?? [])
        .filter(r => r.startsWith('gateway/'));
    };
    // without the Gateway API CRDs (404) there are no Gateways, and no error
    expect(await resourcesOf()).toEqual([]);
    const kube = sandbox.state
      .region(sandbox.accountId, sandbox.region)
      .eks.clusters.get('demo')!.kube!;
    for (const crd of gatewayApiCrds()) kube.apply(crd);
    const k8s = await kubernetes();
    const gatewayApi = { group: 'gateway.networking.k8s.io', version: 'v1' };
    for (const [name, controllerName] of [
      ['aws-alb', 'gateway.k8s.aws/alb'],
      ['istio', 'istio.io/gateway-controller'],
    ]) {
      await k8s.customObjects.createClusterCustomObject({
        ...gatewayApi,
        plural: 'gatewayclasses',
        body: {
          apiVersion: 'gateway.networking.k8s.io/v1',
          kind: 'GatewayClass',
          metadata: { name },
          spec: { controllerName },
        },
      });
    }
    for (const [name, gatewayClassName] of [
      ['public', 'aws-alb'],
      ['mesh', 'istio'],
      ['orphan', 'no-such-class'],
    ]) {
      await k8s.customObjects.createNamespacedCustomObject({
        ...gatewayApi,
        namespace: 'default',
        plural: 'gateways',
        body: {
          apiVersion: 'gateway.networking.k8s.io/v1',
          kind: 'Gateway',
          metadata: { name },
          spec: {
            gatewayClassName,
            listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }],
          },
        },
      });
    }
    expect(await resourcesOf()).toEqual(['gateway/default/public']);
  });
});
