import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import {
  createTestEksClient,
  EKS_BASE_URL,
} from '../../../__fixtures__/eksTestApi';
import { EksAccountId } from './EksAccountId';
import { eksAccountIdValidation } from './validation';
import {
  inputErrorResponse,
  renderForm,
  setupEksBackend,
} from '../../../__testUtils__/eksTestApp';

jest.setTimeout(30_000);

const server = setupEksBackend();

const KNOWN = '000000000000';
const UNKNOWN = '111111111111';

/** The backend as it answers: 400 naming accountId for an account without credentials. */
function backendKnowing(account: string) {
  const asked: string[] = [];
  server.use(
    http.get(`${EKS_BASE_URL}/clusters`, ({ request }) => {
      const accountId = new URL(request.url).searchParams.get('accountId');
      asked.push(
        `${accountId} ${new URL(request.url).searchParams.get('region')}`,
      );
      if (accountId !== account) {
        return inputErrorResponse(
          `accountId ${accountId} has no AWS credentials in this portal: add it to aws.accounts in app-config, or leave accountId out to use the default account (no credentials)`,
          { method: 'GET', url: '/clusters' },
        );
      }
      return HttpResponse.json({ clusters: [] });
    }),
  );
  return asked;
}

const manifest = {
  title: 'New EKS cluster',
  steps: [
    {
      title: 'Cluster',
      schema: {
        type: 'object',
        properties: {
          region: { title: 'AWS region', type: 'string', default: 'eu-west-1' },
          accountId: {
            title: 'AWS account id',
            type: 'string',
            'ui:field': 'EksAccountId',
          },
        },
      },
    },
  ],
};

const unknownAccount =
  /111111111111 is not an account this portal has AWS credentials for/;

describe('EksAccountId in the scaffolder form', () => {
  it('shows an account the portal has no credentials for as this field’s error, and clears it when fixed', async () => {
    const asked = backendKnowing(KNOWN);
    await renderForm({
      manifest: manifest as any,
      extensions: [
        {
          name: 'EksAccountId',
          component: EksAccountId,
          validation: eksAccountIdValidation,
        } as any,
      ],
      onCreate: jest.fn(),
    });
    const account = screen.getByRole('textbox', { name: /AWS account id/ });
    await userEvent.type(account, UNKNOWN);
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    await waitFor(() =>
      expect(screen.getAllByText(unknownAccount).length).toBeGreaterThan(0),
    );
    expect(screen.queryByText(/400|Bad Request/)).not.toBeInTheDocument();

    await userEvent.clear(account);
    await userEvent.type(account, KNOWN);
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    expect(
      await screen.findByRole('button', { name: 'Create' }),
    ).toBeInTheDocument();
    expect(screen.queryByText(unknownAccount)).not.toBeInTheDocument();
    expect(asked).toEqual([`${UNKNOWN} eu-west-1`, `${KNOWN} eu-west-1`]);
  });
});

describe('EksAccountId as it is typed', () => {
  it('says the 12-digit rule under the field once it is left, and clears it when fixed', async () => {
    backendKnowing(KNOWN);
    await renderForm({
      manifest: manifest as any,
      extensions: [
        {
          name: 'EksAccountId',
          component: EksAccountId,
          validation: eksAccountIdValidation,
        } as any,
      ],
      onCreate: jest.fn(),
    });
    const account = screen.getByRole('textbox', { name: /AWS account id/ });
    await userEvent.type(account, '12345');
    // not while the person is still typing
    expect(screen.queryByText(/12-digit/)).not.toBeInTheDocument();
    await userEvent.tab();
    expect(
      screen.getByText('AWS account id must be a 12-digit AWS account id'),
    ).toBeInTheDocument();
    expect(account).toHaveAttribute('aria-invalid', 'true');

    await userEvent.type(account, '6789012');
    await userEvent.tab();
    expect(screen.queryByText(/12-digit/)).not.toBeInTheDocument();
    expect(account).toHaveAttribute('aria-invalid', 'false');
  });
});

describe('eksAccountIdValidation', () => {
  const run = async (value: string) => {
    const errors: string[] = [];
    await eksAccountIdValidation(
      value,
      { addError: (e: string) => errors.push(e) } as any,
      {
        apiHolder: { get: () => createTestEksClient() as any },
        formData: { region: 'eu-west-1' },
        schema: { title: 'AWS account id' },
        uiSchema: { 'ui:options': {} },
      },
    );
    return errors;
  };

  it('states the 12-digit rule without asking the backend', async () => {
    const asked = backendKnowing(KNOWN);
    expect(await run('1234')).toEqual(['must be a 12-digit AWS account id']);
    expect(asked).toEqual([]);
  });

  it('leaves other backend failures to the fields they are about', async () => {
    server.use(
      http.get(`${EKS_BASE_URL}/clusters`, () =>
        inputErrorResponse('region must be an AWS region such as "eu-west-1"', {
          method: 'GET',
          url: '/clusters',
        }),
      ),
    );
    expect(await run(KNOWN)).toEqual([]);
  });
});
