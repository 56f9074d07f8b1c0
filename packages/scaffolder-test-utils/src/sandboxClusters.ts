import {
  CreateClusterCommand,
  CreateNodegroupCommand,
  DescribeClusterCommand,
  EKSClient,
  waitUntilClusterActive,
  waitUntilNodegroupActive,
} from '@aws-sdk/client-eks';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  AwsClientFactory,
  KubernetesClientFactory,
  ProvisioningRun,
  provisioningKubernetesClients,
} from '@backstage-eks/plugin-eks-node';
import { Sandbox } from '@backstage-eks/sandbox';

/** SDK clients on the sandbox, for test setup (outside the code under test). */
export function setupClients(sandbox: Sandbox) {
  const common = {
    region: sandbox.region,
    endpoint: sandbox.url,
    credentials: { accessKeyId: sandbox.accountId, secretAccessKey: 'sandbox' },
  };
  return { eks: new EKSClient(common), iam: new IAMClient(common) };
}

/** Creates a role in the sandbox with the given trust policy. */
export async function createSandboxRole(
  sandbox: Sandbox,
  name: string,
  service = 'eks.amazonaws.com',
): Promise<string> {
  const { iam } = setupClients(sandbox);
  const role = await iam.send(
    new CreateRoleCommand({
      RoleName: name,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: service },
            Action: ['sts:AssumeRole', 'sts:TagSession'],
          },
        ],
      }),
    }),
  );
  return role.Role!.Arn!;
}

/**
 * Creates a bare ACTIVE cluster (no add-ons) in the demo VPC, optionally
 * with one node group of the given AMI type.
 */
export async function createBareCluster(
  sandbox: Sandbox,
  name: string,
  opts: { nodegroupAmiType?: string } = {},
): Promise<void> {
  const { eks } = setupClients(sandbox);
  const demo = await eks.send(new DescribeClusterCommand({ name: 'demo' }));
  const roleArn = await createSandboxRole(sandbox, `${name}-test-cluster-role`);
  await eks.send(
    new CreateClusterCommand({
      name,
      roleArn,
      version: demo.cluster!.version,
      resourcesVpcConfig: {
        subnetIds: demo.cluster!.resourcesVpcConfig!.subnetIds,
      },
      accessConfig: {
        authenticationMode: 'API',
        bootstrapClusterCreatorAdminPermissions: true,
      },
      bootstrapSelfManagedAddons: false,
    }),
  );
  const wait = { client: eks, maxWaitTime: 60, minDelay: 0.02, maxDelay: 0.1 };
  await waitUntilClusterActive(wait, { name });
  if (opts.nodegroupAmiType) {
    const nodeRole = await createSandboxRole(
      sandbox,
      `${name}-test-node-role`,
      'ec2.amazonaws.com',
    );
    await eks.send(
      new CreateNodegroupCommand({
        clusterName: name,
        nodegroupName: 'workers',
        nodeRole,
        subnets: demo.cluster!.resourcesVpcConfig!.subnetIds,
        amiType: opts.nodegroupAmiType as never,
        scalingConfig: { minSize: 1, maxSize: 2, desiredSize: 1 },
      }),
    );
    await waitUntilNodegroupActive(wait, {
      clusterName: name,
      nodegroupName: 'workers',
    });
  }
}

/** Kubernetes clients of a sandbox cluster, for assertions. */
export async function sandboxKubernetes(
  sandbox: Sandbox,
  awsClientFactory: AwsClientFactory,
  clusterName: string,
) {
  const { eks } = setupClients(sandbox);
  const cluster = (
    await eks.send(new DescribeClusterCommand({ name: clusterName }))
  ).cluster!;
  const aws = await awsClientFactory.forTarget({});
  const run = new ProvisioningRun({ aws });
  return provisioningKubernetesClients(
    run,
    new KubernetesClientFactory(),
    cluster,
  );
}
