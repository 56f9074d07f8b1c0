import { startSandbox, type Sandbox, type SandboxOptions } from '../sandbox';

/**
 * The sandbox of a test file or `describe` block: started before its tests
 * (`beforeAll`) and stopped after them (`afterAll`). The returned object
 * stands for that sandbox, so tests and hooks use it as they would the
 * started one; touching it outside a test or hook (while the file is being
 * collected) is an error. Resets between tests stay explicit in the file
 * (`beforeEach(() => sandbox.reset())`). Reads and writes (the settable
 * `latencyFactor`) go to the started sandbox.
 */
export function useSandbox(options: SandboxOptions = {}): Sandbox {
  let started: Sandbox | undefined;
  beforeAll(async () => {
    started = await startSandbox(options);
  });
  afterAll(async () => {
    await started?.stop();
    started = undefined;
  });
  const current = (key: string | symbol): Sandbox => {
    if (!started) {
      throw new Error(
        `the sandbox is started in beforeAll: use sandbox.${String(
          key,
        )} inside a test or hook`,
      );
    }
    return started;
  };
  return new Proxy({} as Sandbox, {
    get(_target, key) {
      const sandbox = current(key);
      const value = Reflect.get(sandbox, key, sandbox);
      return typeof value === 'function' ? value.bind(sandbox) : value;
    },
    set(_target, key, value) {
      const sandbox = current(key);
      return Reflect.set(sandbox, key, value, sandbox);
    },
  });
}
