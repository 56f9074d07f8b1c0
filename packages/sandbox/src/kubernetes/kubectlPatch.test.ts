import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
 * Patch and apply semantics proven with the real kubectl (client-side
 * apply's three-way strategic merge patch, `set image`, `patch --type
 * strategic`, server-side apply and its move from client-side apply) against
 * a sandbox cluster, with a token from `aws eks get-token`.
 */
describe('kubectl patch and apply against a sandbox cluster', () => {
  jest.setTimeout(60_000);

  const sandbox = useSandbox({ latencyFactor: 0 });
  let dir: string;
  let env: Record<string, string>;
  let missing: string[] = [];

  const kubectl = (...args: string[]) =>
    runClient(
      'kubectl',
      [
        '--kubeconfig',
        join(dir, 'kubeconfig'),
        '--cache-dir',
        join(dir, 'cache'),
        ...args,
      ],
      env,
    );

  /** kubectl apply of a manifest; validation is another suite's subject. */
  const applyFile = async (manifest: string, ...flags: string[]) => {
    const file = join(dir, `manifest-${Math.random()}.json`);
    writeFileSync(file, manifest);
    return kubectl('apply', '--validate=false', ...flags, '-f', file);
  };

  const getJson = async (...args: string[]) => {
    const result = await kubectl('get', ...args, '-o', 'json');
    expect(result.stderr).toBe('');
    return JSON.parse(result.stdout);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sandbox-kubectl-patch-'));
    env = isolatedClientEnv(sandbox, dir);
    missing = await missingClients(env);
    if (missing.length === 0) await writeDemoKubeconfig(sandbox, dir, env);
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
  });

  const clientsPresent = () => present(missing, 'the kubectl patch proof');

  const deployment = (
    name: string,
    containers: Array<Record<string, unknown>>,
  ) =>
    JSON.stringify({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: 'default' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: { containers },
        },
      },
    });
  const app = (image: string) => ({
    name: 'app',
    image,
    ports: [{ containerPort: 80 }],
    resources: { limits: { cpu: '500m', memory: '256Mi' } },
  });
  // as the API server stores it: ports default their protocol
  const served = (image: string) => ({
    ...app(image),
    ports: [{ containerPort: 80, protocol: 'TCP' }],
  });
  const sidecar = { name: 'sidecar', image: 'envoy:1' };

  it('keeps ports and resources through client-side apply, set image and strategic patches', async () => {
    if (!clientsPresent()) return;
    expect(
      (await applyFile(deployment('web', [app('nginx:1.25'), sidecar]))).code,
    ).toBe(0);
    // client-side apply of an image change: kubectl's three-way patch
    const changed = await applyFile(
      deployment('web', [app('nginx:1.27'), sidecar]),
    );
    expect(changed.stdout).toBe('deployment.apps/web configured\n');
    let live = await getJson('deployment', 'web');
    expect(live.spec.template.spec.containers).toEqual([
      expect.objectContaining(served('nginx:1.27')),
      expect.objectContaining(sidecar),
    ]);
    expect(live.metadata.generation).toBe(2);

    const setImage = await kubectl(
      'set',
      'image',
      'deployment/web',
      'app=nginx:1.28',
    );
    expect(setImage.stdout).toBe('deployment.apps/web image updated\n');
    live = await getJson('deployment', 'web');
    expect(live.spec.template.spec.containers[0]).toEqual(
      expect.objectContaining(served('nginx:1.28')),
    );

    const patch = JSON.stringify({
      spec: {
        template: {
          spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] },
        },
      },
    });
    const deleted = await kubectl(
      'patch',
      'deployment',
      'web',
      '--type',
      'strategic',
      '-p',
      patch,
    );
    expect(deleted.stdout).toBe('deployment.apps/web patched\n');
    live = await getJson('deployment', 'web');
    expect(
      live.spec.template.spec.containers.map((c: { name: string }) => c.name),
    ).toEqual(['app']);
    expect(JSON.stringify(live)).not.toContain('$patch');
    // the same patch again changes nothing, and kubectl sees it
    const again = await kubectl(
      'patch',
      'deployment',
      'web',
      '--type',
      'strategic',
      '-p',
      patch,
    );
    expect(again.stdout).toBe('deployment.apps/web patched (no change)\n');

    // client-side apply without the sidecar in the file deletes it
    await applyFile(deployment('web', [app('nginx:1.27'), sidecar]));
    await applyFile(deployment('web', [app('nginx:1.27')]));
    live = await getJson('deployment', 'web');
    expect(
      live.spec.template.spec.containers.map((c: { name: string }) => c.name),
    ).toEqual(['app']);
  });

  it('applies server-side with field managers per container, exact conflicts, no-op applies and the move from client-side apply', async () => {
    if (!clientsPresent()) return;
    const teamA = await applyFile(
      deployment('ssa', [{ name: 'app', image: 'nginx:1' }]),
      '--server-side',
      '--field-manager=team-a',
    );
    expect(teamA.stdout).toBe('deployment.apps/ssa serverside-applied\n');
    const teamB = await applyFile(
      deployment('ssa', [sidecar]),
      '--server-side',
      '--field-manager=team-b',
    );
    expect(teamB.code).toBe(0);
    const live = await getJson('deployment', 'ssa');
    expect(
      live.spec.template.spec.containers.map((c: { name: string }) => c.name),
    ).toEqual(['app', 'sidecar']);

    const again = await applyFile(
      deployment('ssa', [sidecar]),
      '--server-side',
      '--field-manager=team-b',
    );
    expect(again.code).toBe(0);
    const unchanged = await getJson('deployment', 'ssa');
    expect(unchanged.metadata.resourceVersion).toBe(
      live.metadata.resourceVersion,
    );

    const conflict = await applyFile(
      deployment('ssa', [{ name: 'app', image: 'nginx:2' }]),
      '--server-side',
      '--field-manager=team-b',
    );
    expect(conflict.code).not.toBe(0);
    expect(conflict.stderr).toContain(
      'error: Apply failed with 1 conflict: conflict with "team-a": .spec.template.spec.containers[name="app"].image',
    );

    // client-side apply first, then kubectl's server-side apply takes over
    expect(
      (await applyFile(deployment('moved', [app('nginx:1.25'), sidecar]))).code,
    ).toBe(0);
    const moved = await applyFile(
      deployment('moved', [app('nginx:1.27')]),
      '--server-side',
    );
    expect(moved.stderr).toBe('');
    expect(moved.stdout).toBe('deployment.apps/moved serverside-applied\n');
    const after = await getJson('deployment', 'moved', '--show-managed-fields');
    expect(
      after.metadata.managedFields.map(
        (f: { manager: string; operation: string }) =>
          `${f.manager} ${f.operation}`,
      ),
    ).toContain('kubectl Apply');
    expect(
      after.metadata.managedFields.map((f: { manager: string }) => f.manager),
    ).not.toContain('kubectl-client-side-apply');
    expect(after.spec.template.spec.containers[0].image).toBe('nginx:1.27');
  });

  it('refuses a strategic merge patch of a custom resource, as kubectl shows it', async () => {
    if (!clientsPresent()) return;
    const crd = await applyFile(
      JSON.stringify({
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'widgets.example.com' },
        spec: {
          group: 'example.com',
          scope: 'Namespaced',
          names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  properties: {
                    spec: {
                      type: 'object',
                      properties: { size: { type: 'integer' } },
                    },
                  },
                },
              },
            },
          ],
        },
      }),
    );
    expect(crd.code).toBe(0);
    expect(
      (
        await applyFile(
          JSON.stringify({
            apiVersion: 'example.com/v1',
            kind: 'Widget',
            metadata: { name: 'w', namespace: 'default' },
            spec: { size: 1 },
          }),
        )
      ).code,
    ).toBe(0);
    const strategic = await kubectl(
      'patch',
      'widget',
      'w',
      '-p',
      '{"spec":{"size":2}}',
    );
    expect(strategic.code).not.toBe(0);
    expect(strategic.stderr).toBe(
      'error: application/strategic-merge-patch+json is not supported by example.com/v1, Kind=Widget: the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml\n',
    );
    const merge = await kubectl(
      'patch',
      'widget',
      'w',
      '--type',
      'merge',
      '-p',
      '{"spec":{"size":2}}',
    );
    expect(merge.stdout).toBe('widget.example.com/w patched\n');
  });
});
