import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { demoClusterEntity } from '../../__fixtures__/clusterHealth';
import { EKS_BASE_URL } from '../../__fixtures__/eksTestApi';
import {
  renderWithEksApi,
  setupEksBackend,
} from '../../__testUtils__/eksTestApp';
import { InsightsRefresh } from './InsightsRefresh';
import { insightCategoryLabel } from './InsightsTable';

jest.setTimeout(30_000);

const server = setupEksBackend();
const refreshUrl = `${EKS_BASE_URL}/clusters/default/Resource/demo/insights-refresh`;

describe('InsightsRefresh', () => {
  it('starts a refresh for a user allowed to, follows it and reloads the document once it completed', async () => {
    const onCompleted = jest.fn();
    let reads = 0;
    const posts: string[] = [];
    server.use(
      http.get(refreshUrl, () => {
        reads++;
        // the first read: none yet; then one poll in progress; then done
        const status = ['NONE', 'IN_PROGRESS'][reads - 1] ?? 'COMPLETED';
        return HttpResponse.json({
          refresh: {
            status,
            ...(status !== 'NONE'
              ? { startedAt: new Date().toISOString() }
              : {}),
            ...(status === 'COMPLETED'
              ? { endedAt: new Date().toISOString() }
              : {}),
          },
          canRefresh: true,
        });
      }),
      http.post(refreshUrl, ({ request }) => {
        posts.push(request.method);
        return HttpResponse.json({
          refresh: {
            status: 'IN_PROGRESS',
            startedAt: new Date().toISOString(),
          },
          canRefresh: true,
        });
      }),
    );
    await renderWithEksApi(
      <InsightsRefresh entity={demoClusterEntity} onCompleted={onCompleted} />,
    );
    expect(
      await screen.findByText('EKS refreshes insights once a day.'),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Refresh insights' }),
    );
    expect(posts).toEqual(['POST']);
    expect(
      await screen.findByText(/EKS is refreshing the insights/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Refreshing insights…' }),
    ).toBeDisabled();
    expect(onCompleted).not.toHaveBeenCalled();
    await waitFor(() => expect(onCompleted).toHaveBeenCalledTimes(1), {
      timeout: 10_000,
    });
    expect(
      await screen.findByText(/Insights refreshed on demand/),
    ).toBeInTheDocument();
  });

  it('shows no button without the permission, and says which one it needs', async () => {
    server.use(
      http.get(refreshUrl, () =>
        HttpResponse.json({
          refresh: { status: 'NONE' },
          canRefresh: false,
        }),
      ),
    );
    await renderWithEksApi(
      <InsightsRefresh entity={demoClusterEntity} onCompleted={jest.fn()} />,
    );
    expect(
      await screen.findByText(
        /needs the eks.cluster.insights.refresh permission/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });

  it('says why a refresh could not start', async () => {
    server.use(
      http.get(refreshUrl, () =>
        HttpResponse.json({ refresh: { status: 'NONE' }, canRefresh: true }),
      ),
      http.post(refreshUrl, () =>
        HttpResponse.json(
          {
            error: {
              name: 'InvalidRequestException',
              message: "Cluster 'demo' is in UPDATING state",
            },
            response: { statusCode: 400 },
          },
          { status: 400 },
        ),
      ),
    );
    await renderWithEksApi(
      <InsightsRefresh entity={demoClusterEntity} onCompleted={jest.fn()} />,
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Refresh insights' }),
    );
    expect(
      await screen.findByText(/Could not refresh the insights: .*UPDATING/),
    ).toBeInTheDocument();
  });
});

describe('insightCategoryLabel', () => {
  it("names EKS's categories and shows a new one as it comes", () => {
    expect(
      [
        'UPGRADE_READINESS',
        'MISCONFIGURATION',
        'ROLLBACK_READINESS',
        'SOMETHING_NEW',
      ].map(insightCategoryLabel),
    ).toEqual([
      'Upgrade readiness',
      'Configuration',
      'Rollback readiness',
      'SOMETHING_NEW',
    ]);
  });
});
