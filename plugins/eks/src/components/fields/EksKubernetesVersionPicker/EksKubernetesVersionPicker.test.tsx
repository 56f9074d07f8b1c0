import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { EKS_BASE_URL } from '../../../__fixtures__/eksTestApi';
import { kubernetesVersions } from '../../../__fixtures__/addonCatalog';
import {
  EksKubernetesVersionPicker,
  kubernetesVersionLabel,
  supportCostNote,
  upgradeTargets,
} from './EksKubernetesVersionPicker';
import { eksKubernetesVersionPickerValidation } from './validation';
import {
  inputErrorResponse,
  renderField,
  setupEksBackend,
} from '../../../__testUtils__/eksTestApp';

// Rendering Backstage tables and MUI menus is slow on the shared CI machine.
jest.setTimeout(30_000);

const server = setupEksBackend();

describe('EksKubernetesVersionPicker', () => {
  it("preselects EKS's default and lets the user pick another version", async () => {
    const requests: URL[] = [];
    server.use(
      http.get(`${EKS_BASE_URL}/kubernetes-versions`, ({ request }) => {
        requests.push(new URL(request.url));
        return HttpResponse.json(kubernetesVersions);
      }),
    );
    const onChange = jest.fn();

    await renderField<string>({
      field: EksKubernetesVersionPicker,
      title: 'Kubernetes version',
      onChange,
      uiOptions: { region: 'eu-west-1' },
    });

    await waitFor(() => expect(onChange).toHaveBeenCalledWith('1.33'));
    expect(requests[0].searchParams.get('region')).toBe('eu-west-1');
    // what the chosen version costs in each support window, and when
    expect(
      await screen.findByText(
        '1.33 is in standard support ($0.10 per cluster-hour) until 2027-07-29; then extended support ($0.60 per cluster-hour) until 2028-07-29, or, with the Standard support policy, EKS upgrades the cluster then',
      ),
    ).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: /Kubernetes version/ }),
    );
    expect(
      screen.getAllByRole('option').map(option => option.textContent),
    ).toEqual([
      '1.34 — standard support until 2027-12-02, extended support until 2028-12-02',
      '1.33 — default; standard support until 2027-07-29, extended support until 2028-07-29',
      '1.32 — standard support',
      '1.29 — extended support until 2026-03-23',
    ]);
    await userEvent.click(
      screen.getByRole('option', {
        name: '1.29 — extended support until 2026-03-23',
      }),
    );
    expect(onChange).toHaveBeenLastCalledWith('1.29');
  });
});

