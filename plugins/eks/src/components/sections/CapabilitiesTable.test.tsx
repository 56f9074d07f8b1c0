import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { demoClusterHealth } from '../../__fixtures__/clusterHealth';
import { CapabilitiesTable } from './CapabilitiesTable';

// Rendering Backstage tables is slow on the shared CI machine.
jest.setTimeout(30_000);

const rowOf = (name: string) =>
  screen.getAllByRole('row').find(r => r.textContent?.startsWith(name))!;

describe('CapabilitiesTable', () => {
  it("shows each capability's type, status with issues, version, role, Argo CD link and delete policy", async () => {
    await renderInTestApp(
      <CapabilitiesTable section={demoClusterHealth.capabilities} />,
    );
    const argo = rowOf('argocd');
    expect(within(argo).getByText('ACTIVE')).toBeInTheDocument();
    expect(
      within(argo).getByText('Argo CD (GitOps continuous delivery)'),
    ).toBeInTheDocument();
    expect(
      within(argo).getByRole('link', { name: /^Open Argo CD/ }),
    ).toHaveAttribute(
      'href',
      'https://0123abcd.eks-capabilities.eu-west-1.amazonaws.com',
    );
    expect(
      within(argo).getByText('RETAIN: keeps what it manages'),
    ).toBeInTheDocument();
    const ack = rowOf('ack');
    expect(
      within(ack).getByText('DEGRADED (AccessDenied)'),
    ).toBeInTheDocument();
    expect(
      within(ack).getByText(
        /^AccessDenied: The capability role .* does not exist/,
      ),
    ).toBeInTheDocument();
  });

  it('says how to add one when there are none', async () => {
    await renderInTestApp(<CapabilitiesTable section={{ data: [] }} />);
    expect(
      screen.getByText(/No EKS Capabilities: .* EKS Capability template/),
    ).toBeInTheDocument();
  });
});
