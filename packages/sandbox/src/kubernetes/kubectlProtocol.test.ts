import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  clientsPresent as present,
  isolatedClientEnv,
  missingClients,
  runClient,
  writeDemoKubeconfig,
} from '../__testUtils__/realClients';
import { useSandbox } from '../__testUtils__/useSandbox';

/**
 * The protocol parts kubectl relies on, proven with the real kubectl against
 * the demo cluster of a sandbox: Table output, `get -w` (a watch that shows
 * the list at once and then the changes), `rollout status`, server dry run,
 * `--cascade=orphan` and `scale`.
 */
describe('kubectl get, watch, rollout, delete and scale against a sandbox cluster', () => {
  jest.setTimeout(90_000);

  const sandbox = useSandbox({ latencyFactor: 0 });
  let dir: string;
  let env: Record<string, string>;
  let missing: string[] = [];

  const kubectlArgs = (args: string[]) => [
    '--kubeconfig',
    join(dir, 'kubeconfig'),
    '--cache-dir',
    join(dir, 'cache'),
    ...args,
  ];
  const kubectl = (...args: string[]) =>
    runClient('kubectl', kubectlArgs(args), env);

  /** Runs kubectl for `ms`, then stops it; what it printed by then. */
  function kubectlFor(ms: number, ...args: string[]): Promise<string> {
    return new Promise(done => {
      const child = spawn('kubectl', kubectlArgs(args), { env });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
      });
      child.stderr.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
      });
      const timer = setTimeout(() => child.kill(), ms);
      child.on('close', () => {
        clearTimeout(timer);
        done(out);
      });
    });
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sandbox-kubectl-protocol-'));
    env = isolatedClientEnv(sandbox, dir);
    missing = await missingClients(env);
    if (missing.length === 0) {
      await writeDemoKubeconfig(sandbox, dir, env, 'shop');
    }
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
  });

  const clientsPresent = () => present(missing, 'the kubectl protocol proof');

  it('prints pods and deployments with the columns of the server Table', async () => {
    if (!clientsPresent()) return;
    const pods = await kubectl('get', 'pods', '-l', 'app=cart');
    expect(pods.stderr).toBe('');
    const lines = pods.stdout.trim().split('\n');
    expect(lines[0].split(/\s{2,}/)).toEqual([
      'NAME',
      'READY',
      'STATUS',
      'RESTARTS',
      'AGE',
    ]);
    expect(lines).toHaveLength(3);
    for (const line of lines.slice(1)) {
      expect(line).toMatch(/^cart-\w+-\w+\s+1\/1\s+Running\s+0\s+\d+s$/);
    }
    const deployments = await kubectl('get', 'deployments', '-o', 'wide');
    expect(deployments.stdout.split('\n')[0].split(/\s{2,}/)).toEqual([
      'NAME',
      'READY',
      'UP-TO-DATE',
      'AVAILABLE',
      'AGE',
      'CONTAINERS',
      'IMAGES',
      'SELECTOR',
    ]);
  });

  it('get -w shows the deployment at once and then its changes', async () => {
    if (!clientsPresent()) return;
    const watching = kubectlFor(
      4000,
      'get',
      'deployment',
      'storefront',
      '-w',
      '--output-watch-events',
    );
    await new Promise(resolve => setTimeout(resolve, 1500));
    const scaled = await kubectl(
      'scale',
      'deployment',
      'storefront',
      '--replicas=4',
    );
    expect(scaled.stdout.trim()).toBe('deployment.apps/storefront scaled');
    const out = await watching;
    const events = out.trim().split('\n').slice(1);
    expect(events[0]).toMatch(/^ADDED\s+storefront\s+3\/3\s+3\s+3\s+/);
    expect(events[events.length - 1]).toMatch(
      /^MODIFIED\s+storefront\s+4\/4\s+4\s+4\s+/,
    );
    const pods = await kubectl(
      'get',
      'pods',
      '-l',
      'app=storefront',
      '-o',
      'name',
    );
    expect(pods.stdout.trim().split('\n')).toHaveLength(4);
  });

  it('rollout status follows a new image to the end', async () => {
    if (!clientsPresent()) return;
    const set = await kubectl(
      'set',
      'image',
      'deployment/storefront',
      'storefront=nginx:1.30',
    );
    expect(set.code).toBe(0);
    const status = await kubectl(
      'rollout',
      'status',
      'deployment/storefront',
      '--timeout=30s',
    );
    expect(status.stdout.trim().split('\n').pop()).toBe(
      'deployment "storefront" successfully rolled out',
    );
    expect(status.code).toBe(0);
    const sets = await kubectl('get', 'replicasets', '-l', 'app=storefront');
    const rows = sets.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map(l => l.split(/\s+/));
    expect(rows.map(r => r.slice(1, 4).join(' ')).sort()).toEqual([
      '0 0 0',
      '4 4 4',
    ]);
  });

  it('delete --dry-run=server deletes nothing; --cascade=orphan keeps the pods', async () => {
    if (!clientsPresent()) return;
    const dry = await kubectl(
      'delete',
      'deployment',
      'cart',
      '--dry-run=server',
    );
    expect(dry.stdout.trim()).toBe(
      'deployment.apps "cart" deleted (server dry run)',
    );
    expect((await kubectl('get', 'deployment', 'cart')).code).toBe(0);

    const pods = (await kubectl('get', 'pods', '-l', 'app=cart', '-o', 'name'))
      .stdout;
    const orphan = await kubectl(
      'delete',
      'deployment',
      'cart',
      '--cascade=orphan',
    );
    expect(orphan.stdout.trim()).toBe('deployment.apps "cart" deleted');
    expect((await kubectl('get', 'deployment', 'cart')).code).not.toBe(0);
    expect(
      (await kubectl('get', 'pods', '-l', 'app=cart', '-o', 'name')).stdout,
    ).toBe(pods);
    const owners = await kubectl(
      'get',
      'replicasets',
      '-l',
      'app=cart',
      '-o',
      'jsonpath={.items[*].metadata.ownerReferences}',
    );
    expect(owners.stdout).toBe('');
  });
});
