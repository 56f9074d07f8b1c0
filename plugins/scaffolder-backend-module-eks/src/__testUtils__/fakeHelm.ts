import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';

/** The recording fake helm, put first on PATH for the current process. */
export interface FakeHelm {
  /** The argument lists of every helm invocation so far. */
  invocations(): string[][];
  restore(): void;
}

/** Puts the fake `helm` (src/testing/bin/helm) first on PATH. */
export function installFakeHelm(): FakeHelm {
  const dir = mkdtempSync(join(tmpdir(), 'fake-helm-'));
  const logFile = join(dir, 'helm.log');
  const saved = {
    PATH: process.env.PATH,
    SANDBOX_HELM_LOG: process.env.SANDBOX_HELM_LOG,
    FAKE_HELM_STATE: process.env.FAKE_HELM_STATE,
  };
  process.env.PATH = `${resolve(__dirname, 'bin')}${delimiter}${
    process.env.PATH
  }`;
  process.env.SANDBOX_HELM_LOG = logFile;
  process.env.FAKE_HELM_STATE = join(dir, 'releases.json');
  return {
    invocations: () =>
      existsSync(logFile)
        ? readFileSync(logFile, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map(line => JSON.parse(line).args as string[])
        : [],
    restore: () => {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    },
  };
}
