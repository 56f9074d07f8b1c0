import { setTimeout as sleep } from 'node:timers/promises';
import { ProvisioningRun } from './ProvisioningRun';

const RETRYABLE = new Set([429, 500, 502, 503, 504]);

/**
 * Runs a Kubernetes API call, retrying throttling (429) and server errors
 * with exponential backoff, as the AWS SDK's adaptive retry does for AWS
 * calls (`@kubernetes/client-node` does not retry by itself).
 *
 * @public
 */
export async function withKubernetesRetry<T>(
  run: ProvisioningRun,
  what: string,
  fn: () => Promise<T>,
  maxAttempts = 8,
): Promise<T> {
  let delayMs = Math.max(50, run.wait.minDelaySeconds * 1000);
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const code = Number((error as { code?: number | string }).code);
      if (!RETRYABLE.has(code) || attempt >= maxAttempts) throw error;
      run.logger.info(
        `Kubernetes API answered ${code} to ${what}; retrying (attempt ${
          attempt + 1
        } of ${maxAttempts})`,
      );
      await sleep(delayMs);
      delayMs = Math.min(delayMs * 2, run.wait.maxDelaySeconds * 1000);
    }
  }
}
