import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { IamPrincipalsResponse } from '@backstage-eks/plugin-eks-common';
import { EKS_BASE_URL } from '../../../__fixtures__/eksTestApi';
import {
  EksIamPrincipalPicker,
  principalSearch,
} from './EksIamPrincipalPicker';
import { eksIamPrincipalPickerValidation } from './validation';
import {
  inputErrorResponse,
  renderField,
  setupEksBackend,
} from '../../../__testUtils__/eksTestApp';

// Rendering MUI menus is slow on the shared CI machine.
jest.setTimeout(30_000);

const server = setupEksBackend();

const PRINCIPALS: IamPrincipalsResponse['principals'] = [
  {
    arn: 'arn:aws:iam::123456789012:role/platform-admins',
    name: 'platform-admins',
    type: 'role',
    path: '/',
  },
  {
    arn: 'arn:aws:iam::123456789012:user/people/alice',
    name: 'alice',
    type: 'user',
    path: '/people/',
  },
];

/** Serves the principal list, filtered by `search` like the backend; records the requests. */
function servePrincipals(opts: { truncated?: boolean } = {}) {
  const requests: URL[] = [];
  server.use(
    http.get(`${EKS_BASE_URL}/account/iam-principals`, ({ request }) => {
      const url = new URL(request.url);
      requests.push(url);
      const search = (url.searchParams.get('search') ?? '').toLowerCase();
      const body: IamPrincipalsResponse = {
        principals: PRINCIPALS.filter(
          p => p.name.includes(search) || p.arn.includes(search),
        ),
        truncated: opts.truncated ?? false,
      };
      return HttpResponse.json(body);
    }),
  );
  return requests;
}

function renderPicker(props: {
  onChange: (value?: string) => void;
  siblings?: Record<string, unknown>;
}) {
  return renderField<string>({
    field: EksIamPrincipalPicker,
    title: 'Cluster administrator',
    onChange: props.onChange,
    siblings: props.siblings,
  });
}

describe('EksIamPrincipalPicker', () => {
  it("lists the roles and users of the form's account and emits the picked ARN", async () => {
    const requests = servePrincipals();
    const onChange = jest.fn();
    await renderPicker({ onChange, siblings: { accountId: '123456789012' } });

    await userEvent.click(
      screen.getByRole('textbox', { name: 'Cluster administrator' }),
    );
    expect(
      await screen.findByText('platform-admins (role)'),
    ).toBeInTheDocument();
    expect(screen.getByText('alice (user)')).toBeInTheDocument();
    expect(
      screen.getByText('arn:aws:iam::123456789012:user/people/alice'),
    ).toBeInTheDocument();
    expect(requests[0].searchParams.get('accountId')).toBe('123456789012');

    await userEvent.click(screen.getByText('alice (user)'));
    expect(onChange).toHaveBeenLastCalledWith(
      'arn:aws:iam::123456789012:user/people/alice',
    );
  });

  it('asks again for what is typed, and says when the list is truncated', async () => {
    const requests = servePrincipals({ truncated: true });
    await renderPicker({ onChange: jest.fn() });

    await userEvent.type(
      screen.getByRole('textbox', { name: 'Cluster administrator' }),
      'plat',
    );
    await waitFor(() =>
      expect(requests.map(r => r.searchParams.get('search'))).toContain('plat'),
    );
    // the default account: no accountId asked for
    expect(requests.every(r => !r.searchParams.has('accountId'))).toBe(true);
    expect(
      await screen.findByText(
        'Showing the first 1 roles and users matching "plat": type more of the name to narrow the list, or paste an ARN',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('platform-admins (role)')).toBeInTheDocument();
    expect(screen.queryByText('alice (user)')).not.toBeInTheDocument();
  });

  it('takes a typed ARN of a principal it did not list', async () => {
    servePrincipals();
    const onChange = jest.fn();
    await renderPicker({ onChange });

    await userEvent.type(
      screen.getByRole('textbox', { name: 'Cluster administrator' }),
      'arn:aws:iam::999999999999:role/elsewhere',
    );
    expect(onChange).toHaveBeenLastCalledWith(
      'arn:aws:iam::999999999999:role/elsewhere',
    );
    expect(
      await screen.findByText(
        'No IAM role or user matches "arn:aws:iam::999999999999:role/elsewhere": type an ARN to use one from elsewhere',
      ),
    ).toBeInTheDocument();
  });

  it("shows a malformed account id as the account field's error, without asking", async () => {
    const requests = servePrincipals();
    await renderPicker({
      onChange: jest.fn(),
      siblings: { accountId: '1234' },
    });

    expect(
      await screen.findByText(
        /^AWS account id: must be a 12-digit AWS account id\. The .+ (?:are listed|are shown) once it is fixed\.$/,
      ),
    ).toBeInTheDocument();
    expect(requests).toEqual([]);
  });

  it("shows the backend's refusal of the account as the account field's error, not 400 Bad Request", async () => {
    server.use(
      http.get(`${EKS_BASE_URL}/account/iam-principals`, () =>
        inputErrorResponse(
          'accountId 111111111111 has no AWS credentials in this portal: add it to aws.accounts in app-config, or leave accountId out to use the default account (000000000000)',
        ),
      ),
    );
    await renderPicker({
      onChange: jest.fn(),
      siblings: { accountId: '111111111111' },
    });

    expect(
      await screen.findByText(
        /^AWS account id: 111111111111 has no AWS credentials in this portal/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Bad Request/)).not.toBeInTheDocument();
  });
});

describe('eksIamPrincipalPickerValidation', () => {
  const validate = (value: string) => {
    const errors: string[] = [];
    eksIamPrincipalPickerValidation(
      value,
      { addError: (m: string) => errors.push(m) } as any,
      { schema: { title: 'Cluster administrator' } } as any,
    );
    return errors;
  };

  it('accepts role and user ARNs and names the field for anything else', () => {
    expect(validate('arn:aws:iam::123456789012:role/platform-admins')).toEqual(
      [],
    );
    expect(validate('arn:aws:iam::123456789012:user/people/alice')).toEqual([]);
    expect(validate('platform-admins')).toEqual([
      'Cluster administrator must be an IAM role or user ARN such as "arn:aws:iam::123456789012:role/admins"',
    ]);
  });

  it("leaves a whole list to the items' pattern (the scaffolder passes an items field's validator the list)", () => {
    const errors: string[] = [];
    eksIamPrincipalPickerValidation(
      ['not-an-arn'] as unknown as string,
      { addError: (m: string) => errors.push(m) } as any,
      { schema: {} } as any,
    );
    expect(errors).toEqual([]);
  });

  it('sends only what the backend can match', () => {
    expect(principalSearch('plat form!')).toBe('platform');
    expect(principalSearch('arn:aws:iam::1:role/a+b')).toBe(
      'arn:aws:iam::1:role/a+b',
    );
  });
});
