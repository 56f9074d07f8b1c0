import { deletionReport, logReport } from './report';

describe('deletionReport', () => {
  const parts = {
    deleted: ['add-on coredns', 'EKS cluster demo'],
    kept: [{ resource: 'IAM role shared', reason: 'a workload role' }],
    leftovers: [
      {
        type: 'EBS volume',
        id: 'vol-1',
        tag: 'kubernetes.io/cluster/demo',
      },
    ],
  };

  it('lists what was deleted, kept (why) and left behind (what to do)', () => {
    expect(deletionReport('demo', false, parts)).toBe(
      [
        'Report for cluster demo:',
        '',
        'Deleted 2:',
        '- add-on coredns',
        '- EKS cluster demo',
        '',
        'Kept on purpose 1:',
        '- Kept IAM role shared: a workload role',
        '',
        'Left behind 1 (still tagged for the cluster: delete them in the AWS console or CLI if nothing else uses them):',
        '- Left behind: EBS volume vol-1 (tagged kubernetes.io/cluster/demo)',
      ].join('\n'),
    );
  });

  it('lists what was changed before deleting first, only when something was', () => {
    const report = deletionReport('demo', false, {
      ...parts,
      changed: ['Turned off deletion protection of EKS cluster demo'],
    });
    expect(report.split('\n').slice(0, 6)).toEqual([
      'Report for cluster demo:',
      '',
      'Changed before deleting 1:',
      '- Turned off deletion protection of EKS cluster demo',
      '',
      'Deleted 2:',
    ]);
    expect(
      deletionReport('demo', false, { ...parts, changed: [] }),
    ).not.toMatch(/Changed/);
  });

  it('says what a dry run would delete, and nothing to do when nothing is left', () => {
    const report = deletionReport('demo', true, { ...parts, leftovers: [] });
    expect(report).toMatch(
      /^Report for cluster demo \(dry run: nothing was deleted\):\n\nWould delete 2:/,
    );
    expect(report.split('\n').pop()).toBe('Left behind 0:');
  });
});

describe('logReport', () => {
  it('logs each line, what is left behind as a warning', () => {
    const lines: string[] = [];
    logReport(
      {
        info: m => lines.push(`info: ${m}`),
        warn: m => lines.push(`warn: ${m}`),
      },
      'Report:\n\n- Kept x: y\n- Left behind: EBS volume vol-1',
    );
    expect(lines).toEqual([
      'info: Report:',
      'info: - Kept x: y',
      'warn: Left behind: EBS volume vol-1',
    ]);
  });
});
