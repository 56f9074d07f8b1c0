import { ConfigReader } from '@backstage/config';
import { startSandbox, type Sandbox } from '@backstage-eks/sandbox';
import { AwsClientFactory } from '../aws/AwsClientFactory';
import { sandboxProvisioningRun } from '../__testUtils__/sandboxRun';
import { createCluster } from '../provisioning/cluster/createCluster';
import { ClusterHealthService } from './ClusterHealthService';

describe('ClusterHealthService: an EKS Auto Mode cluster on the sandbox', () => {
  let sandbox: Sandbox;
  let service: ClusterHealthService;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, latencyFactor: 0.001 });
    service = new ClusterHealthService({
      awsClients: AwsClientFactory.fromConfig(
        new ConfigReader({
          eks: { endpoint: sandbox.url, sandbox: { enabled: true } },
        }),
      ),
    });
    await createCluster(await sandboxProvisioningRun(sandbox), {
      clusterName: 'auto',
      autoMode: true,
      owner: 'group:default/guests',
    });
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it("shows Karpenter as run by Auto Mode with its built-in NodePools, and no findings about a controller or queue of the cluster's own", async () => {
    const health = await service.getClusterHealth({
      accountId: sandbox.accountId,
      region: sandbox.region,
      clusterName: 'auto',
    });

    expect(health.karpenter.data).toMatchObject({
      installed: true,
      runBy: 'eks-auto-mode',
      controller: undefined,
      interruptionQueue: undefined,
    });
    expect(
      health.karpenter.data!.nodePools.map(p => ({
        name: p.name,
        nodeClassRef: p.nodeClassRef,
        ready: p.ready,
      })),
    ).toEqual([
      { name: 'general-purpose', nodeClassRef: 'default', ready: true },
      { name: 'system', nodeClassRef: 'default', ready: true },
    ]);
    const ids = health.diagnostics.map(d => d.id);
    expect(ids.filter(id => id.startsWith('karpenter-'))).toEqual([]);
  });
});
