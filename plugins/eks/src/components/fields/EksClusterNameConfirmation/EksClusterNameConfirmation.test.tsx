import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import { Stepper } from '@backstage/plugin-scaffolder-react/alpha';
import { EksClusterNameConfirmation } from './EksClusterNameConfirmation';
import { eksClusterNameConfirmationValidation } from './validation';

jest.setTimeout(30_000);

/** The form data a field validation receives. */
type JsonObject = Parameters<
  typeof eksClusterNameConfirmationValidation
>[2]['formData'];

// The stepper scrolls to the top on each step; jsdom does not scroll.
beforeAll(() => {
  window.scrollTo = () => {};
});

const confirmationField = {
  name: 'EksClusterNameConfirmation',
  component: EksClusterNameConfirmation,
  validation: eksClusterNameConfirmationValidation,
};

// The delete template's step, with the cluster as a plain text field so the
// test is about the confirmation alone.
const manifest = {
  title: 'Delete EKS cluster',
  steps: [
    {
      title: 'Cluster',
      schema: {
        type: 'object',
        required: ['cluster', 'confirmation'],
        properties: {
          cluster: { title: 'Cluster', type: 'string' },
          confirmation: {
            title: 'Type the cluster name to confirm',
            type: 'string',
            'ui:field': 'EksClusterNameConfirmation',
          },
        },
      },
    },
  ],
};

const mismatch =
  /"demo-prod" is not the chosen cluster's name; type "demo" exactly/;

describe('EksClusterNameConfirmation in the scaffolder form', () => {
  it('blocks the review with the field error for a wrong name and clears it when fixed', async () => {
    const onCreate = jest.fn();
    await renderInTestApp(
      <Stepper
        manifest={manifest as any}
        extensions={[confirmationField as any]}
        onCreate={onCreate}
        initialState={{ cluster: 'demo' }}
      />,
    );
    const confirmation = screen.getByRole('textbox', {
      name: /Type the cluster name to confirm/,
    });
    expect(screen.getByText('Type "demo" to confirm.')).toBeInTheDocument();

    await userEvent.type(confirmation, 'demo-prod');
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    await waitFor(() =>
      expect(screen.getAllByText(mismatch).length).toBeGreaterThan(0),
    );
    // Still on the form: the review was not reached.
    expect(screen.getByRole('button', { name: 'Review' })).toBeInTheDocument();

    await userEvent.clear(confirmation);
    await userEvent.type(confirmation, 'demo');
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    await waitFor(() =>
      expect(screen.queryByText(mismatch)).not.toBeInTheDocument(),
    );
    expect(
      await screen.findByRole('button', { name: 'Create' }),
    ).toBeInTheDocument();
  });
});

describe('eksClusterNameConfirmationValidation', () => {
  const run = (value: string, formData: JsonObject, clusterField?: string) => {
    const errors: string[] = [];
    eksClusterNameConfirmationValidation(
      value,
      { addError: (e: string) => errors.push(e) } as any,
      {
        apiHolder: { get: () => undefined },
        formData,
        schema: { title: 'Type the cluster name to confirm' },
        uiSchema: { 'ui:options': { clusterField } },
      },
    );
    return errors;
  };

  it('accepts exactly the chosen name, also when the cluster field holds an ARN', () => {
    expect(run('demo', { cluster: 'demo' })).toEqual([]);
    expect(
      run(
        'demo',
        {
          target: 'arn:aws:eks:eu-west-1:000000000000:cluster/demo',
        },
        'target',
      ),
    ).toEqual([]);
  });

  it('refuses another name, a different case and a missing cluster, saying what to type', () => {
    expect(run('Demo', { cluster: 'demo' })).toEqual([
      '"Demo" is not the chosen cluster\'s name; type "demo" exactly (case and spaces count)',
    ]);
    expect(run('demo ', { cluster: 'demo' })).toHaveLength(1);
    expect(run('demo', {})).toEqual([
      'choose the cluster first, then type its name here',
    ]);
  });
});
