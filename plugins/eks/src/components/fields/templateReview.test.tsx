import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { renderInTestApp } from '@backstage/test-utils';
import { Stepper } from '@backstage/plugin-scaffolder-react/alpha';
import yaml from 'yaml';
import { EKS_BASE_URL } from '../../__fixtures__/eksTestApi';
import {
  addonVersions133,
  kubernetesVersions,
} from '../../__fixtures__/addonCatalog';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { ADDON_SCHEMAS } from '../../../../../packages/sandbox/src/aws/eks/addonSchemas';
import { EksReviewState, EksReviewStep } from '../review/EksReviewState';
import { EksAccountId, eksAccountIdValidation } from './EksAccountId';
import {
  EksAddonConfiguration,
  eksAddonConfigurationValidation,
} from './EksAddonConfiguration';
import { EksAddonPicker, eksAddonPickerValidation } from './EksAddonPicker';
import { EksClusterNameConfirmation } from './EksClusterNameConfirmation';
import { eksClusterNameConfirmationValidation } from './EksClusterNameConfirmation/validation';
import {
  EksDesiredNodeCount,
  eksDesiredNodeCountValidation,
} from './EksDesiredNodeCount';
import {
  EksKubernetesVersionPicker,
  eksKubernetesVersionPickerValidation,
} from './EksKubernetesVersionPicker';
import { renderForm, setupEksBackend } from '../../__testUtils__/eksTestApp';

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
    expect(within(table).getAllByRole('row')[0]).toHaveTextContent(
      /^Clusterdemo$/,
    );
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

describe("EksReviewStep, for a legacy app's ScaffolderPage components", () => {
  it('shows the review in the form order with Back and the named last button', async () => {
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
        components={{
          ReviewStepComponent: props => (
            <EksReviewStep {...props} createButtonText="Delete cluster" />
          ),
        }}
        onCreate={onCreate}
      />,
    );
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
    expect(
      within(table)
        .getAllByRole('row')
        .map(r => r.textContent),
    ).toEqual([
      'Clusterdemo',
      'AWS regioneu-west-1',
      'Type the cluster name to confirmdemo',
      "Also delete Karpenter's AWS resourcesYes",
      'Also delete what cluster creation madeYes',
    ]);
    expect(screen.getByRole('button', { name: 'Back' })).toBeEnabled();
    await userEvent.click(
      screen.getByRole('button', { name: 'Delete cluster' }),
    );
    expect(onCreate).toHaveBeenCalledWith(
      expect.objectContaining({ cluster: 'demo', confirmation: 'demo' }),
    );
  });
});

