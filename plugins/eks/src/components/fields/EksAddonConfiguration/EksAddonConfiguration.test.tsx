import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { AddonConfigurationResponse } from '@backstage-eks/plugin-eks-common';
import { eksApiRef } from '../../../api';
import {
  createTestEksClient,
  EKS_BASE_URL,
} from '../../../__fixtures__/eksTestApi';
import { externalDnsSchema } from '../../../__fixtures__/addonSchemas';
import { FieldHarness } from '../../../__fixtures__/FieldHarness';
import { EksAddonConfiguration } from './EksAddonConfiguration';
import { eksAddonConfigurationValidation } from './validation';

// Forms with several inputs take many keystrokes; the shared CI machine is slow.
jest.setTimeout(30_000);

const server = setupServer();
const configurationUrl = `${EKS_BASE_URL}/addons/:name/configuration`;
const externalDnsConfiguration: AddonConfigurationResponse = {
  addonName: 'external-dns',
  addonVersion: 'v0.19.0-eksbuild.2',
  configurationSchema: externalDnsSchema,
  podIdentityConfiguration: [
    {
      serviceAccount: 'external-dns',
      recommendedManagedPolicies: [
        'arn:aws:iam::aws:policy/AmazonRoute53FullAccess',
      ],
    },
  ],
};
const siblings = {
  addon: { name: 'external-dns', version: 'latest' },
  kubernetesVersion: '1.33',
};
const allowedKeys =
  'domainFilters, logLevel, policy, replicaCount, resources, txtOwnerId';

function serveConfiguration(requests: URL[] = []) {
  server.use(
    http.get(configurationUrl, ({ request }) => {
      requests.push(new URL(request.url));
      return HttpResponse.json(externalDnsConfiguration);
    }),
  );
}

function renderField(
  onChange: (value?: string) => void,
  options: {
    siblings?: Record<string, unknown>;
    uiOptions?: Record<string, unknown>;
    initial?: string;
  } = {},
) {
  return renderInTestApp(
    <TestApiProvider apis={[[eksApiRef, createTestEksClient()]]}>
      <FieldHarness<string>
        field={EksAddonConfiguration}
        title="Add-on configuration"
        onChange={onChange}
        initial={options.initial}
        uiOptions={options.uiOptions}
        siblings={options.siblings ?? siblings}
      />
    </TestApiProvider>,
  );
}

function lastEmitted(onChange: jest.Mock): unknown {
  const calls = onChange.mock.calls;
  const value = calls[calls.length - 1][0];
  return value === undefined ? undefined : JSON.parse(value);
}

