import {
  DeleteClusterCommand,
  DeleteNodegroupCommand,
  ListClustersCommand,
  ListNodegroupsCommand,
} from '@aws-sdk/client-eks';
import { ConfigReader } from '@backstage/config';
import { startSandbox, type Sandbox } from '@backstage-eks/sandbox';
import { AwsClientFactory } from '../aws/AwsClientFactory';
import { ClusterHealthService } from './ClusterHealthService';

const demo = {
  accountId: '000000000000',
  region: 'eu-west-1',
  clusterName: 'demo',
};

/** Polls `read` until `done` holds for its answer (the sandbox's state machine moves on its own). */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean) {
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    await new Promise(resolve => setTimeout(resolve, 10));
  }
}

describe('the verdict of ClusterHealthService against the sandbox', () => {
  let sandbox: Sandbox;
  let awsClients: AwsClientFactory;
  let health: ClusterHealthService;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, latencyFactor: 0 });
    awsClients = AwsClientFactory.fromConfig(
      new ConfigReader({
        eks: { endpoint: sandbox.url, sandbox: { enabled: true } },
      }),
    );
    health = new ClusterHealthService({ awsClients });
  });
  afterAll(async () => {
    await sandbox.stop();
  });
  beforeEach(async () => {
    await sandbox.reset();
  });

  it('calls the demo cluster failing because of its DEGRADED add-on, with the fix of its cause, and keeps upgrade readiness out of the findings', async () => {
    const doc = await health.getClusterHealth(demo);
    expect(doc.verdict).toMatchObject({
      kind: 'failing',
      headline: expect.stringContaining(
        'Add-on aws-ebs-csi-driver is DEGRADED',
      ),
      unloadedSections: [],
    });
    const ebs = doc.diagnostics.find(d =>
      d.resources?.includes('addon/aws-ebs-csi-driver'),
    );
    expect(ebs?.severity).toBe('critical');
    expect(ebs?.fix).toMatch(/AmazonEBSCSIDriverPolicy/);
    expect(ebs?.fix).not.toMatch(/capacity|scheduling/i);
    const addon = doc.addons.data?.find(a => a.name === 'aws-ebs-csi-driver');
    expect(addon?.health.map(i => i.remedy)).toEqual([ebs?.fix]);
    expect(doc.diagnostics.filter(d => d.id.startsWith('insight-'))).toEqual(
      [],
    );
    expect(doc.diagnostics[0]).toBe(ebs);
  });

  it('says a deleted cluster no longer exists, once, instead of a verdict over failed sections', async () => {
    const { eks } = await awsClients.forTarget(demo);
    await eks.send(
      new DeleteNodegroupCommand({
        clusterName: 'demo',
        nodegroupName: 'system',
      }),
    );
    await until(
      () => eks.send(new ListNodegroupsCommand({ clusterName: 'demo' })),
      out => (out.nodegroups ?? []).length === 0,
    );
    await eks.send(new DeleteClusterCommand({ name: 'demo' }));

    await until(
      () => eks.send(new ListClustersCommand({})),
      out => !(out.clusters ?? []).includes('demo'),
    );
    const doc = await health.getClusterHealth(demo);
    expect(doc.cluster.error?.message).toMatch(/ResourceNotFoundException/);
    expect(doc.verdict).toMatchObject({
      kind: 'gone',
      headline: 'This cluster no longer exists in 000000000000/eu-west-1',
      nextStep: expect.stringContaining('Unregister entity'),
      unloadedSections: [],
    });
    expect(doc.verdict.headline).not.toMatch(/No problems/);
  });

  it('never says "No problems found" when a section could not be loaded', async () => {
    const unreachable = new ClusterHealthService({
      awsClients,
      kubernetesClients: {
        forCluster: async () => {
          throw new Error('connect ECONNREFUSED');
        },
      } as never,
    });
    const doc = await unreachable.getClusterHealth(demo);
    expect(doc.nodes.error).toBeDefined();
    expect(doc.verdict.headline).not.toMatch(/No problems/);
    // The DEGRADED add-on EKS reports still makes it failing.
    expect(doc.verdict.kind).toBe('failing');
  });
});
