import type { Cluster } from '@aws-sdk/client-eks';
import {
  answeredCalls,
  sandboxObserveContext,
  useSandbox,
} from '../__testUtils__/sandboxContext';
import { SourceError } from '../sources/section';
import type { ObserveContext } from './context';
import { describeCluster } from './eksLists';
import { connectKubernetesEarly, listNodes } from './kubernetesReads';

/** A promise of DescribeCluster's answer that the test settles. */
function pendingDescribe() {
  let answer!: (cluster: Cluster) => void;
  const described = new Promise<Cluster>(resolve => {
    answer = resolve;
  });
  return { described, answer };
}

async function until(check: () => boolean, what: string) {
  for (let waited = 0; !check(); waited += 5) {
    if (waited > 5000) throw new Error(`no ${what} in 5 s`);
    await new Promise(resolve => setTimeout(resolve, 5));
  }
}

describe('Kubernetes reads started before DescribeCluster answers (sandbox)', () => {
  const env = useSandbox({ reset: false });
  let demo: Cluster;
  const kubernetesCalls = () =>
    answeredCalls(env.log).filter(c => c.startsWith('kubernetes '));

  /** A context whose client factory last saw the demo cluster at `endpoint`. */
  async function reachedBefore(endpoint?: string): Promise<ObserveContext> {
    const ctx = await sandboxObserveContext(env.sandbox);
    demo ??= await describeCluster(ctx);
    ctx.kubernetes.rememberApiServer(ctx.aws, {
      name: 'demo',
      endpoint: endpoint ?? demo.endpoint!,
      certificateAuthorityData: demo.certificateAuthority?.data,
    });
    return ctx;
  }

  it('reads a cluster reached before at once, and answers once DescribeCluster confirms its API server', async () => {
    const ctx = await reachedBefore();
    const { described, answer } = pendingDescribe();
    env.log.length = 0;
    const nodes = listNodes(await connectKubernetesEarly(ctx, described));
    let answered = false;
    void nodes.then(() => {
      answered = true;
    });
    await until(() => kubernetesCalls().length > 0, 'Kubernetes call');
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(answered).toBe(false);
    answer(demo);
    expect(await nodes).toMatchObject({ total: 3, ready: 3 });
    expect(kubernetesCalls()).toHaveLength(1);
  });

  it('reads again at the API server DescribeCluster names when the cluster is no longer where it was reached', async () => {
    // a cluster made again under its name: the old endpoint answers nothing
    const ctx = await reachedBefore('https://127.0.0.1:1');
    env.log.length = 0;
    const reader = await connectKubernetesEarly(ctx, Promise.resolve(demo));
    expect(await listNodes(reader)).toMatchObject({ total: 3, ready: 3 });
    expect(kubernetesCalls()).toHaveLength(1);
    expect(ctx.kubernetes.knownApiServer(ctx.aws, 'demo')?.endpoint).toBe(
      demo.endpoint,
    );
  });

  it("fails the read with DescribeCluster's error when it fails (the read was made all the same)", async () => {
    const ctx = await reachedBefore();
    const failure = new SourceError({
      source: 'eks:DescribeCluster',
      message: 'No cluster found for name: demo.',
    });
    env.log.length = 0;
    const reader = await connectKubernetesEarly(ctx, Promise.reject(failure));
    await expect(listNodes(reader)).rejects.toBe(failure);
    await until(() => kubernetesCalls().length > 0, 'Kubernetes call');
  });

  it('asks Kubernetes nothing for a cluster not reached before until DescribeCluster answers', async () => {
    const ctx = await sandboxObserveContext(env.sandbox);
    demo ??= await describeCluster(ctx);
    expect(ctx.kubernetes.knownApiServer(ctx.aws, 'demo')).toBeUndefined();
    const { described, answer } = pendingDescribe();
    env.log.length = 0;
    const reader = connectKubernetesEarly(ctx, described);
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(kubernetesCalls()).toEqual([]);
    answer(demo);
    const connected = await reader;
    expect(connected.confirmed).toBeUndefined();
    expect(await listNodes(connected)).toMatchObject({ total: 3 });
  });
});
