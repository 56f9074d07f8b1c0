import type {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { isError, NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  type BasicPermission,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import {
  AwsClientFactory,
  DEFAULT_WAIT_SETTINGS,
  HelmRunner,
  KubernetesClientFactory,
  ProvisioningRun,
  readSandboxSettings,
  SANDBOX_DEFAULT_LATENCY_FACTOR,
  SpawnHelmRunner,
  toBackstageError,
  WaitSettings,
  WriteObserver,
} from '@backstage-eks/plugin-eks-node';
import {
  validateAccountId,
  validateRegion,
} from '@backstage-eks/plugin-eks-common';
import { z as zod } from 'zod/v3';
import {
  ActionInputSchema,
  checkActionInput,
  ruleStringOrEmpty,
  wholeNumber,
} from './inputSchema';

/**
 * Dependencies of the EKS actions. Only `config` is required; the rest is
 * built from it when not given (tests pass their own).
 *
 * The scaffolder module always passes `permissions` and `auditor`; code that
 * builds the actions itself without them gets actions that check no
 * permission and record no audit event.
 *
 * @public
 */
export interface EksActionOptions {
  config: Config;
  awsClientFactory?: AwsClientFactory;
  kubernetesClientFactory?: KubernetesClientFactory;
  helm?: HelmRunner;
  /** Checks `eks.cluster.create` / `eks.cluster.delete` for the task's initiator. */
  permissions?: PermissionsService;
  /** Records every AWS and Kubernetes write. */
  auditor?: AuditorService;
}

/** The dependencies with defaults filled in. */
export interface EksActionDependencies {
  config: Config;
  awsClientFactory: AwsClientFactory;
  kubernetesClientFactory: KubernetesClientFactory;
  helm: HelmRunner;
  wait: Omit<WaitSettings, 'timeoutSeconds'>;
  permissions?: PermissionsService;
  auditor?: AuditorService;
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
      typicalDurationFactor: sandboxDurationFactor(options.config),
    },
    permissions: options.permissions,
    auditor: options.auditor,
  };
}

/**
 * The sandbox's latency factor, which scales the typical durations the
 * waits put their first poll off by (else a portal on the sandbox would wait
 * a real cluster creation's 10 minutes); its default when unconfigured.
 */
function sandboxDurationFactor(config: Config): number | undefined {
  const sandbox = readSandboxSettings(config);
  if (!sandbox) return undefined;
  return sandbox.latencyFactor ?? SANDBOX_DEFAULT_LATENCY_FACTOR;
}

/** Input fields every EKS action has. */
export const targetInput = {
  region: (z: typeof zod) =>
    ruleStringOrEmpty(
      z,
      validateRegion,
      'AWS region, e.g. eu-west-1. Default: eks.defaultRegion from app-config',
    ).optional(),
  accountId: (z: typeof zod) =>
    ruleStringOrEmpty(
      z,
      validateAccountId,
      "AWS account id (12 digits) whose credentials (aws.accounts) are used. Default: eks.defaultAccountId or the credentials' own account",
    ).optional(),
  timeoutSeconds: (z: typeof zod) =>
    wholeNumber(
      z,
      60,
      24 * 60 * 60,
      'How long each wait (cluster ACTIVE, add-on ACTIVE, deletion...) may take, in seconds. Default 1800',
    ).optional(),
};

/**
 * The `adopt` input of the actions that create things: take over existing
 * resources this request did not create (see eks-node's `checkOwnership`).
 */
