import type { ClientRun } from './clients';

/** Whether a case sends input the real service accepts or input it refuses. */
export type CaseKind = 'good' | 'bad';

/** The AWS services the product calls, by the AWS CLI's name for them. */
export type AwsCliService =
  | 'eks'
  | 'iam'
  | 'sts'
  | 'ec2'
  | 'elbv2'
  | 'sqs'
  | 'events';

/** What an AWS case may use: the CLI, the seeded world, unique names. */
export interface AwsCaseContext {
  /** A name no other case uses: `<prefix>-<case number>`. */
  name(prefix: string): string;
  /** Runs `aws <service> <command> <args>` and returns its parsed JSON output; throws when it fails. */
  call(
    service: AwsCliService,
    command: string,
    args: string[],
  ): Promise<Record<string, any>>;
  /** Polls `probe` (each probe is typically a CLI call) until it returns true. */
  waitFor(what: string, probe: () => Promise<boolean>): Promise<void>;
  readonly world: SeededWorld;
}

/** What the seeded sandbox holds, read through the CLI before the cases run. */
export interface SeededWorld {
  accountId: string;
  region: string;
  vpcId: string;
  privateSubnetIds: string[];
  publicSubnetIds: string[];
  /** `demo`: ACTIVE, authentication mode API, node group `system`. */
  cluster: string;
  clusterRoleArn: string;
  nodeRoleArn: string;
  karpenterNodeRoleArn: string;
  queueUrl: string;
  queueArn: string;
  /** A rule with a target (Karpenter's spot interruption rule). */
  ruleName: string;
}

/** One call of the AWS CLI against the sandbox. */
export interface AwsCase {
  client: 'aws';
  service: AwsCliService;
  /** The API operation, as AWS's API reference names it. */
  operation: string;
  kind: CaseKind;
  /** What the input is (shown in the coverage table). */
  input: string;
  /** Bad cases: the error code the real service answers with. */
  error?: string;
  /** The documentation saying the real service behaves so. */
  reference?: string;
  /** The CLI command when it is not the operation in kebab case. */
  command?: string;
  /**
   * What the CLI signs the case's call with, over the account key
   * (000000000000 / `sandbox`): another secret, an access key the sandbox
   * does not know.
   */
  credentials?: { accessKeyId?: string; secretAccessKey: string };
  /** Prepares what the call needs (through the CLI) and returns its arguments. */
  args(t: AwsCaseContext): Promise<string[]> | string[];
  /** Good cases: checks on the parsed output (and follow-up calls). */
  check?(output: Record<string, any>, t: AwsCaseContext): Promise<void> | void;
}

/** What a kubectl case may use. */
export interface KubectlCaseContext {
  /** A name no other case uses: `<prefix>-<case number>`. */
  name(prefix: string): string;
  /** Runs kubectl against the demo cluster; returns what it printed. */
  kubectl(
    args: string[],
    opts?: {
      input?: string;
      timeoutMs?: number;
      stopWhen?: (stdout: string) => boolean;
    },
  ): Promise<ClientRun>;
  /** Like {@link KubectlCaseContext.kubectl}, but throws unless it succeeds. */
  kubectlOk(args: string[], opts?: { input?: string }): Promise<string>;
  /**
   * Runs `aws <args>` (e.g. `['eks', 'create-cluster', ...]`) against the
   * sandbox and returns its parsed JSON output; throws when it fails. For
   * cases that need another cluster than demo, or read what EKS made of
   * their requests.
   */
  aws(args: string[]): Promise<Record<string, any>>;
  /**
   * `aws eks get-token --cluster-name <cluster>`'s token, signed with the
   * environment's credentials or with another secret for the same key.
   */
  eksToken(
    cluster: string,
    opts?: { secretAccessKey?: string },
  ): Promise<string>;
}

/** One kubectl invocation (or a short sequence) against the demo cluster's API. */
export interface KubectlCase {
  client: 'kubectl';
  /** The Kubernetes verb (get, list, watch, create, patch, apply, delete...). */
  verb: string;
  /** The resource (`deployments`, `nodepools.karpenter.sh`, ...). */
  resource: string;
  kind: CaseKind;
  /** What is done (shown in the coverage table). */
  input: string;
  /** Bad cases: the Kubernetes reason (`NotFound`, `Invalid`, `BadRequest`...) kubectl reports. */
  error?: string;
  reference?: string;
  /** Runs the case; throws (e.g. through expect) when the sandbox disagrees with the API server. */
  run(t: KubectlCaseContext): Promise<void>;
}

export type ConformanceCase = AwsCase | KubectlCase;

/** `CreateLaunchTemplateVersion` -> `create-launch-template-version`, as the AWS CLI names commands. */
export function cliCommand(c: AwsCase): string {
  return (
    c.command ??
    c.operation.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()
  );
}
