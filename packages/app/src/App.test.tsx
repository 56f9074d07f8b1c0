import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { render, screen, waitFor, within } from '@testing-library/react';
import { createPortalApp } from './App';
import { EKS_CLUSTERS_CATALOG_PATH } from './modules/home';

// The `app.extensions` of app-config.yaml that this test is about: `/`
// redirects to the Home page, and the Home page shows the EKS clusters
// widget and no widget that needs the internet. (The guest sign-in page is
// off here: it asks the auth backend, which this test does not run.)
const appExtensions = [
  { 'sign-in-page:app': false },
  { 'app/routes': { config: { redirects: [{ from: '/', to: '/home' }] } } },
  { 'catalog-filter:catalog/kind': { config: { initialFilter: 'resource' } } },
  { 'catalog-filter:catalog/list': { config: { initialFilter: 'all' } } },
  {
    'sub-page:scaffolder/templates': {
      config: {
        groups: [
          {
            title: 'Create a cluster',
            filter: { 'metadata.name': 'new-eks-cluster' },
          },
          {
            title: 'Change a cluster',
            filter: {
              'metadata.name': {
                $in: [
                  'install-eks-addons',
                  'setup-karpenter',
                  'eks-pod-identity',
                ],
              },
            },
          },
          {
            title: 'Delete a cluster',
            filter: { 'metadata.name': 'delete-eks-cluster' },
          },
        ],
      },
    },
  },
  { 'home-page-widget:home/random-joke': false },
  { 'home-page-widget:home/toolkit': false },
  { 'home-page-widget:home/world-clock': false },
  {
    'page:home': {
      config: {
        defaultConfig: [
          {
            component: 'EksClusters',
            column: 0,
            row: 0,
            width: 6,
            height: 6,
          },
          {
            component: 'HomePageRandomJoke',
            column: 6,
            row: 0,
            width: 6,
            height: 6,
          },
        ],
      },
    },
  },
];

// The fleet the EKS backend serves: one cluster.
const fleet = {
  rows: [
    {
      accountId: '111111111111',
      region: 'us-east-1',
      name: 'payments-prod-0001',
      arn: 'arn:aws:eks:us-east-1:111111111111:cluster/payments-prod-0001',
      status: 'ACTIVE',
      version: '1.33',
      support: {
        inExtendedSupport: false,
        standardSupportEnded: false,
        extendedMonthlyCostUsd: 438,
      },
      addons: [],
      diagnostics: { critical: 0, warning: 0, info: 0 },
      verdict: 'healthy',
      refreshedAt: new Date().toISOString(),
    },
  ],
  regions: [],
  generatedAt: new Date().toISOString(),
};

// The backend, as far as these pages ask it: the catalog holds the five
// templates (nothing else), the EKS backend the fleet above; every other
// request is a 404.
let fetchMock: jest.SpyInstance;
beforeAll(() => {
  const template = (name: string, title: string) => ({
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name, namespace: 'default', title, description: title },
    spec: { type: 'service', steps: [], parameters: [] },
  });
  // by title, "Delete EKS cluster" would come first
  const templates = [
    template('delete-eks-cluster', 'Delete EKS cluster'),
    template('eks-pod-identity', 'Pod Identity for a workload'),
    template('install-eks-addons', 'Install EKS add-ons'),
    template('new-eks-cluster', 'New EKS cluster'),
    template('setup-karpenter', 'Set up Karpenter'),
  ];
  fetchMock = jest
    .spyOn(globalThis, 'fetch')
    .mockImplementation(async input => {
      const url = new URL(String(input instanceof Request ? input.url : input));
      if (url.pathname.startsWith('/api/catalog/entities/by-query')) {
        return Response.json({
          items: templates,
          totalItems: templates.length,
          pageInfo: {},
        });
      }
      if (url.pathname.startsWith('/api/catalog/entities')) {
        return Response.json(templates);
      }
      if (url.pathname.startsWith('/api/catalog/entity-facets')) {
        return Response.json({ facets: {} });
      }
      if (url.pathname === '/api/eks/fleet') {
        return Response.json(fleet);
      }
      return new Response('{}', { status: 404 });
    });
});
afterAll(() => fetchMock.mockRestore());

