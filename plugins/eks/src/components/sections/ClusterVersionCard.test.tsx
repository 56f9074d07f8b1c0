import { fireEvent, screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { ClusterUpgradeSummary } from '@backstage-eks/plugin-eks-common';
import { demoClusterHealth } from '../../__fixtures__/clusterHealth';
import { ClusterVersionCard } from './ClusterVersionCard';

jest.setTimeout(30_000);

const demo = demoClusterHealth.upgrade.data!;
const cluster = {
  clusterName: 'demo',
  region: 'eu-west-1',
  accountId: '000000000000',
};

const formDataOf = (href: string | null) => {
  const url = new URL(href!, 'http://portal');
  return {
    pathname: url.pathname,
    formData: JSON.parse(url.searchParams.get('formData')!),
  };
};

async function render(upgrade: ClusterUpgradeSummary) {
  await renderInTestApp(
    <ClusterVersionCard section={{ data: upgrade }} cluster={cluster} />,
  );
}

describe('ClusterVersionCard', () => {
  it('states the support dates, extended support and its monthly price, and the upgrade policy', async () => {
    await render(demo);
    expect(screen.getByText('Version and upgrades')).toBeInTheDocument();
    expect(
      screen.getByText('In extended support since Jul 29, 2026'),
    ).toBeInTheDocument();
    expect(screen.getByText('Jul 29, 2027')).toBeInTheDocument();
    expect(
      screen.getByText(
        '$438.00 per month for this cluster (the full control plane price at the extended rate), billed now',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/^EXTENDED: the cluster enters/),
    ).toBeInTheDocument();
  });

  it('shows readiness for the next version at a glance, each finding’s fix on expand, and the prefilled Upgrade button', async () => {
    await render({
      ...demo,
      upgradeReadiness: {
        ...demo.upgradeReadiness!,
        errors: 1,
        findings: [
          {
            id: 'deprecated',
            name: 'Deprecated APIs removed in Kubernetes v1.34',
            category: 'UPGRADE_READINESS',
            status: 'ERROR',
            reason: 'flowcontrol.apiserver.k8s.io/v1beta3 is still called',
            recommendation: 'Move clients to flowcontrol.apiserver.k8s.io/v1',
            kubernetesVersion: '1.34',
          },
          ...demo.upgradeReadiness!.findings,
        ],
      },
    });
    const next = screen.getByTestId('next-version');
    expect(next.textContent).toContain('Readiness for 1.34');
    expect(next.textContent).toContain(
      '1 readiness check in ERROR, 1 warning: EKS refuses the change until it is fixed (or forced)',
    );
    fireEvent.click(
      screen.getByText('Deprecated APIs removed in Kubernetes v1.34'),
    );
    expect(
      within(screen.getByTestId('readiness-deprecated')).getByText(
        'Move clients to flowcontrol.apiserver.k8s.io/v1',
      ),
    ).toBeVisible();
    const button = screen.getByRole('button', { name: 'Upgrade to 1.34' });
    expect(formDataOf(button.getAttribute('href'))).toEqual({
      pathname: '/create/templates/default/upgrade-eks-cluster',
      formData: { ...cluster, targetVersion: '1.34' },
    });
  });

  it('says EKS upgrades the cluster itself when standard support has ended under the STANDARD policy, and bills no extended support', async () => {
    await render({
      ...demo,
      supportType: 'STANDARD',
      support: { ...demo.support, inExtendedSupport: false },
    });
    expect(
      screen.getByText(
        'Standard support ended Jul 29, 2026: EKS upgrades the cluster automatically (STANDARD policy)',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/not billed under the STANDARD policy$/),
    ).toBeInTheDocument();
  });

  it('says when the cluster is at the newest version, with no Upgrade button', async () => {
    await render({
      ...demo,
      nextVersion: undefined,
      upgradeReadiness: undefined,
    });
    expect(screen.getByTestId('next-version').textContent).toBe(
      'At the newest version EKS offers',
    );
    expect(screen.queryByRole('button', { name: /Upgrade to/ })).toBeNull();
  });

  it('shows an upgrade in progress, node group updates, and no Upgrade while it runs', async () => {
    await render({
      ...demo,
      latestUpdate: {
        id: 'u-1',
        type: 'VersionUpdate',
        status: 'InProgress',
        fromVersion: '1.33',
        toVersion: '1.34',
        createdAt: new Date(Date.now() - 60_000).toISOString(),
        errors: [],
      },
      nodegroupUpdates: [
        {
          nodegroup: 'system',
          id: 'ng-1',
          status: 'InProgress',
          fromVersion: '1.33',
          toVersion: '1.34',
          createdAt: new Date(Date.now() - 120_000).toISOString(),
          errors: [],
        },
      ],
    });
    const latest = screen.getByTestId('latest-version-update');
    expect(latest.textContent).toContain('Upgrade 1.33 → 1.34: In progress');
    expect(latest.textContent).toContain('Started 1 minute ago');
    expect(screen.getByLabelText('Upgrade in progress')).toBeInTheDocument();
    expect(
      screen.getByTestId('nodegroup-version-updates').textContent,
    ).toContain('system: 1.33 → 1.34, started 2 minutes ago: In progress');
    expect(
      screen.getByRole('button', { name: 'Upgrade to 1.34' }),
    ).toHaveAttribute('aria-disabled', 'true');
  });

  it('shows a failed upgrade with its errors', async () => {
    await render({
      ...demo,
      latestUpdate: {
        id: 'u-2',
        type: 'VersionUpdate',
        status: 'Failed',
        fromVersion: '1.33',
        toVersion: '1.34',
        createdAt: new Date().toISOString(),
        errors: [
          {
            code: 'InsufficientFreeAddresses',
            message: 'One or more of the subnets has too few free IP addresses',
            resourceIds: ['subnet-0abc'],
          },
        ],
      },
    });
    const latest = screen.getByTestId('latest-version-update');
    expect(latest.textContent).toContain('Upgrade 1.33 → 1.34: Failed');
    expect(latest.textContent).toContain(
      'InsufficientFreeAddresses: One or more of the subnets has too few free IP addresses (subnet-0abc)',
    );
  });

  it('shows the rollback window while it is open, with its readiness and the prefilled Roll back button', async () => {
    const closesAt = new Date(Date.now() + 5 * 24 * 3600 * 1000 + 60_000);
    await render({
      ...demo,
      version: '1.34',
      nextVersion: undefined,
      upgradeReadiness: undefined,
      latestUpdate: {
        id: 'u-3',
        type: 'VersionUpdate',
        status: 'Successful',
        fromVersion: '1.33',
        toVersion: '1.34',
        createdAt: new Date(
          closesAt.getTime() - 7 * 24 * 3600 * 1000,
        ).toISOString(),
        errors: [],
      },
      rollbackWindow: {
        toVersion: '1.33',
        since: new Date(
          closesAt.getTime() - 7 * 24 * 3600 * 1000,
        ).toISOString(),
        closesAt: closesAt.toISOString(),
        readiness: {
          version: '1.33',
          errors: 0,
          warnings: 0,
          passing: 5,
          findings: [],
        },
      },
    });
    const window = screen.getByTestId('rollback-window');
    expect(window.textContent).toContain(
      'Rollback window: back to 1.33 possible until',
    );
    expect(window.textContent).toContain('(closes in 5 days)');
    expect(window.textContent).toContain('All 5 readiness checks pass');
    const button = screen.getByRole('button', { name: 'Roll back to 1.33' });
    expect(formDataOf(button.getAttribute('href'))).toEqual({
      pathname: '/create/templates/default/rollback-eks-cluster',
      formData: cluster,
    });
  });

  it('keeps the support status when the updates could not be read', async () => {
    await render({
      ...demo,
      updatesError: {
        source: 'eks:ListUpdates',
        message: 'AccessDeniedException: not allowed',
      },
    });
    expect(
      screen.getByText(/Version updates could not be read/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('In extended support since Jul 29, 2026'),
    ).toBeInTheDocument();
  });
});
