import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { SANDBOX_HELM_PATH } from '@backstage-eks/sandbox';

/** The sandbox's recording stand-in for helm, first on PATH. */
export interface FakeHelm {
  /** The argument lists of every helm invocation so far. */
  invocations(): string[][];
  restore(): void;
}

/**
 * Puts the sandbox's `helm` stand-in (packages/sandbox/bin/helm: records
 * invocations to $SANDBOX_HELM_LOG, applies the Karpenter chart's resources
 * through the kubeconfig) first on PATH of this process.
 */
export function installFakeHelm(): FakeHelm {
  const dir = mkdtempSync(join(tmpdir(), 'fake-helm-'));
  const logFile = join(dir, 'helm.log');
  const saved = {
    PATH: process.env.PATH,
    SANDBOX_HELM_LOG: process.env.SANDBOX_HELM_LOG,
  };
  const bin = dirname(SANDBOX_HELM_PATH);
  process.env.PATH = `${bin}${delimiter}${process.env.PATH}`;
  process.env.SANDBOX_HELM_LOG = logFile;
  return {
    invocations: () =>
      existsSync(logFile)
        ? readFileSync(logFile, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map(line => {
              const entry = JSON.parse(line);
              return (entry.args ?? entry.argv) as string[];
            })
        : [],
    restore: () => {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    },
  };
}
