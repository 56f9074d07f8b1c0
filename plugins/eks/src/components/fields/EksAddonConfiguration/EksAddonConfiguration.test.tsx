import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import {
  AddonConfigurationResponse,
  checkAddonConfigurationValues,
  formatAddonConfigurationProblem,
} from '@backstage-eks/plugin-eks-common';
import { eksApiRef } from '../../../api';
import {
  createTestEksClient,
  EKS_BASE_URL,
} from '../../../__fixtures__/eksTestApi';
import {
  externalDnsSchema,
  vpcCniSchema,
} from '../../../__fixtures__/addonSchemas';
// The sandbox's real add-on configuration schemas.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { ADDON_SCHEMAS } from '../../../../../../packages/sandbox/src/aws/eks/addonSchemas';
import { EksAddonConfiguration } from './EksAddonConfiguration';
import { eksAddonConfigurationValidation } from './validation';
import {
  inputErrorResponse,
  renderField as renderEksField,
  setupEksBackend,
} from '../../../__testUtils__/eksTestApp';

// Forms with several inputs take many keystrokes; the shared CI machine is slow.
jest.setTimeout(30_000);

const server = setupEksBackend();
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
  return renderEksField<string>({
    field: EksAddonConfiguration,
    title: 'Add-on configuration',
    onChange,
    initial: options.initial,
    uiOptions: options.uiOptions,
    siblings: options.siblings ?? siblings,
  });
}

function lastEmitted(onChange: jest.Mock): unknown {
  const calls = onChange.mock.calls;
  const value = calls[calls.length - 1][0];
  return value === undefined ? undefined : JSON.parse(value);
}

