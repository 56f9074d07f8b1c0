import { createServer } from 'node:http';
import { request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writer } from 'protobufjs';
import {
  clientsPresent as present,
  isolatedClientEnv,
  missingClients,
  runClient,
  writeDemoKubeconfig,
} from '../../__testUtils__/realClients';
import {
  MalformedProtobuf,
  PROTOBUF_MAGIC,
  ProtobufNotDecoded,
  decodeProtobufBody,
} from './decode';
import { useSandbox } from '../../__testUtils__/useSandbox';

interface RecordedBody {
  url: string;
  contentType?: string;
  body: Buffer;
}

/**
 * The API server a recorder forwards to: its URL, CA and bearer token (the
 * recorder adds the token as `kubectl proxy` does: kubectl sends none over
 * plain HTTP).
 */
interface Upstream {
  url: string;
  ca: string;
  token: string;
}

/**
 * A plain-HTTP server on 127.0.0.1 that records the body of every POST.
 * Without an upstream it answers a POST 201 `{}` and anything else 404; with
 * one it forwards every request there and answers what it answers.
 */
async function startRecorder(upstream?: Upstream) {
  const bodies: RecordedBody[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.method === 'POST') {
        bodies.push({
          url: req.url ?? '',
          contentType: req.headers['content-type'],
          body,
        });
      }
      if (!upstream) {
        res.writeHead(req.method === 'POST' ? 201 : 404, {
          'Content-Type': 'application/json',
        });
        res.end('{}');
        return;
      }
      const { host: _host, ...headers } = req.headers;
      const forwarded = request(
        `${upstream.url}${req.url}`,
        {
          method: req.method,
          headers: { ...headers, authorization: `Bearer ${upstream.token}` },
          ca: upstream.ca,
        },
        answer => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forwarded.on('error', e => {
        res.writeHead(502);
        res.end(e.message);
      });
      forwarded.end(body);
    });
  });
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { server, bodies, url: `http://127.0.0.1:${port}` };
}

/** A kubeconfig for `server`, without credentials. */
function kubeconfigFor(server: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'rec', cluster: { server } }],
    users: [{ name: 'rec', user: {} }],
    contexts: [{ name: 'rec', context: { cluster: 'rec', user: 'rec' } }],
    'current-context': 'rec',
  });
}

/**
 * The decoder against the real client: each `kubectl create <generator>`
 * runs once against a server that records the protobuf body it POSTs, and
 * once with `--dry-run=client -o json`, which prints the object as the same
 * kubectl would have sent it as JSON; the decoded body must equal it.
 * `kubectl autoscale` reads discovery and the Deployment first, so its
 * recorder forwards to a sandbox's demo cluster.
 */
