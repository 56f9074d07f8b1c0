import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { ClusterSummary } from '@backstage-eks/plugin-eks-common';
import { demoClusterHealth } from '../../__fixtures__/clusterHealth';
import { ClusterOverview } from './ClusterOverview';

jest.setTimeout(30_000);

const demo = demoClusterHealth.cluster.data!;

/** The value cell of a property row, by its label. */
function valueOf(label: string): string | null | undefined {
  return screen.getByText(label).closest('tr')?.textContent;
}

describe('ClusterOverview', () => {
  it('shows the support policy, deletion protection, zonal shift, control plane tier and egress, and Hybrid Nodes networks', async () => {
    const cluster: ClusterSummary = {
      ...demo,
      supportType: 'STANDARD',
      deletionProtection: true,
      zonalShift: false,
      controlPlaneTier: 'tier-xl',
      controlPlaneEgressMode: 'CUSTOMER_ROUTED',
      remoteNetworks: {
        nodeCidrs: ['192.168.100.0/24'],
        podCidrs: ['192.168.200.0/24'],
      },
    };
    await renderInTestApp(<ClusterOverview section={{ data: cluster }} />);
    expect(valueOf('Support policy')).toContain(
      'Standard support only (upgraded automatically when it ends)',
    );
    expect(valueOf('Deletion protection')).toContain('Enabled');
    expect(valueOf('Zonal shift')).toContain('Disabled');
    expect(valueOf('Control plane tier')).toContain('tier-xl');
    expect(valueOf('Control plane egress')).toContain('CUSTOMER_ROUTED');
    expect(valueOf('Hybrid Nodes networks')).toContain(
      'nodes 192.168.100.0/24; pods 192.168.200.0/24',
    );
  });

  it('says what it does not know, and that Hybrid Nodes are not configured', async () => {
    await renderInTestApp(
      <ClusterOverview
        section={{ data: { ...demo, supportType: 'EXTENDED' } }}
      />,
    );
    expect(valueOf('Support policy')).toContain('Extended support');
    expect(valueOf('Deletion protection')).toContain('—');
    expect(valueOf('Hybrid Nodes networks')).toContain('Not configured');
  });
});
