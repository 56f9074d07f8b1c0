import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { eksApiRef } from '../../../api';
import {
  createTestEksClient,
  EKS_BASE_URL,
} from '../../../__fixtures__/eksTestApi';
import { kubernetesVersions } from '../../../__fixtures__/addonCatalog';
import { FieldHarness } from '../../../__fixtures__/FieldHarness';
import { EksKubernetesVersionPicker } from './EksKubernetesVersionPicker';
import { eksKubernetesVersionPickerValidation } from './validation';

// Rendering Backstage tables and MUI menus is slow on the shared CI machine.
jest.setTimeout(30_000);

const server = setupServer();

describe('EksKubernetesVersionPicker', () => {
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it("preselects EKS's default and lets the user pick another version", async () => {
    const requests: URL[] = [];
    server.use(
      http.get(`${EKS_BASE_URL}/kubernetes-versions`, ({ request }) => {
        requests.push(new URL(request.url));
        return HttpResponse.json(kubernetesVersions);
      }),
    );
    const onChange = jest.fn();

    await renderInTestApp(
      <TestApiProvider apis={[[eksApiRef, createTestEksClient()]]}>
        <FieldHarness<string>
          field={EksKubernetesVersionPicker}
          title="Kubernetes version"
          onChange={onChange}
          uiOptions={{ region: 'eu-west-1' }}
        />
      </TestApiProvider>,
    );

    await waitFor(() => expect(onChange).toHaveBeenCalledWith('1.33'));
    expect(requests[0].searchParams.get('region')).toBe('eu-west-1');

    await userEvent.click(
      screen.getByRole('button', { name: /Kubernetes version/ }),
    );
    expect(
      screen.getByRole('option', {
        name: '1.33 (EKS default, standard support, standard support until 2027-07-29)',
      }),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('option', { name: /^1\.29 \(extended support\)/ }),
    );
    expect(onChange).toHaveBeenLastCalledWith('1.29');
  });
});

describe('eksKubernetesVersionPickerValidation', () => {
  it('names the field and the rule', () => {
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
      'Kubernetes version must be a Kubernetes minor version such as "1.33"',
    ]);
  });
});
