import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { InstanceTypesResponse } from '@backstage-eks/plugin-eks-common';
import { EKS_BASE_URL } from '../../../__fixtures__/eksTestApi';
import { EksInstanceTypePicker } from './EksInstanceTypePicker';
import { eksInstanceTypePickerValidation } from './validation';
import {
  renderField,
  setupEksBackend,
} from '../../../__testUtils__/eksTestApp';

jest.setTimeout(30_000);

const server = setupEksBackend();

const sizes = ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge'];
const TYPES: InstanceTypesResponse = {
  region: 'eu-west-1',
  instanceTypes: [
    ...['c7i', 'm5', 'm7i', 'r7i', 't3'].flatMap(f =>
      sizes.map(s => `${f}.${s}`),
    ),
    ...Array.from({ length: 60 }, (_, i) => `x${i}.large`),
  ],
};

function serveTypes() {
  const requests: URL[] = [];
  server.use(
    http.get(`${EKS_BASE_URL}/account/instance-types`, ({ request }) => {
      requests.push(new URL(request.url));
      return HttpResponse.json(TYPES);
    }),
  );
  return requests;
}

function renderPicker(props: {
  onChange: (value?: string) => void;
  siblings?: Record<string, unknown>;
  initial?: string;
}) {
  return renderField<string>({
    field: EksInstanceTypePicker,
    title: 'Instance type',
    onChange: props.onChange,
    siblings: props.siblings,
    initial: props.initial,
  });
}

describe('EksInstanceTypePicker', () => {
  it("lists the types offered in the form's region, filtered as typed, and emits the picked one", async () => {
    const requests = serveTypes();
    const onChange = jest.fn();
    await renderPicker({ onChange, siblings: { region: 'eu-west-1' } });

    const input = screen.getByRole('textbox', { name: 'Instance type' });
    await userEvent.click(input);
    // a long list is cut to the first matches
    const listbox = await screen.findByRole('listbox');
    expect(within(listbox).getAllByRole('option')).toHaveLength(50);

    await userEvent.type(input, 'm7i.');
    await waitFor(() =>
      expect(
        within(screen.getByRole('listbox'))
          .getAllByRole('option')
          .map(o => o.textContent),
      ).toEqual([
        'm7i.large',
        'm7i.xlarge',
        'm7i.2xlarge',
        'm7i.4xlarge',
        'm7i.8xlarge',
      ]),
    );
    await userEvent.click(screen.getByRole('option', { name: 'm7i.2xlarge' }));
    expect(onChange).toHaveBeenLastCalledWith('m7i.2xlarge');
    expect(requests[0].searchParams.get('region')).toBe('eu-west-1');
  });

  it('takes a typed type and says when the region does not offer it', async () => {
    serveTypes();
    const onChange = jest.fn();
    await renderPicker({ onChange });

    await userEvent.type(
      screen.getByRole('textbox', { name: 'Instance type' }),
      'p4de.24xlarge',
    );
    expect(onChange).toHaveBeenLastCalledWith('p4de.24xlarge');
    expect(
      await screen.findByText(
        "p4de.24xlarge is not offered in eu-west-1: pick one of the region's instance types",
      ),
    ).toBeInTheDocument();
  });

  it('says nothing about a type still being typed, or one offered', async () => {
    serveTypes();
    await renderPicker({ onChange: jest.fn(), initial: 'm7i.large' });
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Instance type' }),
      '{backspace}{backspace}',
    );
    await screen.findByRole('listbox');
    expect(screen.queryByText(/is not offered/)).not.toBeInTheDocument();
  });

  it("shows a malformed account id as the account field's error, without asking", async () => {
    const requests = serveTypes();
    await renderPicker({
      onChange: jest.fn(),
      siblings: { accountId: 'abc' },
    });
    expect(
      await screen.findByText(
        /^AWS account id: must be a 12-digit AWS account id\. The .+ (?:are listed|are shown) once it is fixed\.$/,
      ),
    ).toBeInTheDocument();
    expect(requests).toEqual([]);
  });

  it('checks a typed value with the instance type rule', () => {
    const errors: string[] = [];
    const validation = { addError: (m: string) => errors.push(m) } as any;
    const context = { schema: { title: 'Instance type' } } as any;
    eksInstanceTypePickerValidation('m7i.large', validation, context);
    eksInstanceTypePickerValidation('m7ilarge', validation, context);
    expect(errors).toEqual([
      'Instance type must be an EC2 instance type such as "m7i.large" (lower-case family, ".", size)',
    ]);
  });
});
