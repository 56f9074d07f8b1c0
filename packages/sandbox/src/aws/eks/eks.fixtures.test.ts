import { rawAwsRequest } from '../../__testUtils__/clients';
import { shapeDifferences, shapeOf } from '../../__testUtils__/shape';
import describeCluster from '../__fixtures__/describe-cluster.json';
import describeNodegroup from '../__fixtures__/describe-nodegroup.json';
import describeAddon from '../__fixtures__/describe-addon.json';
import describeAddonVersions from '../__fixtures__/describe-addon-versions.json';
import describeAddonConfiguration from '../__fixtures__/describe-addon-configuration.json';
import createPodIdentityAssociation from '../__fixtures__/create-pod-identity-association.json';
import describeAccessEntry from '../__fixtures__/describe-access-entry.json';
import listInsights from '../__fixtures__/list-insights.json';
import describeFargateProfile from '../__fixtures__/describe-fargate-profile.json';
import { useSandbox } from '../../__testUtils__/useSandbox';

describe('EKS responses match the AWS API reference shapes', () => {
  const sandbox = useSandbox({ latencyFactor: 0 });

  async function eks(method: string, path: string, body?: unknown) {
    const res = await rawAwsRequest(sandbox, 'eks', {
      method,
      path,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    return JSON.parse(res.text);
  }

  it.each([
    ['DescribeCluster', describeCluster, 'GET', '/clusters/demo'],
    [
      'DescribeNodegroup',
      describeNodegroup,
      'GET',
      '/clusters/demo/node-groups/system',
    ],
    [
      'DescribeAddon',
      describeAddon,
      'GET',
      '/clusters/demo/addons/aws-ebs-csi-driver',
    ],
    [
      'DescribeAddonVersions',
      describeAddonVersions,
      'GET',
      '/addons/supported-versions?kubernetesVersion=1.33&addonName=vpc-cni',
    ],
    [
      'DescribeAddonConfiguration',
      describeAddonConfiguration,
      'GET',
      '/addons/configuration-schemas?addonName=aws-ebs-csi-driver&addonVersion=v1.44.0-eksbuild.1',
    ],
    ['ListInsights', listInsights, 'POST', '/clusters/demo/insights'],
  ])('%s', async (_name, fixture, method, path) => {
    const actual = await eks(
      method as string,
      path as string,
      method === 'POST' ? {} : undefined,
    );
    expect(shapeDifferences(shapeOf(fixture), shapeOf(actual))).toEqual([]);
  });

  it('CreatePodIdentityAssociation', async () => {
    const roleArn = `arn:aws:iam::000000000000:role/demo-aws-load-balancer-controller`;
    const actual = await eks(
      'POST',
      '/clusters/demo/pod-identity-associations',
      {
        namespace: 'default',
        serviceAccount: 'app',
        roleArn,
      },
    );
    expect(
      shapeDifferences(shapeOf(createPodIdentityAssociation), shapeOf(actual)),
    ).toEqual([]);
  });

  it('DescribeAccessEntry', async () => {
    const principal = encodeURIComponent(
      'arn:aws:iam::000000000000:role/KarpenterNodeRole-demo',
    );
    const actual = await eks(
      'GET',
      `/clusters/demo/access-entries/${principal}`,
    );
    expect(
      shapeDifferences(shapeOf(describeAccessEntry), shapeOf(actual)),
    ).toEqual([]);
  });

  it('DescribeFargateProfile', async () => {
    await eks('POST', '/clusters/demo/fargate-profiles', {
      fargateProfileName: 'serverless',
      podExecutionRoleArn: 'arn:aws:iam::000000000000:role/demo-node',
      subnets: sandbox
        .snapshot()
        .accounts['000000000000'].regions['eu-west-1'].ec2.subnets.filter(
          id =>
            !sandbox.state
              .region('000000000000', 'eu-west-1')
              .ec2.subnets.get(id)!.mapPublicIpOnLaunch,
        ),
      selectors: [{ namespace: 'serverless' }],
    });
    const actual = await eks(
      'GET',
      '/clusters/demo/fargate-profiles/serverless',
    );
    expect(
      shapeDifferences(shapeOf(describeFargateProfile), shapeOf(actual)),
    ).toEqual([]);
  });

  it('EKS errors carry x-amzn-errortype and a message', async () => {
    const res = await rawAwsRequest(sandbox, 'eks', { path: '/clusters/nope' });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-amzn-errortype')).toBe(
      'ResourceNotFoundException',
    );
    expect(JSON.parse(res.text)).toEqual({
      message: 'No cluster found for name: nope.',
    });
  });
});
