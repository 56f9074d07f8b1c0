import { render, screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import {
  AddonSummary,
  NodeGroupSummary,
  PodIdentityAssociationSummary,
} from '@backstage-eks/plugin-eks-common';
import { AddonsTable } from './AddonsTable';
import { NodeGroupsTable } from './NodeGroupsTable';
import { PodIdentityTable } from './PodIdentityTable';
import { Token } from './tableText';

// Rendering Backstage tables is slow on the shared CI machine.
jest.setTimeout(30_000);

/** The text of a cell, with `|` where a line may wrap (`<wbr>`). */
function wrapPoints(cell: HTMLElement): string {
  const clone = cell.cloneNode(true) as HTMLElement;
  clone.querySelectorAll('wbr').forEach(wbr => wbr.replaceWith('|'));
  return clone.textContent ?? '';
}

function cellOf(row: HTMLElement, header: string): HTMLElement {
  const table = row.closest('table')!;
  const headers = within(table)
    .getAllByRole('columnheader')
    .map(th => th.textContent);
  const index = headers.findIndex(text => text === header);
  expect(index).toBeGreaterThanOrEqual(0);
  return within(row).getAllByRole('cell')[index];
}

/** Words stay whole: none of the theme's `word-break: break-word`. */
function expectWordsKeptWhole(cell: HTMLElement) {
  expect(cell.style.wordBreak).toBe('normal');
  expect(cell.style.overflowWrap).toBe('break-word');
}

describe('Token', () => {
  it('may wrap after separators only', () => {
    const { container } = render(
      <div>
        <Token value="AL2023_x86_64_STANDARD" />
      </div>,
    );
    expect(wrapPoints(container)).toBe('AL2023_|x86_|64_|STANDARD');
  });

  it('leaves a word without separators whole', () => {
    const { container } = render(
      <div>
        <Token value="InsufficientNumberOfReplicas" />
      </div>,
    );
    expect(container.querySelectorAll('wbr')).toHaveLength(0);
    expect(container.textContent).toBe('InsufficientNumberOfReplicas');
  });
});

describe('section tables keep words whole', () => {
  it('node groups: the AMI type wraps at underscores, issues between words', async () => {
    const group: NodeGroupSummary = {
      name: 'system',
      status: 'DEGRADED',
      amiType: 'AL2023_x86_64_STANDARD',
      instanceTypes: ['m7i.large', 'm6i.large'],
      minSize: 1,
      desiredSize: 2,
      maxSize: 3,
      issues: [{ code: 'Ec2LaunchTemplateNotFound', message: 'gone' }],
    };
    await renderInTestApp(<NodeGroupsTable section={{ data: [group] }} />);

    const row = screen.getByText('system').closest('tr')!;
    const ami = cellOf(row, 'AMI');
    expect(wrapPoints(ami)).toBe('AL2023_|x86_|64_|STANDARD');
    expectWordsKeptWhole(ami);
    expect(wrapPoints(cellOf(row, 'Instances'))).toBe(
      'm7i.|large,| m6i.|large (ON_|DEMAND)',
    );
    expectWordsKeptWhole(cellOf(row, 'Issues'));
  });

  it('add-ons: the health issues column keeps "InsufficientNumberOfReplicas" whole', async () => {
    const addon: AddonSummary = {
      name: 'coredns',
      status: 'DEGRADED',
      version: 'v1.12.2-eksbuild.4',
      health: [
        {
          code: 'InsufficientNumberOfReplicas',
          message: 'The add-on is unhealthy because it has too few replicas.',
        },
      ],
      podIdentityAssociations: [],
    };
    await renderInTestApp(<AddonsTable section={{ data: [addon] }} />);

    const row = screen.getByText('coredns').closest('tr')!;
    const issues = cellOf(row, 'Health issues');
    expect(issues).toHaveTextContent('InsufficientNumberOfReplicas');
    expectWordsKeptWhole(issues);
    expectWordsKeptWhole(cellOf(row, 'Pod Identity'));
  });

  it('Pod Identity: ARNs wrap at ":" and "/"', async () => {
    const association: PodIdentityAssociationSummary = {
      associationId: 'a-abcdefghij0123456',
      namespace: 'kube-system',
      serviceAccount: 'ebs-csi-controller-sa',
      roleArn: 'arn:aws:iam::000000000000:role/ebs_csi_driver',
    };
    await renderInTestApp(
      <PodIdentityTable section={{ data: [association] }} />,
    );

    const row = screen
      .getAllByRole('row')
      .find(r => r.textContent?.includes('ebs_csi_driver'))!;
    const role = cellOf(row, 'IAM role');
    expect(wrapPoints(role)).toBe(
      'arn:|aws:|iam:|:|000000000000:|role/|ebs_|csi_|driver',
    );
    expectWordsKeptWhole(role);
    expect(cellOf(row, 'Target role')).toHaveTextContent('—');
  });
});
