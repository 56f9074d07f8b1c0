import { Config } from '@backstage/config';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import {
  AwsClientFactory,
  DEFAULT_WAIT_SETTINGS,
  HelmRunner,
  KubernetesClientFactory,
  ProvisioningRun,
  SpawnHelmRunner,
  WaitSettings,
} from '@backstage-eks/plugin-eks-node';
import { checkInteger } from '@backstage-eks/plugin-eks-node';
import { z as zod } from 'zod/v3';

/**
 * Dependencies of the EKS actions. Only `config` is required; the rest is
 * built from it when not given (tests pass their own).
 *
 * @public
 */
export interface EksActionOptions {
  config: Config;
  awsClientFactory?: AwsClientFactory;
  kubernetesClientFactory?: KubernetesClientFactory;
  helm?: HelmRunner;
}

/** The dependencies with defaults filled in. */
export interface EksActionDependencies {
  config: Config;
  awsClientFactory: AwsClientFactory;
  kubernetesClientFactory: KubernetesClientFactory;
  helm: HelmRunner;
  wait: Omit<WaitSettings, 'timeoutSeconds'>;
}

/** Fills in the dependencies an action was not given. */
export function resolveDependencies(
  options: EksActionOptions,
): EksActionDependencies {
  const provisioning = options.config.getOptionalConfig('eks.provisioning');
  return {
    config: options.config,
    awsClientFactory:
      options.awsClientFactory ?? AwsClientFactory.fromConfig(options.config),
    kubernetesClientFactory:
      options.kubernetesClientFactory ?? new KubernetesClientFactory(),
    helm:
      options.helm ??
      new SpawnHelmRunner({
        helmPath: provisioning?.getOptionalString('helmPath'),
      }),
    wait: {
      minDelaySeconds:
        provisioning?.getOptionalNumber('minPollDelaySeconds') ??
        DEFAULT_WAIT_SETTINGS.minDelaySeconds,
      maxDelaySeconds:
        provisioning?.getOptionalNumber('maxPollDelaySeconds') ??
        DEFAULT_WAIT_SETTINGS.maxDelaySeconds,
    },
  };
}

/** Input fields every EKS action has. */
export const targetInput = {
  region: (z: typeof zod) =>
    z
      .string({
        description:
          'AWS region, e.g. eu-west-1. Default: eks.defaultRegion from app-config',
      })
      .optional(),
  accountId: (z: typeof zod) =>
    z
      .string({
        description:
          "AWS account id (12 digits) whose credentials (aws.accounts) are used. Default: eks.defaultAccountId or the credentials' own account",
      })
      .optional(),
  timeoutSeconds: (z: typeof zod) =>
    z
      .number({
        description:
          'How long each wait (cluster ACTIVE, add-on ACTIVE, deletion...) may take, in seconds. Default 1800',
      })
      .optional(),
};

/** The output every EKS action has. */
export const planOutput = {
  plan: (z: typeof zod) =>
    z
      .array(
        z.object({
          action: z.string(),
          resource: z.string(),
          detail: z.string().optional(),
        }),
        {
          description:
            'Changes made, or in a dry run the changes that would be made',
        },
      )
      .optional(),
  drift: (z: typeof zod) =>
    z
      .array(z.string(), {
        description:
          'Differences found between what exists and what was asked for',
      })
      .optional(),
};

type TargetInput = {
  region?: string;
  accountId?: string;
  timeoutSeconds?: number;
};

/**
 * Starts a provisioning run for an action: checks region, account and
 * timeout (InputError naming the field), builds the clients, and wires the
 * task's checkpoint, dry-run flag and log.
 */
export async function startRun(
  ctx: ActionContext<any, any, any>,
  deps: EksActionDependencies,
  input: TargetInput,
): Promise<ProvisioningRun> {
  checkInteger('timeoutSeconds', input.timeoutSeconds, 60, 24 * 60 * 60);
  deps.awsClientFactory.resolveTarget({
    region: input.region,
    accountId: input.accountId,
  });
  const aws = await deps.awsClientFactory.forTarget({
    region: input.region,
    accountId: input.accountId,
  });
  return new ProvisioningRun({
    aws,
    dryRun: Boolean(ctx.isDryRun),
    checkpoint: (key, fn) => ctx.checkpoint({ key, fn }),
    logger: {
      info: message => ctx.logger.info(message),
      warn: message => ctx.logger.warn(message),
    },
    wait: {
      ...deps.wait,
      timeoutSeconds:
        input.timeoutSeconds ?? DEFAULT_WAIT_SETTINGS.timeoutSeconds,
    },
  });
}

/** Sets the plan and drift outputs and logs a summary. */
export function finishRun(
  ctx: ActionContext<any, any, any>,
  run: ProvisioningRun,
): void {
  ctx.output('plan', run.plan);
  ctx.output('drift', run.drift);
  const verb = run.dryRun ? 'would make' : 'made';
  ctx.logger.info(
    `${run.dryRun ? 'Dry run: ' : ''}${verb} ${run.plan.length} change(s); ${
      run.drift.length
    } drift finding(s)`,
  );
}
