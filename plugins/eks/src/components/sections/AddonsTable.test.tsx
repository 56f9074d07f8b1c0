import { screen, waitFor, within } from '@testing-library/react';
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

  it('shows a newer version under the installed one, and finds it by search', async () => {
    const addons: AddonSummary[] = [
      { ...sixtyAddons[0], name: 'coredns', version: 'v1.12.2-eksbuild.4' },
      {
        ...sixtyAddons[1],
        name: 'kube-proxy',
        version: 'v1.33.3-eksbuild.4',
        newerVersion: 'v1.33.5-eksbuild.2',
      },
      // enough rows for the search box
      ...sixtyAddons.slice(2, 8),
    ];
    await renderInTestApp(<AddonsTable section={{ data: addons }} />);

    const row = screen.getByText('kube-proxy').closest('tr')!;
    expect(within(row).getByText('v1.33.3-eksbuild.4')).toBeInTheDocument();
    expect(
      within(row).getByText('v1.33.5-eksbuild.2 available'),
    ).toBeInTheDocument();
    expect(
      within(screen.getByText('coredns').closest('tr')!).queryByText(
        /available/,
      ),
    ).not.toBeInTheDocument();

    await userEvent.type(screen.getByPlaceholderText('Filter'), '1.33.5');
    // the search is debounced
    await waitFor(() =>
      expect(screen.queryByText('coredns')).not.toBeInTheDocument(),
    );
    expect(screen.getByText('kube-proxy')).toBeInTheDocument();
  });

  it('shows the role of a Pod Identity association made apart from the add-on for its service account', async () => {
    const addons: AddonSummary[] = [
      {
        ...sixtyAddons[0],
        name: 'aws-ebs-csi-driver',
        podIdentityAssociations: [],
      },
      { ...sixtyAddons[1], name: 'coredns' },
    ];
    await renderInTestApp(
      <AddonsTable
        section={{ data: addons }}
        associations={{
          data: [
            {
              associationId: 'a-1',
              namespace: 'kube-system',
              serviceAccount: 'ebs-csi-controller-sa',
              roleArn:
                'arn:aws:iam::123456789012:role/demo-kube-system-ebs-csi-controller-sa',
            },
          ],
        }}
      />,
    );

    const ebs = screen.getByText('aws-ebs-csi-driver').closest('tr')!;
    expect(
      within(ebs).getByText(
        'demo-kube-system-ebs-csi-controller-sa (kube-system/ebs-csi-controller-sa)',
      ),
    ).toBeInTheDocument();
    const coredns = screen.getByText('coredns').closest('tr')!;
    expect(within(coredns).queryByText(/ebs-csi-controller-sa/)).toBeNull();
  });

  it('names the namespace of an add-on installed outside its default, with its Pod Identity there', async () => {
    const addons: AddonSummary[] = [
      {
        ...sixtyAddons[0],
        name: 'external-dns',
        namespace: 'dns-system',
        podIdentityAssociations: [],
      },
    ];
    await renderInTestApp(
      <AddonsTable
        section={{ data: addons }}
        associations={{
          data: [
            {
              associationId: 'a-1',
              namespace: 'dns-system',
              serviceAccount: 'external-dns',
              roleArn: 'arn:aws:iam::123456789012:role/demo-external-dns',
            },
          ],
        }}
      />,
    );

    const row = screen.getByText('external-dns').closest('tr')!;
    expect(
      within(row).getByText('in namespace dns-system'),
    ).toBeInTheDocument();
    expect(
      within(row).getByText('demo-external-dns (dns-system/external-dns)'),
    ).toBeInTheDocument();
  });

  it('says so when no add-on is installed', async () => {
    await renderInTestApp(<AddonsTable section={{ data: [] }} />);

    expect(
      screen.getByText('No EKS add-ons are installed on this cluster.'),
    ).toBeInTheDocument();
  });
});
