/* eslint-disable jest/no-standalone-expect -- the cases run inside the suite's tests (aws.test.ts, kubectl.test.ts) and check with jest's expect */
import type { KubectlCase, KubectlCaseContext } from './cases';
import { KUBECTL_AUTH_CASES } from './kubectlAuthCases';

/*
 * The Kubernetes verbs the product uses (eks-node's health reads and
 * provisioning through @kubernetes/client-node, and helm's release storage),
 * plus what kubectl itself relies on (OpenAPI, strategic merge patch,
 * server-side apply, watches, Table output, /scale, dry-run, cascade), each
 * against the demo cluster with input the API server accepts and input it
 * refuses, as kubectl reports it.
 */

const K8S_API = 'https://kubernetes.io/docs/reference/using-api/api-concepts/';
const FIELD_VALIDATION =
  'https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation';
const SSA = 'https://kubernetes.io/docs/reference/using-api/server-side-apply/';
const KARPENTER = 'https://karpenter.sh/docs/concepts/';

const json = (o: unknown) => JSON.stringify(o);

/** A namespace of the case's own (`kubectl create namespace`, a protobuf body). */
async function namespace(t: KubectlCaseContext, prefix = 'cf') {
  const name = t.name(prefix);
  await t.kubectlOk(['create', 'namespace', name]);
  return name;
}

/** The API server's message for a name that is not an RFC 1123 label. */
const dnsLabelMessage = (kind: string, name: string) =>
  new RegExp(
    `${kind} "${name}" is invalid: metadata\\.name: Invalid value: "${name}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character`,
  );

/** The API server's message for a name that is not a DNS-1123 subdomain. */
const dnsSubdomainMessage = (kind: string, name: string) =>
  new RegExp(
    `${kind} "${name}" is invalid: metadata\\.name: Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '\\.', and must start and end with an alphanumeric character`,
  );

interface DeploymentOptions {
  image?: string;
  replicas?: number;
  containers?: Record<string, unknown>[];
}

function deployment(ns: string, name: string, o: DeploymentOptions = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns, labels: { app: name } },
    spec: {
      replicas: o.replicas ?? 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: o.containers ?? [
            {
              name: 'web',
              image: o.image ?? 'nginx:1.27',
              ports: [{ containerPort: 80, name: 'http' }],
              resources: { requests: { cpu: '100m', memory: '64Mi' } },
            },
          ],
        },
      },
    },
  };
}

async function getJson(t: KubectlCaseContext, args: string[]) {
  return JSON.parse(await t.kubectlOk(['get', ...args, '-o', 'json']));
}

/** Expects kubectl to fail and print `needle` (the server's reason or message). */
async function refused(
  t: KubectlCaseContext,
  args: string[],
  needle: string | RegExp,
  opts: { input?: string } = {},
) {
  const run = await t.kubectl(args, opts);
  expect({ code: run.code === 0 ? 0 : 'non-zero', stderr: run.stderr }).toEqual(
    {
      code: 'non-zero',
      stderr: expect.stringMatching(needle),
    },
  );
}

const ingress = (ns: string, pathType?: string) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name: 'web', namespace: ns },
  spec: {
    ingressClassName: 'alb',
    rules: [
      {
        http: {
          paths: [
            {
              path: '/',
              ...(pathType ? { pathType } : {}),
              backend: { service: { name: 'web', port: { number: 80 } } },
            },
          ],
        },
      },
    ],
  },
});

const nodePool = (name: string, operator = 'In') => ({
  apiVersion: 'karpenter.sh/v1',
  kind: 'NodePool',
  metadata: { name },
  spec: {
    template: {
      spec: {
        nodeClassRef: {
          group: 'karpenter.k8s.aws',
          kind: 'EC2NodeClass',
          name: 'default',
        },
        requirements: [
          { key: 'karpenter.sh/capacity-type', operator, values: ['spot'] },
        ],
      },
    },
    limits: { cpu: '100' },
  },
});

const nodeClass = (name: string, withAmi = true) => ({
  apiVersion: 'karpenter.k8s.aws/v1',
  kind: 'EC2NodeClass',
  metadata: { name },
  spec: {
    role: 'KarpenterNodeRole-demo',
    ...(withAmi ? { amiSelectorTerms: [{ alias: 'al2023@latest' }] } : {}),
    subnetSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'demo' } }],
    securityGroupSelectorTerms: [
      { tags: { 'karpenter.sh/discovery': 'demo' } },
    ],
  },
});

const DEPRECATION_GUIDE =
  'https://kubernetes.io/docs/reference/using-api/deprecation-guide/#v1-32';

/** A FlowSchema (API Priority and Fairness) in a flowcontrol API version. */
const flowSchema = (name: string, version: string) => ({
  apiVersion: `flowcontrol.apiserver.k8s.io/${version}`,
  kind: 'FlowSchema',
  metadata: { name },
  spec: {
    priorityLevelConfiguration: { name: 'workload-low' },
    matchingPrecedence: 1000,
    distinguisherMethod: { type: 'ByUser' },
    rules: [
      {
        subjects: [{ kind: 'Group', group: { name: 'system:authenticated' } }],
        resourceRules: [
          {
            verbs: ['list'],
            apiGroups: ['*'],
            resources: ['*'],
            namespaces: ['*'],
          },
        ],
      },
    ],
  },
});

function good(
  verb: string,
  resource: string,
  input: string,
  run: KubectlCase['run'],
  reference?: string,
): KubectlCase {
  return {
    client: 'kubectl',
    verb,
    resource,
    kind: 'good',
    input,
    run,
    reference,
  };
}

function bad(
  verb: string,
  resource: string,
  error: string,
  input: string,
  run: KubectlCase['run'],
  reference?: string,
): KubectlCase {
  return {
    client: 'kubectl',
    verb,
    resource,
    kind: 'bad',
    error,
    input,
    run,
    reference,
  };
}