function renderAppAt(path: string) {
  process.env = {
    NODE_ENV: 'test',
    APP_CONFIG: [
      {
        data: {
          app: { title: 'Test', extensions: appExtensions },
          backend: { baseUrl: 'http://localhost:7007' },
          techdocs: {
            storageUrl: 'http://localhost:7007/api/techdocs/static/docs',
          },
        },
        context: 'test',
      },
    ] as any,
  };
  window.history.pushState({}, '', path);
  return render(createPortalApp().createRoot());
}

jest.setTimeout(30_000);

// The Home page's grid (react-grid-layout) lays widgets out only once it has
// measured a width; jsdom measures every element as 0 px wide.
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'offsetWidth', {
    configurable: true,
    get: () => 1200,
  });
});

describe('App', () => {
  it('opens `/` on the Home page, which leads to the EKS clusters and the Create page', async () => {
    renderAppAt('/');

    const clusters = await screen.findByRole(
      'link',
      { name: 'See the EKS clusters' },
      { timeout: 10_000 },
    );
    expect(window.location.pathname).toBe('/home');
    expect(decodeURI(clusters.getAttribute('href')!)).toBe(
      EKS_CLUSTERS_CATALOG_PATH,
    );
    // the widget's own link (the sidebar has a Create item too)
    expect(
      within(clusters.closest('ul')!).getByRole('link', { name: 'Create' }),
    ).toHaveAttribute('href', '/create');
  });

  it('renders `/home` without the internet widgets, even when a saved layout names one', async () => {
    renderAppAt('/home');

    expect(
      await screen.findByText('EKS clusters', {}, { timeout: 10_000 }),
    ).toBeInTheDocument();
    await waitFor(() => expect(window.location.pathname).toBe('/home'));
    expect(screen.queryByText('Random Joke')).not.toBeInTheDocument();
  });

  it('opens the catalog on Resources of every owner (EKS clusters are Resources)', async () => {
    renderAppAt('/catalog');

    await waitFor(
      () => {
        const filters = new URLSearchParams(window.location.search);
        expect(filters.get('filters[kind]')).toBe('resource');
        expect(filters.get('filters[user]')).toBe('all');
      },
      { timeout: 10_000 },
    );
  });

  it('has the EKS fleet page in the sidebar, listing the fleet', async () => {
    renderAppAt('/eks-fleet');

    expect(
      await screen.findByText('payments-prod-0001', {}, { timeout: 15_000 }),
    ).toBeInTheDocument();
    // the sidebar's item (the page header names the page too)
    expect(
      screen
        .getAllByRole('link', { name: 'EKS fleet' })
        .map(link => link.getAttribute('href')),
    ).toContain('/eks-fleet');
  });

  it('app-config.yaml configures the extensions this test configures', () => {
    const appConfig = readFileSync(
      join(__dirname, '..', '..', '..', 'app-config.yaml'),
      'utf8',
    );
    const ids = appExtensions
      .flatMap(Object.keys)
      .filter(id => id !== 'sign-in-page:app');
    expect(ids.filter(id => !appConfig.includes(`- ${id}:`))).toEqual([]);
    expect(appConfig).toMatch(/from: \/\n\s+to: \/home/);
    expect(appConfig).toContain('initialFilter: resource');
  });

  it('lists the templates on the Create page by what they do to a cluster, deleting last', async () => {
    renderAppAt('/create');

    const headings = await screen.findAllByText(
      /^(Create|Change|Delete) a cluster$/,
      {},
      { timeout: 15_000 },
    );
    expect(headings.map(h => h.textContent)).toEqual([
      'Create a cluster',
      'Change a cluster',
      'Delete a cluster',
    ]);
    const titles = await screen.findAllByText(
      /^(Delete EKS cluster|Pod Identity for a workload|Install EKS add-ons|New EKS cluster|Set up Karpenter)$/,
      { selector: 'h1,h2,h3,h4,h5,h6,p,span,div' },
    );
    expect(titles[0]).toHaveTextContent('New EKS cluster');
    expect(titles[titles.length - 1]).toHaveTextContent('Delete EKS cluster');
  });
});
