import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import { AddonSummary } from '@backstage-eks/plugin-eks-common';
import { AddonsTable } from './AddonsTable';

// Rendering Backstage tables and MUI menus is slow on the shared CI machine.
jest.setTimeout(30_000);

const sixtyAddons: AddonSummary[] = Array.from({ length: 60 }, (_, i) => ({
  name: `addon-${String(i + 1).padStart(2, '0')}`,
  status: i === 41 ? 'CREATE_FAILED' : 'ACTIVE',
  version: `v1.${i}.0-eksbuild.1`,
  health:
    i === 41
      ? [{ code: 'ConfigurationConflict', message: 'Conflicts found' }]
      : [],
  podIdentityAssociations: [],
}));

describe('AddonsTable', () => {
  it('pages a cluster with 60 add-ons and finds one by search', async () => {
    await renderInTestApp(<AddonsTable section={{ data: sixtyAddons }} />);

    expect(screen.getByText('addon-01')).toBeInTheDocument();
    expect(screen.getByText('addon-10')).toBeInTheDocument();
    expect(screen.queryByText('addon-11')).not.toBeInTheDocument();
    expect(screen.getAllByText('1-10 of 60').length).toBeGreaterThan(0);

    await userEvent.type(screen.getByPlaceholderText('Filter'), 'Conflict');

    const row = (await screen.findByText('addon-42')).closest('tr')!;
    expect(within(row).getByText('CREATE_FAILED')).toBeInTheDocument();
    expect(screen.queryByText('addon-01')).not.toBeInTheDocument();
  });

  it('says so when no add-on is installed', async () => {
    await renderInTestApp(<AddonsTable section={{ data: [] }} />);

    expect(
      screen.getByText('No EKS add-ons are installed on this cluster.'),
    ).toBeInTheDocument();
  });
});
