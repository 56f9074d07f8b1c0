import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { KarpenterSummary } from '@backstage-eks/plugin-eks-common';
import { demoClusterHealth } from '../../__fixtures__/clusterHealth';
import { KarpenterCard } from './KarpenterCard';

jest.setTimeout(30_000);

const demo = demoClusterHealth.karpenter.data!;
const upgrade = {
  cluster: 'demo',
  region: 'eu-west-1',
  accountId: '000000000000',
};

async function renderVersion(version: string, kubernetesVersion: string) {
  const karpenter: KarpenterSummary = { ...demo, version };
  await renderInTestApp(
    <KarpenterCard
      section={{ data: karpenter }}
      kubernetesVersion={kubernetesVersion}
      upgrade={upgrade}
    />,
  );
  return screen.getByTestId('karpenter-version');
}

describe('KarpenterCard version', () => {
  it('says when Karpenter is too old for the cluster’s Kubernetes version, with the upgrade link', async () => {
    const cell = await renderVersion('1.8.1', '1.35');
    expect(cell.textContent).toContain(
      '1.8.1: too old for Kubernetes 1.35 (needs 1.9.0 or later)',
    );
    const link = screen.getByRole('link', { name: 'Upgrade to 1.14.1' });
    expect(decodeURIComponent(link.getAttribute('href')!)).toContain(
      '/create/templates/default/setup-karpenter?formData={"cluster":"demo","region":"eu-west-1","accountId":"000000000000","chartVersion":"1.14.1"}',
    );
  });

  it('says when it is older than the latest supported release', async () => {
    const cell = await renderVersion('1.13.1', '1.36');
    expect(cell.textContent).toContain(
      '1.13.1: older than the latest supported release 1.14.1',
    );
    expect(
      screen.getByRole('link', { name: 'Upgrade to 1.14.1' }),
    ).toBeInTheDocument();
  });

  it('shows the latest release as it is, without a link', async () => {
    const cell = await renderVersion('1.14.1', '1.36');
    expect(cell.textContent).toBe('1.14.1');
    expect(screen.queryByRole('link', { name: /Upgrade to/ })).toBeNull();
  });
});