describe('EksKubernetesVersionPicker for an upgrade (upgradeClusterField)', () => {
  function cluster(name: string, version: string) {
    return {
      name,
      arn: `arn:aws:eks:eu-west-1:123456789012:cluster/${name}`,
      region: 'eu-west-1',
      accountId: '123456789012',
      status: 'ACTIVE',
      version,
    };
  }

  function serve(clusters: ReturnType<typeof cluster>[]) {
    const requests: string[] = [];
    server.use(
      http.get(`${EKS_BASE_URL}/kubernetes-versions`, ({ request }) => {
        requests.push(`versions ${new URL(request.url).search}`);
        return HttpResponse.json(kubernetesVersions);
      }),
      http.get(`${EKS_BASE_URL}/clusters`, ({ request }) => {
        requests.push(`clusters ${new URL(request.url).search}`);
        return HttpResponse.json({ clusters });
      }),
    );
    return requests;
  }

  const renderUpgrade = (
    siblings: Record<string, unknown>,
    onChange = jest.fn(),
    initial?: string,
  ) =>
    renderField<string>({
      field: EksKubernetesVersionPicker,
      title: 'Target version',
      onChange,
      initial,
      uiOptions: { upgradeClusterField: 'clusterName' },
      siblings: { region: 'eu-west-1', ...siblings },
    });

  it("offers only the next minor version after the picked cluster's, with its support dates, and preselects it", async () => {
    const requests = serve([cluster('demo', '1.33'), cluster('old', '1.29')]);
    const onChange = jest.fn();
    await renderUpgrade({ clusterName: 'demo' }, onChange);

    await waitFor(() => expect(onChange).toHaveBeenLastCalledWith('1.34'));
    expect(requests).toEqual(
      expect.arrayContaining([
        'versions ?region=eu-west-1',
        'clusters ?region=eu-west-1',
      ]),
    );
    expect(
      await screen.findByText(
        /^demo: Kubernetes 1\.33 to 1\.34\. 1\.34 is in standard support \(\$0\.10 per cluster-hour\) until 2027-12-02; then extended support/,
      ),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: /Target version/ }),
    );
    expect(
      screen.getAllByRole('option').map(option => option.textContent),
    ).toEqual([
      '1.34 — standard support until 2027-12-02, extended support until 2028-12-02',
    ]);
  });

  it('replaces a prefilled version that is not the next one (e.g. from a link for another cluster)', async () => {
    serve([cluster('demo', '1.33')]);
    const onChange = jest.fn();
    await renderUpgrade({ clusterName: 'demo' }, onChange, '1.32');
    await waitFor(() => expect(onChange).toHaveBeenLastCalledWith('1.34'));
  });

  it('offers nothing to a cluster at the newest version EKS offers, and says so', async () => {
    serve([cluster('demo', '1.34')]);
    const onChange = jest.fn();
    await renderUpgrade({ clusterName: 'demo' }, onChange, '1.35');

    expect(
      await screen.findByText(
        'demo runs Kubernetes 1.34, the newest version EKS offers: there is no version to upgrade it to',
      ),
    ).toBeInTheDocument();
    // the value prefilled for another version is cleared: the form cannot go on
    await waitFor(() => expect(onChange).toHaveBeenLastCalledWith(undefined));
    expect(screen.queryAllByRole('option')).toEqual([]);
  });

  it('says when EKS does not offer the next version of an old cluster', async () => {
    serve([cluster('old', '1.29')]);
    await renderUpgrade({ clusterName: 'old' });
    expect(
      await screen.findByText(
        'EKS does not offer Kubernetes 1.30, the only version old (Kubernetes 1.29) can be upgraded to: EKS upgrades one minor version at a time',
      ),
    ).toBeInTheDocument();
  });

  it('asks nothing until a cluster is picked, and says what it waits for', async () => {
    const requests = serve([cluster('demo', '1.33')]);
    const onChange = jest.fn();
    await renderUpgrade({}, onChange);
    expect(
      await screen.findByText(
        'Pick the cluster first: the version it can be upgraded to is offered then.',
      ),
    ).toBeInTheDocument();
    expect(requests).toEqual([]);
    expect(onChange).not.toHaveBeenCalled();
  });

  it('names a picked cluster EKS does not list', async () => {
    serve([cluster('demo', '1.33')]);
    await renderUpgrade({ clusterName: 'gone' });
    expect(
      await screen.findByText(
        /^Could not list Kubernetes versions: Cluster "gone" was not found in the default account \/ eu-west-1/,
      ),
    ).toBeInTheDocument();
  });
});