describe('EksAddonConfiguration', () => {
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it("fetches the chosen add-on's schema for the form's Kubernetes version", async () => {
    const requests: URL[] = [];
    serveConfiguration(requests);

    await renderField(jest.fn());

    expect(
      await screen.findByText('Keys of external-dns v0.19.0-eksbuild.2'),
    ).toBeInTheDocument();
    expect(requests[0].pathname).toBe(
      '/api/eks/addons/external-dns/configuration',
    );
    expect(requests[0].searchParams.get('version')).toBe('latest');
    expect(requests[0].searchParams.get('kubernetesVersion')).toBe('1.33');
    expect(
      screen.getByText(/external-dns needs AWS permissions/),
    ).toHaveTextContent('AmazonRoute53FullAccess');
  });

  it('renders each key with its description and emits configurationValues for a valid value', async () => {
    serveConfiguration();
    const onChange = jest.fn();
    await renderField(onChange);

    expect(
      await screen.findByText(
        'A unique identifier of this external-dns instance, written to TXT ownership records.',
      ),
    ).toBeInTheDocument();
    await userEvent.type(
      screen.getByRole('textbox', { name: 'txtOwnerId' }),
      'demo',
    );

    await waitFor(() =>
      expect(lastEmitted(onChange)).toEqual({ txtOwnerId: 'demo' }),
    );
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('validates a value in the form as the user types', async () => {
    serveConfiguration();
    const onChange = jest.fn();
    await renderField(onChange);

    await userEvent.type(
      await screen.findByRole('spinbutton', { name: 'replicaCount' }),
      '0',
    );

    await waitFor(() =>
      expect(screen.getByRole('alert')).toHaveTextContent(
        '"replicaCount" must be >= 1',
      ),
    );
  });

  it('offers the allowed values of an enum key', async () => {
    serveConfiguration();
    const onChange = jest.fn();
    await renderField(onChange);

    await userEvent.click(
      await screen.findByRole('button', { name: /policy/ }),
    );
    const options = within(screen.getByRole('listbox'))
      .getAllByRole('option')
      .map(option => option.textContent);
    expect(options).toEqual(
      expect.arrayContaining(['sync', 'upsert-only', 'create-only']),
    );
    await userEvent.click(screen.getByRole('option', { name: 'sync' }));

    await waitFor(() =>
      expect(lastEmitted(onChange)).toEqual({ policy: 'sync' }),
    );
  });

  it('edits a nested object key', async () => {
    serveConfiguration();
    const onChange = jest.fn();
    await renderField(onChange);

    await userEvent.type(
      await screen.findByRole('textbox', { name: 'cpu' }),
      '200m',
    );

    await waitFor(() =>
      expect(lastEmitted(onChange)).toEqual({
        resources: { limits: { cpu: '200m' } },
      }),
    );
  });

  it('shows the value of an earlier run in the form', async () => {
    serveConfiguration();
    await renderField(jest.fn(), {
      initial: JSON.stringify({ txtOwnerId: 'shop', replicaCount: 2 }),
    });

    expect(
      await screen.findByRole('textbox', { name: 'txtOwnerId' }),
    ).toHaveValue('shop');
  });

  it('names an unknown key and the allowed keys in the YAML/JSON editor', async () => {
    serveConfiguration();
    const onChange = jest.fn();
    await renderField(onChange);

    await userEvent.click(
      await screen.findByRole('button', { name: 'YAML / JSON' }),
    );
    expect(
      screen.getByRole('table', { name: 'Available configuration keys' }),
    ).toHaveTextContent('resources.limits.cpu');
    fireEvent.change(
      screen.getByRole('textbox', { name: 'Configuration (YAML or JSON)' }),
      { target: { value: 'polcy: sync\nreplicaCount: 2' } },
    );

    expect(screen.getByRole('alert')).toHaveTextContent(
      `Unknown key "polcy": the top level allows only ${allowedKeys}`,
    );
    expect(lastEmitted(onChange)).toEqual({ polcy: 'sync', replicaCount: 2 });
  });

  it('reports enum violations and text that does not parse', async () => {
    serveConfiguration();
    const onChange = jest.fn();
    await renderField(onChange, { uiOptions: { mode: 'raw' } });

    const editor = await screen.findByRole('textbox', {
      name: 'Configuration (YAML or JSON)',
    });
    fireEvent.change(editor, { target: { value: '{"policy": "delete-all"}' } });
    expect(screen.getByRole('alert')).toHaveTextContent(
      '"policy" must be one of "sync", "upsert-only", "create-only" (got "delete-all")',
    );

    fireEvent.change(editor, { target: { value: 'policy: [sync' } });
    expect(screen.getByRole('alert')).toHaveTextContent(
      /Not valid YAML or JSON/,
    );
    expect(screen.getByRole('button', { name: 'Form' })).toBeDisabled();
    expect(onChange).toHaveBeenLastCalledWith('policy: [sync');
  });

  it('asks for an add-on before there is one', async () => {
    await renderField(jest.fn(), { siblings: {} });

    expect(
      screen.getByText(
        'Choose an add-on first to see the keys it can be configured with.',
      ),
    ).toBeInTheDocument();
  });

  it('says when the add-on takes no configuration', async () => {
    server.use(
      http.get(configurationUrl, () =>
        HttpResponse.json({
          addonName: 'kube-proxy',
          addonVersion: 'v1.33.3-eksbuild.4',
          podIdentityConfiguration: [],
        }),
      ),
    );
    await renderField(jest.fn(), { siblings: { addon: 'kube-proxy' } });

    expect(
      await screen.findByText(
        'kube-proxy v1.33.3-eksbuild.4 has no configuration schema: it takes no configuration values.',
      ),
    ).toBeInTheDocument();
  });
});

describe('eksAddonConfigurationValidation', () => {
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  const run = async (value: string) => {
    const client = createTestEksClient();
    const errors: string[] = [];
    await eksAddonConfigurationValidation(
      value,
      { addError: (e: string) => errors.push(e) } as any,
      {
        apiHolder: {
          get: (ref: { id: string }) =>
            ref.id === eksApiRef.id ? client : undefined,
        } as any,
        formData: siblings,
        schema: { title: 'configurationValues' },
        uiSchema: { 'ui:options': {} },
      },
    );
    return errors;
  };

  it("checks the value against the add-on's schema on submit", async () => {
    serveConfiguration();

    expect(await run('{"policy":"sync"}')).toEqual([]);
    expect(await run('{"polcy":"sync"}')).toEqual([
      `configurationValues: Unknown key "polcy": the top level allows only ${allowedKeys}`,
    ]);
  });

  it('refuses text that is not JSON', async () => {
    expect(await run('policy: [sync')).toEqual([
      expect.stringMatching(/^configurationValues is not valid JSON or YAML/),
    ]);
  });
});