/** Every kubectl case, in the order of the coverage table. */
export const KUBECTL_CASES: KubectlCase[] = [
  // ---- authentication: the EKS token (a presigned STS GetCallerIdentity)
  good(
    'authenticate',
    'EKS token (k8s-aws-v1, STS presigned)',
    '`aws eks get-token` of the cluster, over HTTPS with its CA',
    async t => {
      const ns = JSON.parse(
        await t.kubectlOk(['get', 'namespace', 'kube-system', '-o', 'json']),
      );
      expect(ns.metadata.name).toBe('kube-system');
    },
  ),
  bad(
    'authenticate',
    'EKS token (k8s-aws-v1, STS presigned)',
    'Unauthorized',
    'a bearer token that is not a presigned STS URL',
    async t => {
      await refused(
        t,
        ['get', 'namespaces', '--token', 'k8s-aws-v1.bm90LWEtdXJs'],
        /Unauthorized|must be logged in/,
      );
    },
    'https://docs.aws.amazon.com/eks/latest/userguide/cluster-auth.html',
  ),
  ...KUBECTL_AUTH_CASES,
  // ---- namespaces
  good(
    'create',
    'namespaces',
    '`kubectl create ns` (protobuf request body)',
    async t => {
      const ns = t.name('cf-created');
      await t.kubectlOk(['create', 'namespace', ns]);
      expect((await getJson(t, ['namespace', ns])).status.phase).toBe('Active');
    },
  ),
  bad(
    'create',
    'namespaces',
    'Invalid',
    '`kubectl create ns Bad_Name` (not a DNS label; protobuf request body)',
    async t => {
      await refused(
        t,
        ['create', 'namespace', 'Bad_Name'],
        dnsLabelMessage('Namespace', 'Bad_Name'),
      );
    },
    'https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-label-names',
  ),
  good(
    'get',
    'namespaces',
    'Table output (`kubectl get ns`)',
    async t => {
      const out = await t.kubectlOk(['get', 'namespaces']);
      expect(out.split('\n')[0]).toMatch(/^NAME\s+STATUS\s+AGE$/);
      expect(out).toMatch(/^kube-system\s+Active\s+\S+$/m);
    },
    'https://kubernetes.io/docs/reference/using-api/api-concepts/#receiving-resources-as-tables',
  ),
  bad(
    'get',
    'namespaces',
    'NotFound',
    'a namespace that does not exist',
    async t => {
      await refused(
        t,
        ['get', 'namespace', 'cf-none'],
        /\(NotFound\): namespaces "cf-none" not found/,
      );
    },
  ),
  good(
    'apply --server-side',
    'namespaces',
    'a namespace with a label, applied twice (the second a no-op: same resourceVersion)',
    async t => {
      const name = t.name('cf-ssa');
      const manifest = json({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name, labels: { team: 'a' } },
      });
      await t.kubectlOk(
        ['apply', '--server-side', '--field-manager', 'eks-plugin', '-f', '-'],
        { input: manifest },
      );
      const first = await getJson(t, [
        'namespace',
        name,
        '--show-managed-fields',
      ]);
      await t.kubectlOk(
        ['apply', '--server-side', '--field-manager', 'eks-plugin', '-f', '-'],
        { input: manifest },
      );
      const second = await getJson(t, ['namespace', name]);
      expect(second.metadata.resourceVersion).toBe(
        first.metadata.resourceVersion,
      );
      expect(first.metadata.managedFields.map((m: any) => m.manager)).toContain(
        'eks-plugin',
      );
    },
    SSA,
  ),
  bad(
    'apply --server-side',
    'namespaces',
    'Conflict',
    'a second field manager changing a label the first owns',
    async t => {
      const name = t.name('cf-ssa-conflict');
      const manifest = (team: string) =>
        json({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name, labels: { team } },
        });
      await t.kubectlOk(
        ['apply', '--server-side', '--field-manager', 'first', '-f', '-'],
        { input: manifest('a') },
      );
      await refused(
        t,
        ['apply', '--server-side', '--field-manager', 'second', '-f', '-'],
        /conflict/i,
        { input: manifest('b') },
      );
    },
    SSA,
  ),
  // ---- service accounts
  good(
    'apply --server-side',
    'serviceaccounts',
    "Karpenter's service account shape, in a namespace of its own",
    async t => {
      const ns = await namespace(t);
      await t.kubectlOk(['apply', '--server-side', '-f', '-'], {
        input: json({
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: { name: 'karpenter', namespace: ns },
        }),
      });
      expect(
        (await getJson(t, ['serviceaccount', 'karpenter', '-n', ns])).metadata
          .name,
      ).toBe('karpenter');
    },
  ),
  good(
    'create',
    'serviceaccounts',
    '`kubectl create serviceaccount` (protobuf request body)',
    async t => {
      const ns = await namespace(t);
      await t.kubectlOk(['create', 'serviceaccount', 'karpenter', '-n', ns]);
      const sa = await getJson(t, ['serviceaccount', 'karpenter', '-n', ns]);
      expect(sa.metadata).toMatchObject({ name: 'karpenter', namespace: ns });
    },
  ),
  bad(
    'create',
    'serviceaccounts',
    'AlreadyExists',
    '`kubectl create serviceaccount` of a name that exists (protobuf request body)',
    async t => {
      const ns = await namespace(t);
      await t.kubectlOk(['create', 'serviceaccount', 'karpenter', '-n', ns]);
      await refused(
        t,
        ['create', 'serviceaccount', 'karpenter', '-n', ns],
        /serviceaccounts "karpenter" already exists/,
      );
    },
  ),
  // ---- config maps
  good(
    'create',
    'configmaps',
    '`kubectl create configmap --from-literal` (protobuf request body)',
    async t => {
      const ns = await namespace(t);
      await t.kubectlOk([
        'create',
        'configmap',
        'settings',
        '-n',
        ns,
        '--from-literal=mode=fast',
        '--from-literal=empty=',
      ]);
      expect(
        (await getJson(t, ['configmap', 'settings', '-n', ns])).data,
      ).toEqual({ mode: 'fast', empty: '' });
    },
  ),
  bad(
    'create',
    'configmaps',
    'Invalid',
    '`kubectl create configmap Bad_Name` (not a DNS subdomain; protobuf request body)',
    async t => {
      const ns = await namespace(t);
      await refused(
        t,
        ['create', 'configmap', 'Bad_Name', '-n', ns, '--from-literal=a=b'],
        dnsSubdomainMessage('ConfigMap', 'Bad_Name'),
      );
    },
    'https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-subdomain-names',
  ),
  bad(
    'get',
    'serviceaccounts',
    'NotFound',
    'a service account that does not exist',
    async t => {
      await refused(
        t,
        ['get', 'serviceaccount', 'cf-none', '-n', 'kube-system'],
        /\(NotFound\)/,
      );
    },
  ),
  // ---- nodes
  good(
    'list',
    'nodes',
    "label selector of the demo node group's nodes",
    async t => {
      const list = await getJson(t, [
        'nodes',
        '-l',
        'eks.amazonaws.com/nodegroup=system',
      ]);
      expect(list.items).toHaveLength(3);
    },
  ),
  bad(
    'list',
    'nodes',
    'BadRequest',
    'a field selector nodes do not support (spec.banana)',
    async t => {
      await refused(
        t,
        ['get', 'nodes', '--field-selector', 'spec.banana=x'],
        /\(BadRequest\)/,
      );
    },
    'https://kubernetes.io/docs/concepts/overview/working-with-objects/field-selectors/',
  ),
  // ---- pods
  good(
    'list',
    'pods',
    'all namespaces, Table output (`kubectl get pods -A`)',
    async t => {
      const out = await t.kubectlOk(['get', 'pods', '-A']);
      expect(out.split('\n')[0]).toMatch(
        /^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/,
      );
      expect(out).toMatch(/^kube-system\s+\S+\s+\d+\/\d+\s+Running\s+/m);
    },
  ),
  bad(
    'list',
    'pods',
    'BadRequest',
    'a field selector pods do not support (status.banana)',
    async t => {
      await refused(
        t,
        ['get', 'pods', '-A', '--field-selector', 'status.banana=x'],
        /\(BadRequest\)/,
      );
    },
    'https://kubernetes.io/docs/concepts/overview/working-with-objects/field-selectors/',
  ),
  // ---- deployments
  good(
    'create',
    'deployments',
    '`kubectl create deployment --image --port --replicas` (protobuf request body), then rolled out',
    async t => {
      const ns = await namespace(t);
      await t.kubectlOk([
        'create',
        'deployment',
        'web',
        '-n',
        ns,
        '--image=nginx:1.27',
        '--port=80',
        '--replicas=2',
      ]);
      await t.kubectlOk([
        'rollout',
        'status',
        'deployment/web',
        '-n',
        ns,
        '--timeout=60s',
      ]);
      const d = await getJson(t, ['deployment', 'web', '-n', ns]);
      expect(d.spec.replicas).toBe(2);
      expect(d.spec.selector).toEqual({ matchLabels: { app: 'web' } });
      expect(d.spec.template.spec.containers).toMatchObject([
        {
          name: 'nginx',
          image: 'nginx:1.27',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
        },
      ]);
      expect(d.status.readyReplicas).toBe(2);
    },
  ),
  bad(
    'create',
    'deployments',
    'Invalid',
    '`kubectl create deployment --replicas=-1` (protobuf request body)',
    async t => {
      const ns = await namespace(t);
      await refused(
        t,
        [
          'create',
          'deployment',
          'web',
          '-n',
          ns,
          '--image=nginx:1.27',
          '--replicas=-1',
        ],
        /Deployment\.apps "web" is invalid: spec\.replicas: Invalid value: -1: must be greater than or equal to 0/,
      );
    },
  ),
  good(
    'create',
    'deployments',
    "the API server's defaults: container port protocol TCP, RollingUpdate 25%/25%, revisionHistoryLimit 10",
    async t => {
      const ns = await namespace(t);
      await t.kubectlOk(['apply', '-f', '-'], {
        input: json(deployment(ns, 'web')),
      });
      const d = await getJson(t, ['deployment', 'web', '-n', ns]);
      expect(d.spec.template.spec.containers[0].ports[0].protocol).toBe('TCP');
      expect(d.spec.strategy).toEqual({
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
      });
      expect(d.spec.revisionHistoryLimit).toBe(10);
      expect(d.spec.progressDeadlineSeconds).toBe(600);
    },
    'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#writing-a-deployment-spec',
  ),
  good(
    'apply',
    'deployments',
    'client-side apply of an image change keeps ports and resources (strategic merge patch)',
    async t => {
      const ns = await namespace(t);
      await t.kubectlOk(['apply', '-f', '-'], {
        input: json(deployment(ns, 'web')),
      });
      await t.kubectlOk(['apply', '-f', '-'], {
        input: json(deployment(ns, 'web', { image: 'nginx:1.28' })),
      });
      const [c] = (await getJson(t, ['deployment', 'web', '-n', ns])).spec
        .template.spec.containers;
      expect(c.image).toBe('nginx:1.28');
      expect(c.ports).toMatchObject([{ containerPort: 80, name: 'http' }]);
      expect(c.resources.requests).toEqual({ cpu: '100m', memory: '64Mi' });
    },
    'https://kubernetes.io/docs/tasks/manage-kubernetes-objects/declarative-config/',
  ),
  bad(
    'apply',
    'deployments',
    'BadRequest',
    'an unknown field (spec.banana) under strict field validation',
    async t => {
      const ns = await namespace(t);
      const manifest = deployment(ns, 'web') as any;
      manifest.spec.banana = 1;
      await refused(
        t,
        ['apply', '--validate=strict', '-f', '-'],
        /unknown field "spec\.banana"/,
        { input: json(manifest) },
      );
      await refused(t, ['get', 'deployment', 'web', '-n', ns], /\(NotFound\)/);
    },
    FIELD_VALIDATION,
  ),
  bad(
    'apply',
    'deployments',
    'BadRequest',
    'replicas "two" (a string where the schema says integer)',
    async t => {
      const ns = await namespace(t);
      const manifest = deployment(ns, 'web') as any;
      manifest.spec.replicas = 'two';
      await refused(
        t,
        ['apply', '--validate=false', '-f', '-'],
        /\(BadRequest\)|is invalid/,
        { input: json(manifest) },
      );
    },
    FIELD_VALIDATION,
  ),
  good(
    'apply --server-side',
    'deployments',
    'a second manager adds a container: the lists merge by name, no conflict',
    async t => {
      const ns = await namespace(t);
      await t.kubectlOk(
        ['apply', '--server-side', '--field-manager', 'a', '-f', '-'],
        { input: json(deployment(ns, 'web')) },
      );
      const sidecar = {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: ns },
        spec: {
          template: {
            spec: { containers: [{ name: 'sidecar', image: 'busybox:1.36' }] },
          },
        },
      };
      await t.kubectlOk(
        ['apply', '--server-side', '--field-manager', 'b', '-f', '-'],
        { input: json(sidecar) },
      );
      const names = (
        await getJson(t, ['deployment', 'web', '-n', ns])
      ).spec.template.spec.containers.map((c: any) => c.name);
      expect(names.sort()).toEqual(['sidecar', 'web']);
    },
    SSA,
  ),
  good(
    'patch',
    'deployments',
    "`kubectl set image` keeps the container's ports",
    async t => {
      const ns = await namespace(t);
      await t.kubectlOk(['apply', '-f', '-'], {
        input: json(deployment(ns, 'web')),
      });
      await t.kubectlOk([
        'set',
        'image',
        'deployment/web',
        'web=nginx:1.29',
        '-n',
        ns,
      ]);
      const [c] = (await getJson(t, ['deployment', 'web', '-n', ns])).spec
        .template.spec.containers;
      expect(c.image).toBe('nginx:1.29');
      expect(c.ports).toMatchObject([{ containerPort: 80, name: 'http' }]);
    },
  ),
  good(
    'patch',
    'deployments',
    'strategic merge `$patch: delete` removes a container and is not stored',
    async t => {
      const ns = await namespace(t);
      await t.kubectlOk(['apply', '-f', '-'], {
        input: json(
          deployment(ns, 'web', {
            containers: [
              { name: 'web', image: 'nginx:1.27' },
              { name: 'sidecar', image: 'busybox:1.36' },
            ],
          }),
        ),
      });
      await t.kubectlOk([
        'patch',
        'deployment',
        'web',
        '-n',
        ns,
        '--type',
        'strategic',
        '-p',
        json({
          spec: {
            template: {
              spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] },
            },
          },
        }),
      ]);
      const d = await getJson(t, ['deployment', 'web', '-n', ns]);
      expect(d.spec.template.spec.containers.map((c: any) => c.name)).toEqual([
        'web',
      ]);
      expect(JSON.stringify(d)).not.toContain('$patch');
    },
    'https://github.com/kubernetes/community/blob/master/contributors/devel/sig-api-machinery/strategic-merge-patch.md',
  ),
  bad(
    'patch',
    'deployments',
    'Invalid',
    'a JSON patch setting replicas to -1',
    async t => {
      const ns = await namespace(t);
      await t.kubectlOk(['apply', '-f', '-'], {
        input: json(deployment(ns, 'web')),
      });
      await refused(
        t,
        [
          'patch',
          'deployment',
          'web',
          '-n',
          ns,
          '--type',
          'json',
          '-p',
          json([{ op: 'replace', path: '/spec/replicas', value: -1 }]),
        ],
        /is invalid/,
      );
    },
  ),
  good(
    'scale',
    'deployments',
    '`kubectl scale --replicas=3` (the /scale subresource)',
    async t => {
      const ns = await namespace(t);
      await t.kubectlOk(['apply', '-f', '-'], {
        input: json(deployment(ns, 'web')),
      });
      await t.kubectlOk(['scale', 'deployment/web', '--replicas=3', '-n', ns]);
      expect(
        (await getJson(t, ['deployment', 'web', '-n', ns])).spec.replicas,
      ).toBe(3);
      const scale = await getJson(t, [
        'deployment',
        'web',
        '-n',
        ns,
        '--subresource=scale',
      ]);
      expect(scale).toMatchObject({ kind: 'Scale', spec: { replicas: 3 } });
    },
  ),
  bad(
    'scale',
    'deployments',
    'NotFound',
    'a deployment that does not exist',
    async t => {
      await refused(
        t,
        ['scale', 'deployment/cf-none', '--replicas=2', '-n', 'default'],
        /deployments\.apps "cf-none" not found/,
      );
    },
  ),
  good(
    'watch',
    'deployments',
    '`kubectl rollout status` until the rollout completes',
    async t => {
      const ns = await namespace(t);
      await t.kubectlOk(['apply', '-f', '-'], {
        input: json(deployment(ns, 'web', { replicas: 2 })),
      });
      const out = await t.kubectlOk([
        'rollout',
        'status',
        'deployment/web',
        '-n',
        ns,
        '--timeout=60s',
      ]);
      expect(out).toContain('successfully rolled out');
    },
  ),
  good(
    'watch',
    'deployments',
    '`kubectl get -w` prints the first event while the watch stays open',
    async t => {
      const ns = await namespace(t);
      await t.kubectlOk(['apply', '-f', '-'], {
        input: json(deployment(ns, 'web')),
      });
      const run = await t.kubectl(
        ['get', 'deployments', '-n', ns, '-w', '--request-timeout=120s'],
        {
          timeoutMs: 120_000,
          stopWhen: out => /^web\s/m.test(out),
        },
      );
      expect(run.stdout).toMatch(/^web\s/m);
      // stopped by us once the event showed, not ended by the server. kubectl
      // dies of the SIGTERM, or, once it has trapped the signal for the open
      // watch, exits 1 without a word; a watch the server ends prints an error
      expect(run.stoppedByCaller).toBe(true);
      expect(run.stderr).not.toMatch(/error/i);
    },
    'https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes',
  ),
  bad(
    'watch',
    'deployments',
    'BadRequest',
    'a watch with a field selector deployments do not support',
    async t => {
      await refused(
        t,
        [
          'get',
          'deployments',
          '-A',
          '-w',
          '--field-selector',
          'spec.banana=x',
          '--request-timeout=20s',
        ],
        /\(BadRequest\)/,
      );
    },
  ),
  good(
    'delete',
    'deployments',
    '`--dry-run=server` deletes nothing',
    async t => {
      const ns = await namespace(t);
      await t.kubectlOk(['apply', '-f', '-'], {
        input: json(deployment(ns, 'web')),
      });
      const out = await t.kubectlOk([
        'delete',
        'deployment',
        'web',
        '-n',
        ns,
        '--dry-run=server',
      ]);
      expect(out).toContain('(server dry run)');
      expect(
        (await getJson(t, ['deployment', 'web', '-n', ns])).metadata
          .deletionTimestamp,
      ).toBeUndefined();
    },
    'https://kubernetes.io/docs/reference/using-api/api-concepts/#dry-run',
  ),
  good(
    'delete',
    'deployments',
    '`--cascade=orphan` leaves the ReplicaSet and its pods',
    async t => {
      const ns = await namespace(t);
      await t.kubectlOk(['apply', '-f', '-'], {
        input: json(deployment(ns, 'web')),
      });
      await t.kubectlOk([
        'rollout',
        'status',
        'deployment/web',
        '-n',
        ns,
        '--timeout=60s',
      ]);
      await t.kubectlOk([
        'delete',
        'deployment',
        'web',
        '-n',
        ns,
        '--cascade=orphan',
        '--wait=true',
      ]);
      const rs = await getJson(t, ['replicasets', '-n', ns, '-l', 'app=web']);
      expect(rs.items).toHaveLength(1);
      expect(rs.items[0].metadata.ownerReferences ?? []).toEqual([]);
      expect(
        (await getJson(t, ['pods', '-n', ns, '-l', 'app=web'])).items.length,
      ).toBe(1);
    },
    'https://kubernetes.io/docs/concepts/architecture/garbage-collection/#orphaned-dependents',
  ),
  bad(
    'delete',
    'deployments',
    'NotFound',
    'a deployment that does not exist',
    async t => {
      await refused(
        t,
        ['delete', 'deployment', 'cf-none', '-n', 'default'],
        /\(NotFound\)/,
      );
    },
  ),
  good(
    'explain',
    'deployments',
    '`kubectl explain deployment.spec.replicas` (OpenAPI v3)',
    async t => {
      const out = await t.kubectlOk(['explain', 'deployment.spec.replicas']);
      expect(out).toMatch(/FIELD:\s+replicas\s+<integer>/);
    },
    K8S_API,
  ),
  bad(
    'explain',
    'deployments',
    'field does not exist',
    'a field the schema does not have (deployment.spec.banana)',
    async t => {
      await refused(
        t,
        ['explain', 'deployment.spec.banana'],
        /field "banana" does not exist/,
      );
    },
  ),
  // ---- services and ingresses
  good('list', 'services', 'all namespaces', async t => {
    const list = await getJson(t, ['services', '-A']);
    expect(list.items.map((s: any) => s.metadata.name)).toContain('kubernetes');
  }),
  bad(
    'create',
    'services',
    'Invalid',
    'type Banana (not a service type)',
    async t => {
      const ns = await namespace(t);
      await refused(t, ['apply', '-f', '-'], /is invalid|Unsupported value/, {
        input: json({
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'web', namespace: ns },
          spec: { type: 'Banana', ports: [{ port: 80 }] },
        }),
      });
    },
  ),
  good(
    'create',
    'services',
    '`kubectl create service clusterip --tcp=80:8080` (protobuf request body)',
    async t => {
      const ns = await namespace(t);
      await t.kubectlOk([
        'create',
        'service',
        'clusterip',
        'web',
        '-n',
        ns,
        '--tcp=80:8080',
      ]);
      const svc = await getJson(t, ['service', 'web', '-n', ns]);
      expect(svc.spec).toMatchObject({
        type: 'ClusterIP',
        selector: { app: 'web' },
        ports: [
          { name: '80-8080', port: 80, targetPort: 8080, protocol: 'TCP' },
        ],
      });
      expect(svc.spec.clusterIP).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    },
  ),
  bad(
    'create',
    'services',
    'Invalid',
    '`kubectl create service clusterip 1web` (not a DNS-1035 label: starts with a digit; protobuf request body)',
    async t => {
      const ns = await namespace(t);
      await refused(
        t,
        ['create', 'service', 'clusterip', '1web', '-n', ns, '--tcp=80'],
        /Service "1web" is invalid: metadata\.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character/,
      );
    },
    'https://kubernetes.io/docs/concepts/services-networking/service/',
  ),
  good('delete', 'services', 'a LoadBalancer service', async t => {
    const ns = await namespace(t);
    await t.kubectlOk(['apply', '-f', '-'], {
      input: json({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web', namespace: ns },
        spec: {
          type: 'LoadBalancer',
          selector: { app: 'web' },
          ports: [{ port: 80 }],
        },
      }),
    });
    await t.kubectlOk(['delete', 'service', 'web', '-n', ns, '--wait=true']);
    await refused(t, ['get', 'service', 'web', '-n', ns], /\(NotFound\)/);
  }),
  bad(
    'delete',
    'services',
    'NotFound',
    'a service that does not exist',
    async t => {
      await refused(
        t,
        ['delete', 'service', 'cf-none', '-n', 'default'],
        /\(NotFound\)/,
      );
    },
  ),
  good('list', 'ingresses', 'all namespaces', async t => {
    expect((await getJson(t, ['ingresses', '-A'])).items).toEqual(
      expect.any(Array),
    );
  }),
  bad(
    'delete',
    'ingresses',
    'NotFound',
    'an ingress that does not exist',
    async t => {
      await refused(
        t,
        ['delete', 'ingress', 'cf-none', '-n', 'default'],
        /\(NotFound\)/,
      );
    },
  ),
  good('create', 'ingresses', 'an ALB ingress, then deleted', async t => {
    const ns = await namespace(t);
    await t.kubectlOk(['apply', '-f', '-'], {
      input: json(ingress(ns, 'Prefix')),
    });
    expect(
      (await getJson(t, ['ingress', 'web', '-n', ns])).spec.ingressClassName,
    ).toBe('alb');
    await t.kubectlOk(['delete', 'ingress', 'web', '-n', ns, '--wait=true']);
    await refused(t, ['get', 'ingress', 'web', '-n', ns], /\(NotFound\)/);
  }),
  bad(
    'create',
    'ingresses',
    'Invalid',
    'a path without pathType (required in networking.k8s.io/v1)',
    async t => {
      const ns = await namespace(t);
      await refused(
        t,
        ['apply', '-f', '-'],
        /pathType|is invalid|Required value/,
        {
          input: json(ingress(ns)),
        },
      );
    },
    'https://kubernetes.io/docs/concepts/services-networking/ingress/#path-types',
  ),
  good(
    'create',
    'ingresses',
    '`kubectl create ingress --class --rule` with TLS (protobuf request body)',
    async t => {
      const ns = await namespace(t);
      await t.kubectlOk([
        'create',
        'ingress',
        'shop',
        '-n',
        ns,
        '--class=alb',
        '--rule=shop.example.com/api*=api:8080,tls=shop-cert',
      ]);
      expect((await getJson(t, ['ingress', 'shop', '-n', ns])).spec).toEqual({
        ingressClassName: 'alb',
        rules: [
          {
            host: 'shop.example.com',
            http: {
              paths: [
                {
                  path: '/api',
                  pathType: 'Prefix',
                  backend: {
                    service: { name: 'api', port: { number: 8080 } },
                  },
                },
              ],
            },
          },
        ],
        tls: [{ hosts: ['shop.example.com'], secretName: 'shop-cert' }],
      });
    },
  ),
  bad(
    'create',
    'ingresses',
    'Invalid',
    '`kubectl create ingress Bad_Name` (not a DNS subdomain; protobuf request body)',
    async t => {
      const ns = await namespace(t);
      await refused(
        t,
        ['create', 'ingress', 'Bad_Name', '-n', ns, '--rule=/=web:80'],
        dnsSubdomainMessage('Ingress\\.networking\\.k8s\\.io', 'Bad_Name'),
      );
    },
  ),
  // ---- pod disruption budgets
  good(
    'create',
    'poddisruptionbudgets',
    '`kubectl create poddisruptionbudget --selector --max-unavailable=25%` (protobuf request body)',
    async t => {
      const ns = await namespace(t);
      await t.kubectlOk([
        'create',
        'poddisruptionbudget',
        'web',
        '-n',
        ns,
        '--selector=app=web',
        '--max-unavailable=25%',
      ]);
      const pdb = await getJson(t, ['poddisruptionbudget', 'web', '-n', ns]);
      expect(pdb.spec).toEqual({
        selector: { matchLabels: { app: 'web' } },
        maxUnavailable: '25%',
      });
    },
  ),
  bad(
    'create',
    'poddisruptionbudgets',
    'Invalid',
    '`kubectl create poddisruptionbudget Bad_Name` (not a DNS subdomain; protobuf request body)',
    async t => {
      const ns = await namespace(t);
      await refused(
        t,
        [
          'create',
          'poddisruptionbudget',
          'Bad_Name',
          '-n',
          ns,
          '--selector=app=web',
          '--min-available=1',
        ],
        dnsSubdomainMessage('PodDisruptionBudget\\.policy', 'Bad_Name'),
      );
    },
  ),
  // ---- horizontal pod autoscalers
  good(
    'autoscale',
    'horizontalpodautoscalers',
    '`kubectl autoscale deployment --min --max --cpu-percent` (an autoscaling/v2 protobuf request body)',
    async t => {
      const ns = await namespace(t);
      await t.kubectlOk(['apply', '-f', '-'], {
        input: json(deployment(ns, 'web')),
      });
      await t.kubectlOk([
        'autoscale',
        'deployment',
        'web',
        '-n',
        ns,
        '--min=2',
        '--max=5',
        '--cpu-percent=80',
      ]);
      const hpa = await getJson(t, ['hpa', 'web', '-n', ns]);
      expect(hpa.apiVersion).toBe('autoscaling/v2');
      expect(hpa.spec).toEqual({
        scaleTargetRef: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: 'web',
        },
        minReplicas: 2,
        maxReplicas: 5,
        metrics: [
          {
            type: 'Resource',
            resource: {
              name: 'cpu',
              target: { type: 'Utilization', averageUtilization: 80 },
            },
          },
        ],
      });
    },
    'https://kubernetes.io/docs/reference/kubectl/generated/kubectl_autoscale/',
  ),
  bad(
    'autoscale',
    'horizontalpodautoscalers',
    'NotFound',
    'a deployment that does not exist',
    async t => {
      const ns = await namespace(t);
      await refused(
        t,
        ['autoscale', 'deployment', 'none', '-n', ns, '--max=3'],
        /\(NotFound\): deployments\.apps "none" not found/,
      );
    },
  ),
  // ---- helm's release storage and events
  good(
    'create',
    'secrets',
    'a secret as helm stores a release (`kubectl create secret generic`, protobuf request body), then listed by label',
    async t => {
      const ns = await namespace(t);
      await t.kubectlOk([
        'create',
        'secret',
        'generic',
        'sh.helm.release.v1.cf.v1',
        '-n',
        ns,
        '--from-literal=release=H4sI',
        '--type',
        'helm.sh/release.v1',
      ]);
      await t.kubectlOk([
        'label',
        'secret',
        'sh.helm.release.v1.cf.v1',
        '-n',
        ns,
        'owner=helm',
        'name=cf',
      ]);
      const list = await getJson(t, ['secrets', '-n', ns, '-l', 'owner=helm']);
      expect(list.items.map((s: any) => s.metadata.name)).toEqual([
        'sh.helm.release.v1.cf.v1',
      ]);
      expect(list.items[0]).toMatchObject({
        type: 'helm.sh/release.v1',
        data: { release: Buffer.from('H4sI').toString('base64') },
      });
    },
  ),
  bad(
    'create',
    'secrets',
    'AlreadyExists',
    '`kubectl create secret generic` of a name that exists (protobuf request body)',
    async t => {
      const ns = await namespace(t);
      const create = [
        'create',
        'secret',
        'generic',
        'token',
        '-n',
        ns,
        '--from-literal=a=b',
      ];
      await t.kubectlOk(create);
      await refused(t, create, /secrets "token" already exists/);
    },
  ),
  bad('create', 'secrets', 'BadRequest', 'data that is not base64', async t => {
    const ns = await namespace(t);
    await refused(t, ['apply', '-f', '-'], /illegal base64|\(BadRequest\)/, {
      input: json({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 's', namespace: ns },
        data: { key: '%%%not-base64%%%' },
      }),
    });
  }),
  good('list', 'events', 'all namespaces', async t => {
    expect((await getJson(t, ['events', '-A'])).items).toEqual(
      expect.any(Array),
    );
  }),
  bad('get', 'events', 'NotFound', 'an event that does not exist', async t => {
    await refused(
      t,
      ['get', 'event', 'cf-none', '-n', 'default'],
      /\(NotFound\)/,
    );
  }),
  // ---- Karpenter
  good(
    'apply --server-side',
    'nodepools.karpenter.sh',
    'a valid NodePool',
    async t => {
      const name = t.name('cf-pool');
      await t.kubectlOk(['apply', '--server-side', '-f', '-'], {
        input: json(nodePool(name)),
      });
      expect(
        (await getJson(t, ['nodepools', name])).spec.template.spec
          .requirements[0].operator,
      ).toBe('In');
    },
    KARPENTER,
  ),
  bad(
    'apply --server-side',
    'nodepools.karpenter.sh',
    'Invalid',
    'requirement operator "Maybe"',
    async t => {
      await refused(
        t,
        ['apply', '--server-side', '-f', '-'],
        /is invalid|Unsupported value/,
        { input: json(nodePool(t.name('cf-pool-bad'), 'Maybe')) },
      );
    },
    KARPENTER,
  ),
  bad(
    'apply',
    'nodepools.karpenter.sh',
    'Invalid',
    'no nodeClassRef (required)',
    async t => {
      const pool = nodePool(t.name('cf-pool-noref')) as any;
      delete pool.spec.template.spec.nodeClassRef;
      await refused(t, ['apply', '-f', '-'], /Required value|is invalid/, {
        input: json(pool),
      });
    },
    KARPENTER,
  ),
  good(
    'replace',
    'nodepools.karpenter.sh',
    'new limits with the current resourceVersion',
    async t => {
      const name = t.name('cf-pool-replace');
      await t.kubectlOk(['apply', '--server-side', '-f', '-'], {
        input: json(nodePool(name)),
      });
      const live = await getJson(t, ['nodepool', name]);
      live.spec.limits = { cpu: '200' };
      await t.kubectlOk(['replace', '-f', '-'], { input: json(live) });
      expect((await getJson(t, ['nodepool', name])).spec.limits).toEqual({
        cpu: '200',
      });
    },
  ),
  bad(
    'replace',
    'nodepools.karpenter.sh',
    'Conflict',
    'a stale resourceVersion',
    async t => {
      const name = t.name('cf-pool-stale');
      await t.kubectlOk(['apply', '--server-side', '-f', '-'], {
        input: json(nodePool(name)),
      });
      const stale = await getJson(t, ['nodepool', name]);
      await t.kubectlOk(['label', 'nodepool', name, 'touched=yes']);
      stale.spec.limits = { cpu: '300' };
      await refused(
        t,
        ['replace', '-f', '-'],
        /\(Conflict\).*the object has been modified/,
        {
          input: json(stale),
        },
      );
    },
    'https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions',
  ),
  good('list', 'nodepools.karpenter.sh', 'all NodePools', async t => {
    expect(
      (await getJson(t, ['nodepools'])).items.map((p: any) => p.metadata.name),
    ).toContain('default');
  }),
  good('delete', 'nodepools.karpenter.sh', 'a NodePool', async t => {
    const name = t.name('cf-pool-del');
    await t.kubectlOk(['apply', '--server-side', '-f', '-'], {
      input: json(nodePool(name)),
    });
    await t.kubectlOk(['delete', 'nodepool', name, '--wait=true']);
    await refused(t, ['get', 'nodepool', name], /\(NotFound\)/);
  }),
  bad(
    'delete',
    'nodepools.karpenter.sh',
    'NotFound',
    'a NodePool that does not exist',
    async t => {
      await refused(t, ['delete', 'nodepool', 'cf-none'], /\(NotFound\)/);
    },
  ),
  good(
    'apply --server-side',
    'ec2nodeclasses.karpenter.k8s.aws',
    'a valid EC2NodeClass',
    async t => {
      const name = t.name('cf-class');
      await t.kubectlOk(['apply', '--server-side', '-f', '-'], {
        input: json(nodeClass(name)),
      });
      expect((await getJson(t, ['ec2nodeclasses', name])).spec.role).toBe(
        'KarpenterNodeRole-demo',
      );
    },
    KARPENTER,
  ),
  bad(
    'apply --server-side',
    'ec2nodeclasses.karpenter.k8s.aws',
    'Invalid',
    'no amiSelectorTerms (required)',
    async t => {
      await refused(
        t,
        ['apply', '--server-side', '-f', '-'],
        /Required value|is invalid/,
        { input: json(nodeClass(t.name('cf-class-bad'), false)) },
      );
    },
    KARPENTER,
  ),
  good(
    'get',
    'ec2nodeclasses.karpenter.k8s.aws',
    'the default class, Ready',
    async t => {
      const c = await getJson(t, ['ec2nodeclasses', 'default']);
      expect(
        c.status.conditions.find((x: any) => x.type === 'Ready')?.status,
      ).toBe('True');
    },
  ),
  bad(
    'get',
    'ec2nodeclasses.karpenter.k8s.aws',
    'NotFound',
    'a class that does not exist',
    async t => {
      await refused(t, ['get', 'ec2nodeclass', 'cf-none'], /\(NotFound\)/);
    },
  ),
  good('list', 'nodeclaims.karpenter.sh', 'all NodeClaims', async t => {
    expect((await getJson(t, ['nodeclaims'])).items).toEqual(expect.any(Array));
  }),
  bad(
    'delete',
    'nodeclaims.karpenter.sh',
    'NotFound',
    'a NodeClaim that does not exist',
    async t => {
      await refused(t, ['delete', 'nodeclaim', 'cf-none'], /\(NotFound\)/);
    },
  ),
  good(
    'explain',
    'nodepools.karpenter.sh',
    '`kubectl explain nodepool.spec.template.spec.requirements` (the CRD schema)',
    async t => {
      const out = await t.kubectlOk([
        'explain',
        'nodepool.spec.template.spec.requirements',
      ]);
      expect(out).toMatch(/operator/);
    },
  ),
  // ---- deprecated APIs: flowcontrol.apiserver.k8s.io/v1beta3 stops being
  // served in 1.32 (its replacement, v1, is served since 1.29)
  good(
    'create',
    'flowschemas.flowcontrol.apiserver.k8s.io',
    'a FlowSchema through flowcontrol.apiserver.k8s.io/v1, then read back',
    async t => {
      const name = t.name('cf-fs');
      await t.kubectlOk(['create', '-f', '-'], {
        input: json(flowSchema(name, 'v1')),
      });
      const got = await getJson(t, [
        'flowschemas.v1.flowcontrol.apiserver.k8s.io',
        name,
      ]);
      expect(got).toMatchObject({
        apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
        kind: 'FlowSchema',
        spec: { matchingPrecedence: 1000 },
      });
      await t.kubectlOk(['delete', 'flowschema', name]);
    },
    DEPRECATION_GUIDE,
  ),
  bad(
    'get --raw',
    'flowschemas.flowcontrol.apiserver.k8s.io',
    'NotFound',
    'flowcontrol.apiserver.k8s.io/v1beta3 on demo (1.33), which no longer serves it',
    async t => {
      await refused(
        t,
        [
          'get',
          '--raw',
          '/apis/flowcontrol.apiserver.k8s.io/v1beta3/flowschemas',
        ],
        /\(NotFound\)/,
      );
    },
    DEPRECATION_GUIDE,
  ),
  good(
    'list',
    'flowschemas.flowcontrol.apiserver.k8s.io',
    'flowcontrol.apiserver.k8s.io/v1beta3 on a 1.31 cluster (still served): EKS counts the use in its insight for 1.32',
    async t => {
      const cluster = t.name('cf-dep');
      const world = await t.aws(['eks', 'describe-cluster', '--name', 'demo']);
      await t.aws([
        'eks',
        'create-cluster',
        '--name',
        cluster,
        '--kubernetes-version',
        '1.31',
        '--role-arn',
        world.cluster.roleArn,
        '--resources-vpc-config',
        json({ subnetIds: world.cluster.resourcesVpcConfig.subnetIds }),
        '--access-config',
        'authenticationMode=API',
      ]);
      let endpoint = '';
      for (let i = 0; i < 200 && !endpoint; i++) {
        const d = await t.aws(['eks', 'describe-cluster', '--name', cluster]);
        if (d.cluster.status === 'ACTIVE') endpoint = d.cluster.endpoint;
        else await new Promise(r => setTimeout(r, 100));
      }
      const flags = [
        '--server',
        endpoint,
        '--token',
        await t.eksToken(cluster),
      ];
      const list = await getJson(t, [
        'flowschemas.v1beta3.flowcontrol.apiserver.k8s.io',
        ...flags,
      ]);
      expect(list.items).toEqual([]);
      const insights = await t.aws([
        'eks',
        'list-insights',
        '--cluster-name',
        cluster,
      ]);
      const summary = insights.insights.find(
        (i: { name: string }) =>
          i.name === 'Deprecated APIs removed in Kubernetes v1.32',
      );
      expect(summary.insightStatus.status).toBe('ERROR');
      const { insight } = await t.aws([
        'eks',
        'describe-insight',
        '--cluster-name',
        cluster,
        '--id',
        summary.id,
      ]);
      expect(insight.categorySpecificSummary.deprecationDetails).toEqual([
        expect.objectContaining({
          usage: '/apis/flowcontrol.apiserver.k8s.io/v1beta3/flowschemas',
          replacedWith: '/apis/flowcontrol.apiserver.k8s.io/v1/flowschemas',
          stopServingVersion: '1.32',
          clientStats: [
            expect.objectContaining({
              userAgent: expect.stringMatching(/^kubectl\//),
              numberOfRequestsLast30Days: expect.any(Number),
            }),
          ],
        }),
      ]);
    },
    'https://docs.aws.amazon.com/eks/latest/userguide/cluster-insights.html',
  ),
];
