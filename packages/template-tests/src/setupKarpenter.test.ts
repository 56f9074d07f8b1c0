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
  chartVersion: '1.14.1',
  enableZonalShift: false,
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
  let systemNodeGroupLabels: Record<string, string> | undefined;

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
    systemNodeGroupLabels = (
      backend.sandbox.writes.find(w => w.operation === 'CreateNodegroup')
        ?.params as any
    )?.labels;
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
    expect(JSON.stringify(result.output.text)).toContain('1.14.1');
    // the controller is pinned to the system node group the cluster
    // template labelled karpenter.sh/controller=true
    expect(systemNodeGroupLabels).toMatchObject({
      'karpenter.sh/controller': 'true',
    });
    expect(
      backend.sandbox.writes.some(w => w.operation === 'UpdateClusterConfig'),
    ).toBe(false);
  });

  it('upgrades to another release with zonal shift, enabling the cluster zonal shift config', async () => {
    expectCompleted(
      await backend.run(template, { ...values, chartVersion: '1.13.1' }),
    );
    backend.sandbox.clearWrites();
    const result = await backend.run(template, {
      ...values,
      chartVersion: '1.14.1',
      enableZonalShift: true,
    });
    expectCompleted(result);
    expect(
      backend.sandbox.writes.find(w => w.operation === 'UpdateClusterConfig')
        ?.params,
    ).toMatchObject({ name: 'orders', zonalShiftConfig: { enabled: true } });
    const operations = backend.sandbox.writes.map(w => w.operation);
    expect(operations.indexOf('PutRolePolicy')).toBeGreaterThan(-1);
    expect(operations.indexOf('PutRolePolicy')).toBeLessThan(
      operations.indexOf('UpdateClusterConfig'),
    );
  });

  it('refuses a release outside the supported ones before any write: the form offers only those', async () => {
    await expect(
      backend.run(template, { ...values, chartVersion: '1.8.1' }),
    ).rejects.toThrow(
      /"path":\["chartVersion"\].*is not one of enum values: 1\.14\.1,1\.14\.0,1\.13\.1,1\.13\.0/,
    );
    expect(backend.sandbox.writes).toEqual([]);
  });
});
