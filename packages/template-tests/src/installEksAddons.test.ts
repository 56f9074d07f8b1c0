import {
  expectCompleted,
  startTemplateBackend,
  TemplateBackend,
} from './__testUtils__/scaffolderBackend';
import { loadTemplate } from './__testUtils__/templates';

const template = loadTemplate('install-eks-addons');

const values = {
  cluster: 'demo',
  region: 'eu-west-1',
  addons: [{ name: 'metrics-server', version: 'latest' }],
  configuredAddon: 'coredns',
  configurationValues: JSON.stringify({ replicaCount: 4 }),
};

function demoCluster(backend: TemplateBackend) {
  return backend.sandbox.snapshot().accounts['000000000000'].regions[
    'eu-west-1'
  ].eks.clusters.demo;
}

function addonWrites(backend: TemplateBackend, addonName: string) {
  return backend.sandbox.writes.filter(
    w =>
      w.service === 'eks' &&
      ['CreateAddon', 'UpdateAddon'].includes(w.operation) &&
      (w.params as { addonName?: string }).addonName === addonName,
  );
}

describe('template install-eks-addons', () => {
  let backend: TemplateBackend;

  beforeAll(async () => {
    backend = await startTemplateBackend([template]);
  });
  afterAll(async () => {
    await backend.stop();
  });
  beforeEach(async () => {
    await backend.sandbox.reset();
    // demo's add-ons as if an earlier run of these actions had installed
    // them: the actions refuse to change add-ons someone else installed
    const { sandbox } = backend;
    const addons = sandbox.state
      .region(sandbox.accountId, sandbox.region)
      .eks.addons.get('demo');
    for (const addon of addons?.values() ?? []) {
      Object.assign(addon.tags, {
        'eks.backstage.io/cluster': 'demo',
        'eks.backstage.io/managed-by': 'backstage',
        'eks.backstage.io/entity-ref': 'resource:default/demo',
      });
    }
    backend.sandbox.clearWrites();
  });

  it('plans the installation in a dry run without changing anything', async () => {
    const result = await backend.dryRun(template, values);

    expect(backend.sandbox.writes).toEqual([]);
    expect(result.steps.map(s => s.id)).toEqual([
      'install-addons',
      'configure-addon',
    ]);
    expect(result.log.join('\n')).toContain('metrics-server');
    expect(demoCluster(backend).addons['metrics-server']).toBeUndefined();
  });

  it('installs the add-ons and applies the configuration', async () => {
    const result = await backend.run(template, values);

    expectCompleted(result);
    const cluster = demoCluster(backend);
    expect(cluster.addons['metrics-server'].status).toBe('ACTIVE');
    expect(cluster.addons.coredns.status).toBe('ACTIVE');
    const configurations = addonWrites(backend, 'coredns').map(w =>
      JSON.parse(
        (w.params as { configurationValues: string }).configurationValues,
      ),
    );
    expect(configurations).toEqual([{ replicaCount: 4 }]);
  });

  it('rejects a configuration key the add-on does not have before changing it', async () => {
    const result = await backend.run(template, {
      ...values,
      configurationValues: JSON.stringify({ replicas: 4 }),
    });

    expect(result.status).toBe('failed');
    expect(result.log.join('\n')).toMatch(/replicas/);
    expect(result.log.join('\n')).toMatch(/replicaCount/);
    expect(addonWrites(backend, 'coredns')).toEqual([]);
  });

  it('fails the task when an add-on ends DEGRADED, naming the issue and linking the Pod Identity template', async () => {
    // demo's EBS CSI driver has no IAM role: DEGRADED
    const result = await backend.run(template, {
      cluster: 'demo',
      region: 'eu-west-1',
      addons: [
        { name: 'metrics-server', version: 'latest' },
        { name: 'aws-ebs-csi-driver', version: 'default' },
      ],
    });

    expect(result.status).toBe('failed');
    expect(result.completedSteps).not.toContain('install-addons');
    const log = result.log.join('\n');
    expect(log).toMatch(
      /1 add-on\(s\) did not become ACTIVE:\n- aws-ebs-csi-driver \S+ is DEGRADED: InsufficientNumberOfReplicas .*Fix: aws-ebs-csi-driver has no IAM role for kube-system\/ebs-csi-controller-sa.*AmazonEBSCSIDriverPolicy.* \[Open the fix\]\(\/create\/templates\/default\/eks-pod-identity\?formData=/,
    );
    // the healthy one was installed all the same
    expect(demoCluster(backend).addons['metrics-server'].status).toBe('ACTIVE');
  });

  it('refuses to reconfigure an add-on someone else installed, and takes it over when "Adopt what already exists" is ticked', async () => {
    // coredns as eksctl or the console would have left it: no ownership tag
    const { sandbox } = backend;
    const coredns = sandbox.state
      .region(sandbox.accountId, sandbox.region)
      .eks.addons.get('demo')
      ?.get('coredns');
    for (const key of Object.keys(coredns?.tags ?? {})) {
      if (key.startsWith('eks.backstage.io/')) delete coredns!.tags[key];
    }

    const refused = await backend.run(template, values);
    expect(refused.status).toBe('failed');
    const log = refused.log.join('\n');
    expect(log).toMatch(
      /add-on coredns exists and was not made by this request/,
    );
    expect(log).toMatch(/adopt: true/);
    expect(addonWrites(backend, 'coredns')).toEqual([]);

    const adopted = await backend.run(template, { ...values, adopt: true });
    expectCompleted(adopted);
    expect(coredns?.tags).toMatchObject({
      'eks.backstage.io/entity-ref': 'resource:default/demo',
    });
    expect(
      addonWrites(backend, 'coredns').map(w =>
        JSON.parse(
          (w.params as { configurationValues: string }).configurationValues,
        ),
      ),
    ).toEqual([{ replicaCount: 4 }]);
  });

  it('skips the configuration step when no add-on is configured', async () => {
    const result = await backend.run(template, {
      cluster: 'demo',
      region: 'eu-west-1',
      addons: [{ name: 'metrics-server', version: 'latest' }],
    });

    expectCompleted(result);
    expect(demoCluster(backend).addons['metrics-server'].status).toBe('ACTIVE');
    expect(addonWrites(backend, 'coredns')).toEqual([]);
  });

  it('installs an add-on in its own namespace with the Pod Identity role EKS recommends, as the picker emits them', async () => {
    const result = await backend.run(template, {
      cluster: 'demo',
      region: 'eu-west-1',
      addons: [
        {
          name: 'external-dns',
          version: 'latest',
          podIdentity: 'recommended',
          namespace: 'dns-system',
        },
      ],
    });

    expectCompleted(result);
    const [create] = addonWrites(backend, 'external-dns');
    expect(create.params).toMatchObject({
      namespaceConfig: { namespace: 'dns-system' },
      podIdentityAssociations: [
        {
          serviceAccount: 'external-dns',
          roleArn: 'arn:aws:iam::000000000000:role/demo-external-dns',
        },
      ],
    });
    expect(demoCluster(backend).addons['external-dns'].status).toBe('ACTIVE');
  });

  it('stops before any write when Pod Identity is asked for a version that declares none', async () => {
    const result = await backend.run(template, {
      cluster: 'demo',
      region: 'eu-west-1',
      addons: [
        {
          name: 'aws-mountpoint-s3-csi-driver',
          version: 'default',
          podIdentity: 'recommended',
        },
      ],
    });

    expect(result.status).toBe('failed');
    expect(JSON.stringify(result)).toContain(
      'supports it from v2.0.0-eksbuild.1 on',
    );
    expect(backend.sandbox.writes).toEqual([]);
  });
});
