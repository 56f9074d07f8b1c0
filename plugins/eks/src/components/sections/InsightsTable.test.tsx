import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { ClusterInsight } from '@backstage-eks/plugin-eks-common';
import { InsightsTable, InsightsVersions } from './InsightsTable';

jest.setTimeout(30_000);

const readiness = (
  version: string,
  name: string,
  status = 'PASSING',
): ClusterInsight => ({
  id: `${name}-${version}`,
  name,
  category: 'UPGRADE_READINESS',
  kubernetesVersion: version,
  status,
});

/** EKS's insights of a cluster just upgraded to 1.34: still about 1.34 until EKS refreshes them. */
const beforeRefresh: ClusterInsight[] = [
  readiness('1.34', 'Kubelet version skew', 'WARNING'),
  readiness('1.34', 'Cluster health issues'),
  {
    id: 'rollback-kubelet',
    name: 'Kubelet version skew for rollback',
    category: 'ROLLBACK_READINESS',
    kubernetesVersion: '1.33',
    status: 'ERROR',
  },
];

async function render(insights: ClusterInsight[], versions: InsightsVersions) {
  await renderInTestApp(
    <InsightsTable section={{ data: insights }} versions={versions} />,
  );
}

describe('InsightsTable', () => {
  it('shows readiness for the next version of a cluster before its upgrade', async () => {
    await render([readiness('1.34', 'Kubelet version skew', 'WARNING')], {
      current: '1.33',
      next: '1.34',
    });
    expect(screen.getByText('Upgrade readiness for 1.34')).toBeInTheDocument();
    expect(screen.getByText('Check before upgrading')).toBeInTheDocument();
  });

  it('says there is no next version once the cluster runs the newest, not readiness for the version it runs', async () => {
    await render(beforeRefresh, { current: '1.34', next: null });
    expect(screen.queryByText(/Upgrade readiness for/)).toBeNull();
    expect(screen.getByText('Upgrade readiness')).toBeInTheDocument();
    expect(
      screen.getByText(
        'No next version: 1.34 is the newest Kubernetes version EKS offers.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText('Check before upgrading')).toBeNull();
    // rollback readiness stays in the other table
    expect(
      screen.getByText('Configuration and rollback insights'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Kubelet version skew for rollback'),
    ).toBeInTheDocument();
  });

  it('titles the next version and says the insights are still about the current one until EKS refreshes them', async () => {
    await render(beforeRefresh, { current: '1.34', next: '1.35' });
    expect(screen.getByText('Upgrade readiness for 1.35')).toBeInTheDocument();
    expect(screen.queryByText('Upgrade readiness for 1.34')).toBeNull();
    expect(
      screen.getByText(
        "EKS's readiness insights are still about 1.34, the version the cluster runs now: refresh them to check 1.35.",
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText('Kubelet version skew')).toBeNull();
  });

  it('shows the readiness of the next version once refreshed, leaving out what is about the version the cluster runs', async () => {
    await render(
      [...beforeRefresh, readiness('1.35', 'Deprecated APIs', 'ERROR')],
      { current: '1.34', next: '1.35' },
    );
    expect(screen.getByText('Upgrade readiness for 1.35')).toBeInTheDocument();
    expect(screen.getByText('Deprecated APIs')).toBeInTheDocument();
    expect(screen.getByText('Fix before upgrading')).toBeInTheDocument();
    expect(screen.queryByText('Cluster health issues')).toBeNull();
  });

  it('without the upgrade section, titles the version of the insights newer than the cluster', async () => {
    await render(beforeRefresh, { current: '1.33' });
    expect(screen.getByText('Upgrade readiness for 1.34')).toBeInTheDocument();
    expect(screen.getByText('Kubelet version skew')).toBeInTheDocument();
  });
});
