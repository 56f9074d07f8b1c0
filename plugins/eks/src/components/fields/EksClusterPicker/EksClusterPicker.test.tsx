import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { ClustersResponse } from '@backstage-eks/plugin-eks-common';
import {
  demoClusterEntity,
  unannotatedClusterEntity,
} from '../../../__fixtures__/clusterHealth';
import { EKS_BASE_URL } from '../../../__fixtures__/eksTestApi';
import { EksClusterPicker } from './EksClusterPicker';
import { eksClusterPickerValidation } from './validation';
import {
  inputErrorResponse,
  renderField,
  setupEksBackend,
} from '../../../__testUtils__/eksTestApp';

// Rendering Backstage tables and MUI menus is slow on the shared CI machine.
jest.setTimeout(30_000);

const server = setupEksBackend();

const stagingCluster = {
  ...demoClusterEntity,
  metadata: {
    name: 'staging',
    namespace: 'default',
    title: 'Staging',
    annotations: {
      'amazonaws.com/arn': 'arn:aws:eks:us-east-1:111111111111:cluster/staging',
    },
  },
};

function renderPicker(props: {
  onChange: (value?: string) => void;
  uiOptions?: Record<string, unknown>;
  siblings?: Record<string, unknown>;
}) {
  return renderField<string>({
    apis: [
      [
        catalogApiRef,
        catalogApiMock({
          entities: [
            demoClusterEntity,
            unannotatedClusterEntity,
            stagingCluster,
          ],
        }),
      ],
    ],
    field: EksClusterPicker,
    title: 'Cluster',
    onChange: props.onChange,
    uiOptions: props.uiOptions,
    siblings: props.siblings,
  });
}

describe('EksClusterPicker', () => {
  it("shows the backend's refusal of the account as the account field's problem", async () => {
    server.use(
      http.get(`${EKS_BASE_URL}/clusters`, () =>
        inputErrorResponse(
          'accountId 111111111111 has no AWS credentials in this portal: add it to aws.accounts in app-config',
        ),
      ),
    );
    await renderPicker({
      onChange: jest.fn(),
      uiOptions: { source: 'aws' },
      siblings: { region: 'eu-west-1', accountId: '111111111111' },
    });
    expect(
      await screen.findByText(
        /^AWS account id: 111111111111 has no AWS credentials in this portal: add it to aws\.accounts in app-config\. The .+ (?:are listed|are shown) once it is fixed\.$/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Request failed|400/)).toBeNull();
  });

  it('offers the catalog clusters that carry an EKS ARN and emits the name', async () => {
    const onChange = jest.fn();
    await renderPicker({ onChange });

    await userEvent.click(screen.getByRole('textbox', { name: 'Cluster' }));

    expect(
      await screen.findByText('demo (eu-west-1, 000000000000)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Staging (us-east-1, 111111111111)'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/on-prem/)).not.toBeInTheDocument();

    await userEvent.click(screen.getByText('demo (eu-west-1, 000000000000)'));
    expect(onChange).toHaveBeenLastCalledWith('demo');
  });

  it('emits the ARN and filters by the region of a sibling field', async () => {
    const onChange = jest.fn();
    await renderPicker({
      onChange,
      uiOptions: { output: 'arn' },
      siblings: { region: 'us-east-1' },
    });

    await userEvent.click(screen.getByRole('textbox', { name: 'Cluster' }));
    await userEvent.click(
      await screen.findByText('Staging (us-east-1, 111111111111)'),
    );

    expect(screen.queryByText(/^demo/)).not.toBeInTheDocument();
    expect(onChange).toHaveBeenLastCalledWith(
      'arn:aws:eks:us-east-1:111111111111:cluster/staging',
    );
  });

  it('lists the clusters EKS has in the account and region the form names', async () => {
    const requests: URL[] = [];
    server.use(
      http.get(`${EKS_BASE_URL}/clusters`, ({ request }) => {
        requests.push(new URL(request.url));
        const body: ClustersResponse = {
          clusters: [
            {
              name: 'demo',
              arn: 'arn:aws:eks:eu-west-1:000000000000:cluster/demo',
              region: 'eu-west-1',
              accountId: '000000000000',
              status: 'ACTIVE',
              version: '1.33',
            },
          ],
        };
        return HttpResponse.json(body);
      }),
    );
    const onChange = jest.fn();
    await renderPicker({
      onChange,
      uiOptions: { source: 'aws', accountIdField: 'awsAccount' },
      siblings: { region: 'eu-west-1', awsAccount: '000000000000' },
    });

    await userEvent.click(screen.getByRole('textbox', { name: 'Cluster' }));
    await userEvent.click(
      await screen.findByText(
        'demo (eu-west-1, 000000000000, Kubernetes 1.33, ACTIVE)',
      ),
    );

    expect(onChange).toHaveBeenLastCalledWith('demo');
    expect(requests[0].searchParams.get('region')).toBe('eu-west-1');
    expect(requests[0].searchParams.get('accountId')).toBe('000000000000');
  });

  it('says why no cluster can be offered when EKS cannot be asked', async () => {
    server.use(
      http.get(`${EKS_BASE_URL}/clusters`, () =>
        HttpResponse.json(
          { error: { name: 'Error', message: 'no credentials' } },
          { status: 500 },
        ),
      ),
    );
    await renderPicker({ onChange: jest.fn(), uiOptions: { source: 'aws' } });

    await waitFor(() =>
      expect(
        screen.getByText(/Could not list clusters in EKS/),
      ).toBeInTheDocument(),
    );
  });
});

describe('eksClusterPickerValidation', () => {
  const run = (value: string, output?: 'name' | 'arn') => {
    const errors: string[] = [];
    eksClusterPickerValidation(
      value,
      { addError: (e: string) => errors.push(e) } as any,
      {
        apiHolder: { get: () => undefined },
        formData: {},
        schema: { title: 'Cluster' },
        uiSchema: { 'ui:options': { output } },
      },
    );
    return errors;
  };

  it('accepts cluster names and ARNs as configured', () => {
    expect(run('demo')).toEqual([]);
    expect(
      run('arn:aws:eks:eu-west-1:000000000000:cluster/demo', 'arn'),
    ).toEqual([]);
  });

  it('names the field and the rule', () => {
    expect(run('-demo')).toEqual([
      'Cluster must start with a letter or digit and contain only letters, digits, hyphens and underscores',
    ]);
    expect(run('demo', 'arn')).toEqual([
      'Cluster must be an EKS cluster ARN such as "arn:aws:eks:eu-west-1:123456789012:cluster/demo"',
    ]);
  });
});
