import {
  isKarpenterQueueName,
  type KarpenterSummary,
  type SectionError,
} from '@backstage-eks/plugin-eks-common';
import {
  KARPENTER_INTERRUPTION_RULE_KINDS,
  findKarpenterController,
  toKarpenterSummary,
  type CustomObject,
} from '../sources/karpenter';
import { SourceError, toSectionError } from '../sources/section';
import type { DeploymentObservation } from '../types';
import type { ObserveContext } from './context';
import {
  probeInterruptionQueue,
  type InterruptionQueueSummary,
} from './interruptionQueue';

/** Karpenter's section, and why its interruption queue could not be checked. */
export interface KarpenterObservation {
  summary: KarpenterSummary;
  interruptionQueueError?: SectionError;
}

/** What the Kubernetes API said about Karpenter. */
export interface KarpenterObjects {
  deployments: DeploymentObservation[];
  nodePools: CustomObject[];
  nodeClaims: CustomObject[];
  /** Undefined when EC2NodeClasses could not be read. */
  nodeClasses?: CustomObject[];
  pendingPods: number;
  /** Set when EKS Auto Mode is on, with its NodeClasses when they could be read. */
  autoMode?: { nodeClasses?: CustomObject[] };
}

/**
 * The interruption queue Karpenter's controller is set up with: the guessed
 * one (already being read since round 1) unless the controller names another.
 */
export async function karpenterInterruptionQueue(
  ctx: ObserveContext,
  controller: DeploymentObservation | undefined,
  guessedQueue: () => Promise<InterruptionQueueSummary>,
): Promise<{ queue?: InterruptionQueueSummary; error?: SectionError }> {
  const configuredQueue = controller?.interruptionQueue;
  if (configuredQueue && !isKarpenterQueueName(configuredQueue)) {
    // Karpenter looks its queue up by name: an ARN or URL finds none, so
    // nothing is read for it (the diagnostic names the mistake)
    return {
      queue: {
        name: configuredQueue,
        exists: false,
        rules: KARPENTER_INTERRUPTION_RULE_KINDS.map(kind => ({
          kind,
          present: false,
        })),
      },
    };
  }
  try {
    const queue =
      configuredQueue && configuredQueue !== ctx.guessedQueueName
        ? await probeInterruptionQueue(
            ctx.aws,
            configuredQueue,
            ctx.awsTimeoutMs,
          )
        : await guessedQueue();
    return { queue };
  } catch (error) {
    return {
      error:
        error instanceof SourceError
          ? error.sectionError
          : toSectionError('sqs:GetQueueUrl', error),
    };
  }
}

/** Karpenter's section: its controller, NodePools, NodeClaims and interruption queue. */
export async function observeKarpenter(
  ctx: ObserveContext,
  objects: KarpenterObjects,
  guessedQueue: () => Promise<InterruptionQueueSummary>,
): Promise<KarpenterObservation> {
  const controller = findKarpenterController(objects.deployments);
  const { queue, error } = await karpenterInterruptionQueue(
    ctx,
    controller,
    guessedQueue,
  );
  return {
    summary: toKarpenterSummary({
      controller,
      nodePools: objects.nodePools,
      nodeClaims: objects.nodeClaims,
      nodeClasses: objects.nodeClasses,
      pendingPods: objects.pendingPods,
      queue,
      autoMode: objects.autoMode,
    }),
    interruptionQueueError: error,
  };
}
