import { DeleteQueueCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { ConfigReader } from '@backstage/config';
import { startSandbox, type Sandbox } from 'sandbox';
import { AwsClientFactory, type AwsClients } from '../aws/AwsClientFactory';
import { ClusterHealthService } from './ClusterHealthService';

const demo = {
  accountId: '000000000000',
  region: 'eu-west-1',
  clusterName: 'demo',
};

describe("ClusterHealthService: Karpenter's interruption queue on the sandbox", () => {
  let sandbox: Sandbox;
  let aws: AwsClients;
  let service: ClusterHealthService;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    const awsClients = AwsClientFactory.fromConfig(
      new ConfigReader({
        eks: { endpoint: sandbox.url, sandbox: { enabled: true } },
      }),
    );
    aws = await awsClients.forTarget(demo);
    service = new ClusterHealthService({ awsClients });
  });
  afterAll(async () => {
    await sandbox.stop();
  });
  beforeEach(async () => {
    await sandbox.reset();
  });

  it('flags Karpenter without its queue', async () => {
    const { QueueUrl } = await aws.sqs.send(
      new GetQueueUrlCommand({ QueueName: 'Karpenter-demo' }),
    );
    await aws.sqs.send(new DeleteQueueCommand({ QueueUrl }));
    const health = await service.getClusterHealth(demo);
    expect(health.karpenter.data?.interruptionQueue?.exists).toBe(false);
    expect(health.diagnostics).toContainEqual(
      expect.objectContaining({ id: 'karpenter-without-interruption-queue' }),
    );
  });
});
