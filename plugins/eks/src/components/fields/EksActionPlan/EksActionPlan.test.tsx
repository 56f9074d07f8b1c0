import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { ResponseError } from '@backstage/errors';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import { EksActionPlan, planInput, planTemplate } from './EksActionPlan';
import {
  renderField,
  setupEksBackend,
} from '../../../__testUtils__/eksTestApp';

jest.setTimeout(30_000);

const server = setupEksBackend();

const DRY_RUN_URL = 'http://localhost:7007/api/scaffolder/v2/dry-run';

/**
 * The scaffolder client's dry run as the portal's makes it: POST
 * /v2/dry-run with the template and values, a ResponseError on refusal.
 */
const scaffolderApi = {
  async dryRun(request: unknown) {
    const response = await fetch(DRY_RUN_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response.json();
  },
};

const upgradeOptions = {
  action: 'aws:eks:cluster:upgrade',
  output: 'upgradePlan',
  requires: ['clusterName', 'targetVersion'],
  input: {
    clusterName: 'clusterName',
    region: 'region',
    accountId: 'accountId',
    targetVersion: 'targetVersion',
    force: 'force',
  },
};

function renderPlan(siblings: Record<string, unknown>, onChange = jest.fn()) {
  return renderField<string[]>({
    apis: [[scaffolderApiRef, scaffolderApi]],
    field: EksActionPlan,
    title: 'Plan',
    onChange,
    uiOptions: upgradeOptions,
    siblings,
  });
}

describe('EksActionPlan', () => {
  it("shows the action's dry run for the form's values and makes its lines the value", async () => {
    const requests: any[] = [];
    server.use(
      http.post(DRY_RUN_URL, async ({ request }) => {
        requests.push(await request.json());
        return HttpResponse.json({
          log: [],
          steps: [],
          directoryContents: [],
          output: {
            plan: [
              'Upgrade cluster demo from Kubernetes 1.33 to 1.34.',
              'Control plane: UpdateClusterVersion 1.33 -> 1.34, waited for until it succeeds.',
            ],
          },
        });
      }),
    );
    const onChange = jest.fn();
    await renderPlan(
      {
        clusterName: 'demo',
        region: 'eu-west-1',
        accountId: '',
        targetVersion: '1.34',
        force: false,
      },
      onChange,
    );

    expect(
      await screen.findByText(
        'Upgrade cluster demo from Kubernetes 1.33 to 1.34.',
      ),
    ).toBeInTheDocument();
    expect(onChange).toHaveBeenLastCalledWith([
      'Upgrade cluster demo from Kubernetes 1.33 to 1.34.',
      'Control plane: UpdateClusterVersion 1.33 -> 1.34, waited for until it succeeds.',
    ]);
    // while the dry run ran, the value said so: the review page lists it
    // when the form is left before the plan is made
    expect(onChange).toHaveBeenCalledWith([
      'Not made yet: the dry run of aws:eks:cluster:upgrade was still running. Go back to see the plan before you start.',
    ]);
    expect(requests).toHaveLength(1);
    // a one-step template: the action with the form's input, the empty
    // account left out, and the action's plan lines as its output
    expect(requests[0]).toEqual({
      template: planTemplate(
        'aws:eks:cluster:upgrade',
        {
          clusterName: 'demo',
          region: 'eu-west-1',
          targetVersion: '1.34',
          force: false,
        },
        'upgradePlan',
      ),
      values: {},
      directoryContents: [],
    });
    expect(requests[0].template.spec.output).toEqual({
      plan: "${{ steps['plan'].output['upgradePlan'] }}",
    });
  });

  it('shows why the dry run stopped (a blocked preflight), in the words of the action', async () => {
    const message =
      'targetVersion: the upgrade of cluster demo to Kubernetes 1.34 is blocked; nothing was changed:\n- PodDisruptionBudget shop/web-strict blocks draining (ERROR): it allows no disruption. Fix: Scale the workload up';
    server.use(
      http.post(DRY_RUN_URL, () =>
        HttpResponse.json(
          {
            error: { name: 'InputError', message },
            response: { statusCode: 400 },
          },
          { status: 400 },
        ),
      ),
    );
    const onChange = jest.fn();
    await renderPlan({ clusterName: 'demo', targetVersion: '1.34' }, onChange);

    expect(
      await screen.findByText(
        /^The dry run stopped: targetVersion: the upgrade of cluster demo to Kubernetes 1\.34 is blocked/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/400|Bad Request/)).not.toBeInTheDocument();
    expect(onChange).toHaveBeenLastCalledWith([
      `The dry run stopped: ${message}`,
    ]);
  });

  it('makes no plan until the fields it requires are filled in', async () => {
    const requests: unknown[] = [];
    server.use(
      http.post(DRY_RUN_URL, () => {
        requests.push('dry-run');
        return HttpResponse.json({ output: { plan: [] } });
      }),
    );
    const onChange = jest.fn();
    await renderPlan({ clusterName: 'demo', targetVersion: '' }, onChange);
    expect(
      await screen.findByText(
        'The plan is made once the fields above are filled in.',
      ),
    ).toBeInTheDocument();
    await new Promise(resolve => setTimeout(resolve, 600));
    expect(requests).toEqual([]);
    expect(onChange).not.toHaveBeenCalled();
  });
});

describe('planInput', () => {
  it('reads each input from its form field, nested ones too, and leaves empty ones out', () => {
    expect(
      planInput(
        {
          clusterName: 'cluster.name',
          region: 'region',
          accountId: 'accountId',
          force: 'force',
        },
        {
          cluster: { name: 'demo' },
          region: 'eu-west-1',
          accountId: ' ',
          force: false,
        },
      ),
    ).toEqual({ clusterName: 'demo', region: 'eu-west-1', force: false });
  });
});
