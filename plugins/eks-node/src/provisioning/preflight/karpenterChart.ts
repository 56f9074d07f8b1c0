import { InputError } from '@backstage/errors';
import {
  isKarpenterQueueName,
  KARPENTER_RELEASES,
  validateKarpenterChartVersion,
} from '@backstage-eks/plugin-eks-common';
import { checkField } from '../inputRules';

/**
 * Checks a Karpenter `chartVersion` against the release table
 * (`KARPENTER_RELEASES` of eks-common): one of the supported minors'
 * published chart versions, whose controller policy, Kubernetes support
 * and values the installer knows. An InputError names the field and the
 * supported range otherwise, before any call.
 *
 * @public
 */
export function checkKarpenterChartVersion(
  field: string,
  version: string | undefined,
): void {
  checkField(field, version, validateKarpenterChartVersion);
}

/**
 * Checks the chart values of a request against what its chart version
 * takes: each `settings` key and `settings.featureGates` gate must be one
 * the chart's values.yaml has (the chart passes unknown ones on silently,
 * and the controller ignores them), and `settings.interruptionQueue` is the
 * queue's NAME, the one `queueName` makes (Karpenter calls GetQueueUrl with it; an ARN or URL finds no
 * queue and interruption handling stays off).
 *
 * @public
 */
export function checkKarpenterHelmValues(
  field: string,
  chartVersion: string,
  values: Record<string, unknown> | undefined,
  queueName: string,
): void {
  const line = KARPENTER_RELEASES.find(l => l.versions.includes(chartVersion));
  const settings = values?.settings;
  if (!line || settings === undefined) return;
  if (
    typeof settings !== 'object' ||
    settings === null ||
    Array.isArray(settings)
  ) {
    throw new InputError(
      `${field}.settings must be an object of Karpenter settings`,
    );
  }
  const given = settings as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!line.settings.includes(key)) {
      throw new InputError(
        `${field}.settings.${key} is not a setting of the Karpenter ${
          line.minor
        } chart; its settings are ${line.settings.join(', ')}`,
      );
    }
  }
  const gates = given.featureGates;
  if (gates !== undefined) {
    if (typeof gates !== 'object' || gates === null || Array.isArray(gates)) {
      throw new InputError(
        `${field}.settings.featureGates must be an object of gate: true|false`,
      );
    }
    for (const [gate, on] of Object.entries(gates)) {
      if (!line.featureGates.includes(gate)) {
        throw new InputError(
          `${field}.settings.featureGates.${gate} is not a feature gate of the Karpenter ${
            line.minor
          } chart; its gates are ${line.featureGates.join(', ')}`,
        );
      }
      if (typeof on !== 'boolean') {
        throw new InputError(
          `${field}.settings.featureGates.${gate} must be true or false`,
        );
      }
    }
  }
  const queue = given.interruptionQueue;
  if (queue !== undefined) {
    if (typeof queue !== 'string' || !isKarpenterQueueName(queue)) {
      throw new InputError(
        `${field}.settings.interruptionQueue must be the interruption queue's NAME (e.g. Karpenter-<cluster>), not its ARN or URL (got ${JSON.stringify(
          queue,
        )}): Karpenter looks the queue up by name; set queueName instead`,
      );
    }
    if (queue !== queueName) {
      throw new InputError(
        `${field}.settings.interruptionQueue is ${queue}, but the queue this action creates, and the controller policy allows, is ${queueName}: set queueName instead`,
      );
    }
  }
  if (given.enableZonalShift !== undefined) {
    throw new InputError(
      `${field}.settings.enableZonalShift is set by the enableZonalShift option, which also grants arc-zonal-shift:GetManagedResource and enables the cluster's zonal shift config: use that option instead`,
    );
  }
}
