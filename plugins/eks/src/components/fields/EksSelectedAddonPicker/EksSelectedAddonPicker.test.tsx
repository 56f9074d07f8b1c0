import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import { Stepper } from '@backstage/plugin-scaffolder-react/alpha';
import { EksSelectedAddonPicker } from './EksSelectedAddonPicker';
import { eksSelectedAddonPickerValidation } from './validation';

jest.setTimeout(30_000);

/** The form data a field validation receives. */
type JsonObject = Parameters<
  typeof eksSelectedAddonPickerValidation
>[2]['formData'];

// The stepper scrolls to the top on each step; jsdom does not scroll.
beforeAll(() => {
  window.scrollTo = () => {};
});

const selectedAddonField = {
  name: 'EksSelectedAddonPicker',
  component: EksSelectedAddonPicker,
  validation: eksSelectedAddonPickerValidation,
};

// The add-ons step of install-eks-addons; the add-ons themselves come from
// the form state (the EksAddonPicker is tested on its own).
const manifest = {
  title: 'Install EKS add-ons',
  steps: [
    {
      title: 'Add-ons',
      schema: {
        type: 'object',
        properties: {
          configuredAddon: {
            title: 'Add-on to configure',
            type: 'string',
            'ui:field': 'EksSelectedAddonPicker',
            'ui:options': { addonsField: 'addons' },
          },
        },
      },
    },
  ],
};

const addons = [
  { name: 'vpc-cni', version: 'latest' },
  { name: 'coredns', version: 'v1.11.4-eksbuild.2' },
];

const notSelected =
  /"metrics-server" is not selected in Add-ons; choose one of vpc-cni, coredns, or leave this empty/;

describe('EksSelectedAddonPicker in the scaffolder form', () => {
  it('offers only the selected add-ons, refuses one that is not selected and clears the error when fixed', async () => {
    await renderInTestApp(
      <Stepper
        manifest={manifest as any}
        extensions={[selectedAddonField as any]}
        onCreate={jest.fn()}
        initialState={{ addons, configuredAddon: 'metrics-server' }}
      />,
    );

    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    await waitFor(() =>
      expect(screen.getAllByText(notSelected).length).toBeGreaterThan(0),
    );

    await userEvent.click(
      screen.getByRole('button', { name: /Add-on to configure/ }),
    );
    const listbox = await screen.findByRole('listbox');
    expect(
      within(listbox)
        .getAllByRole('option')
        .map(option => option.textContent),
    ).toEqual(['None', 'vpc-cni', 'coredns', 'metrics-server']);
    await userEvent.click(
      within(listbox).getByRole('option', { name: 'coredns' }),
    );

    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    expect(
      await screen.findByRole('button', { name: 'Create' }),
    ).toBeInTheDocument();
    expect(screen.queryByText(notSelected)).not.toBeInTheDocument();
  });
});

describe('eksSelectedAddonPickerValidation', () => {
  const run = (value: string, formData: JsonObject) => {
    const errors: string[] = [];
    eksSelectedAddonPickerValidation(
      value,
      { addError: (e: string) => errors.push(e) } as any,
      {
        apiHolder: { get: () => undefined },
        formData,
        schema: { title: 'Add-on to configure' },
        uiSchema: { 'ui:options': {} },
      },
    );
    return errors;
  };

  it('accepts a selected add-on, from selections or plain names', () => {
    expect(run('coredns', { addons })).toEqual([]);
    expect(run('coredns', { addons: ['coredns'] })).toEqual([]);
    expect(run('', { addons: [] })).toEqual([]);
  });

  it('refuses an add-on that is not selected, naming the add-ons field', () => {
    expect(run('metrics-server', { addons })).toEqual([
      '"metrics-server" is not selected in Add-ons; choose one of vpc-cni, coredns, or leave this empty',
    ]);
    expect(run('coredns', {})).toEqual([
      '"coredns" is not selected in Add-ons; select add-ons there first, or leave this empty',
    ]);
  });
});
