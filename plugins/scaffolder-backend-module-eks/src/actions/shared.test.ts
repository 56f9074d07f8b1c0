import { mockServices } from '@backstage/backend-test-utils';
import { InputError, NotAllowedError } from '@backstage/errors';
import { HelmNotFoundError } from '@backstage-eks/plugin-eks-node';
import { ConfigReader } from '@backstage/config';
import { auditedWrites, forTaskLog, resolveDependencies } from './shared';

describe('resolveDependencies', () => {
  it("scales the waits' typical durations by the sandbox's latency factor when the sandbox is in use", () => {
    const sandbox = resolveDependencies({
      config: new ConfigReader({
        eks: { sandbox: { enabled: true, latencyFactor: 0.01 } },
      }),
    });
    expect(sandbox.wait).toEqual({
      minDelaySeconds: 5,
      maxDelaySeconds: 30,
      typicalDurationFactor: 0.01,
    });
    const aws = resolveDependencies({
      config: new ConfigReader({
        eks: { sandbox: { enabled: true, latencyFactor: 0.01 } },
        aws: { accounts: [{ accountId: '123456789012', roleName: 'r' }] },
      }),
    });
    expect(aws.wait.typicalDurationFactor).toBeUndefined();
    const external = resolveDependencies({
      config: new ConfigReader({ eks: { sandbox: { enabled: true } } }),
    });
    expect(external.wait.typicalDurationFactor).toBe(0.02);
  });
});

describe('auditedWrites', () => {
  function auditor() {
    const outcomes: string[] = [];
    const service = mockServices.auditor.mock({
      createEvent: async options => {
        outcomes.push(`event ${JSON.stringify(options)}`);
        return {
          success: async () => {
            outcomes.push('success');
          },
          fail: async ({ error }) => {
            outcomes.push(`fail ${error.message}`);
          },
        };
      },
    });
    return { service, outcomes };
  }
  const write = {
    change: { action: 'delete', resource: 'SQS queue q' } as const,
    accountId: '123456789012',
    region: 'eu-west-1',
    key: '123456789012/eu-west-1/delete/q',
  };
  const context = {
    actionId: 'aws:eks:cluster:delete',
    taskId: 'task-1',
    initiator: 'user:default/alice',
  };

  it('records who, which action, the change and the resource, then the success', async () => {
    const { service, outcomes } = auditor();
    await expect(
      auditedWrites(service, context)(write, async () => 'done'),
    ).resolves.toBe('done');
    expect(outcomes).toEqual([
      `event ${JSON.stringify({
        eventId: 'eks-write',
        severityLevel: 'high',
        meta: {
          initiator: 'user:default/alice',
          actionId: 'aws:eks:cluster:delete',
          taskId: 'task-1',
          change: 'delete',
          resource: 'SQS queue q',
          accountId: '123456789012',
          region: 'eu-west-1',
        },
      })}`,
      'success',
    ]);
  });

  it('records a failed write with its error and rethrows it', async () => {
    const { service, outcomes } = auditor();
    const error = Object.assign(new Error('not authorized'), {
      name: 'AccessDenied',
    });
    await expect(
      auditedWrites(service, context)(
        { ...write, change: { action: 'create', resource: 'IAM role r' } },
        async () => {
          throw error;
        },
      ),
    ).rejects.toBe(error);
    expect(outcomes[0]).toContain('"severityLevel":"medium"');
    expect(outcomes[1]).toBe('fail not authorized');
  });

  it('makes no write when the audit event cannot be recorded', async () => {
    const service = mockServices.auditor.mock({
      createEvent: async () => {
        throw new Error('audit log unavailable');
      },
    });
    const makeWrite = jest.fn(async () => 'done');
    await expect(
      auditedWrites(service, context)(write, makeWrite),
    ).rejects.toThrow('audit log unavailable');
    expect(makeWrite).not.toHaveBeenCalled();
  });
});

describe('forTaskLog', () => {
  it('gives input and permission errors a stack that is just their message', () => {
    for (const error of [
      new InputError('clusterName must ...'),
      new NotAllowedError('user:default/bob may not run ...'),
    ]) {
      expect((forTaskLog(error) as Error).stack).toBe(
        `${error.name}: ${error.message}`,
      );
    }
  });

  it("turns AWS's invalid-parameter refusal into such an InputError", () => {
    const aws = Object.assign(new Error('Subnets are in one AZ'), {
      name: 'InvalidParameterException',
    });
    const error = forTaskLog(aws) as Error;
    expect(error).toBeInstanceOf(InputError);
    expect(error.stack).toBe(
      'InputError: AWS answered InvalidParameterException: Subnets are in one AZ',
    );
  });

  it('keeps the stack trace of an unexpected error', () => {
    const error = new TypeError('x is undefined');
    const stack = error.stack;
    expect(forTaskLog(error)).toBe(error);
    expect(error.stack).toBe(stack);
  });
});

describe('forTaskLog and the setup errors', () => {
  it('gives a missing helm binary a stack that is its message: what to install, or the helmPath to set', () => {
    const error = forTaskLog(new HelmNotFoundError('/opt/helm')) as Error;
    expect(error.stack).toBe(`HelmNotFoundError: ${error.message}`);
    expect(error.stack).toMatch(
      /install Helm 3\.8\+ .* eks\.provisioning\.helmPath/,
    );
  });
});
