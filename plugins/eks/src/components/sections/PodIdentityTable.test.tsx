import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { PodIdentityAssociationSummary } from '@backstage-eks/plugin-eks-common';
import { PodIdentityTable } from './PodIdentityTable';

// Rendering Backstage tables is slow on the shared CI machine.
jest.setTimeout(30_000);

function cellOf(row: HTMLElement, header: string): HTMLElement {
  const table = row.closest('table')!;
  const headers = within(table)
    .getAllByRole('columnheader')
    .map(th => th.textContent);
  const index = headers.findIndex(text => text === header);
  expect(index).toBeGreaterThanOrEqual(0);
  return within(row).getAllByRole('cell')[index];
}

const rowOf = (serviceAccount: string) =>
  screen
    .getAllByRole('row')
    .find(r => r.textContent?.includes(serviceAccount))!;

describe('PodIdentityTable', () => {
  it('shows the target role with the external id its trust must require, session tags and the session policy', async () => {
    const associations: PodIdentityAssociationSummary[] = [
      {
        associationId: 'a-00000000000000001',
        namespace: 'orders',
        serviceAccount: 'orders-api',
        roleArn: 'arn:aws:iam::000000000000:role/demo-orders-orders-api',
        targetRoleArn: 'arn:aws:iam::222233334444:role/orders-data',
        externalId: 'eu-west-1/000000000000/demo/orders/orders-api',
        disableSessionTags: true,
        sessionPolicy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['s3:GetObject', 's3:ListBucket'],
              Resource: '*',
            },
          ],
        }),
      },
      {
        associationId: 'a-00000000000000002',
        namespace: 'kube-system',
        serviceAccount: 'karpenter',
        roleArn: 'arn:aws:iam::000000000000:role/KarpenterController-demo',
        disableSessionTags: false,
      },
    ];
    await renderInTestApp(
      <PodIdentityTable section={{ data: associations }} />,
    );

    const chained = rowOf('orders-api');
    expect(cellOf(chained, 'Target role')).toHaveTextContent(
      'arn:aws:iam::222233334444:role/orders-datatrust must require sts:ExternalId eu-west-1/000000000000/demo/orders/orders-api',
    );
    expect(cellOf(chained, 'Session tags')).toHaveTextContent('disabled');
    expect(cellOf(chained, 'Session policy')).toHaveTextContent(
      'limits to s3:GetObject, s3:ListBucket',
    );

    const plain = rowOf('karpenter');
    expect(cellOf(plain, 'Target role')).toHaveTextContent('—');
    expect(cellOf(plain, 'Session tags')).toHaveTextContent('on');
    expect(cellOf(plain, 'Session policy')).toHaveTextContent('—');
  });
});
