import { DURATIONS } from '@backstage-eks/sandbox';
import {
  awaitedBy,
  criticalPath,
  FULL_STACK_STEPS,
  PollCounter,
  type StackStep,
} from './provisioning';

describe('full-stack critical path', () => {
  it('is the longest dependent chain, scaled by the latency factor', () => {
    const path = criticalPath(FULL_STACK_STEPS, 0.5);
    expect(path.chain).toEqual([
      'cluster',
      'node group',
      'add-on eks-pod-identity-agent',
      'add-ons (5, in parallel)',
    ]);
    expect(path.ms).toBe(
      0.5 *
        (DURATIONS.clusterCreate +
          DURATIONS.nodegroupCreate +
          2 * DURATIONS.addonCreate),
    );
  });

  it('takes the longer branch, whatever the order of the steps', () => {
    const steps: StackStep[] = [
      { name: 'slow', baseMs: 300, after: ['root'] },
      { name: 'fast', baseMs: 100, after: ['root'] },
      { name: 'end', baseMs: 10, after: ['fast', 'slow'] },
      { name: 'root', baseMs: 1000, after: [] },
    ];
    expect(criticalPath(steps, 1)).toEqual({
      ms: 1310,
      chain: ['root', 'slow', 'end'],
    });
  });
});

describe('PollCounter', () => {
  it('counts reads of a resource only while a wait on it is open', () => {
    const counter = new PollCounter();
    const what = awaitedBy('DescribeAddonCommand', { addonName: 'coredns' })!;
    expect(what).toBe('add-on coredns to become ACTIVE');
    counter.read(what); // before the wait: a lookup, not a poll
    counter.logger.info(`Waiting for ${what} (timeout 600s)`);
    counter.read(what);
    counter.read('add-on vpc-cni to become ACTIVE');
    counter.read(what);
    counter.logger.info('Add-on coredns to become ACTIVE: done after 1.2s');
    counter.read(what); // the read after the wait
    expect(counter.total).toBe(2);
    expect(counter.waits).toEqual([what]);
  });
});
