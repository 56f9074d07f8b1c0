import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import { Stepper } from '@backstage/plugin-scaffolder-react/alpha';
import yaml from 'yaml';
import { EksClusterNameConfirmation } from './EksClusterNameConfirmation';
import { eksClusterNameConfirmationValidation } from './EksClusterNameConfirmation/validation';

jest.setTimeout(30_000);

// The stepper scrolls to the top on each step; jsdom does not scroll.
beforeAll(() => {
  window.scrollTo = () => {};
});

const template = yaml.parse(
  readFileSync(
    resolve(
      __dirname,
      '../../../../../templates/delete-eks-cluster/template.yaml',
    ),
    'utf8',
  ),
);

/** The delete template's form, with the cluster picker as a text field (it lists clusters from the backend). */
function deleteForm() {
  const [step] = template.spec.parameters;
  const {
    'ui:field': _picker,
    'ui:options': _options,
    ...cluster
  } = step.properties.cluster;
  return {
    title: template.metadata.title,
    presentation: template.spec.presentation,
    steps: [
      {
        title: step.title,
        schema: {
          type: 'object',
          required: step.required,
          properties: { ...step.properties, cluster },
        },
      },
    ],
  };
}

describe('the delete template in the scaffolder form', () => {
  it('shows the choices as words on the review and the last button says Delete', async () => {
    const onCreate = jest.fn();
    await renderInTestApp(
      <Stepper
        manifest={deleteForm() as any}
        extensions={[
          {
            name: 'EksClusterNameConfirmation',
            component: EksClusterNameConfirmation,
            validation: eksClusterNameConfirmationValidation,
          } as any,
        ]}
        onCreate={onCreate}
      />,
    );
    // the yes/no choices are still check boxes in the form
    const keepKarpenter = screen.getByRole('checkbox', {
      name: /Also delete Karpenter's AWS resources/,
    });
    expect(keepKarpenter).toBeChecked();
    await userEvent.click(keepKarpenter);

    await userEvent.type(
      screen.getByRole('textbox', { name: /^Cluster/ }),
      'demo',
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: /Type the cluster name to confirm/ }),
      'demo',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Review deletion' }),
    );

    const table = await screen.findByRole('table');
    const row = (title: string) =>
      within(table).getByText(title).closest('tr') as HTMLElement;
    expect(
      within(row("Also delete Karpenter's AWS resources")).getByText('No'),
    ).toBeInTheDocument();
    expect(
      within(row('Also delete what cluster creation made')).getByText('Yes'),
    ).toBeInTheDocument();
    expect(table.textContent).not.toMatch(/[\u2705\u274C]/);

    const deleteButton = screen.getByRole('button', { name: 'Delete cluster' });
    expect(
      screen.queryByRole('button', { name: 'Create' }),
    ).not.toBeInTheDocument();
    await userEvent.click(deleteButton);
    expect(onCreate).toHaveBeenCalledWith(
      expect.objectContaining({
        cluster: 'demo',
        confirmation: 'demo',
        deleteKarpenterResources: false,
        deleteCreatedResources: true,
      }),
    );
  });
});
