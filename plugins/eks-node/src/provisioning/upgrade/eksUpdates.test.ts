import { ProvisioningRun } from '../ProvisioningRun';
import { requestToken, updateErrors, waitForUpdate } from './eksUpdates';

/** A run whose EKS client answers DescribeUpdate with the given updates in turn. */
function runAnswering(...updates: object[]) {
  const calls: string[] = [];
  const run = new ProvisioningRun({
    aws: {
      target: { accountId: '111122223333', region: 'eu-west-1' },
      eks: {
        send: async (command: { constructor: { name: string } }) => {
          calls.push(command.constructor.name);
          return {
            update: updates[Math.min(calls.length, updates.length) - 1],
          };
        },
      },
    } as never,
    wait: { minDelaySeconds: 0.001, maxDelaySeconds: 0.002, timeoutSeconds: 2 },
  });
  return { run, calls };
}

describe('waitForUpdate', () => {
  it('polls DescribeUpdate until the update succeeded', async () => {
    const { run, calls } = runAnswering(
      { id: 'u1', status: 'InProgress' },
      { id: 'u1', status: 'InProgress' },
      { id: 'u1', status: 'Successful' },
    );
    const update = await waitForUpdate(
      run,
      { clusterName: 'shop' },
      'u1',
      'the upgrade of cluster shop to Kubernetes 1.34',
    );
    expect(update.status).toBe('Successful');
    expect(calls).toEqual([
      'DescribeUpdateCommand',
      'DescribeUpdateCommand',
      'DescribeUpdateCommand',
    ]);
  });

  it("fails with the update's errors when EKS says it failed", async () => {
    const { run } = runAnswering({
      id: 'u1',
      status: 'Failed',
      errors: [
        {
          errorCode: 'PodEvictionFailure',
          errorMessage: 'Reached max retries while trying to evict pods',
          resourceIds: ['ip-10-0-1-5.ec2.internal'],
        },
      ],
    });
    await expect(
      waitForUpdate(
        run,
        { clusterName: 'shop', nodegroupName: 'system' },
        'u1',
        'the update of node group system to Kubernetes 1.34',
      ),
    ).rejects.toThrow(
      'The update of node group system to Kubernetes 1.34 failed (update u1): PodEvictionFailure: Reached max retries while trying to evict pods (ip-10-0-1-5.ec2.internal)',
    );
  });

  it('times out naming what it waited for', async () => {
    const { run } = runAnswering({ id: 'u1', status: 'InProgress' });
    await expect(
      waitForUpdate(run, { clusterName: 'shop' }, 'u1', 'the upgrade'),
    ).rejects.toThrow(
      /^Timed out after 2s waiting for the upgrade \(update u1\)/,
    );
  });
});

it('words errors EKS gave none of', () => {
  expect(updateErrors({})).toBe('EKS gave no error details');
});

it('makes the same request token for the same checkpoint key only', () => {
  const { run } = runAnswering({});
  const token = requestToken(run, 'cluster-version', 'shop', '1.34');
  expect(token).toMatch(/^[0-9a-f]{32}$/);
  expect(requestToken(run, 'cluster-version', 'shop', '1.34')).toBe(token);
  expect(requestToken(run, 'cluster-version', 'shop', '1.35')).not.toBe(token);
});