describe('decodeProtobufBody, on bodies kubectl sends', () => {
  jest.setTimeout(90_000);

  let recorder: Awaited<ReturnType<typeof startRecorder>>;
  let forwarder: Awaited<ReturnType<typeof startRecorder>>;
  const sandbox = useSandbox({ latencyFactor: 0 });
  let dir: string;
  let env: Record<string, string>;
  let missing: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sandbox-protobuf-'));
    env = isolatedClientEnv(sandbox, dir);
    missing = await missingClients(env);
    recorder = await startRecorder();
    writeFileSync(join(dir, 'recorder'), kubeconfigFor(recorder.url));
    // a file that is not UTF-8 goes to a ConfigMap's binaryData
    writeFileSync(join(dir, 'blob'), Buffer.from([0xff, 0x00, 0xfe, 0x01]));
    if (missing.length > 0) return;
    const demo = JSON.parse(
      readFileSync(await writeDemoKubeconfig(sandbox, dir, env), 'utf8'),
    );
    forwarder = await startRecorder({
      url: demo.clusters[0].cluster.server,
      ca: sandbox.certificateAuthority,
      token: demo.users[0].user.token,
    });
    writeFileSync(join(dir, 'forwarder'), kubeconfigFor(forwarder.url));
  });
  afterAll(async () => {
    for (const { server } of [recorder, forwarder]) {
      if (server) await new Promise(done => server.close(done));
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const kubectl = (kubeconfig: 'recorder' | 'forwarder', args: string[]) =>
    runClient(
      'kubectl',
      [
        '--kubeconfig',
        join(dir, kubeconfig),
        '--cache-dir',
        join(dir, `${kubeconfig}-cache`),
        ...args,
      ],
      env,
    );

  /** The body `kubectl <args>` POSTs, and the object its client dry run prints. */
  async function captured(
    args: string[],
    through: 'recorder' | 'forwarder' = 'recorder',
  ) {
    const { bodies } = through === 'recorder' ? recorder : forwarder;
    bodies.length = 0;
    const run = await kubectl(through, args);
    expect(run.stderr).toBe('');
    expect(bodies).toHaveLength(1);
    // the flags go before a `--` that starts the container's command
    const end = args.includes('--') ? args.indexOf('--') : args.length;
    const dryRun = await kubectl(through, [
      ...args.slice(0, end),
      '--dry-run=client',
      '-o',
      'json',
      ...args.slice(end),
    ]);
    expect(dryRun.stderr).toBe('');
    return { ...bodies[0], printed: JSON.parse(dryRun.stdout) };
  }

  const generators: [string, string[]][] = [
    ['a namespace', ['create', 'namespace', 'team-a']],
    [
      'a secret as helm stores a release',
      [
        'create',
        'secret',
        'generic',
        'sh.helm.release.v1.web.v1',
        '-n',
        'shop',
        '--from-literal=release=H4sI',
        '--from-literal=empty=',
        '--type',
        'helm.sh/release.v1',
      ],
    ],
    [
      'a config map from a literal',
      ['create', 'configmap', 'settings', '--from-literal=mode=fast'],
    ],
    ['a service account', ['create', 'serviceaccount', 'karpenter']],
    [
      'a deployment with a command, a port and replicas',
      [
        'create',
        'deployment',
        'web',
        '-n',
        'shop',
        '--image=nginx:1.27',
        '--port=80',
        '--replicas=3',
        '--',
        'nginx',
        '-g',
        'daemon off;',
      ],
    ],
    [
      'a deployment with replicas 0 (a pointer set to zero)',
      ['create', 'deployment', 'idle', '--image=busybox', '--replicas=0'],
    ],
    [
      'a ClusterIP service (numeric targetPort)',
      ['create', 'service', 'clusterip', 'web', '--tcp=80:8080'],
    ],
    [
      'a NodePort service (named targetPort, nodePort)',
      [
        'create',
        'service',
        'nodeport',
        'web',
        '--tcp=80:http',
        '--node-port=30080',
      ],
    ],
    [
      'an ExternalName service',
      [
        'create',
        'service',
        'externalname',
        'db',
        '--external-name=db.example.com',
      ],
    ],
    [
      'a pod disruption budget (minAvailable a number)',
      [
        'create',
        'poddisruptionbudget',
        'web',
        '--selector=app=web',
        '--min-available=1',
      ],
    ],
    [
      'a pod disruption budget (maxUnavailable a percentage)',
      [
        'create',
        'poddisruptionbudget',
        'web',
        '--selector=app=web',
        '--max-unavailable=25%',
      ],
    ],
    [
      'an ingress with a class, TLS, two rules, a default backend and an annotation',
      [
        'create',
        'ingress',
        'web',
        '--class=alb',
        '--rule=shop.example.com/api*=api:8080,tls=shop-cert',
        '--rule=/=web:http',
        '--default-backend=fallback:80',
        '--annotation=alb.ingress.kubernetes.io/scheme=internet-facing',
      ],
    ],
  ];

  const autoscalers: [string, string[]][] = [
    [
      'a HorizontalPodAutoscaler with a CPU target',
      [
        'autoscale',
        'deployment',
        'cart',
        '-n',
        'shop',
        '--min=2',
        '--max=5',
        '--cpu-percent=80',
      ],
    ],
    [
      'a HorizontalPodAutoscaler with only a maximum',
      ['autoscale', 'deployment', 'storefront', '-n', 'shop', '--max=3'],
    ],
  ];

  it.each(generators)(
    '%s: the decoded body equals the client dry run',
    async (_, args) => {
      if (!present(missing, 'the protobuf decoder proof')) return;
      const { contentType, body, printed } = await captured(args);
      expect(contentType).toBe('application/vnd.kubernetes.protobuf');
      expect(decodeProtobufBody(body)).toEqual(printed);
    },
  );

  it.each(autoscalers)(
    '%s (kubectl autoscale): the decoded body equals the client dry run',
    async (_, args) => {
      if (!present(missing, 'the protobuf decoder proof')) return;
      const { url, contentType, body, printed } = await captured(
        args,
        'forwarder',
      );
      expect(url).toMatch(/^\/apis\/autoscaling\/v2\/namespaces\/shop\//);
      expect(contentType).toBe('application/vnd.kubernetes.protobuf');
      expect(decodeProtobufBody(body)).toEqual(printed);
    },
  );

  it('decodes bytes of a config map built from a binary file as base64 binaryData', async () => {
    if (!present(missing, 'the protobuf decoder proof')) return;
    const { body, printed } = await captured([
      'create',
      'configmap',
      'blobs',
      `--from-file=blob=${join(dir, 'blob')}`,
    ]);
    expect(printed.binaryData).toEqual({ blob: '/wD+AQ==' });
    expect(decodeProtobufBody(body)).toEqual(printed);
  });

  it('has no decoder for a kind outside the subset (a PriorityClass)', async () => {
    if (!present(missing, 'the protobuf decoder proof')) return;
    recorder.bodies.length = 0;
    await kubectl('recorder', [
      'create',
      'priorityclass',
      'high',
      '--value=1000',
    ]);
    expect(recorder.bodies).toHaveLength(1);
    expect(() => decodeProtobufBody(recorder.bodies[0].body)).toThrow(
      ProtobufNotDecoded,
    );
  });
});

describe('decodeProtobufBody, on bodies built here', () => {
  /** magic + runtime.Unknown {typeMeta {apiVersion, kind}, raw}. */
  function envelope(apiVersion: string, kind: string, raw: Uint8Array) {
    const typeMeta = Writer.create()
      .uint32((1 << 3) | 2)
      .string(apiVersion)
      .uint32((2 << 3) | 2)
      .string(kind)
      .finish();
    const unknown = Writer.create()
      .uint32((1 << 3) | 2)
      .bytes(typeMeta)
      .uint32((2 << 3) | 2)
      .bytes(raw)
      .finish();
    return Buffer.concat([PROTOBUF_MAGIC, unknown]);
  }

  /** A Namespace whose metadata is `meta` (ObjectMeta bytes). */
  const namespace = (meta: Uint8Array) =>
    envelope(
      'v1',
      'Namespace',
      Writer.create()
        .uint32((1 << 3) | 2)
        .bytes(meta)
        .finish(),
    );

  it('prints a set Time as RFC 3339 in UTC, seconds only', () => {
    const time = Writer.create()
      .uint32(1 << 3)
      .int64(1_764_748_800)
      .uint32(2 << 3)
      .int32(500)
      .finish();
    const meta = Writer.create()
      .uint32((1 << 3) | 2)
      .string('team-a')
      .uint32((8 << 3) | 2)
      .bytes(time)
      .uint32(7 << 3)
      .int64(3)
      .finish();
    expect(decodeProtobufBody(namespace(meta))).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'team-a',
        generation: 3,
        creationTimestamp: '2025-12-03T08:00:00Z',
      },
    });
  });

  it('leaves out zero scalars that have omitempty, keeps set pointers', () => {
    const meta = Writer.create()
      .uint32((1 << 3) | 2)
      .string('team-a')
      .uint32((2 << 3) | 2)
      .string('')
      .uint32(10 << 3)
      .int64(0)
      .finish();
    expect(decodeProtobufBody(namespace(meta)).metadata).toEqual({
      name: 'team-a',
      deletionGracePeriodSeconds: 0,
    });
  });

  it('does not decode a field outside the .proto subset (ObjectMeta.managedFields)', () => {
    const meta = Writer.create()
      .uint32((17 << 3) | 2)
      .bytes(new Uint8Array())
      .finish();
    expect(() => decodeProtobufBody(namespace(meta))).toThrow(
      new ProtobufNotDecoded(
        "field 17 of k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta is outside the sandbox's protobuf subset",
      ),
    );
  });

  it('does not decode a kind without a decoder (a custom resource)', () => {
    expect(() =>
      decodeProtobufBody(
        envelope('karpenter.sh/v1', 'NodePool', new Uint8Array()),
      ),
    ).toThrow(ProtobufNotDecoded);
  });

  it('refuses a body without the magic, or cut short', () => {
    expect(() =>
      decodeProtobufBody(Buffer.from('{"kind":"Namespace"}')),
    ).toThrow(
      new MalformedProtobuf(
        'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]',
      ),
    );
    const whole = namespace(
      Writer.create()
        .uint32((1 << 3) | 2)
        .string('team-a')
        .finish(),
    );
    expect(() =>
      decodeProtobufBody(whole.subarray(0, whole.length - 3)),
    ).toThrow(MalformedProtobuf);
  });

  it('refuses a field of the wrong wire type', () => {
    const meta = Writer.create()
      .uint32(1 << 3) // name as a varint
      .uint32(7)
      .finish();
    expect(() => decodeProtobufBody(namespace(meta))).toThrow(
      MalformedProtobuf,
    );
  });
});
