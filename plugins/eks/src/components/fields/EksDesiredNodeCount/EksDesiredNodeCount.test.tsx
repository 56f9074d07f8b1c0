import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import { Stepper } from '@backstage/plugin-scaffolder-react/alpha';
import { EksDesiredNodeCount } from './EksDesiredNodeCount';
import { eksDesiredNodeCountValidation } from './validation';

jest.setTimeout(30_000);

/** The form data a field validation receives. */
type JsonObject = Parameters<
  typeof eksDesiredNodeCountValidation
>[2]['formData'];

// The stepper scrolls to the top on each step; jsdom does not scroll.
beforeAll(() => {
  window.scrollTo = () => {};
});

const desiredNodeCountField = {
  name: 'EksDesiredNodeCount',
  component: EksDesiredNodeCount,
  validation: eksDesiredNodeCountValidation,
};

// The node group of the new-eks-cluster template, as far as its sizes go.
const manifest = {
  title: 'New EKS cluster',
  steps: [
    {
      title: 'Access and nodes',
      schema: {
        type: 'object',
        properties: {
          systemNodeGroup: {
            title: 'System node group',
            type: 'object',
            required: ['minSize', 'desiredSize', 'maxSize'],
            properties: {
              minSize: {
                title: 'Minimum nodes',
                type: 'integer',
                minimum: 0,
                default: 2,
              },
              desiredSize: {
                title: 'Desired nodes',
                type: 'integer',
                minimum: 0,
                default: 2,
                'ui:field': 'EksDesiredNodeCount',
                'ui:options': {
                  minSizeField: 'systemNodeGroup.minSize',
                  maxSizeField: 'systemNodeGroup.maxSize',
                },
              },
              maxSize: {
                title: 'Maximum nodes',
                type: 'integer',
                minimum: 1,
                default: 4,
              },
            },
          },
        },
      },
    },
  ],
};

const outOfRange =
  /Desired nodes must be between Minimum nodes and Maximum nodes \(got min 2, desired 5, max 4\)/;

describe('EksDesiredNodeCount in the scaffolder form', () => {
  it('shows the rule on the field when desired is above the maximum and clears it when fixed', async () => {
    await renderInTestApp(
      <Stepper
        manifest={manifest as any}
        extensions={[desiredNodeCountField as any]}
        onCreate={jest.fn()}
      />,
    );
    const desired = screen.getByRole('spinbutton', { name: /Desired nodes/ });
    expect(desired).toHaveValue(2);

    await userEvent.clear(desired);
    await userEvent.type(desired, '5');
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    await waitFor(() =>
      expect(screen.getAllByText(outOfRange).length).toBeGreaterThan(0),
    );
    expect(screen.getByRole('button', { name: 'Review' })).toBeInTheDocument();

    await userEvent.clear(desired);
    await userEvent.type(desired, '3');
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    expect(
      await screen.findByRole('button', { name: 'Create' }),
    ).toBeInTheDocument();
    expect(screen.queryByText(outOfRange)).not.toBeInTheDocument();
  });
});

describe('eksDesiredNodeCountValidation', () => {
  const run = (
    desiredSize: number | undefined,
    group: JsonObject,
  ): string[] => {
    const errors: string[] = [];
    eksDesiredNodeCountValidation(
      desiredSize as number,
      { addError: (e: string) => errors.push(e) } as any,
      {
        apiHolder: { get: () => undefined },
        formData: { systemNodeGroup: { ...group, desiredSize } },
        schema: { title: 'Desired nodes' },
        uiSchema: {
          'ui:options': {
            minSizeField: 'systemNodeGroup.minSize',
            maxSizeField: 'systemNodeGroup.maxSize',
          },
        },
      },
    );
    return errors;
  };

  it('accepts minimum ≤ desired ≤ maximum, the bounds included', () => {
    expect(run(2, { minSize: 2, maxSize: 4 })).toEqual([]);
    expect(run(4, { minSize: 2, maxSize: 4 })).toEqual([]);
    expect(run(0, { minSize: 0, maxSize: 1 })).toEqual([]);
  });

  it('names the three fields and their values when desired is outside the range', () => {
    expect(run(1, { minSize: 2, maxSize: 4 })).toEqual([
      'Desired nodes must be between Minimum nodes and Maximum nodes (got min 2, desired 1, max 4)',
    ]);
    expect(run(3, { minSize: 3, maxSize: 2 })).toEqual([
      'Desired nodes must be between Minimum nodes and Maximum nodes (got min 3, desired 3, max 2)',
    ]);
  });

  it('leaves a missing size to the schema’s own error', () => {
    expect(run(undefined, { minSize: 2, maxSize: 4 })).toEqual([]);
    expect(run(3, { minSize: 2 })).toEqual([]);
  });
});
