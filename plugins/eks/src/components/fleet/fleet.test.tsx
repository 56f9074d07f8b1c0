import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { FleetResponse } from '@backstage-eks/plugin-eks-common';
import { eksApiRef } from '../../api';
import {
  EKS_BASE_URL,
  createTestEksClient,
} from '../../__fixtures__/eksTestApi';
import { fleetRow, largeFleet } from '../../__fixtures__/fleet';
import { setupEksBackend } from '../../__testUtils__/eksTestApp';
import { EksFleetPageContent } from './EksFleetPageContent';
import { EksFleetCard } from './EksFleetCard';
import { supportText } from './fleetCells';

// Rendering MUI tables and menus is slow on the shared CI machine.
jest.setTimeout(60_000);

const server = setupEksBackend();
const HOUR = 3_600_000;

const fleet: FleetResponse = {
  rows: [
    fleetRow('payments-prod', {
      accountId: '111111111111',
      region: 'eu-west-1',
      version: '1.30',
      nextVersion: '1.31',
      owner: 'group:default/payments',
      system: 'payments',
      support: {
        standardUntil: '2025-07-23T00:00:00Z',
        extendedUntil: '2026-07-23T00:00:00Z',
        inExtendedSupport: true,
        standardSupportEnded: true,
        extendedMonthlyCostUsd: 438,
        upgradePolicy: 'EXTENDED',
      },
    }),
    fleetRow('search-dev', {
      accountId: '222222222222',
      region: 'us-east-1',
      version: '1.34',
      nextVersion: undefined,
      owner: 'search',
      system: 'search',
      ageMinutes: 3,
    }),
    fleetRow('data-staging', {
      accountId: '111111111111',
      region: 'us-east-1',
      version: '1.32',
      nextVersion: '1.33',
      owner: 'group:default/data',
      system: 'data',
      readiness: { errors: 2, warnings: 1 },
      diagnostics: { critical: 1, warning: 2, info: 0 },
      verdict: 'failing',
      error: 'ThrottlingException: Rate exceeded',
      ageMinutes: 90,
    }),
    fleetRow('identity-prod', {
      accountId: '222222222222',
      region: 'eu-west-1',
      karpenter: { version: '1.8.1', latest: '1.8.1', current: true },
    }),
    fleetRow('checkout-prod', {
      accountId: '111111111111',
      region: 'eu-west-1',
      owner: 'group:default/payments',
      system: 'checkout',
      addons: [{ name: 'vpc-cni', version: 'v1.19.0-eksbuild.1' }],
      karpenter: { version: '1.5.0', latest: '1.8.1', current: false },
    }),
  ],
  regions: [
    {
      accountId: '111111111111',
      region: 'eu-west-1',
      lastSuccessAt: new Date(Date.now() - 60_000).toISOString(),
      clusterCount: 3,
    },
    {
      accountId: '333333333333',
      region: 'us-west-2',
      lastSuccessAt: new Date(Date.now() - 2 * HOUR).toISOString(),
      lastAttemptAt: new Date(Date.now() - 60_000).toISOString(),
      error: 'AccessDenied: not authorized to perform sts:AssumeRole',
      clusterCount: 4,
    },
  ],
  generatedAt: new Date(Date.now() - 60_000).toISOString(),
};

function serveFleet(response: FleetResponse = fleet) {
  const requests: URL[] = [];
  server.use(
    http.get(`${EKS_BASE_URL}/fleet`, ({ request }) => {
      requests.push(new URL(request.url));
      return HttpResponse.json(response);
    }),
  );
  return requests;
}

