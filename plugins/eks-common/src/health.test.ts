import {
  CLUSTER_VERDICT_LABELS,
  rankDiagnostics,
  SEVERITY_LABELS,
  upgradeReadinessInsights,
  type ClusterInsight,
  type Severity,
} from './health';

describe('health vocabulary', () => {
  it('ranks findings by impact now, keeping the order of equals', () => {
    const found = (id: string, severity: Severity) => ({ id, severity });
    expect(
      rankDiagnostics([
        found('note', 'info'),
        found('attention', 'warning'),
        found('broken-1', 'critical'),
        found('broken-2', 'critical'),
      ]).map(f => f.id),
    ).toEqual(['broken-1', 'broken-2', 'attention', 'note']);
  });

  it('has one word for each severity and verdict, none of them "critical" or "Error"', () => {
    const words = [
      ...Object.values(SEVERITY_LABELS),
      ...Object.values(CLUSTER_VERDICT_LABELS),
    ];
    expect(SEVERITY_LABELS).toEqual({
      critical: 'Failing now',
      warning: 'Needs attention',
      info: 'Note',
    });
    for (const word of words) expect(word).not.toMatch(/critical|error/i);
  });

  it('keeps readiness for the next version apart from insights about now', () => {
    const insight = (id: string, category: string): ClusterInsight => ({
      id,
      name: id,
      category,
      status: 'ERROR',
    });
    expect(
      upgradeReadinessInsights([
        insight('addon-compat', 'UPGRADE_READINESS'),
        insight('hybrid', 'MISCONFIGURATION'),
      ]).map(i => i.id),
    ).toEqual(['addon-compat']);
  });
});
