import { EC2Client } from '@aws-sdk/client-ec2';
import { EKSClient } from '@aws-sdk/client-eks';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import type { AwsClients } from '../aws/AwsClientFactory';

/**
 * Clients for a test to arrange state with (a user, a VPC, a Fargate
 * profile...) in the same sandbox account and region as the product's
 * clients, but without the product's user agent: the sandbox's call log
 * (SANDBOX_CALL_LOG) then holds only what the product itself calls, which
 * `yarn iam-policy:check-calls` holds to the IAM policy in docs/iam.
 */
export function arrangeClients(aws: AwsClients) {
  const common = {
    region: aws.target.region,
    endpoint: aws.endpoint,
    credentials: aws.credentials,
    customUserAgent: 'backstage-eks-tests',
  };
  return {
    ec2: new EC2Client(common),
    eks: new EKSClient(common),
    eventBridge: new EventBridgeClient(common),
    iam: new IAMClient(common),
  };
}
