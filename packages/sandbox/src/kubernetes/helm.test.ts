import { execFile } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { createServer, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import {
  chmodSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createSandboxTls } from '../tls.ts';
import { KubernetesCluster } from './KubernetesCluster.ts';
import { createNodeGroupNodes } from './nodeGroups.ts';
import { signEksToken, startTestKubernetesServer } from './testing.ts';

const HELM = resolve(__dirname, '../../bin/helm');
const ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];

interface HelmResult {
  code: number;
  stdout: string;
  stderr: string;
}

function helm(
  args: string[],
  env: Record<string, string> = {},
): Promise<HelmResult> {
  return new Promise(done => {
    execFile(
      process.execPath,
      [HELM, ...args],
      { env: { ...process.env, ...env } },
      (error, stdout, stderr) => {
        const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
        done({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

describe('the stand-in helm', () => {
  let agentActive = true;
  const writes: string[] = [];
  const cluster = new KubernetesCluster({
    name: 'demo',
    recordWrite: (operation, params) =>
      writes.push(
        `${operation} ${params.kind} ${params.namespace ?? ''}/${params.name}`,
      ),
    hooks: { podIdentityAgentActive: () => agentActive },
    probeIntervalMs: 50,
  });
  let server: Awaited<ReturnType<typeof startTestKubernetesServer>>;
  let dir: string;
  let kubeconfig: string;
  let log: string;

  const install = (...extra: string[]) =>
    helm(
      [
        'upgrade',
        '--install',
        'karpenter',
        'oci://public.ecr.aws/karpenter/karpenter',
        '--namespace',
        'kube-system',
        '--create-namespace',
        '--version',
        '1.8.1',
        '--set',
        'settings.clusterName=demo',
        '--set',
        'settings.interruptionQueue=Karpenter-demo',
        '--set',
        'serviceAccount.annotations.example\\.com/team=platform',
        '--kubeconfig',
        kubeconfig,
        ...extra,
      ],
      { SANDBOX_HELM_LOG: log },
    );

  beforeAll(async () => {
    server = await startTestKubernetesServer([cluster]);
    dir = mkdtempSync(join(tmpdir(), 'helm-test-'));
    kubeconfig = join(dir, 'kubeconfig');
    log = join(dir, 'helm.log');
    writeFileSync(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '  - name: demo',
        '    cluster:',
        `      server: ${server.endpoint('demo')}`,
        `      certificate-authority-data: ${server.caData}`,
        'users:',
        '  - name: demo',
        '    user:',
        `      token: ${signEksToken({ clusterName: 'demo' })}`,
        'contexts:',
        '  - name: demo',
        '    context: { cluster: demo, user: demo }',
        'current-context: demo',
        '',
      ].join('\n'),
    );
    cluster.apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'default' },
    });
    createNodeGroupNodes(cluster, {
      nodeGroup: 'system',
      zones: ZONES,
      taints: [
        { key: 'CriticalAddonsOnly', value: 'true', effect: 'NoSchedule' },
      ],
    });
  });
  afterAll(async () => {
    cluster.stopProbes();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints its version', async () => {
    const result = await helm(['version', '--short']);
    expect(result).toEqual({
      code: 0,
      stdout: 'v3.19.0+g3d8990f\n',
      stderr: '',
    });
  });

  it('installs the karpenter chart with server-side apply and waits for it', async () => {
    writes.length = 0;
    const result = await install('--wait', '--timeout', '30s');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^Release "karpenter" does not exist\. Installing it now\.\nNAME: karpenter\nLAST DEPLOYED: .+\nNAMESPACE: kube-system\nSTATUS: deployed\nREVISION: 1\nTEST SUITE: None\n$/,
    );

    const deployment = cluster.get(
      'apps/v1',
      'Deployment',
      'kube-system',
      'karpenter',
    )!;
    const container = (deployment.spec as any).template.spec.containers[0];
    expect(container.image).toBe('public.ecr.aws/karpenter/controller:1.8.1');
    expect(container.env).toEqual(
      expect.arrayContaining([
        { name: 'CLUSTER_NAME', value: 'demo' },
        { name: 'INTERRUPTION_QUEUE', value: 'Karpenter-demo' },
      ]),
    );
    expect(deployment.metadata.managedFields).toEqual([
      expect.objectContaining({ manager: 'helm', operation: 'Apply' }),
    ]);
    expect(deployment.status).toMatchObject({ readyReplicas: 2 });
    const serviceAccount = cluster.get(
      'v1',
      'ServiceAccount',
      'kube-system',
      'karpenter',
    )!;
    expect(serviceAccount.metadata.annotations).toMatchObject({
      'example.com/team': 'platform',
      'meta.helm.sh/release-name': 'karpenter',
    });
    expect(
      cluster
        .list('apiextensions.k8s.io/v1', 'CustomResourceDefinition')
        .map(c => c.metadata.name),
    ).toEqual([
      'ec2nodeclasses.karpenter.k8s.aws',
      'nodeclaims.karpenter.sh',
      'nodepools.karpenter.sh',
    ]);
    expect(writes).toEqual(
      expect.arrayContaining([
        'create Namespace /kube-system',
        'create CustomResourceDefinition /nodepools.karpenter.sh',
        'apply ServiceAccount kube-system/karpenter',
        'apply Deployment kube-system/karpenter',
        'apply Secret kube-system/sh.helm.release.v1.karpenter.v1',
      ]),
    );

    const logged = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map(l => JSON.parse(l));
    expect(logged[logged.length - 1]).toMatchObject({
      args: expect.arrayContaining([
        'upgrade',
        '--install',
        'karpenter',
        '--wait',
      ]),
      exitCode: 0,
    });
  });

  it('reports the release in status and list, and upgrades it', async () => {
    const status = await helm([
      'status',
      'karpenter',
      '-n',
      'kube-system',
      '--kubeconfig',
      kubeconfig,
    ]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('STATUS: deployed\nREVISION: 1');

    const upgraded = await install('--set', 'replicas=1');
    expect(upgraded.code).toBe(0);
    expect(upgraded.stdout).toContain(
      'Release "karpenter" has been upgraded. Happy Helming!\nNAME: karpenter',
    );
    expect(upgraded.stdout).toContain('REVISION: 2');
    expect(
      (
        cluster.get('apps/v1', 'Deployment', 'kube-system', 'karpenter')!
          .spec as any
      ).replicas,
    ).toBe(1);

    const listed = await helm([
      'list',
      '-o',
      'json',
      '-A',
      '--kubeconfig',
      kubeconfig,
    ]);
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({
        name: 'karpenter',
        namespace: 'kube-system',
        revision: '2',
        status: 'deployed',
        chart: 'karpenter-1.8.1',
        app_version: '1.8.1',
      }),
    ]);
  });

  it('times out --wait when Karpenter cannot become Ready (no Pod Identity agent)', async () => {
    agentActive = false;
    cluster.reconcile();
    try {
      const result = await install('--wait', '--timeout', '300ms');
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        'Error: UPGRADE FAILED: context deadline exceeded\n',
      );
      const status = await helm([
        'status',
        'karpenter',
        '-n',
        'kube-system',
        '-o',
        'json',
        '--kubeconfig',
        kubeconfig,
      ]);
      expect(JSON.parse(status.stdout).info.status).toBe('failed');
    } finally {
      agentActive = true;
      cluster.reconcile();
    }
  });

  it('gets the user-supplied and computed values of a release, per revision', async () => {
    const values = async (...extra: string[]) => {
      const result = await helm([
        'get',
        'values',
        'karpenter',
        '-n',
        'kube-system',
        '--kubeconfig',
        kubeconfig,
        ...extra,
      ]);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      return result.stdout;
    };
    const userSupplied = {
      settings: { clusterName: 'demo', interruptionQueue: 'Karpenter-demo' },
      serviceAccount: { annotations: { 'example.com/team': 'platform' } },
    };
    // the latest revision (3, the failed --wait upgrade)
    expect(JSON.parse(await values('-o', 'json'))).toEqual(userSupplied);
    expect(JSON.parse(await values('-o', 'json', '--revision', '2'))).toEqual({
      ...userSupplied,
      replicas: 1,
    });
    const computed = JSON.parse(await values('-o', 'json', '--all'));
    expect(computed).toMatchObject({
      replicas: 2,
      logLevel: 'info',
      settings: {
        clusterName: 'demo',
        interruptionQueue: 'Karpenter-demo',
        clusterEndpoint: '',
      },
      serviceAccount: {
        name: 'karpenter',
        annotations: { 'example.com/team': 'platform' },
      },
    });
    expect(await values()).toMatch(
      /^USER-SUPPLIED VALUES:\nserviceAccount:\n {2}annotations:\n {4}example.com\/team: platform\n/,
    );
    expect(await values('-a', '--revision', '2')).toMatch(
      /^COMPUTED VALUES:\n[^]*\nreplicas: 1\n/,
    );
    expect(
      await helm([
        'get',
        'values',
        'nope',
        '-n',
        'kube-system',
        '-o',
        'json',
        '--kubeconfig',
        kubeconfig,
      ]),
    ).toMatchObject({ code: 1, stderr: 'Error: release: not found\n' });
    expect(
      await helm([
        'get',
        'values',
        'karpenter',
        '-n',
        'kube-system',
        '--revision',
        '9',
        '--kubeconfig',
        kubeconfig,
      ]),
    ).toMatchObject({ code: 1, stderr: 'Error: release: not found\n' });
  });

  it('lists releases in every state with --all', async () => {
    const kept = await helm([
      'install',
      'kept',
      'oci://public.ecr.aws/karpenter/karpenter',
      '-n',
      'kept',
      '--create-namespace',
      '--kubeconfig',
      kubeconfig,
    ]);
    expect(kept.code).toBe(0);
    expect(
      JSON.parse(
        (
          await helm([
            'get',
            'values',
            'kept',
            '-n',
            'kept',
            '-o',
            'json',
            '--kubeconfig',
            kubeconfig,
          ])
        ).stdout,
      ),
    ).toBeNull();
    const uninstalled = await helm([
      'uninstall',
      'kept',
      '-n',
      'kept',
      '--keep-history',
      '--kubeconfig',
      kubeconfig,
    ]);
    expect(uninstalled.stdout).toBe('release "kept" uninstalled\n');
    const list = async (...extra: string[]) =>
      JSON.parse(
        (
          await helm([
            'list',
            '-n',
            'kept',
            '-o',
            'json',
            '--kubeconfig',
            kubeconfig,
            ...extra,
          ])
        ).stdout,
      );
    expect(await list()).toEqual([]);
    expect(await list('--all')).toEqual([
      expect.objectContaining({
        name: 'kept',
        namespace: 'kept',
        revision: '1',
        status: 'uninstalled',
      }),
    ]);
    expect((await list('-a', '-A')).map((r: any) => r.name)).toEqual([
      'karpenter',
      'kept',
    ]);
    expect(cluster.get('apps/v1', 'Deployment', 'kept', 'karpenter')).toBe(
      undefined,
    );
  });

  it('uninstalls the release, leaving the CRDs as helm does', async () => {
    const result = await helm([
      'uninstall',
      'karpenter',
      '-n',
      'kube-system',
      '--kubeconfig',
      kubeconfig,
    ]);
    expect(result).toEqual({
      code: 0,
      stdout: 'release "karpenter" uninstalled\n',
      stderr: '',
    });
    expect(
      cluster.get('apps/v1', 'Deployment', 'kube-system', 'karpenter'),
    ).toBeUndefined();
    expect(
      cluster.get('v1', 'ServiceAccount', 'kube-system', 'karpenter'),
    ).toBeUndefined();
    expect(cluster.list('v1', 'Secret', 'kube-system')).toEqual([]);
    expect(
      cluster.list('apiextensions.k8s.io/v1', 'CustomResourceDefinition'),
    ).toHaveLength(3);
    const again = await helm([
      'uninstall',
      'karpenter',
      '-n',
      'kube-system',
      '--kubeconfig',
      kubeconfig,
    ]);
    expect(again).toMatchObject({
      code: 1,
      stderr:
        'Error: uninstall: Release not loaded: karpenter: release: not found\n',
    });
    const listed = await helm([
      'list',
      '-o',
      'json',
      '-A',
      '--kubeconfig',
      kubeconfig,
    ]);
    expect(JSON.parse(listed.stdout)).toEqual([]);
  });

  it('upgrades the CRDs with the karpenter-crd chart once they carry its ownership metadata, and refuses what another owns', async () => {
    const crdChart = (version: string) =>
      helm([
        'upgrade',
        '--install',
        'karpenter-crd',
        'oci://public.ecr.aws/karpenter/karpenter-crd',
        '--version',
        version,
        '--namespace',
        'kube-system',
        '--kubeconfig',
        kubeconfig,
      ]);
    // the karpenter chart's crds/ folder installed them without Helm's metadata
    const refused = await crdChart('1.14.1');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^Error: INSTALLATION FAILED: rendered manifests contain a resource that already exists\. Unable to continue with install: CustomResourceDefinition "\w+\.karpenter\.(sh|k8s\.aws)" in namespace "" exists and cannot be imported into the current release: invalid ownership metadata; label validation error: missing key "app\.kubernetes\.io\/managed-by": must be set to "Helm"; annotation validation error: missing key "meta\.helm\.sh\/release-name": must be set to "karpenter-crd"/,
    );
    // as Karpenter's troubleshooting guide does: label and annotate them
    for (const crd of cluster.list(
      'apiextensions.k8s.io/v1',
      'CustomResourceDefinition',
    )) {
      cluster.apply({
        ...crd,
        metadata: {
          ...crd.metadata,
          labels: {
            ...crd.metadata.labels,
            'app.kubernetes.io/managed-by': 'Helm',
          },
          annotations: {
            ...crd.metadata.annotations,
            'meta.helm.sh/release-name': 'karpenter-crd',
            'meta.helm.sh/release-namespace': 'kube-system',
          },
        },
      });
    }
    const installed = await crdChart('1.14.1');
    expect(installed.stderr).toBe('');
    expect(installed.code).toBe(0);
    // 1.14 ships the CapacityBuffer CRD
    expect(
      cluster
        .list('apiextensions.k8s.io/v1', 'CustomResourceDefinition')
        .map(c => c.metadata.name)
        .sort(),
    ).toEqual([
      'capacitybuffers.autoscaling.x-k8s.io',
      'ec2nodeclasses.karpenter.k8s.aws',
      'nodeclaims.karpenter.sh',
      'nodepools.karpenter.sh',
    ]);
    const listed = await helm([
      'list',
      '-o',
      'json',
      '-n',
      'kube-system',
      '--kubeconfig',
      kubeconfig,
    ]);
    expect(JSON.parse(listed.stdout)).toContainEqual(
      expect.objectContaining({
        name: 'karpenter-crd',
        chart: 'karpenter-crd-1.14.1',
        status: 'deployed',
      }),
    );
    // a version never published is not found
    expect(await crdChart('1.14.9')).toMatchObject({
      code: 1,
      stderr:
        'Error: UPGRADE FAILED: chart "karpenter-crd" version "1.14.9" not found in oci://public.ecr.aws/karpenter/karpenter-crd repository\n',
    });
  }, 30_000);

  it('refuses to install the karpenter chart over a controller that is no Helm release', async () => {
    cluster.apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'hand-made' },
    });
    cluster.apply({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'karpenter', namespace: 'hand-made' },
    });
    const result = await helm([
      'upgrade',
      '--install',
      'karpenter',
      'oci://public.ecr.aws/karpenter/karpenter',
      '--version',
      '1.14.1',
      '--namespace',
      'hand-made',
      '--kubeconfig',
      kubeconfig,
    ]);
    expect(result).toMatchObject({
      code: 1,
      stderr:
        'Error: INSTALLATION FAILED: rendered manifests contain a resource that already exists. Unable to continue with install: ServiceAccount "karpenter" in namespace "hand-made" exists and cannot be imported into the current release: invalid ownership metadata; label validation error: missing key "app.kubernetes.io/managed-by": must be set to "Helm"; annotation validation error: missing key "meta.helm.sh/release-name": must be set to "karpenter"; annotation validation error: missing key "meta.helm.sh/release-namespace": must be set to "hand-made"\n',
    });
    expect(
      cluster.get('apps/v1', 'Deployment', 'hand-made', 'karpenter'),
    ).toBeUndefined();
  });

  it('fails like helm on bad usage', async () => {
    expect(await helm(['upgrade', 'only-release'])).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'Error: "helm upgrade" requires 2 arguments\n\nUsage:  helm upgrade [RELEASE] [CHART] [flags]\n',
    });
    expect(await helm(['upgrade', '--bogus', 'a', 'b'])).toMatchObject({
      code: 1,
      stderr: 'Error: unknown flag: --bogus\n',
    });
    expect(await helm(['frobnicate'])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(
        /^Error: unknown command "frobnicate" for "helm"/,
      ),
    });
    expect(
      await helm([
        'upgrade',
        '--install',
        'x',
        'oci://example.com/charts/nginx',
        '--kubeconfig',
        kubeconfig,
      ]),
    ).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(
        /^Error: INSTALLATION FAILED: chart "oci:\/\/example.com\/charts\/nginx" is not available/,
      ),
    });
    expect(
      await helm([
        'upgrade',
        'karpenter',
        'oci://public.ecr.aws/karpenter/karpenter',
        '--kubeconfig',
        kubeconfig,
      ]),
    ).toMatchObject({
      code: 1,
      stderr: 'Error: UPGRADE FAILED: "karpenter" has no deployed releases\n',
    });
    expect(
      await helm([
        'upgrade',
        '--install',
        'karpenter',
        'oci://public.ecr.aws/karpenter/karpenter',
        '-n',
        'nowhere',
        '--kubeconfig',
        kubeconfig,
      ]),
    ).toMatchObject({
      code: 1,
      stderr:
        'Error: INSTALLATION FAILED: create: failed to create: namespaces "nowhere" not found\n',
    });
    // five helm processes, each starting Node with the TypeScript transform
  }, 30_000);

  it('retries a 429 or 5xx that carries Retry-After, as client-go does, and not one without it', async () => {
    // an HTTPS front door (a CA of its own) that answers the queued
    // failures, then forwards to the cluster
    const failures: Array<{ status: number; retryAfter?: string }> = [];
    let answered = 0;
    const frontTls = await createSandboxTls();
    const front = createServer(
      { cert: frontTls.certPem, key: frontTls.keyPem },
      (req, res) => {
        answered++;
        const failure = failures.shift();
        if (failure) {
          res.writeHead(failure.status, {
            'content-type': 'application/json',
            ...(failure.retryAfter
              ? { 'retry-after': failure.retryAfter }
              : {}),
          });
          res.end(
            JSON.stringify({
              kind: 'Status',
              status: 'Failure',
              code: failure.status,
              message: `injected ${failure.status}`,
            }),
          );
          return;
        }
        const target = new URL(req.url ?? '/', server.url);
        req.pipe(
          httpsRequest(
            target,
            { method: req.method, headers: req.headers, ca: server.ca },
            upstream => {
              res.writeHead(upstream.statusCode ?? 502, upstream.headers);
              upstream.pipe(res);
            },
          ),
        );
      },
    );
    await new Promise<void>(done => front.listen(0, '127.0.0.1', done));
    const frontConfig = join(dir, 'front-kubeconfig');
    writeFileSync(
      frontConfig,
      readFileSync(kubeconfig, 'utf8')
        .replace(
          server.url,
          `https://127.0.0.1:${(front.address() as AddressInfo).port}`,
        )
        .replace(server.caData, Buffer.from(frontTls.caPem).toString('base64')),
    );
    try {
      failures.push(
        { status: 429, retryAfter: '0' },
        { status: 503, retryAfter: '0' },
      );
      const listed = await helm(['list', '-A', '--kubeconfig', frontConfig]);
      expect(listed).toMatchObject({ code: 0, stderr: '' });
      expect(answered).toBe(3);

      failures.push({ status: 500 });
      expect(
        await helm(['list', '-A', '--kubeconfig', frontConfig]),
      ).toMatchObject({ code: 1, stderr: 'Error: injected 500\n' });

      answered = 0;
      failures.push(
        ...Array.from({ length: 11 }, () => ({
          status: 429,
          retryAfter: '0',
        })),
      );
      expect(
        await helm(['list', '-A', '--kubeconfig', frontConfig]),
      ).toMatchObject({ code: 1, stderr: 'Error: injected 429\n' });
      expect(answered).toBe(11);
    } finally {
      failures.length = 0;
      await new Promise(done => front.close(done));
    }
  });

  it('reports an unreachable cluster for a missing kubeconfig or a rejected token', async () => {
    expect(
      await helm(['list', '--kubeconfig', join(dir, 'missing')]),
    ).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(
        /^Error: Kubernetes cluster unreachable: stat .*missing: no such file or directory/,
      ),
    });
    const badConfig = join(dir, 'bad-kubeconfig');
    writeFileSync(
      badConfig,
      readFileSync(kubeconfig, 'utf8').replace(
        /token: .*/,
        'token: not-an-eks-token',
      ),
    );
    expect(await helm(['list', '--kubeconfig', badConfig])).toMatchObject({
      code: 1,
      stderr:
        'Error: Kubernetes cluster unreachable: the server has asked for the client to provide credentials\n',
    });
  });
  it('verifies the server with the kubeconfig CA (data or file) and refuses a foreign one', async () => {
    const caFile = join(dir, 'ca.crt');
    writeFileSync(caFile, server.ca);
    const withFile = join(dir, 'ca-file-kubeconfig');
    writeFileSync(
      withFile,
      readFileSync(kubeconfig, 'utf8').replace(
        /certificate-authority-data: .*/,
        'certificate-authority: ca.crt',
      ),
    );
    expect(
      await helm(['list', '-A', '-o', 'json', '--kubeconfig', withFile]),
    ).toMatchObject({ code: 0, stderr: '' });

    const foreignTls = await createSandboxTls();
    const foreign = join(dir, 'foreign-ca-kubeconfig');
    writeFileSync(
      foreign,
      readFileSync(kubeconfig, 'utf8').replace(
        server.caData,
        Buffer.from(foreignTls.caPem).toString('base64'),
      ),
    );
    expect(await helm(['list', '--kubeconfig', foreign])).toMatchObject({
      code: 1,
      stderr: `Error: Kubernetes cluster unreachable: Get "${server.endpoint(
        'demo',
      )}/api/v1/namespaces/default/secrets?labelSelector=owner%3Dhelm": tls: failed to verify certificate: x509: certificate signed by unknown authority\n`,
    });
    const noCa = join(dir, 'no-ca-kubeconfig');
    writeFileSync(
      noCa,
      readFileSync(kubeconfig, 'utf8').replace(
        /\n\s*certificate-authority-data: .*/,
        '',
      ),
    );
    expect(await helm(['list', '--kubeconfig', noCa])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(
        'x509: certificate signed by unknown authority',
      ),
    });
  });

  it('gets its token from an exec credential plugin, as from `aws eks get-token`', async () => {
    const plugin = join(dir, 'get-token');
    writeFileSync(
      plugin,
      [
        '#!/bin/sh',
        'echo "$KUBERNETES_EXEC_INFO" > "$(dirname "$0")/exec-info.json"',
        `printf '%s' '${JSON.stringify({
          kind: 'ExecCredential',
          apiVersion: 'client.authentication.k8s.io/v1beta1',
          spec: {},
          status: { token: signEksToken({ clusterName: 'demo' }) },
        })}'`,
        '',
      ].join('\n'),
    );
    chmodSync(plugin, 0o755);
    const execConfig = join(dir, 'exec-kubeconfig');
    writeFileSync(
      execConfig,
      readFileSync(kubeconfig, 'utf8').replace(
        /token: .*/,
        [
          'exec:',
          '        apiVersion: client.authentication.k8s.io/v1beta1',
          '        command: ./get-token',
          '        args: [eks, get-token, --cluster-name, demo]',
          '        env: [{ name: AWS_REGION, value: eu-west-1 }]',
        ].join('\n'),
      ),
    );
    expect(
      await helm(['list', '-A', '-o', 'json', '--kubeconfig', execConfig]),
    ).toMatchObject({ code: 0, stderr: '' });
    expect(
      JSON.parse(readFileSync(join(dir, 'exec-info.json'), 'utf8')),
    ).toEqual({
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      kind: 'ExecCredential',
      spec: { interactive: false },
    });

    const failing = join(dir, 'failing-exec-kubeconfig');
    writeFileSync(
      failing,
      readFileSync(execConfig, 'utf8').replace('./get-token', '/bin/false'),
    );
    expect(await helm(['list', '--kubeconfig', failing])).toMatchObject({
      code: 1,
      stderr:
        'Error: Kubernetes cluster unreachable: getting credentials: exec: executable /bin/false failed with exit code 1\n',
    });
  });

  it('reads its token from a tokenFile, relative to the kubeconfig', async () => {
    writeFileSync(
      join(dir, 'token'),
      `${signEksToken({ clusterName: 'demo' })}\n`,
    );
    const fileConfig = join(dir, 'token-file-kubeconfig');
    writeFileSync(
      fileConfig,
      readFileSync(kubeconfig, 'utf8').replace(/token: .*/, 'tokenFile: token'),
    );
    expect(await helm(['list', '--kubeconfig', fileConfig])).toMatchObject({
      code: 0,
      stderr: '',
    });
    rmSync(join(dir, 'token'));
    expect(await helm(['list', '--kubeconfig', fileConfig])).toMatchObject({
      code: 1,
      stderr: `Error: Kubernetes cluster unreachable: open ${join(
        dir,
        'token',
      )}: no such file or directory\n`,
    });
  });

  it('never sends the token to a plain-http server, as client-go', async () => {
    const seen: Array<string | undefined> = [];
    const plain = createHttpServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', status: 'Failure', code: 401 }));
    });
    await new Promise<void>(done => plain.listen(0, '127.0.0.1', done));
    const plainConfig = join(dir, 'plain-kubeconfig');
    writeFileSync(
      plainConfig,
      readFileSync(kubeconfig, 'utf8').replace(
        server.url,
        `http://127.0.0.1:${(plain.address() as AddressInfo).port}`,
      ),
    );
    try {
      expect(await helm(['list', '--kubeconfig', plainConfig])).toMatchObject({
        code: 1,
        stderr:
          'Error: Kubernetes cluster unreachable: the server has asked for the client to provide credentials\n',
      });
      expect(seen).toEqual([undefined]);
    } finally {
      await new Promise(done => plain.close(done));
    }
  });
});