describe('EksKubernetesVersionPicker failures name the field at fault', () => {
  const renderWith = (siblings: Record<string, unknown>) =>
    renderField<string>({
      field: EksKubernetesVersionPicker,
      title: 'Kubernetes version',
      onChange: jest.fn(),
      siblings,
    });

  it('does not ask the backend with a malformed account id, and says which field to fix', async () => {
    const requests: URL[] = [];
    server.use(
      http.get(`${EKS_BASE_URL}/kubernetes-versions`, ({ request }) => {
        requests.push(new URL(request.url));
        return HttpResponse.json(kubernetesVersions);
      }),
    );
    await renderWith({ region: 'eu-west-1', accountId: '1234' });
    expect(
      await screen.findByText(
        /^AWS account id: must be a 12-digit AWS account id\. The .+ (?:are listed|are shown) once it is fixed\.$/,
      ),
    ).toBeInTheDocument();
    expect(requests).toEqual([]);
    // the account field shows the mistake in red; this picker only says
    // what it waits for: one mistake, one red message
    expect(screen.getByText(/^AWS account id:/)).not.toHaveClass('Mui-error');
  });

  it("shows the backend's refusal of the account as the account field's problem, not 400 Bad Request", async () => {
    server.use(
      http.get(`${EKS_BASE_URL}/kubernetes-versions`, () =>
        inputErrorResponse(
          'accountId 123456789012 has no AWS credentials in this portal: add it to aws.accounts in app-config, or leave accountId out to use the default account',
        ),
      ),
    );
    await renderWith({ region: 'eu-west-1', accountId: '123456789012' });
    expect(
      await screen.findByText(
        /^AWS account id: 123456789012 has no AWS credentials in this portal: add it to aws\.accounts in app-config, or leave accountId out to use the default account\. The .+ (?:are listed|are shown) once it is fixed\.$/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/400|Bad Request/)).not.toBeInTheDocument();
  });

  it('says there is no access to the account on a 403', async () => {
    server.use(
      http.get(`${EKS_BASE_URL}/kubernetes-versions`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message: 'permission eks.cluster.read is required',
            },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );
    await renderWith({ region: 'eu-west-1', accountId: '123456789012' });
    expect(
      await screen.findByText(
        'Could not list Kubernetes versions: No access to account 123456789012: permission eks.cluster.read is required',
      ),
    ).toBeInTheDocument();
  });
});

describe('kubernetesVersionLabel', () => {
  it('says what EKS says when it gives no dates', () => {
    expect(
      kubernetesVersionLabel({
        version: '1.35',
        default: true,
        status: 'STANDARD_SUPPORT',
      }),
    ).toBe('1.35 — default; standard support');
    expect(
      kubernetesVersionLabel({
        version: '1.24',
        default: false,
        status: 'UNSUPPORTED',
        endOfStandardSupport: '2024-01-31T00:00:00.000Z',
      }),
    ).toBe('1.24 — no longer supported');
    expect(kubernetesVersionLabel({ version: '1.36', default: false })).toBe(
      '1.36',
    );
  });
});

describe('eksKubernetesVersionPickerValidation', () => {
  it("says the rule; the step's error list puts the field's title in front", () => {
    const errors: string[] = [];
    eksKubernetesVersionPickerValidation(
      'v1.33',
      { addError: (e: string) => errors.push(e) } as any,
      {
        apiHolder: { get: () => undefined },
        formData: {},
        schema: {},
      },
    );
    expect(errors).toEqual([
      'must be a Kubernetes minor version such as "1.33"',
    ]);
  });
});

describe('supportCostNote', () => {
  it('says a version in extended support is billed at the extended price', () => {
    expect(
      supportCostNote({
        version: '1.29',
        status: 'EXTENDED_SUPPORT',
        endOfExtendedSupport: '2026-03-23T00:00:00.000Z',
      } as Parameters<typeof supportCostNote>[0]),
    ).toBe(
      '1.29 is in extended support ($0.60 per cluster-hour) until 2026-03-23',
    );
  });

  it('says nothing without support dates', () => {
    expect(
      supportCostNote({
        version: '1.32',
        status: 'STANDARD_SUPPORT',
      } as Parameters<typeof supportCostNote>[0]),
    ).toBeUndefined();
  });
});

describe('upgradeTargets', () => {
  it('is the next minor version, when EKS offers it', () => {
    const versions = kubernetesVersions.versions;
    expect(upgradeTargets(versions, '1.33').map(v => v.version)).toEqual([
      '1.34',
    ]);
    expect(upgradeTargets(versions, '1.32').map(v => v.version)).toEqual([
      '1.33',
    ]);
    expect(upgradeTargets(versions, '1.34')).toEqual([]);
    expect(upgradeTargets(versions, '1.30')).toEqual([]);
  });
});