describe('EksAddonConfiguration', () => {
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
        'Add-on configuration: replicaCount must be >= 1',
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
      await screen.findByRole('textbox', { name: 'cpu (text)' }),
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
      `Add-on configuration: polcy is not a setting of this add-on; allowed keys: ${allowedKeys}`,
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
      'Add-on configuration: policy must be one of "sync", "upsert-only", "create-only" (got "delete-all")',
    );

    fireEvent.change(editor, { target: { value: 'policy: [sync' } });
    expect(screen.getByRole('alert')).toHaveTextContent(
      /^Add-on configuration: must be JSON or YAML: /,
    );
    expect(screen.getByRole('button', { name: 'Form' })).toBeDisabled();
    expect(onChange).toHaveBeenLastCalledWith('policy: [sync');
  });

  it("shows the backend's refusal of the account as the account field's problem", async () => {
    server.use(
      http.get(configurationUrl, () =>
        inputErrorResponse(
          'query parameter accountId must be a 12-digit AWS account id',
        ),
      ),
    );
    await renderField(jest.fn(), {
      siblings: { ...siblings, accountId: '123456789012' },
    });
    expect(
      await screen.findByText(
        /^AWS account id: must be a 12-digit AWS account id\. The .+ (?:are listed|are shown) once it is fixed\.$/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Request failed|Bad Request/)).toBeNull();
  });

  it('does not load the schema for a malformed region', async () => {
    const requests: URL[] = [];
    serveConfiguration(requests);
    await renderField(jest.fn(), {
      siblings: { ...siblings, region: 'Ireland' },
    });
    expect(
      await screen.findByText(
        /^AWS region: must be an AWS region such as "eu-west-1"\. The .+ (?:are listed|are shown) once it is fixed\.$/,
      ),
    ).toBeInTheDocument();
    expect(requests).toEqual([]);
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

describe('EksAddonConfiguration with the real coredns schema', () => {
  const serveCoredns = () =>
    server.use(
      http.get(configurationUrl, () =>
        HttpResponse.json({
          addonName: 'coredns',
          addonVersion: 'v1.12.1-eksbuild.2',
          configurationSchema: JSON.parse(ADDON_SCHEMAS.coredns),
          podIdentityConfiguration: [],
        }),
      ),
    );

  it('labels keys, says their help and defaults, names choices and collapses the advanced keys', async () => {
    serveCoredns();
    const onChange = jest.fn();
    await renderField(onChange, { siblings: { addon: 'coredns' } });
    expect(
      await screen.findByRole('spinbutton', { name: 'replicaCount' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Number of CoreDNS replicas')).toBeInTheDocument();
    expect(screen.getByText('Default: 1')).toBeInTheDocument();
    expect(screen.getByText('Default: no')).toBeInTheDocument();

    // anyOf choices by what they are
    await userEvent.click(
      screen.getAllByRole('button', { name: /^maxUnavailable/ })[0],
    );
    expect(
      within(screen.getByRole('listbox'))
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual([
      'maxUnavailable (percentage, e.g. "25%")',
      'maxUnavailable (whole number)',
    ]);
    await userEvent.click(
      screen.getByRole('option', { name: 'maxUnavailable (whole number)' }),
    );
    await userEvent.type(
      screen.getByRole('spinbutton', { name: 'maxUnavailable (whole number)' }),
      '2',
    );
    await waitFor(() =>
      expect(lastEmitted(onChange)).toEqual({
        podDisruptionBudget: { maxUnavailable: 2 },
      }),
    );
    expect(document.body.textContent).not.toMatch(/Option \d/);

    // the free-form keys wait under Advanced
    const advanced = screen.getByRole('button', {
      name: 'Advanced: affinity, nodeSelector, podAnnotations, podLabels, tolerations, topologySpreadConstraints',
    });
    expect(advanced).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByText('tolerations')).not.toBeInTheDocument();
    await userEvent.click(advanced);
    expect(await screen.findByText('tolerations')).toBeInTheDocument();
  });

  it('opens Advanced when a value sets one of its keys', async () => {
    serveCoredns();
    await renderField(jest.fn(), {
      siblings: { addon: 'coredns' },
      initial: JSON.stringify({ nodeSelector: { role: 'system' } }),
    });
    expect(
      await screen.findByRole('button', { name: /^Advanced: affinity/ }),
    ).toHaveAttribute('aria-expanded', 'true');
  });

  it('gives a YAML mistake with its line and column', async () => {
    serveCoredns();
    await renderField(jest.fn(), {
      siblings: { addon: 'coredns' },
      uiOptions: { mode: 'raw' },
    });
    fireEvent.change(
      await screen.findByRole('textbox', {
        name: 'Configuration (YAML or JSON)',
      }),
      { target: { value: 'replicaCount: 2\nresources:\n  limits: [cpu' } },
    );
    expect(screen.getByRole('alert')).toHaveTextContent(
      /^Add-on configuration: must be JSON or YAML: .* at line \d+, column \d+/,
    );
    expect(screen.getByRole('alert')).not.toHaveTextContent(
      /JSON\.parse|Unexpected token/,
    );
  });
});

describe('eksAddonConfigurationValidation', () => {
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
    // the step's error list puts the field's title in front
    expect(await run('{"polcy":"sync"}')).toEqual([
      `polcy is not a setting of this add-on; allowed keys: ${allowedKeys}`,
    ]);
  });

  it('refuses text that is not JSON or YAML, or that YAML 1.2 refuses', async () => {
    expect(await run('policy: [sync')).toEqual([
      expect.stringMatching(/^must be JSON or YAML: .* at line 1, column \d+/),
    ]);
    expect(await run('policy: sync\npolicy: sync')).toEqual([
      expect.stringMatching(
        /^must be JSON or YAML: Map keys must be unique at line 2, column 1/,
      ),
    ]);
  });
});

describe('the form and the addon:install action give the same message', () => {
  const vpcCniConfiguration: AddonConfigurationResponse = {
    addonName: 'vpc-cni',
    addonVersion: 'v1.15.1-eksbuild.1',
    configurationSchema: vpcCniSchema,
    podIdentityConfiguration: [],
  };
  const vpcCni = { addon: 'vpc-cni', kubernetesVersion: '1.33' };
  const field = 'configurationValues';

  /**
   * What the action says for a value: eks-node's addon:install parses and
   * validates with these two eks-common functions and joins the problems
   * with "; " (its own test checks that it does).
   */
  const actionMessage = (text: string) =>
    checkAddonConfigurationValues(text, vpcCniSchema)
      .map(problem => formatAddonConfigurationProblem(field, problem))
      .join('; ');

  const submitMessages = async (value: string) => {
    const errors: string[] = [];
    await eksAddonConfigurationValidation(
      value,
      { addError: (e: string) => errors.push(e) } as any,
      {
        apiHolder: {
          get: (ref: { id: string }) =>
            ref.id === eksApiRef.id ? createTestEksClient() : undefined,
        } as any,
        formData: vpcCni,
        schema: { title: field },
        uiSchema: { 'ui:options': {} },
      },
    );
    return errors;
  };

  const badInputs: [string, string][] = [
    [
      'env:\n  ENABLE_PREFIX_DELEGATION: "yes"\n  WARM_IP_TARGET: ten',
      'configurationValues.env.ENABLE_PREFIX_DELEGATION must be the string "true" or "false" (format "boolean"; got "yes"); configurationValues.env.WARM_IP_TARGET must be a whole number in base 10 written as a string, e.g. "10" (format "integer"; got "ten")',
    ],
    [
      'env:\n  WARM_IP_TARGETS: "1"',
      'configurationValues.env.WARM_IP_TARGETS is not a setting of this add-on; allowed keys at this level: AWS_VPC_K8S_CNI_LOGLEVEL, ENABLE_POD_ENI, ENABLE_PREFIX_DELEGATION, MINIMUM_IP_TARGET, WARM_ENI_TARGET, WARM_IP_TARGET',
    ],
    [
      'enableNetworkPolicy: true',
      'configurationValues.enableNetworkPolicy must be string (got boolean true)',
    ],
    [
      '{"env": {"WARM_IP_TARGET": "5", "WARM_IP_TARGET": "6"}}',
      'configurationValues must be JSON or YAML: Map keys must be unique at line 1, column 33:',
    ],
    [
      '- env',
      'configurationValues must be a JSON or YAML object (a mapping of keys), not a list',
    ],
  ];

  it.each(badInputs)(
    'on submit and in the editor: %j',
    async (text, expected) => {
      server.use(
        http.get(configurationUrl, () =>
          HttpResponse.json(vpcCniConfiguration),
        ),
      );
      expect(actionMessage(text)).toBe(expected);
      // on submit, the same words after the field name, which the step's
      // error list puts in front of them
      expect(
        (await submitMessages(text))
          .map(m => (/^must\b/.test(m) ? `${field} ${m}` : `${field}.${m}`))
          .join('; '),
      ).toBe(expected);

      await renderEksField<string>({
        field: EksAddonConfiguration,
        title: field,
        onChange: jest.fn(),
        uiOptions: { mode: 'raw' },
        siblings: vpcCni,
      });
      fireEvent.change(
        await screen.findByRole('textbox', {
          name: 'Configuration (YAML or JSON)',
        }),
        { target: { value: text } },
      );
      const shown = within(screen.getByRole('alert'))
        .getAllByRole('listitem')
        .map(item => item.textContent);
      expect(shown.join('; ')).toBe(expected);
    },
  );

  it('accepts in both what fits', async () => {
    server.use(
      http.get(configurationUrl, () => HttpResponse.json(vpcCniConfiguration)),
    );
    const text =
      'env:\n  ENABLE_PREFIX_DELEGATION: "true"\n  WARM_IP_TARGET: "10"';
    expect(actionMessage(text)).toBe('');
    expect(await submitMessages(text)).toEqual([]);
  });
});
