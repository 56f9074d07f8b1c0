import { startSandbox, type Sandbox } from '@backstage-eks/sandbox';
import { sandboxProvisioningRun } from '../../__testUtils__/sandboxRun';
import { installAddons } from './installAddons';

describe('installAddons against the sandbox', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    // an add-on takes 60 s × 0.005 = 300 ms to become ACTIVE
    sandbox = await startSandbox({ port: 0, latencyFactor: 0.005 });
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it('starts every add-on before waiting for any, whatever the concurrency', async () => {
    const messages: string[] = [];
    const run = await sandboxProvisioningRun(sandbox, {
      info: m => messages.push(m),
      warn: m => messages.push(m),
    });
    const names = [
      'metrics-server',
      'cert-manager',
      'snapshot-controller',
      'kubecost_kubecost',
      'datadog_operator',
    ];
    const results = await installAddons(run, {
      clusterName: 'demo',
      addons: names.map(name => ({ name })),
      concurrency: 1,
    });
    expect(results.map(r => [r.name, r.status])).toEqual(
      names.map(name => [name, 'ACTIVE']),
    );
    const installs = messages
      .map((m, i) => (m.startsWith('Install add-on') ? i : -1))
      .filter(i => i >= 0);
    const firstDone = messages.findIndex(m => / ACTIVE: done after /.test(m));
    expect(installs).toHaveLength(5);
    // the limit holds for the create calls, not for the waits
    expect(Math.max(...installs)).toBeLessThan(firstDone);
  });
});
