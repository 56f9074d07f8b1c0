import { ConfigReader } from '@backstage/config';
import { AwsClientFactory } from '../aws/AwsClientFactory';
import { KubernetesClientFactory } from './KubernetesClientFactory';

describe('KubernetesClientFactory', () => {
  const awsClients = () =>
    AwsClientFactory.fromConfig(
      new ConfigReader({
        aws: {
          accounts: [
            {
              accountId: '111111111111',
              accessKeyId: 'AKIDEXAMPLE',
              secretAccessKey: 'secret',
            },
          ],
        },
      }),
    ).forTarget({ region: 'eu-west-1', accountId: '111111111111' });

  it('verifies TLS against the cluster CA for https endpoints', async () => {
    const kubeConfig = await new KubernetesClientFactory().kubeConfig(
      await awsClients(),
      {
        name: 'prod',
        endpoint: 'https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com',
        certificateAuthorityData: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t',
      },
    );
    const cluster = kubeConfig.getCurrentCluster()!;
    expect(cluster.skipTLSVerify).toBe(false);
    expect(cluster.caData).toBe('LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t');
    expect(cluster.server).toBe(
      'https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com',
    );
    expect(kubeConfig.getCurrentUser()?.token).toMatch(/^k8s-aws-v1\./);
    expect(kubeConfig.currentContext).toBe('111111111111/eu-west-1/prod');
  });

  it('allows the plain-http endpoints of the local sandbox', async () => {
    const clients = await new KubernetesClientFactory().forCluster(
      await awsClients(),
      {
        name: 'demo',
        endpoint: 'http://127.0.0.1:4599/k8s/111111111111/eu-west-1/demo',
      },
    );
    expect(clients.kubeConfig.getCurrentCluster()?.skipTLSVerify).toBe(true);
    expect(clients.core).toBeDefined();
  });
});
