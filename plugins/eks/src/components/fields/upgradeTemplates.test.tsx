import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { ResponseError } from '@backstage/errors';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import { Stepper } from '@backstage/plugin-scaffolder-react/alpha';
import yaml from 'yaml';
import { EKS_BASE_URL } from '../../__fixtures__/eksTestApi';
import { kubernetesVersions } from '../../__fixtures__/addonCatalog';
import { EksActionPlan } from './EksActionPlan';
import {
  EksKubernetesVersionPicker,
  eksKubernetesVersionPickerValidation,
} from './EksKubernetesVersionPicker';
import {
  renderWithEksApi,
  setupEksBackend,
} from '../../__testUtils__/eksTestApp';

jest.setTimeout(30_000);

const server = setupEksBackend();
const DRY_RUN_URL = 'http://localhost:7007/api/scaffolder/v2/dry-run';

/** The scaffolder client's dry run: POST /v2/dry-run, a ResponseError on refusal. */
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

function templateOf(folder: string) {
  return yaml.parse(
    readFileSync(
      resolve(__dirname, `../../../../../templates/${folder}/template.yaml`),
      'utf8',
    ),
  );
}

/** A template's form, its cluster picker a text field (the picker lists clusters from the backend). */
function formOf(template: any) {
  return {
    title: template.metadata.title,
    presentation: template.spec.presentation,
    steps: template.spec.parameters.map((step: any) => {
      const {
        'ui:field': _picker,
        'ui:options': _options,
        ...cluster
      } = step.properties.clusterName;
      return {
        title: step.title,
        schema: {
          type: 'object',
          required: step.required,
          properties: { ...step.properties, clusterName: cluster },
        },
      };
    }),
  };
}

const extensions = [
  {
    name: 'EksKubernetesVersionPicker',
    component: EksKubernetesVersionPicker,
    validation: eksKubernetesVersionPickerValidation,
  },
  { name: 'EksActionPlan', component: EksActionPlan },
] as any[];

function serveCluster(version: string) {
  const dryRuns: any[] = [];
  server.use(
    http.get(`${EKS_BASE_URL}/clusters`, () =>
      HttpResponse.json({
        clusters: [
          {
            name: 'demo',
            arn: 'arn:aws:eks:eu-west-1:123456789012:cluster/demo',
            region: 'eu-west-1',
            accountId: '123456789012',
            status: 'ACTIVE',
            version,
          },
        ],
      }),
    ),
    http.get(`${EKS_BASE_URL}/kubernetes-versions`, () =>
      HttpResponse.json(kubernetesVersions),
    ),
    http.post(DRY_RUN_URL, async ({ request }) => {
      const body = (await request.json()) as any;
      dryRuns.push(body);
      const step = body.template.spec.steps[0];
      const plan =
        step.action === 'aws:eks:cluster:upgrade'
          ? [
              `Upgrade cluster ${step.input.clusterName} from Kubernetes ${version} to ${step.input.targetVersion}.`,
              `Control plane: UpdateClusterVersion ${version} -> ${step.input.targetVersion}, waited for until it succeeds.`,
            ]
          : [
              `Roll cluster ${step.input.clusterName} back from Kubernetes ${version} to 1.33 (the rollback window closes at 2026-12-10T10:00:00.000Z).`,
            ];
      return HttpResponse.json({
        log: [],
        steps: [],
        directoryContents: [],
        output: { plan },
      });
    }),
  );
  return dryRuns;
}

