/* eslint-disable jest/no-standalone-expect -- the cases run inside kubectl.test.ts and check with jest's expect */
import type { KubectlCase, KubectlCaseContext } from './cases';

const EKS_AUTH =
  'https://docs.aws.amazon.com/eks/latest/userguide/cluster-auth.html';
const AUTHENTICATOR =
  'https://github.com/kubernetes-sigs/aws-iam-authenticator#how-does-it-work';

/**
 * kubectl with `--token` gets a 401: it says so as `Unauthorized` when the
 * request itself is refused, and as "the server has asked for the client to
 * provide credentials" when its API discovery (first, without a cache) is.
 */
async function unauthorizedWith(t: KubectlCaseContext, token: string) {
  const run = await t.kubectl(['get', 'namespaces', '--token', token]);
  expect({ code: run.code === 0 ? 0 : 'non-zero', stderr: run.stderr }).toEqual(
    {
      code: 'non-zero',
      stderr: expect.stringMatching(
        /You must be logged in to the server \((Unauthorized|the server has asked for the client to provide credentials)\)/,
      ),
    },
  );
}

/**
 * The EKS token binds the cluster and the signer: the authenticator sends
 * the presigned GetCallerIdentity to STS with the header `x-k8s-aws-id: <its
 * cluster>`, and STS checks the SigV4 signature over it with the access
 * key's secret. And an EKS endpoint is a host's root, which kubectl's raw
 * requests rely on.
 */
export const KUBECTL_AUTH_CASES: KubectlCase[] = [
  {
    client: 'kubectl',
    verb: 'authenticate',
    resource: 'EKS token (k8s-aws-v1, STS presigned)',
    kind: 'bad',
    error: 'Unauthorized',
    input: '`aws eks get-token --cluster-name other`, sent to cluster demo',
    reference: AUTHENTICATOR,
    async run(t) {
      const token = await t.eksToken('other');
      // the same command for demo is good: only the signed cluster name differs
      const good = await t.kubectl([
        'get',
        'namespace',
        'default',
        '--token',
        await t.eksToken('demo'),
      ]);
      expect({ code: good.code, stderr: good.stderr }).toEqual({
        code: 0,
        stderr: '',
      });
      await unauthorizedWith(t, token);
    },
  },
  {
    client: 'kubectl',
    verb: 'authenticate',
    resource: 'EKS token (k8s-aws-v1, STS presigned)',
    kind: 'bad',
    error: 'Unauthorized',
    input:
      '`aws eks get-token` signed with a secret that is not the access key\u2019s',
    reference: EKS_AUTH,
    async run(t) {
      await unauthorizedWith(
        t,
        await t.eksToken('demo', { secretAccessKey: 'not-the-secret' }),
      );
    },
  },
  {
    client: 'kubectl',
    verb: 'get --raw',
    resource: 'API discovery (/apis)',
    kind: 'good',
    input:
      'a raw path on the endpoint `aws eks update-kubeconfig` wrote (kubectl resolves it from the server\u2019s root)',
    reference:
      'https://kubernetes.io/docs/reference/kubectl/generated/kubectl_get/',
    async run(t) {
      const groups = JSON.parse(await t.kubectlOk(['get', '--raw', '/apis']));
      expect(groups.kind).toBe('APIGroupList');
      expect(groups.groups.map((g: { name: string }) => g.name)).toContain(
        'apps',
      );
    },
  },
];
