import { ConfigReader } from '@backstage/config';
import { DeleteRoleCommand } from '@aws-sdk/client-iam';
import { startSandbox, type Sandbox } from '@backstage-eks/sandbox';
import { AwsClientFactory } from '../aws/AwsClientFactory';
import { sandboxProvisioningRun } from '../__testUtils__/sandboxRun';
import { createCapability } from '../provisioning/capabilities/createCapability';
import { ClusterHealthService } from './ClusterHealthService';

describe('ClusterHealthService: EKS Capabilities on the sandbox', () => {
  let sandbox: Sandbox;
  let service: ClusterHealthService;
  const target = () => ({
    accountId: sandbox.accountId,
    region: sandbox.region,
    clusterName: 'demo',
  });

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, latencyFactor: 0.001 });
    service = new ClusterHealthService({
      awsClients: AwsClientFactory.fromConfig(
        new ConfigReader({
          eks: { endpoint: sandbox.url, sandbox: { enabled: true } },
        }),
      ),
    });
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it('lists each capability with type, status, version, role, Argo CD server and delete policy; a DEGRADED one is a finding with its fix', async () => {
    const run = await sandboxProvisioningRun(sandbox);
    await createCapability(run, {
      clusterName: 'demo',
      type: 'ARGOCD',
      argoCd: {
        awsIdc: {
          idcInstanceArn: 'arn:aws:sso:::instance/ssoins-1234567890abcdef',
        },
      },
    });
    await createCapability(run, { clusterName: 'demo', type: 'ACK' });

    const healthy = await service.getClusterHealth(target());
    expect(healthy.capabilities.data).toEqual([
      {
        name: 'argocd',
        type: 'ARGOCD',
        status: 'ACTIVE',
        version: expect.any(String),
        roleArn: `arn:aws:iam::${sandbox.accountId}:role/demo-argocd-capability`,
        serverUrl: expect.stringMatching(/^https:\/\//),
        deletePropagationPolicy: 'RETAIN',
        issues: [],
      },
      expect.objectContaining({ name: 'ack', type: 'ACK', status: 'ACTIVE' }),
    ]);
    expect(
      healthy.diagnostics.filter(d => d.id === 'capability-unhealthy'),
    ).toEqual([]);

    await run.aws.iam.send(
      new DeleteRoleCommand({ RoleName: 'demo-ack-capability' }),
    );
    const degraded = await service.getClusterHealth(target());
    expect(
      degraded.capabilities.data?.find(c => c.name === 'ack'),
    ).toMatchObject({
      status: 'DEGRADED',
      issues: [{ code: 'AccessDenied', message: expect.any(String) }],
    });
    expect(
      degraded.diagnostics.find(d => d.id === 'capability-unhealthy'),
    ).toMatchObject({
      severity: 'warning',
      title: 'ACK capability ack is DEGRADED',
      resources: ['capability/ack'],
    });
  });
});
