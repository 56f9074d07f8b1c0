import { XMLParser } from 'fast-xml-parser';
import { rawAwsRequest } from '../../__testUtils__/clients';
import { useSandbox } from '../../__testUtils__/useSandbox';

/**
 * Each service refuses what its published model refuses, on the wire, with
 * the error code, message and HTTP status the service sends (see
 * errorStyles.ts for where each comes from).
 */
describe('input rules from the published models', () => {
  const sandbox = useSandbox({ latencyFactor: 0 });
  const parser = new XMLParser({ parseTagValue: false });
  beforeEach(() => sandbox.reset());

  interface Answer {
    status: number;
    code?: string;
    message?: string;
  }

  async function query(
    service: string,
    params: Record<string, string>,
  ): Promise<Answer> {
    const res = await rawAwsRequest(sandbox, service, {
      method: 'POST',
      body: new URLSearchParams(params).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const xml = parser.parse(res.text);
    const error = xml.ErrorResponse?.Error ?? xml.Response?.Errors?.Error;
    return { status: res.status, code: error?.Code, message: error?.Message };
  }

  async function json(
    service: string,
    target: string,
    body: unknown,
  ): Promise<Answer> {
    const res = await rawAwsRequest(sandbox, service, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: {
        'x-amz-target': target,
        'content-type': 'application/x-amz-json-1.1',
      },
    });
    const parsed = JSON.parse(res.text);
    return {
      status: res.status,
      code: parsed.__type?.split('#')[1],
      message: parsed.message,
    };
  }

  async function eks(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<Answer> {
    const res = await rawAwsRequest(sandbox, 'eks', {
      method,
      path,
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    const parsed = JSON.parse(res.text);
    return {
      status: res.status,
      code: res.headers.get('x-amzn-errortype') ?? undefined,
      message: res.status === 200 ? undefined : parsed.message,
    };
  }

  const POLICY = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'eks.amazonaws.com' },
        Action: 'sts:AssumeRole',
      },
    ],
  });

  describe('IAM (ValidationError, Coral messages)', () => {
    const role = (extra: Record<string, string>) =>
      query('iam', {
        Action: 'CreateRole',
        Version: '2010-05-08',
        AssumeRolePolicyDocument: POLICY,
        ...extra,
      });

    it('accepts valid input', async () => {
      expect(
        await role({
          RoleName: 'shop-cluster',
          Path: '/eks/',
          'Tags.member.1.Key': 'team',
          'Tags.member.1.Value': 'Équipe 1',
        }),
      ).toEqual({ status: 200 });
    });

    it.each([
      [
        'a missing member',
        {},
        "1 validation error detected: Value null at 'roleName' failed to satisfy constraint: Member must not be null",
      ],
      [
        'a length',
        { RoleName: 'r'.repeat(65) },
        `1 validation error detected: Value '${'r'.repeat(
          65,
        )}' at 'roleName' failed to satisfy constraint: Member must have length less than or equal to 64`,
      ],
      [
        'a pattern',
        { RoleName: 'shop cluster' },
        "1 validation error detected: Value 'shop cluster' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
      ],
      [
        'a value range',
        { RoleName: 'r', MaxSessionDuration: '60' },
        "1 validation error detected: Value '60' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600",
      ],
      [
        'a nested list member, several errors at once',
        {
          RoleName: 'shop cluster',
          Path: 'eks',
          'Tags.member.1.Key': 'team',
          'Tags.member.1.Value': 'D&T',
        },
        "3 validation errors detected: Value 'eks' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F); Value 'shop cluster' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+; Value 'D&T' at 'tags.1.member.value' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*",
      ],
    ])('refuses %s', async (_, extra, message) => {
      expect(await role(extra as Record<string, string>)).toEqual({
        status: 400,
        code: 'ValidationError',
        message,
      });
    });

    it('refuses an enum value and a value that is not a number', async () => {
      expect(
        await query('iam', {
          Action: 'ListPolicies',
          Version: '2010-05-08',
          Scope: 'Everything',
        }),
      ).toEqual({
        status: 400,
        code: 'ValidationError',
        message:
          "1 validation error detected: Value 'Everything' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]",
      });
      expect(
        await query('iam', {
          Action: 'ListRoles',
          Version: '2010-05-08',
          MaxItems: 'ten',
        }),
      ).toMatchObject({ status: 400, code: 'InvalidParameterValue' });
    });
  });

  describe('STS (ValidationError)', () => {
    it('checks AssumeRole against its model', async () => {
      const assume = (extra: Record<string, string>) =>
        query('sts', {
          Action: 'AssumeRole',
          Version: '2011-06-15',
          RoleArn: `arn:aws:iam::${sandbox.accountId}:role/KarpenterNodeRole-demo`,
          ...extra,
        });
      expect(
        await assume({ RoleSessionName: 'x', DurationSeconds: '60' }),
      ).toEqual({
        status: 400,
        code: 'ValidationError',
        message:
          "2 validation errors detected: Value 'x' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2; Value '60' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
      });
    });
  });

  describe('ELBv2 (ValidationError)', () => {
    it('checks CreateLoadBalancer and DescribeLoadBalancers', async () => {
      expect(
        await query('elasticloadbalancing', {
          Action: 'CreateLoadBalancer',
          Version: '2015-12-01',
          Name: 'shop',
          Scheme: 'sideways',
        }),
      ).toEqual({
        status: 400,
        code: 'ValidationError',
        message:
          "1 validation error detected: Value 'sideways' at 'scheme' failed to satisfy constraint: Member must satisfy enum value set: [internet-facing, internal]",
      });
      expect(
        await query('elasticloadbalancing', {
          Action: 'DescribeLoadBalancers',
          Version: '2015-12-01',
          PageSize: '401',
        }),
      ).toEqual({
        status: 400,
        code: 'ValidationError',
        message:
          "1 validation error detected: Value '401' at 'pageSize' failed to satisfy constraint: Member must have value less than or equal to 400",
      });
    });
  });

  describe('EventBridge (ValidationException, SerializationException)', () => {
    it('accepts valid input and refuses what the model refuses', async () => {
      const put = (body: unknown) => json('events', 'AWSEvents.PutRule', body);
      const pattern = JSON.stringify({ source: ['aws.ec2'] });
      expect(
        await put({ Name: 'Karpenter-shop', EventPattern: pattern }),
      ).toMatchObject({ status: 200 });
      expect(await put({ Name: 'rule/shop', EventPattern: pattern })).toEqual({
        status: 400,
        code: 'ValidationException',
        message:
          "1 validation error detected: Value 'rule/shop' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+",
      });
      expect(await put({ Name: 'x', State: 'ON' })).toEqual({
        status: 400,
        code: 'ValidationException',
        message:
          "1 validation error detected: Value 'ON' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS]",
      });
      expect(await put({})).toMatchObject({
        status: 400,
        code: 'ValidationException',
        message:
          "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
      });
      expect(await put({ Name: 5 })).toEqual({
        status: 400,
        code: 'SerializationException',
        message: 'NUMBER_VALUE can not be converted to a String',
      });
      expect(
        await json('events', 'AWSEvents.ListRules', { Limit: 0 }),
      ).toMatchObject({
        status: 400,
        code: 'ValidationException',
        message:
          "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
      });
    });
  });

  describe('EKS (InvalidParameterException)', () => {
    it('refuses names, lengths, ranges, enums, missing members and types', async () => {
      expect(
        await eks('POST', '/clusters', {
          name: '_demo',
          roleArn: 'arn',
          resourcesVpcConfig: {},
        }),
      ).toEqual({
        status: 400,
        code: 'InvalidParameterException',
        message:
          'The parameter name contains invalid characters. It should conform to the regular expression "^[0-9A-Za-z][A-Za-z0-9-_]*"In other words, it should start with a number or letter, and can contain numbers, letters, dashes, and underscores.',
      });
      // also where the model types the cluster name as a plain String
      expect(
        await eks('GET', '/clusters/arn:aws:eks:eu-west-1:1:cluster%2Fdemo'),
      ).toMatchObject({
        status: 400,
        code: 'InvalidParameterException',
        message: expect.stringMatching(
          /^The parameter name contains invalid characters/,
        ),
      });
      expect(await eks('GET', '/clusters/_demo/node-groups')).toMatchObject({
        status: 400,
        message: expect.stringMatching(
          /^The clusterName parameter contains invalid characters/,
        ),
      });
      expect(await eks('GET', '/clusters/_demo/addons')).toMatchObject({
        status: 400,
        message: expect.stringMatching(
          /^The clusterName parameter contains invalid characters/,
        ),
      });
      expect(await eks('GET', `/clusters/${'c'.repeat(101)}/addons`)).toEqual({
        status: 400,
        code: 'InvalidParameterException',
        message: `1 validation error detected: Value '${'c'.repeat(
          101,
        )}' at 'clusterName' failed to satisfy constraint: Member must have length less than or equal to 100`,
      });
      expect(await eks('GET', '/clusters?maxResults=0')).toEqual({
        status: 400,
        code: 'InvalidParameterException',
        message:
          "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1",
      });
      expect(await eks('GET', '/clusters?maxResults=many')).toMatchObject({
        status: 400,
        code: 'SerializationException',
      });
      expect(
        await eks('POST', '/clusters/demo/node-groups', {
          nodegroupName: 'spot',
          subnets: ['subnet-1'],
          nodeRole: 'arn',
          capacityType: 'CHEAP',
        }),
      ).toMatchObject({
        status: 400,
        code: 'InvalidParameterException',
        message: expect.stringContaining(
          "Value 'CHEAP' at 'capacityType' failed to satisfy constraint: Member must satisfy enum value set: [ON_DEMAND, SPOT, CAPACITY_BLOCK",
        ),
      });
      expect(
        await eks('POST', '/clusters', { name: 'shop', roleArn: 'arn' }),
      ).toEqual({
        status: 400,
        code: 'InvalidParameterException',
        message:
          "1 validation error detected: Value null at 'resourcesVpcConfig' failed to satisfy constraint: Member must not be null",
      });
      expect(await eks('POST', '/clusters', { name: ['shop'] })).toEqual({
        status: 400,
        code: 'SerializationException',
        message: 'Start of list found where not expected.',
      });
      expect(await eks('GET', '/clusters/demo')).toMatchObject({
        status: 200,
      });
    });
  });

  describe('EC2 (MissingParameter, InvalidParameterValue)', () => {
    it('refuses missing members, bad values and bad numbers', async () => {
      expect(
        await query('ec2', {
          Action: 'CreateSubnet',
          Version: '2016-11-15',
          CidrBlock: '10.0.0.0/24',
        }),
      ).toEqual({
        status: 400,
        code: 'MissingParameter',
        message: 'The request must contain the parameter VpcId',
      });
      expect(
        await query('ec2', {
          Action: 'CreateLaunchTemplate',
          Version: '2016-11-15',
          LaunchTemplateName: 'my template',
          'LaunchTemplateData.InstanceType': 'm5.large',
        }),
      ).toEqual({
        status: 400,
        code: 'InvalidLaunchTemplateName.MalformedException',
        message:
          'A launch template name must be between 3 and 128 characters, and may contain letters, numbers, and the following characters: - ( ) . / _.',
      });
      expect(
        await query('ec2', {
          Action: 'CreateVolume',
          Version: '2016-11-15',
          AvailabilityZone: 'eu-west-1a',
          Size: '8',
          Iops: 'fast',
        }),
      ).toEqual({
        status: 400,
        code: 'InvalidParameterValue',
        message:
          'Value (fast) for parameter Iops is invalid. Expected an Integer.',
      });
      expect(
        await query('ec2', {
          Action: 'DescribeSubnets',
          Version: '2016-11-15',
          MaxResults: 'lots',
        }),
      ).toMatchObject({ status: 400, code: 'InvalidParameterValue' });
      expect(
        await query('ec2', { Action: 'DescribeVpcs', Version: '2016-11-15' }),
      ).toMatchObject({ status: 200 });
    });
  });

  describe('SQS (MissingParameter, InvalidParameterValue)', () => {
    it('refuses a missing member and a value that is not a number', async () => {
      const sqs = (target: string, body: unknown) =>
        json('sqs', `AmazonSQS.${target}`, body);
      expect(await sqs('CreateQueue', {})).toEqual({
        status: 400,
        code: 'MissingParameter',
        message: 'The request must contain the parameter QueueName.',
      });
      expect(
        await sqs('ReceiveMessage', {
          QueueUrl: `${sandbox.url}/${sandbox.accountId}/Karpenter-demo`,
          MaxNumberOfMessages: 'ten',
        }),
      ).toMatchObject({ status: 400, code: 'InvalidParameterValue' });
    });
  });
});
