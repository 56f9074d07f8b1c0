import {
  expectCompleted,
  startTemplateBackend,
  TemplateBackend,
  useSandboxHelm,
} from './__testUtils__/scaffolderBackend';
import { loadTemplate } from './__testUtils__/templates';

const newCluster = loadTemplate('new-eks-cluster');
const template = loadTemplate('setup-karpenter');

const values = {
  cluster: 'orders',
  region: 'eu-west-1',
  chartVersion: '1.8.1',
  createDefaultNodePool: true,
  capacityTypes: ['on-demand', 'spot'],
  architectures: ['amd64'],
  cpuLimit: '100',
};

function region(backend: TemplateBackend) {
  return backend.sandbox.snapshot().accounts['000000000000'].regions[
    'eu-west-1'
  ];
}

describe('template setup-karpenter', () => {
  let backend: TemplateBackend;
  let restoreHelm: () => void;

  beforeAll(async () => {
    restoreHelm = useSandboxHelm();
    backend = await startTemplateBackend([newCluster, template]);
  });
  afterAll(async () => {
    await backend.stop();
    restoreHelm();
  });
  beforeEach(async () => {
    await backend.sandbox.reset();
    // A cluster without Karpenter, made by the New EKS cluster template.
    expectCompleted(
      await backend.run(newCluster, {
        clusterName: 'orders',
        region: 'eu-west-1',
        kubernetesVersion: '1.33',
        createSystemNodeGroup: true,
        systemNodeGroup: {
          name: 'system',
          instanceTypes: ['m7i.large'],
          minSize: 2,
          desiredSize: 2,
          maxSize: 3,
        },
        addons: [{ name: 'vpc-cni', version: 'latest' }],
        installKarpenter: false,
      }),
    );
    backend.sandbox.clearWrites();
  });

  it('plans Karpenter in a dry run without changing anything', async () => {
    const result = await backend.dryRun(template, values);

    expect(backend.sandbox.writes).toEqual([]);
    expect(result.steps.map(s => s.id)).toEqual(['install-karpenter']);
    expect(Object.keys(region(backend).sqs.queues)).not.toContain(
      'Karpenter-orders',
    );
  });

  it('sets up Karpenter with its queue, rules, Pod Identity and NodePool', async () => {
    const result = await backend.run(template, values);

    expectCompleted(result);
    const state = region(backend);
    const cluster = state.eks.clusters.orders;
    expect(cluster.addons['eks-pod-identity-agent']?.status).toBe('ACTIVE');
    expect(cluster.podIdentityAssociations).toContainEqual(
      expect.objectContaining({
        namespace: 'kube-system',
        serviceAccount: 'karpenter',
      }),
    );
    expect(state.sqs.queues['Karpenter-orders']).toBeDefined();
    const queueArn = `arn:aws:sqs:eu-west-1:000000000000:Karpenter-orders`;
    expect(
      Object.values(state.events.rules).filter(r =>
        r.targets.includes(queueArn),
      ),
    ).toHaveLength(5);
    expect(cluster.kubernetes!['karpenter.sh/v1/NodePool']).toEqual([
      'default',
    ]);
    expect(JSON.stringify(result.output.text)).toContain('Karpenter-orders');
  });
});
