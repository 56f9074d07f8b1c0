/**
 * The AWS services the product's SDK clients talk to: the IAM prefix of each
 * `@aws-sdk/client-*` package (its SigV4 signing name, which the sandbox's
 * call log records) and the botocore model the sandbox ships for it.
 */
export interface AwsServiceInfo {
  /** The IAM action prefix, e.g. `elasticloadbalancing`. */
  iamPrefix: string;
  /** packages/sandbox/src/aws/models/<model>.json */
  model: string;
  /** botocore's folder name, for operations the sandbox's model leaves out. */
  botocore: string;
}

/** By `@aws-sdk/client-<key>`. */
export const SDK_SERVICES: Record<string, AwsServiceInfo> = {
  eks: { iamPrefix: 'eks', model: 'eks', botocore: 'eks' },
  iam: { iamPrefix: 'iam', model: 'iam', botocore: 'iam' },
  ec2: { iamPrefix: 'ec2', model: 'ec2', botocore: 'ec2' },
  sqs: { iamPrefix: 'sqs', model: 'sqs', botocore: 'sqs' },
  sts: { iamPrefix: 'sts', model: 'sts', botocore: 'sts' },
  eventbridge: { iamPrefix: 'events', model: 'events', botocore: 'events' },
  'elastic-load-balancing-v2': {
    iamPrefix: 'elasticloadbalancing',
    model: 'elbv2',
    botocore: 'elbv2',
  },
};

/** The IAM action of an SDK call, e.g. `eks:DescribeCluster`. */
export function iamActionOf(sdkPackage: string, operation: string): string {
  const service = SDK_SERVICES[sdkPackage];
  if (!service) {
    throw new Error(
      `@aws-sdk/client-${sdkPackage} has no IAM prefix in packages/conformance/src/__testUtils__/iam/services.ts: add it`,
    );
  }
  return `${service.iamPrefix}:${operation}`;
}
