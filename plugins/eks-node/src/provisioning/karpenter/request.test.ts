import { ProvisioningRun } from '../ProvisioningRun';
import {
  resolveKarpenterRequest,
  validateInstallKarpenterOptions,
} from './request';

describe('a Karpenter request', () => {
  const target = { accountId: '111122223333', region: 'eu-west-1' };
  const run = new ProvisioningRun({ aws: { target } as any });

  it('fills in the defaults and derives the names', () => {
    expect(
      resolveKarpenterRequest(run, {
        clusterName: 'shop',
        tags: { team: 'a' },
      }),
    ).toEqual({
      opts: { clusterName: 'shop', tags: { team: 'a' } },
      clusterName: 'shop',
      namespace: 'kube-system',
      serviceAccount: 'karpenter',
      chartVersion: '1.14.1',
      enableZonalShift: false,
      queueName: 'Karpenter-shop',
      queueArn: 'arn:aws:sqs:eu-west-1:111122223333:Karpenter-shop',
      partition: 'aws',
      tags: expect.objectContaining({
        team: 'a',
        'eks.backstage.io/cluster': 'shop',
      }),
      controllerRoleName: 'shop-karpenter-controller',
    });
  });

  it('keeps what is given', () => {
    const request = resolveKarpenterRequest(run, {
      clusterName: 'shop',
      namespace: 'karpenter',
      serviceAccount: 'ctrl',
      chartVersion: '1.13.1',
      queueName: 'q',
    });
    expect(request).toMatchObject({
      namespace: 'karpenter',
      serviceAccount: 'ctrl',
      chartVersion: '1.13.1',
      queueName: 'q',
      queueArn: 'arn:aws:sqs:eu-west-1:111122223333:q',
    });
  });

  it.each([
    [{ queueName: 'q.fifo' }, /^queueName must be an SQS queue name/],
    [
      { chartVersion: '1.8.1' },
      /^chartVersion must be a Karpenter release .*1\.13\.0 to 1\.14\.1/,
    ],
    [
      {
        helmValues: {
          settings: {
            interruptionQueue: 'arn:aws:sqs:eu-west-1:1:Karpenter-shop',
          },
        },
      },
      /^helmValues\.settings\.interruptionQueue must be the interruption queue's NAME/,
    ],
    [{ cpuLimit: '1.5' }, /^cpuLimit must be a CPU quantity/],
    [{ capacityTypes: [] }, /^capacityTypes must list/],
    [
      { clusterName: 'c'.repeat(75) },
      /^queueName must be given for a cluster name of 75 characters/,
    ],
  ])('refuses %j naming the field', (change, message) => {
    expect(() =>
      validateInstallKarpenterOptions(
        { clusterName: 'shop', ...change } as any,
        target,
      ),
    ).toThrow(message);
  });
});