describe('the new-eks-cluster template in the scaffolder form', () => {
  const server = setupEksBackend();

  const newCluster = yaml.parse(
    readFileSync(
      resolve(
        __dirname,
        '../../../../../templates/new-eks-cluster/template.yaml',
      ),
      'utf8',
    ),
  );

  /** The template's three steps; the owner picker (it lists catalog groups) as a text field. */
  function newClusterForm() {
    return {
      title: newCluster.metadata.title,
      steps: newCluster.spec.parameters.map((step: any) => {
        const properties = { ...step.properties };
        if (properties.owner) {
          const {
            'ui:field': _f,
            'ui:options': _o,
            ...owner
          } = properties.owner;
          properties.owner = owner;
        }
        return {
          title: step.title,
          schema: {
            type: 'object',
            required: step.required,
            properties,
            // the fields shown with or without Auto Mode, in their order
            dependencies: step.dependencies,
            'ui:order': step['ui:order'],
          },
        };
      }),
    };
  }

  const extensions = [
    {
      name: 'EksAccountId',
      component: EksAccountId,
      validation: eksAccountIdValidation,
    },
    {
      name: 'EksKubernetesVersionPicker',
      component: EksKubernetesVersionPicker,
      validation: eksKubernetesVersionPickerValidation,
    },
    {
      name: 'EksDesiredNodeCount',
      component: EksDesiredNodeCount,
      validation: eksDesiredNodeCountValidation,
    },
    {
      name: 'EksAddonPicker',
      component: EksAddonPicker,
      validation: eksAddonPickerValidation,
    },
    {
      name: 'EksAddonConfiguration',
      component: EksAddonConfiguration,
      validation: eksAddonConfigurationValidation,
    },
  ] as any[];

  function serveBackend() {
    server.use(
      http.get(`${EKS_BASE_URL}/kubernetes-versions`, () =>
        HttpResponse.json(kubernetesVersions),
      ),
      http.get(`${EKS_BASE_URL}/addons/versions`, () =>
        HttpResponse.json(addonVersions133),
      ),
      http.get(`${EKS_BASE_URL}/addons/coredns/configuration`, () =>
        HttpResponse.json({
          addonName: 'coredns',
          addonVersion: 'v1.12.1-eksbuild.2',
          // the sandbox's coredns schema, as DescribeAddonConfiguration gives it
          configurationSchema: JSON.parse(ADDON_SCHEMAS.coredns),
          podIdentityConfiguration: [],
        }),
      ),
    );
  }

  async function fillAndReview(
    ReviewStateComponent?: any,
    initialState?: Record<string, string>,
  ) {
    serveBackend();
    await renderForm({
      manifest: newClusterForm() as any,
      extensions,
      components: ReviewStateComponent ? { ReviewStateComponent } : {},
      initialState,
      onCreate: jest.fn(),
    });
    // the version picker preselects EKS's default before the name is typed
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: /Kubernetes version/ }),
      ).toHaveTextContent('1.33'),
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: /Cluster name/ }),
      'demo',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Next' }));
    await screen.findByText(/add-ons available for Kubernetes 1.33/);
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    const table = await screen.findByRole('table');
    return within(table)
      .getAllByRole('row')
      .map(row => row.textContent);
  }

  it("the scaffolder's own review (new frontend system) lists the cluster name first and yes/no in words", async () => {
    const rows = await fillAndReview();
    expect(rows[0]).toBe('Cluster namedemo');
    expect(rows).toContain('EKS Auto ModeNo');
    expect(rows).toContain('Set up KarpenterYes');
  });

  it('keeps a cluster name typed while the pickers are still loading', async () => {
    serveBackend();
    // the versions (and so the picker's preselection) arrive while the
    // person is typing the name
    server.use(
      http.get(`${EKS_BASE_URL}/kubernetes-versions`, async () => {
        await new Promise(done => setTimeout(done, 40));
        return HttpResponse.json(kubernetesVersions);
      }),
    );
    await renderForm({
      manifest: newClusterForm() as any,
      extensions,
      onCreate: jest.fn(),
    });
    const name = screen.getByRole('textbox', { name: /Cluster name/ });
    await userEvent.type(name, 'typed-while-loading', { delay: 5 });
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: /Kubernetes version/ }),
      ).toHaveTextContent('1.33'),
    );
    expect(name).toHaveValue('typed-while-loading');
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(
      await screen.findByText('Cluster administrators'),
    ).toBeInTheDocument();
  });

  it('with Auto Mode, asks for and reviews only what will be made: no node group, core add-ons, CoreDNS configuration or Karpenter', async () => {
    serveBackend();
    await renderForm({
      manifest: newClusterForm() as any,
      extensions,
      onCreate: jest.fn(),
    });
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: /Kubernetes version/ }),
      ).toHaveTextContent('1.33'),
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: /Cluster name/ }),
      'auto',
    );
    await userEvent.click(
      screen.getByRole('checkbox', { name: /EKS Auto Mode/ }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));

    // Access and nodes: the administrators only
    await screen.findByText('Cluster administrators');
    expect(
      screen.queryByText('Managed node group for system pods'),
    ).not.toBeInTheDocument();
    expect(screen.queryByText('System node group')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));

    // Add-ons: none preselected, metrics-server offered, no Karpenter
    await screen.findByText(/add-ons available for Kubernetes 1.33/);
    expect(
      screen.getByText('metrics-server add-on on Auto Mode'),
    ).toBeInTheDocument();
    for (const absent of [
      'Set up Karpenter',
      'CoreDNS configuration',
      'Core add-ons',
    ]) {
      expect(screen.queryByText(absent)).not.toBeInTheDocument();
    }
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    const table = await screen.findByRole('table');
    const rows = within(table)
      .getAllByRole('row')
      .map(row => row.textContent);
    expect(rows[0]).toBe('Cluster nameauto');
    expect(rows).toContain('EKS Auto ModeYes');
    expect(rows).toContain('metrics-server add-on on Auto ModeYes');
    expect(rows.filter(row => row?.startsWith('EKS Auto Mode'))).toHaveLength(
      1,
    );
    for (const absent of [
      /^Managed node group/,
      /^System node group/,
      /^Minimum nodes/,
      /^Set up Karpenter/,
      /^Core add-ons/,
      /vpc-cni/,
    ]) {
      expect(rows.filter(row => absent.test(row ?? ''))).toEqual([]);
    }
  });

  it('EksReviewState: cluster name first, add-ons as a list with versions, configuration as YAML', async () => {
    // the configuration comes first in the form state (a prefilled form)
    const rows = await fillAndReview(EksReviewState, {
      corednsConfiguration:
        '{"replicaCount":3,"resources":{"limits":{"memory":"170Mi"}}}',
    });
    expect(rows[0]).toBe('Cluster namedemo');
    expect(rows.slice(1, 3)).toEqual([
      'AWS regioneu-west-1',
      'Kubernetes version1.33',
    ]);
    const table = screen.getByRole('table');
    const row = (title: string) =>
      within(table).getByText(title).closest('tr') as HTMLElement;
    expect(
      within(row('Core add-ons'))
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual([
      'vpc-cni latest',
      'coredns latest',
      'kube-proxy latest',
      'eks-pod-identity-agent latest',
    ]);
    const configuration = row('CoreDNS configuration').querySelector(
      'td:last-child span',
    ) as HTMLElement;
    expect(configuration.textContent).toBe(
      'replicaCount: 3\nresources:\n  limits:\n    memory: 170Mi',
    );
    // shown with its line breaks and indentation
    expect(getComputedStyle(configuration).whiteSpace).toBe('pre-wrap');
    expect(table.textContent).not.toMatch(/[{}\u2705\u274C]/);
  });

  it('an empty cluster name is one error: the field is required', async () => {
    serveBackend();
    await renderForm({
      manifest: newClusterForm() as any,
      extensions,
      // the browser's own check of required fields would stop the submit first
      formProps: { noHtml5Validate: true },
      onCreate: jest.fn(),
    });
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: /Kubernetes version/ }),
      ).toHaveTextContent('1.33'),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(
      await screen.findByText("'Cluster name' is required"),
    ).toBeInTheDocument();
    expect(screen.queryByText(/may use letters/)).not.toBeInTheDocument();
  });
});

describe('the templates put the cluster first', () => {
  it.each([
    'delete-eks-cluster',
    'install-eks-addons',
    'new-eks-cluster',
    'pod-identity',
    'rollback-eks-cluster',
    'setup-karpenter',
    'upgrade-eks-cluster',
  ])(
    "%s: the first field is the cluster, a value from the start ('') that must not stay empty",
    folder => {
      const parsed = yaml.parse(
        readFileSync(
          resolve(
            __dirname,
            `../../../../../templates/${folder}/template.yaml`,
          ),
          'utf8',
        ),
      );
      const [step] = parsed.spec.parameters;
      const [key, first] = Object.entries(step.properties)[0] as [
        string,
        Record<string, any>,
      ];
      expect(key).toMatch(/^(cluster|clusterName)$/);
      expect(step.required).toContain(key);
      expect(first).toMatchObject({
        default: '',
        minLength: 1,
        errorMessage: { minLength: expect.stringMatching(/^is required/) },
      });
    },
  );
});