function render(element: JSX.Element, path = '/eks-fleet', entity?: Entity) {
  return renderInTestApp(
    <TestApiProvider apis={[[eksApiRef, createTestEksClient()]]}>
      {entity ? (
        <EntityProvider entity={entity}>{element}</EntityProvider>
      ) : (
        element
      )}
    </TestApiProvider>,
    {
      routeEntries: [path],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

/** The cluster names of the table's rows, in order. */
function shownNames(): string[] {
  return screen
    .getAllByTestId('fleet-row')
    .map(row => within(row).getAllByRole('cell')[0].textContent ?? '');
}

/** A sortable column's header. */
function header(name: string) {
  return within(screen.getByRole('table')).getByRole('button', { name });
}

async function chooseOption(label: string, option: string) {
  await userEvent.click(
    within(screen.getByTestId('fleet-filters')).getByRole('button', {
      name: new RegExp(`^${label}`),
    }),
  );
  await userEvent.click(await screen.findByRole('option', { name: option }));
}

describe('EksFleetPageContent', () => {
  it('lists every row with its columns, failed regions and row ages', async () => {
    const requests = serveFleet();
    await render(<EksFleetPageContent />);

    expect(await screen.findByText('5 clusters')).toBeInTheDocument();
    expect(requests).toHaveLength(1);
    expect(shownNames()).toEqual([
      'checkout-prod',
      'data-staging',
      'identity-prod',
      'payments-prod',
      'search-dev',
    ]);
    // summary: 3 need attention (extended support, failing, add-on and Karpenter behind)
    expect(screen.getByText(/3 need attention/)).toBeInTheDocument();

    const row = (name: string) =>
      screen
        .getAllByTestId('fleet-row')
        .find(r => r.textContent?.includes(name))!;
    // name linked to its entity
    expect(
      within(row('payments-prod')).getByRole('link', { name: 'payments-prod' }),
    ).toHaveAttribute('href', '/catalog/default/resource/payments-prod');
    // support: extended support and its price
    expect(
      within(row('payments-prod')).getByText('Extended support, $438.00/month'),
    ).toBeInTheDocument();
    expect(
      within(row('payments-prod')).getByText(
        /is in extended support \(\$438\.00 a month for the control plane\)/,
      ),
    ).toBeInTheDocument();
    // readiness, diagnostics in the EKS tab's words, health, refresh error and age
    const staging = within(row('data-staging'));
    expect(staging.getByText('1.33: 2 errors, 1 warning')).toBeInTheDocument();
    expect(staging.getByText('1 failing, 2 warnings')).toBeInTheDocument();
    expect(staging.getByText('Failing')).toBeInTheDocument();
    expect(staging.getByText('1 hour ago')).toBeInTheDocument();
    expect(
      staging.getByText('Refresh failed: ThrottlingException: Rate exceeded'),
    ).toBeInTheDocument();
    expect(
      within(row('search-dev')).getByText('3 minutes ago'),
    ).toBeInTheDocument();
    expect(
      within(row('search-dev')).getByText('newest version'),
    ).toBeInTheDocument();
    // Karpenter and add-ons behind the fleet's newest on the same minor
    const checkout = within(row('checkout-prod'));
    expect(checkout.getByText('1.5.0 (latest 1.8.1)')).toBeInTheDocument();
    expect(checkout.getByText('1 behind')).toBeInTheDocument();
    expect(
      checkout.getByTitle(
        'vpc-cni v1.19.0-eksbuild.1 → fleet v1.20.0-eksbuild.1',
      ),
    ).toHaveTextContent('vpc-cni');
    expect(
      within(row('identity-prod')).getByText('1.8.1 (current)'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/critical/i)).not.toBeInTheDocument();

    // the failed account region: its error, last success and the rows kept
    const failed = screen.getByTestId('failed-region');
    expect(failed).toHaveTextContent(
      '333333333333 / us-west-2: AccessDenied: not authorized to perform sts:AssumeRole — last success 2 hours ago, last attempt 1 minute ago, 4 clusters kept',
    );
  });

  it('sorts by a column, ascending then descending, by the shared sort keys', async () => {
    serveFleet();
    await render(<EksFleetPageContent />);
    await screen.findByText('5 clusters');

    await userEvent.click(header('Version'));
    expect(shownNames()).toEqual([
      'payments-prod',
      'data-staging',
      'checkout-prod',
      'identity-prod',
      'search-dev',
    ]);
    await userEvent.click(header('Version'));
    expect(shownNames()[0]).toBe('search-dev');
    expect(shownNames()[4]).toBe('payments-prod');

    await userEvent.click(header('Refreshed'));
    expect(shownNames()[0]).toBe('data-staging');
  });

  it('filters by needs attention, account, region, owner and version, and searches', async () => {
    serveFleet();
    await render(<EksFleetPageContent />);
    await screen.findByText('5 clusters');

    await userEvent.click(
      screen.getByRole('checkbox', { name: /Needs attention \(3\)/ }),
    );
    expect(shownNames()).toEqual([
      'checkout-prod',
      'data-staging',
      'payments-prod',
    ]);
    expect(screen.getByText('3 of 5 clusters')).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('checkbox', { name: /Needs attention/ }),
    );
    expect(shownNames()).toHaveLength(5);

    await chooseOption('Account', '222222222222');
    expect(shownNames()).toEqual(['identity-prod', 'search-dev']);
    await chooseOption('Region', 'us-east-1');
    expect(shownNames()).toEqual(['search-dev']);
    await chooseOption('Account', 'All');
    await chooseOption('Region', 'All');

    await chooseOption('Owner', 'group:default/payments');
    expect(shownNames()).toEqual(['checkout-prod', 'payments-prod']);
    await chooseOption('Owner', 'All');
    await chooseOption('Version', '1.33');
    expect(shownNames()).toEqual(['checkout-prod', 'identity-prod']);
    await chooseOption('Version', 'All');

    await userEvent.type(screen.getByLabelText('Search clusters'), 'STAGING');
    expect(shownNames()).toEqual(['data-staging']);
    await userEvent.clear(screen.getByLabelText('Search clusters'));
    await userEvent.type(
      screen.getByLabelText('Search clusters'),
      'nothing-like-it',
    );
    expect(screen.getByText('No clusters match.')).toBeInTheDocument();
  });

  it('reads its filters and an entity from the URL', async () => {
    serveFleet();
    await render(
      <EksFleetPageContent />,
      '/eks-fleet?entity=group%3Adefault%2Fpayments&attention=true&sort=version&dir=desc',
    );
    await screen.findByText('2 of 5 clusters');
    expect(shownNames()).toEqual(['checkout-prod', 'payments-prod']);
    expect(
      screen.getByText('Clusters of group:default/payments'),
    ).toBeInTheDocument();
  });

  it('shows one page of 2,000 clusters at a time', async () => {
    serveFleet(largeFleet(2000));
    await render(<EksFleetPageContent />);
    await screen.findByText('2000 clusters');
    expect(screen.getAllByTestId('fleet-row')).toHaveLength(25);
    expect(screen.getByText('1-25 of 2000')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(shownNames()[0]).toBe('c-0026');
  });

  it('downloads the backend CSV with the user credentials', async () => {
    serveFleet();
    const csvRequests: Request[] = [];
    server.use(
      http.get(`${EKS_BASE_URL}/fleet.csv`, ({ request }) => {
        csvRequests.push(request);
        return new HttpResponse('account,region,name\r\n', {
          headers: { 'content-type': 'text/csv' },
        });
      }),
    );
    const created: Blob[] = [];
    URL.createObjectURL = jest.fn((blob: Blob) => {
      created.push(blob);
      return 'blob:fleet';
    });
    URL.revokeObjectURL = jest.fn();
    const clicked = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function click(this: HTMLAnchorElement) {
        expect(this.download).toBe('eks-fleet.csv');
        expect(this.href).toBe('blob:fleet');
      });
    await render(<EksFleetPageContent />);
    await screen.findByText('5 clusters');

    await userEvent.click(screen.getByRole('button', { name: /CSV/ }));

    await waitFor(() => expect(clicked).toHaveBeenCalledTimes(1));
    expect(csvRequests).toHaveLength(1);
    expect(await created[0].text()).toBe('account,region,name\r\n');
    clicked.mockRestore();
  });

  it('says why the fleet could not be loaded', async () => {
    server.use(
      http.get(`${EKS_BASE_URL}/fleet`, () =>
        HttpResponse.json(
          {
            error: { name: 'NotAllowedError', message: 'Not allowed' },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );
    await render(<EksFleetPageContent />);
    expect((await screen.findAllByText(/Not allowed/)).length).toBeGreaterThan(
      0,
    );
    expect(screen.queryByTestId('fleet-row')).not.toBeInTheDocument();
  });
});

describe('EksFleetCard', () => {
  const group = (name: string): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [] },
  });

  it('lists the clusters a Group owns, those needing attention first, with a link to the filtered page', async () => {
    serveFleet();
    await render(<EksFleetCard />, '/', group('payments'));

    expect(
      await screen.findByText('2 clusters, 2 need attention'),
    ).toBeInTheDocument();
    expect(shownNames()).toEqual(['checkout-prod', 'payments-prod']);
    // the reasons as a count, each on hover
    expect(screen.getByText('2 reasons')).toHaveAttribute(
      'title',
      expect.stringContaining('Karpenter 1.5.0 is not current (latest 1.8.1)'),
    );
    expect(screen.getByText('1 reason')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /View in the fleet page/ }),
    ).toHaveAttribute('href', '/eks-fleet?entity=group%3Adefault%2Fpayments');
  });

  it("matches an owner written without kind or namespace, and a System by the rows' system", async () => {
    serveFleet();
    const { unmount } = await render(<EksFleetCard />, '/', group('search'));
    expect(
      await screen.findByText('1 cluster, 0 need attention'),
    ).toBeInTheDocument();
    expect(shownNames()).toEqual(['search-dev']);
    unmount();

    await render(<EksFleetCard fleetPagePath="/fleet" />, '/', {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: 'eks-platform', namespace: 'default' },
      spec: { owner: 'platform' },
    });
    expect(
      await screen.findByText('1 cluster, 0 need attention'),
    ).toBeInTheDocument();
    expect(shownNames()).toEqual(['identity-prod']);
    expect(
      screen.getByRole('link', { name: /View in the fleet page/ }),
    ).toHaveAttribute('href', '/fleet?entity=system%3Adefault%2Feks-platform');
  });

  it('says when no cluster belongs to the entity', async () => {
    serveFleet();
    await render(<EksFleetCard />, '/', group('nobody'));
    expect(
      await screen.findByText(
        /No EKS cluster of the fleet belongs to group:default\/nobody/,
      ),
    ).toBeInTheDocument();
  });
});

describe('supportText', () => {
  const support = fleetRow('x').support;

  it('names the extended price while billed, and what extended support would cost otherwise', () => {
    expect(
      supportText(
        fleetRow('x', {
          support: {
            ...support,
            standardSupportEnded: true,
            inExtendedSupport: true,
          },
        }),
      )[0],
    ).toBe('Extended support, $438.00/month');
    expect(supportText(fleetRow('x'))).toContain(
      'Extended would cost $438.00/month',
    );
  });

  it('says extended support ended, with no price, once it has', () => {
    const lines = supportText(
      fleetRow('x', {
        support: {
          ...support,
          standardSupportEnded: true,
          extendedSupportEnded: true,
        },
      }),
    );
    expect(lines[0]).toBe('Extended support ended');
    expect(lines.join(' ')).not.toMatch(/\$/);
  });
});