describe('the Upgrade EKS cluster template in the scaffolder form', () => {
  it("offers the cluster's next version, shows the plan before the run and on the review, and starts the upgrade", async () => {
    const dryRuns = serveCluster('1.33');
    const onCreate = jest.fn();
    await renderWithEksApi(
      <Stepper
        manifest={formOf(templateOf('upgrade-eks-cluster')) as any}
        extensions={extensions}
        onCreate={onCreate}
      />,
      { apis: [[scaffolderApiRef, scaffolderApi]] },
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: /^Cluster/ }),
      'demo',
    );
    // the only valid target, preselected, with its support dates
    const target = screen.getByRole('button', { name: /Target version/ });
    await waitFor(() => expect(target).toHaveTextContent('1.34'));
    expect(
      screen.getByText(
        /^demo: Kubernetes 1\.33 to 1\.34\. 1\.34 is in standard support/,
      ),
    ).toBeInTheDocument();
    // the plan, from the dry run of the step's action and input
    expect(
      await screen.findByText(
        'Upgrade cluster demo from Kubernetes 1.33 to 1.34.',
      ),
    ).toBeInTheDocument();
    expect(dryRuns.at(-1).template.spec.steps[0]).toMatchObject({
      action: 'aws:eks:cluster:upgrade',
      input: {
        clusterName: 'demo',
        region: 'eu-west-1',
        targetVersion: '1.34',
        addonVersion: 'default',
        force: false,
      },
    });

    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    const table = await screen.findByRole('table');
    const planRow = within(table).getByText('Plan').closest('tr')!;
    expect(planRow).toHaveTextContent(
      'Upgrade cluster demo from Kubernetes 1.33 to 1.34.',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Upgrade cluster' }),
    );
    expect(onCreate).toHaveBeenCalledWith(
      expect.objectContaining({
        clusterName: 'demo',
        targetVersion: '1.34',
        force: false,
      }),
    );
  });

  it('lists the plan as not made yet on the review when Review comes before the dry run ends', async () => {
    serveCluster('1.33');
    server.use(
      http.post(DRY_RUN_URL, async () => {
        await new Promise(r => setTimeout(r, 3000));
        return HttpResponse.json({ output: { plan: ['late'] } });
      }),
    );
    await renderWithEksApi(
      <Stepper
        manifest={formOf(templateOf('upgrade-eks-cluster')) as any}
        extensions={extensions}
        onCreate={jest.fn()}
      />,
      { apis: [[scaffolderApiRef, scaffolderApi]] },
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: /^Cluster/ }),
      'demo',
    );
    expect(
      await screen.findByText(
        /^Making the plan: a dry run of aws:eks:cluster:upgrade/,
      ),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    const table = await screen.findByRole('table');
    expect(within(table).getByText('Plan').closest('tr')).toHaveTextContent(
      'Not made yet: the dry run of aws:eks:cluster:upgrade was still running. Go back to see the plan before you start.',
    );
  });

  it('offers nothing to a cluster at the newest version and does not go on', async () => {
    serveCluster('1.34');
    await renderWithEksApi(
      <Stepper
        manifest={formOf(templateOf('upgrade-eks-cluster')) as any}
        extensions={extensions}
        onCreate={jest.fn()}
      />,
      { apis: [[scaffolderApiRef, scaffolderApi]] },
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: /^Cluster/ }),
      'demo',
    );
    expect(
      await screen.findByText(
        'demo runs Kubernetes 1.34, the newest version EKS offers: there is no version to upgrade it to',
      ),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});

describe('the Roll back EKS cluster upgrade template in the scaffolder form', () => {
  it('shows the rollback plan and its window before the run', async () => {
    const dryRuns = serveCluster('1.34');
    const onCreate = jest.fn();
    await renderWithEksApi(
      <Stepper
        manifest={formOf(templateOf('rollback-eks-cluster')) as any}
        extensions={extensions}
        onCreate={onCreate}
      />,
      { apis: [[scaffolderApiRef, scaffolderApi]] },
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: /^Cluster/ }),
      'demo',
    );
    expect(
      await screen.findByText(
        /the rollback window closes at 2026-12-10T10:00:00\.000Z/,
      ),
    ).toBeInTheDocument();
    expect(dryRuns.at(-1).template.spec.steps[0]).toMatchObject({
      action: 'aws:eks:cluster:rollback',
      input: { clusterName: 'demo', timeoutMinutes: 720, force: false },
    });
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    await userEvent.click(
      await screen.findByRole('button', { name: 'Roll back cluster' }),
    );
    expect(onCreate).toHaveBeenCalledWith(
      expect.objectContaining({ clusterName: 'demo', timeoutMinutes: 720 }),
    );
  });
});
