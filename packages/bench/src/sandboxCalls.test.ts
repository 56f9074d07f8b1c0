import {
  countCalls,
  dependentRounds,
  parseSandboxLogLine,
  SandboxCallLog,
  type SandboxCall,
} from './sandboxCalls';

const call = (operation: string, startMs: number, endMs: number) =>
  ({ service: 'eks', operation, startMs, endMs } as SandboxCall);

describe('sandbox calls', () => {
  it('parses AWS and Kubernetes lines of the request log', () => {
    expect(
      parseSandboxLogLine(
        '2026-01-01T00:00:01.000Z 200 eks DescribeCluster 000000000000/eu-west-1 150ms',
      ),
    ).toEqual({
      service: 'eks',
      operation: 'DescribeCluster',
      startMs: Date.parse('2026-01-01T00:00:00.850Z'),
      endMs: Date.parse('2026-01-01T00:00:01.000Z'),
    });
    expect(
      parseSandboxLogLine(
        '2026-01-01T00:00:01.000Z 404 kubernetes demo GET /apis/karpenter.sh/v1/nodepools?limit=500 3ms',
      ),
    ).toMatchObject({
      service: 'kubernetes',
      operation: 'GET /apis/karpenter.sh/v1/nodepools',
    });
    expect(parseSandboxLogLine('internal failure in eks: stack')).toBe(
      undefined,
    );
  });

  it('gives the calls made since a mark, and counts them', () => {
    const log = new SandboxCallLog();
    log.listener('2026-01-01T00:00:01.000Z 200 eks ListAddons a/b 1ms');
    const mark = log.mark();
    log.listener('2026-01-01T00:00:02.000Z 200 eks DescribeAddon a/b 1ms');
    log.listener('2026-01-01T00:00:02.000Z 200 eks DescribeAddon a/b 1ms');
    expect(countCalls(log.since(mark))).toEqual(
      new Map([['eks:DescribeAddon', 2]]),
    );
  });

  it('counts rounds of dependent calls', () => {
    expect(dependentRounds([])).toBe(0);
    // two parallel calls, then two that started after the first answered
    expect(
      dependentRounds([
        call('DescribeCluster', 0, 100),
        call('ListAddons', 0, 100),
        call('DescribeAddon', 101, 200),
        call('DescribeAddon', 150, 250),
      ]),
    ).toBe(2);
    // a chain of three
    expect(
      dependentRounds([
        call('A', 0, 100),
        call('B', 100, 200),
        call('C', 200, 300),
        call('D', 50, 290),
      ]),
    ).toBe(3);
  });
});