export const adoptInput = {
  adopt: (z: typeof zod) =>
    z
      .boolean({
        description:
          "Take over existing resources that this request did not create (no eks.backstage.io/entity-ref tag for this cluster): they are tagged as this request's and changed as asked. Default false: the action refuses before any write and says who owns them. Run it as a dry run first to see every change it would make",
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
  /** See {@link adoptInput}. */
  adopt?: boolean;
};

/**
 * Starts a provisioning run for an action: builds the clients for the
 * region and account (an InputError naming the field when one is missing),
 * and wires the task's checkpoint, dry-run flag and log.
 */
export async function startRun(
  ctx: ActionContext<any, any, any>,
  deps: EksActionDependencies,
  input: TargetInput,
  observeWrite?: WriteObserver,
): Promise<ProvisioningRun> {
  const aws = await deps.awsClientFactory.forTarget({
    region: input.region,
    accountId: input.accountId,
  });
  return new ProvisioningRun({
    aws,
    dryRun: Boolean(ctx.isDryRun),
    adopt: Boolean(input.adopt),
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
    observeWrite,
  });
}

/** Sets the plan and drift outputs and logs a summary. */
export function finishRun(
  ctx: ActionContext<any, any, any>,
  run: ProvisioningRun,
): void {
  ctx.output('plan', run.plan);
  ctx.output('drift', run.drift);
  const verb = run.dryRun ? 'would make' : 'Made';
  ctx.logger.info(
    `${run.dryRun ? 'Dry run: ' : ''}${verb} ${run.plan.length} change(s); ${
      run.drift.length
    } drift finding(s)`,
  );
}

/** The permission an action needs for one input. */
export type EksActionPermissionRequest =
  | { permission: BasicPermission }
  | {
      permission: ResourcePermission<'catalog-entity'>;
      /** The catalog entity it is checked on, e.g. `resource:default/demo`. */
      resourceRef: string;
    };

/** What an action does with its provisioning run: the outputs it sets. */
export type EksActionWork = (
  run: ProvisioningRun,
) => Promise<Record<string, unknown>>;

/**
 * Runs an action's work as every EKS action does:
 *
 * 1. checks the permission with the credentials of the user who started
 *    the task, before anything else (no AWS call for a refused user): a
 *    NotAllowedError naming the permission and the resource;
 * 2. checks the input against the action's schema, rules included (see
 *    {@link checkActionInput}): an InputError naming the field and the rule;
 * 3. opens the provisioning run (see {@link startRun}) with every write
 *    recorded by the auditor (who, which action, which resource, outcome),
 *    hands it to `work`, sets the outputs `work` returns, then the plan and
 *    the drift ({@link finishRun});
 * 4. turns AWS's "not found" / "invalid parameter" refusals into
 *    NotFoundError / InputError, and shows the errors that are about the
 *    input or the user (InputError, NotAllowedError, NotFoundError,
 *    ConflictError) as their message only: the scaffolder writes an error's
 *    `stack` to the task log, and a stack trace tells the person nothing.
 */
export async function runEksAction(
  ctx: ActionContext<any, any, any>,
  deps: EksActionDependencies,
  spec: {
    actionId: string;
    permission: EksActionPermissionRequest;
    input: ActionInputSchema;
  },
  work: EksActionWork,
): Promise<void> {
  try {
    const credentials = await ctx.getInitiatorCredentials();
    await authorizeInitiator(deps, spec, credentials);
    checkActionInput(spec.input, ctx.input);
    const observeWrite = deps.auditor
      ? auditedWrites(deps.auditor, {
          actionId: spec.actionId,
          taskId: ctx.task?.id,
          initiator: principalRef(credentials),
        })
      : undefined;
    const run = await startRun(ctx, deps, ctx.input, observeWrite);
    const outputs = await work(run);
    for (const [name, value] of Object.entries(outputs)) {
      ctx.output(name, value);
    }
    finishRun(ctx, run);
  } catch (error) {
    throw forTaskLog(error);
  }
}

async function authorizeInitiator(
  deps: EksActionDependencies,
  spec: { actionId: string; permission: EksActionPermissionRequest },
  credentials: BackstageCredentials,
): Promise<void> {
  if (!deps.permissions) return;
  const [decision] = await deps.permissions.authorize([spec.permission], {
    credentials,
  });
  if (decision.result === AuthorizeResult.ALLOW) return;
  const request = spec.permission;
  const on = 'resourceRef' in request ? ` on ${request.resourceRef}` : '';
  throw new NotAllowedError(
    `${principalRef(credentials)} may not run ${
      spec.actionId
    }: it needs the permission ${
      request.permission.name
    }${on}, which the permission policy denied; nothing was changed`,
  );
}

/** Who the credentials stand for: a user's entity ref or a service's subject. */
function principalRef(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user' && principal.userEntityRef) {
    return principal.userEntityRef;
  }
  if (principal.type === 'service' && principal.subject) {
    return principal.subject;
  }
  return principal.type;
}

/** Audit event id of an AWS or Kubernetes write made by an EKS action. */
export const EKS_WRITE_AUDIT_EVENT_ID = 'eks-write';

/**
 * A write observer that records each write with the auditor: who started
 * the task, which action, the change (create, update, delete...), the
 * resource, account and region; then success or the failure's error.
 * Deletes are `high` severity, other writes `medium`.
 */
export function auditedWrites(
  auditor: AuditorService,
  context: { actionId: string; taskId?: string; initiator: string },
): WriteObserver {
  return async (write, makeWrite) => {
    const event = await auditor.createEvent({
      eventId: EKS_WRITE_AUDIT_EVENT_ID,
      severityLevel: write.change.action === 'delete' ? 'high' : 'medium',
      meta: {
        initiator: context.initiator,
        actionId: context.actionId,
        ...(context.taskId ? { taskId: context.taskId } : {}),
        change: write.change.action,
        resource: write.change.resource,
        ...(write.change.detail ? { detail: write.change.detail } : {}),
        accountId: write.accountId,
        region: write.region,
      },
    });
    let result;
    try {
      result = await makeWrite();
    } catch (error) {
      await event.fail({
        error: isError(error) ? error : new Error(String(error)),
      });
      throw error;
    }
    await event.success();
    return result;
  };
}

/**
 * Errors about the input, the user, the portal's setup (no helm on the
 * backend, with how to install it) or the outcome (add-ons that did not
 * become ACTIVE, with their fixes): the message says what is wrong and what
 * to do, and is what a person needs.
 */
const MESSAGE_ONLY_ERRORS = new Set([
  'AddonsNotHealthyError',
  'HelmNotFoundError',
  'InputError',
  'NotAllowedError',
  'NotFoundError',
  'ConflictError',
]);

/**
 * The error as the task log should show it: AWS refusals translated (see
 * `toBackstageError`), and for input and permission errors a `stack` that is
 * just `<name>: <message>` (the scaffolder logs `error.stack`).
 */
export function forTaskLog(error: unknown): unknown {
  const translated = toBackstageError(error);
  if (isError(translated) && MESSAGE_ONLY_ERRORS.has(translated.name)) {
    translated.stack = `${translated.name}: ${translated.message}`;
  }
  return translated;
}
