import type { AwsClientFactory } from '../aws/AwsClientFactory';
import { InsightsRefreshService } from './InsightsRefreshService';

/** A factory whose EKS client answers each command by its name. */
function factoryAnswering(
  answers: Record<string, () => unknown>,
): AwsClientFactory {
  const eks = {
    send: async (command: { constructor: { name: string } }) => {
      const answer = answers[command.constructor.name];
      if (!answer) throw new Error(`unexpected ${command.constructor.name}`);
      return answer();
    },
  };
  return { forTarget: async () => ({ eks }) } as unknown as AwsClientFactory;
}

const notFound = (message: string) =>
  Object.assign(new Error(message), { name: 'ResourceNotFoundException' });

const target = {
  accountId: '000000000000',
  region: 'eu-west-1',
  clusterName: 'demo',
};

describe('InsightsRefreshService', () => {
  it("reports EKS's status with ISO times, and NONE for an answer without one", async () => {
    const startedAt = new Date('2026-12-04T10:00:00Z');
    const service = new InsightsRefreshService(
      factoryAnswering({
        DescribeInsightsRefreshCommand: () => ({
          status: 'COMPLETED',
          message: 'done',
          startedAt,
          endedAt: new Date('2026-12-04T10:01:00Z'),
        }),
      }),
    );
    expect(await service.refreshStatus(target)).toEqual({
      status: 'COMPLETED',
      message: 'done',
      startedAt: '2026-12-04T10:00:00.000Z',
      endedAt: '2026-12-04T10:01:00.000Z',
    });
    const none = new InsightsRefreshService(
      factoryAnswering({ DescribeInsightsRefreshCommand: () => ({}) }),
    );
    expect(await none.refreshStatus(target)).toEqual({ status: 'NONE' });
  });

  it('is NONE when EKS knows no refresh of a cluster that exists, and not found when the cluster does not', async () => {
    const existing = new InsightsRefreshService(
      factoryAnswering({
        DescribeInsightsRefreshCommand: () => {
          throw notFound('No insights refresh found');
        },
        DescribeClusterCommand: () => ({ cluster: { name: 'demo' } }),
      }),
    );
    expect(await existing.refreshStatus(target)).toEqual({ status: 'NONE' });
    const gone = new InsightsRefreshService(
      factoryAnswering({
        DescribeInsightsRefreshCommand: () => {
          throw notFound('No cluster found for name: demo.');
        },
        DescribeClusterCommand: () => {
          throw notFound('No cluster found for name: demo.');
        },
      }),
    );
    await expect(gone.refreshStatus(target)).rejects.toThrow(
      'No cluster found for name: demo.',
    );
  });

  it('starts a refresh and reads its start time', async () => {
    const service = new InsightsRefreshService(
      factoryAnswering({
        StartInsightsRefreshCommand: () => ({
          status: 'IN_PROGRESS',
          message: 'started',
        }),
        DescribeInsightsRefreshCommand: () => ({
          status: 'IN_PROGRESS',
          startedAt: new Date('2026-12-04T10:00:00Z'),
        }),
      }),
    );
    expect(await service.startRefresh(target)).toEqual({
      status: 'IN_PROGRESS',
      message: 'started',
      startedAt: '2026-12-04T10:00:00.000Z',
    });
  });
});
