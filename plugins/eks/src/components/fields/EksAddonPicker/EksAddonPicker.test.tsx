import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { EKS_BASE_URL } from '../../../__fixtures__/eksTestApi';
import { addonVersions133 } from '../../../__fixtures__/addonCatalog';
import { EksAddonPicker } from './EksAddonPicker';
import { EksAddonSelection } from './schema';
import { eksAddonPickerValidation } from './validation';
import {
  inputErrorResponse,
  renderField,
  setupEksBackend,
} from '../../../__testUtils__/eksTestApp';

const server = setupEksBackend();

// Menus and autocompletes take several clicks each; the shared CI machine is slow.
jest.setTimeout(30_000);

function serveCatalog(requests: URL[]) {
  server.use(
    http.get(`${EKS_BASE_URL}/addons/versions`, ({ request }) => {
      requests.push(new URL(request.url));
      return HttpResponse.json(addonVersions133);
    }),
    http.get(`${EKS_BASE_URL}/clusters`, () =>
      HttpResponse.json({
        clusters: [
          {
            name: 'demo',
            arn: 'arn:aws:eks:eu-west-1:000000000000:cluster/demo',
            region: 'eu-west-1',
            accountId: '000000000000',
            version: '1.33',
          },
        ],
      }),
    ),
  );
}

function renderPicker(
  onChange: (value?: EksAddonSelection | EksAddonSelection[]) => void,
  uiOptions: Record<string, unknown>,
  siblings: Record<string, unknown>,
) {
  return renderField({
    field: EksAddonPicker,
    title: 'Add-on',
    onChange,
    uiOptions,
    siblings,
  });
}

describe('EksAddonPicker', () => {
  it("lists add-ons for the chosen cluster's version and emits name and version", async () => {
    const requests: URL[] = [];
    serveCatalog(requests);
    const onChange = jest.fn();

    await renderPicker(onChange, {}, { cluster: 'demo', region: 'eu-west-1' });

    expect(
      await screen.findByText('3 add-ons available for Kubernetes 1.33'),
    ).toBeInTheDocument();
    expect(requests[0].searchParams.get('kubernetesVersion')).toBe('1.33');
    expect(requests[0].searchParams.get('region')).toBe('eu-west-1');

    await userEvent.click(screen.getByRole('textbox', { name: 'Add-on 1' }));
    await userEvent.click(
      screen.getByText('external-dns (kubernetes-sigs, networking)'),
    );
    expect(onChange).toHaveBeenLastCalledWith({
      name: 'external-dns',
      version: 'latest',
    });

    await userEvent.click(
      screen.getByRole('button', { name: /Version of add-on 1/ }),
    );
    expect(
      screen.getByRole('option', { name: 'default (v0.19.0-eksbuild.2)' }),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('option', {
        name: 'v0.19.0-eksbuild.2 — needs IAM permissions',
      }),
    );
    expect(onChange).toHaveBeenLastCalledWith({
      name: 'external-dns',
      version: 'v0.19.0-eksbuild.2',
    });
  });

  it('builds a list of add-ons, each named once, with the default version preselected', async () => {
    serveCatalog([]);
    const onChange = jest.fn();

    await renderPicker(
      onChange,
      { multiple: true, defaultVersion: 'default' },
      { kubernetesVersion: '1.33' },
    );
    await screen.findByText('3 add-ons available for Kubernetes 1.33');

    await userEvent.click(screen.getByRole('textbox', { name: 'Add-on 1' }));
    await userEvent.click(screen.getByText('coredns (eks, networking)'));
    await userEvent.click(
      screen.getByRole('button', { name: 'Add an add-on' }),
    );
    await userEvent.click(screen.getByRole('textbox', { name: 'Add-on 2' }));
    expect(
      screen.queryByRole('option', { name: 'coredns (eks, networking)' }),
    ).not.toBeInTheDocument();
    await userEvent.click(screen.getByText('vpc-cni (eks, networking)'));

    expect(onChange).toHaveBeenLastCalledWith([
      { name: 'coredns', version: 'default' },
      { name: 'vpc-cni', version: 'default' },
    ]);

    await userEvent.click(
      screen.getByRole('button', { name: 'Remove add-on 1' }),
    );
    await waitFor(() =>
      expect(onChange).toHaveBeenLastCalledWith([
        { name: 'vpc-cni', version: 'default' },
      ]),
    );
  });
});

describe('eksAddonPickerValidation', () => {
  const run = (value: EksAddonSelection | EksAddonSelection[]) => {
    const errors: string[] = [];
    eksAddonPickerValidation(
      value,
      { addError: (e: string) => errors.push(e) } as any,
      { apiHolder: { get: () => undefined }, formData: {}, schema: {} },
    );
    return errors;
  };

  it('accepts latest, default and exact versions', () => {
    expect(
      run([
        { name: 'vpc-cni', version: 'latest' },
        { name: 'coredns', version: 'v1.12.1-eksbuild.2' },
      ]),
    ).toEqual([]);
  });

  it('names the add-on and the rule it breaks', () => {
    expect(
      run([
        { name: 'vpc-cni', version: '1.20' },
        { name: 'vpc-cni', version: 'latest' },
        { name: 'VPC CNI', version: 'latest' },
      ]),
    ).toEqual([
      'Add-on 1 (vpc-cni): version must be "latest", "default" or an exact version such as "v1.19.2-eksbuild.1"',
      'Add-on 2: vpc-cni is listed more than once',
      'Add-on 3: name must be an EKS add-on name: lower-case letters, digits, ".", "_" and "-"',
    ]);
  });

  it("leaves the field's title to the step's error list, which puts it in front", () => {
    const errors: string[] = [];
    eksAddonPickerValidation(
      { name: 'vpc-cni', version: '1.20' },
      { addError: (e: string) => errors.push(e) } as any,
      {
        apiHolder: { get: () => undefined },
        formData: {},
        schema: { title: 'Core add-ons' },
      } as any,
    );
    expect(errors).toEqual([
      'version must be "latest", "default" or an exact version such as "v1.19.2-eksbuild.1"',
    ]);
  });
});

describe('EksAddonPicker failures name the field at fault', () => {
  it("shows a region AWS has no endpoint for as the region field's problem", async () => {
    server.use(
      http.get(`${EKS_BASE_URL}/addons/versions`, () =>
        inputErrorResponse(
          'region: the AWS endpoint eks.xx-fake-9.amazonaws.com does not resolve: check that the region exists and offers the service',
        ),
      ),
    );
    await renderPicker(
      jest.fn(),
      { multiple: true },
      { kubernetesVersion: '1.33', region: 'xx-fake-9' },
    );
    expect(
      await screen.findByText(
        /^AWS region: the AWS endpoint eks\.xx-fake-9\.amazonaws\.com does not resolve: check that the region exists and offers the service\. The .+ (?:are listed|are shown) once it is fixed\.$/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Could not list add-ons/)).toBeNull();
  });

  it('does not ask the backend with a malformed account id', async () => {
    const requests: URL[] = [];
    serveCatalog(requests);
    await renderPicker(
      jest.fn(),
      { multiple: true },
      { kubernetesVersion: '1.33', accountId: '12-34' },
    );
    expect(
      await screen.findByText(
        /^AWS account id: must be a 12-digit AWS account id\. The .+ (?:are listed|are shown) once it is fixed\.$/,
      ),
    ).toBeInTheDocument();
    expect(requests).toEqual([]);
  });
});
