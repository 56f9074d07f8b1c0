import type { Diagnostic } from '@backstage-eks/plugin-eks-common';
import { healthyObservations } from './__testUtils__/observations';
import { clusterVerdict, type ClusterHealthFindings } from './verdict';

const target = healthyObservations().target;

function findings(
  change: (doc: ClusterHealthFindings) => void = () => undefined,
): ClusterHealthFindings {
  const obs = healthyObservations();
  const doc: ClusterHealthFindings = {
    cluster: obs.cluster,
    insights: obs.insights,
    nodeGroups: obs.nodeGroups,
    nodes: obs.nodes,
    addons: obs.addons,
    podIdentityAssociations: obs.podIdentityAssociations,
    capabilities: obs.capabilities,
    karpenter: obs.karpenter,
    upgrade: obs.upgrade,
    diagnostics: [],
    generatedAt: '2026-01-01T00:00:00.000Z',
  };
  change(doc);
  return doc;
}

const finding = (
  severity: Diagnostic['severity'],
  title = 't',
): Diagnostic => ({
  id: `x-${severity}`,
  severity,
  title,
  what: 'w',
  why: 'y',
  fix: 'f',
});

const failed = (source: string) => ({
  error: { source, message: `${source} failed` },
});

const verdict = (doc: ClusterHealthFindings, clusterNotFound = false) =>
  clusterVerdict(doc, { target, clusterNotFound });

describe('clusterVerdict', () => {
  it('is healthy only when every section loaded and nothing is wrong', () => {
    expect(verdict(findings())).toEqual({
      kind: 'healthy',
      cluster: {
        name: 'demo',
        accountId: '000000000000',
        region: 'eu-west-1',
      },
      headline: 'No problems found on this cluster',
      counts: { critical: 0, warning: 0, info: 0 },
      unloadedSections: [],
    });
    expect(
      verdict(findings(d => (d.diagnostics = [finding('info')]))).kind,
    ).toBe('healthy');
  });

  it('is unknown, not healthy, when a section failed and nothing else is wrong', () => {
    const v = verdict(
      findings(d => {
        d.addons = failed('eks:ListAddons');
      }),
    );
    expect(v.kind).toBe('unknown');
    expect(v.headline).toBe(
      'Not every check could run: Add-ons could not be loaded',
    );
    expect(v.unloadedSections).toEqual(['addons']);
  });

  it('is failing on a problem now, and names the first one', () => {
    const v = verdict(
      findings(d => {
        d.diagnostics = [
          finding('warning', 'later'),
          finding('critical', 'Add-on coredns is DEGRADED'),
        ];
      }),
    );
    expect(v).toMatchObject({
      kind: 'failing',
      headline: '1 problem on this cluster now: Add-on coredns is DEGRADED',
      counts: { critical: 1, warning: 1, info: 0 },
    });
  });

  it('is failing when EKS reports the cluster FAILED', () => {
    const v = verdict(
      findings(d => {
        d.cluster = { data: { ...d.cluster.data!, status: 'FAILED' } };
      }),
    );
    expect(v.kind).toBe('failing');
  });

  it('needs attention on warnings only, and says which sections were not checked', () => {
    const v = verdict(
      findings(d => {
        d.diagnostics = [finding('warning', 'No zone spread')];
        d.karpenter = failed('kubernetes:karpenter');
      }),
    );
    expect(v).toMatchObject({
      kind: 'needs-attention',
      headline: '1 finding on this cluster needs attention: No zone spread',
      detail: 'Not checked: Karpenter could not be loaded.',
      unloadedSections: ['karpenter'],
    });
  });

  it('says a cluster that no longer exists is gone, with what to do, and no section errors', () => {
    const v = verdict(
      findings(d => {
        d.cluster = failed('eks:DescribeCluster');
        d.addons = failed('eks:ListAddons');
        d.nodes = failed('kubernetes:nodes');
      }),
      true,
    );
    expect(v).toMatchObject({
      kind: 'gone',
      headline: 'This cluster no longer exists in 000000000000/eu-west-1',
      unloadedSections: [],
    });
    expect(v.nextStep).toMatch(/Unregister entity/);
  });

  it('is unreachable when EKS cannot be read for another reason', () => {
    const v = verdict(findings(d => (d.cluster = failed('aws:credentials'))));
    expect(v).toMatchObject({
      kind: 'unreachable',
      detail: 'aws:credentials: aws:credentials failed',
      unloadedSections: [],
    });
  });

  it('is unreachable when the Kubernetes API cannot be reached, keeping the EKS sections own errors', () => {
    const v = verdict(
      findings(d => {
        d.nodes = failed('kubernetes:nodes');
        d.karpenter = failed('kubernetes:karpenter');
        d.insights = failed('eks:ListInsights');
      }),
    );
    expect(v).toMatchObject({
      kind: 'unreachable',
      headline: 'The Kubernetes API of this cluster could not be reached',
      unloadedSections: ['insights'],
    });
  });

  it('is unknown while the cluster is being created', () => {
    const v = verdict(
      findings(d => {
        d.cluster = { data: { ...d.cluster.data!, status: 'CREATING' } };
        d.nodes = failed('kubernetes');
        d.karpenter = failed('kubernetes');
      }),
    );
    expect(v).toMatchObject({
      kind: 'unknown',
      headline: 'This cluster is CREATING',
    });
  });

  it('says a cluster being deleted is going, whatever its sections show', () => {
    const v = verdict(
      findings(d => {
        d.cluster = { data: { ...d.cluster.data!, status: 'DELETING' } };
        d.diagnostics = [finding('critical')];
        d.nodes = failed('kubernetes:nodes');
      }),
    );
    expect(v).toMatchObject({
      kind: 'gone',
      headline: 'This cluster is being deleted in 000000000000/eu-west-1',
      unloadedSections: [],
    });
  });
});
