import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { AddonVersionsResponse } from '@backstage-eks/plugin-eks-common';
import { EKS_BASE_URL } from '../../../__fixtures__/eksTestApi';
import { EksAddonPicker } from './EksAddonPicker';
import { eksAddonPickerValidation } from './validation';
import {
  renderField,
  setupEksBackend,
} from '../../../__testUtils__/eksTestApp';

const server = setupEksBackend();

// Menus and autocompletes take several clicks each; the shared CI machine is slow.
jest.setTimeout(30_000);

const catalog: AddonVersionsResponse = {
  kubernetesVersion: '1.33',
  addons: [
    {
      name: 'aws-mountpoint-s3-csi-driver',
      type: 'storage',
      publisher: 'eks',
      owner: 'aws',
      versions: [
        {
          version: 'v2.0.0-eksbuild.1',
          default: false,
          requiresIamPermissions: true,
        },
        {
          version: 'v1.15.0-eksbuild.1',
          default: true,
          requiresIamPermissions: true,
        },
      ],
    },
  ],
};

/** DescribeAddonConfiguration as the backend answers it: v1 declares no Pod Identity. */
function serve(configurationRequests: URL[]) {
  server.use(
    http.get(`${EKS_BASE_URL}/addons/versions`, () =>
      HttpResponse.json(catalog),
    ),
    http.get(
      `${EKS_BASE_URL}/addons/aws-mountpoint-s3-csi-driver/configuration`,
      ({ request }) => {
        const url = new URL(request.url);
        configurationRequests.push(url);
        const addonVersion = url.searchParams.get('version')!;
        return HttpResponse.json({
          addonName: 'aws-mountpoint-s3-csi-driver',
          addonVersion,
          podIdentityConfiguration: addonVersion.startsWith('v2.')
            ? [
                {
                  serviceAccount: 's3-csi-driver-sa',
                  recommendedManagedPolicies: [
                    'arn:aws:iam::aws:policy/AmazonS3FullAccess',
                  ],
                },
              ]
            : [],
        });
      },
    ),
  );
}

describe('EksAddonPicker: namespace and Pod Identity of an add-on', () => {
  it("shows the policies EKS recommends for the chosen version and emits podIdentity 'recommended' when asked", async () => {
    const requests: URL[] = [];
    serve(requests);
    const onChange = jest.fn();
    await renderField({
      field: EksAddonPicker,
      title: 'Add-on',
      onChange,
      uiOptions: {},
      siblings: { kubernetesVersion: '1.33', region: 'eu-west-1' },
    });
    await screen.findByText('1 add-ons available for Kubernetes 1.33');
    await userEvent.click(screen.getByRole('textbox', { name: 'Add-on 1' }));
    await userEvent.click(
      screen.getByText('aws-mountpoint-s3-csi-driver (eks, storage)'),
    );

    // latest is v2.0.0, which declares Pod Identity
    expect(
      await screen.findByText(
        /aws-mountpoint-s3-csi-driver needs AWS permissions\. EKS recommends for Pod Identity — s3-csi-driver-sa: AmazonS3FullAccess\./,
      ),
    ).toBeInTheDocument();
    expect(requests[0].searchParams.get('version')).toBe('v2.0.0-eksbuild.1');
    expect(requests[0].searchParams.get('region')).toBe('eu-west-1');
    await userEvent.click(
      screen.getByRole('checkbox', {
        name: 'Create a Pod Identity role for add-on 1 with the recommended policies',
      }),
    );
    expect(onChange).toHaveBeenLastCalledWith({
      name: 'aws-mountpoint-s3-csi-driver',
      version: 'latest',
      podIdentity: 'recommended',
    });
  });

  it('says before anything runs that a version without Pod Identity cannot have it', async () => {
    serve([]);
    await renderField({
      field: EksAddonPicker,
      title: 'Add-on',
      onChange: jest.fn(),
      uiOptions: {},
      siblings: { kubernetesVersion: '1.33' },
      initial: { name: 'aws-mountpoint-s3-csi-driver', version: 'default' },
    });
    expect(
      await screen.findByText(
        /aws-mountpoint-s3-csi-driver v1\.15\.0-eksbuild\.1 needs AWS permissions but does not support EKS Pod Identity/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('checkbox', { name: /Create a Pod Identity role/ }),
    ).not.toBeInTheDocument();
  });

  it('emits the namespace typed, and names a bad one', async () => {
    serve([]);
    const onChange = jest.fn();
    await renderField({
      field: EksAddonPicker,
      title: 'Add-on',
      onChange,
      uiOptions: {},
      siblings: { kubernetesVersion: '1.33' },
      initial: { name: 'aws-mountpoint-s3-csi-driver', version: 'default' },
    });
    await userEvent.type(
      await screen.findByRole('textbox', { name: 'Namespace of add-on 1' }),
      's',
    );
    await waitFor(() =>
      expect(onChange).toHaveBeenLastCalledWith({
        name: 'aws-mountpoint-s3-csi-driver',
        version: 'default',
        namespace: 's',
      }),
    );

    const errors: string[] = [];
    eksAddonPickerValidation(
      [
        {
          name: 'aws-mountpoint-s3-csi-driver',
          version: 'latest',
          namespace: 'S3_System',
        },
      ],
      { addError: (e: string) => errors.push(e) } as any,
      { apiHolder: { get: () => undefined }, formData: {}, schema: {} } as any,
    );
    expect(errors).toEqual([
      'Add-on 1 (aws-mountpoint-s3-csi-driver): namespace must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit',
    ]);
  });
});
