import { act, screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { Entity } from '@backstage/catalog-model';
import { ClusterHealth } from '@backstage-eks/plugin-eks-common';
import {
  deletedClusterHealth,
  demoClusterEntity,
  demoClusterHealth,
  unannotatedClusterEntity,
} from '../../__fixtures__/clusterHealth';
import { EKS_BASE_URL } from '../../__fixtures__/eksTestApi';
import {
  renderWithEksApi,
  setupEksBackend,
} from '../../__testUtils__/eksTestApp';
import { EksAddonsCard } from './EksAddonsCard';
import { EksCapabilitiesCard } from './EksCapabilitiesCard';
import { EksClusterHealthCard } from './EksClusterHealthCard';
import { EksClusterVersionCard } from './EksClusterVersionCard';

// Rendering Backstage tables and MUI menus is slow on the shared CI machine.
jest.setTimeout(30_000);

const server = setupEksBackend();
const healthUrl = `${EKS_BASE_URL}/clusters/default/Resource/demo/health`;

function renderCard(card: JSX.Element, entity: Entity = demoClusterEntity) {
  return renderWithEksApi(card, { entity });
}

describe('EKS entity cards', () => {
  describe('EksClusterHealthCard', () => {
    it('summarises status, version, nodes, add-ons and the worst finding', async () => {
      server.use(
        http.get(healthUrl, () => HttpResponse.json(demoClusterHealth)),
      );

      await renderCard(<EksClusterHealthCard />);

      expect(await screen.findByText('3/4 ready')).toBeInTheDocument();
      expect(screen.getByText('ACTIVE')).toBeInTheDocument();
      expect(
        screen.getByText('1.33 (upgrade to 1.34 available)'),
      ).toBeInTheDocument();
      expect(
        screen.getByText('1 of 5 not active: aws-ebs-csi-driver (DEGRADED)'),
      ).toBeInTheDocument();
      expect(
        screen.getByText(
          'Failing: 1 problem on this cluster now: Add-on aws-ebs-csi-driver is DEGRADED',
        ),
      ).toBeInTheDocument();
      // The severity words of the EKS tab, never "critical".
      expect(
        screen.getByText(
          '1 failing now, 1 needs attention — Add-on aws-ebs-csi-driver is DEGRADED',
        ),
      ).toBeInTheDocument();
      expect(screen.queryByText(/critical/i)).not.toBeInTheDocument();
    });

    it('says a deleted cluster is gone and what to do, without a green verdict or section errors', async () => {
      server.use(
        http.get(healthUrl, () => HttpResponse.json(deletedClusterHealth)),
      );

      await renderCard(<EksClusterHealthCard />);

      expect(
        await screen.findByText(
          'Gone: This cluster no longer exists in 000000000000/eu-west-1',
        ),
      ).toBeInTheDocument();
      expect(screen.getByText(/Unregister entity/)).toBeInTheDocument();
      expect(screen.queryByText(/No problems/)).not.toBeInTheDocument();
      expect(screen.queryByText(/could not be loaded/)).not.toBeInTheDocument();
      expect(screen.queryByText(/ResourceNotFoundException/)).toBeNull();
    });

    it('says "No problems found" only for a healthy verdict', async () => {
      const healthy: ClusterHealth = {
        ...demoClusterHealth,
        diagnostics: [],
        verdict: {
          kind: 'healthy',
          headline: 'No problems found on this cluster',
          counts: { critical: 0, warning: 0, info: 0 },
          unloadedSections: [],
        },
      };
      server.use(http.get(healthUrl, () => HttpResponse.json(healthy)));

      await renderCard(<EksClusterHealthCard />);

      expect(
        await screen.findByText('Healthy: No problems found on this cluster'),
      ).toBeInTheDocument();
      expect(screen.getByText('none')).toBeInTheDocument();
    });

    it('names the failed source of a degraded section', async () => {
      server.use(
        http.get(healthUrl, () =>
          HttpResponse.json({
            ...demoClusterHealth,
            nodes: {
              error: { source: 'kubernetes:nodes', message: 'Unauthorized' },
            },
            verdict: {
              ...demoClusterHealth.verdict,
              unloadedSections: ['nodes'],
            },
          }),
        ),
      );

      await renderCard(<EksClusterHealthCard />);

      expect(
        await screen.findByText('unavailable (kubernetes:nodes)'),
      ).toBeInTheDocument();
      expect(
        screen.getByText('1 of 5 not active: aws-ebs-csi-driver (DEGRADED)'),
      ).toBeInTheDocument();
    });

    it('shows the backend error', async () => {
      server.use(
        http.get(healthUrl, () =>
          HttpResponse.json(
            {
              error: { name: 'Error', message: 'EKS is unreachable' },
              request: { method: 'GET', url: '/health' },
              response: { statusCode: 503 },
            },
            { status: 503 },
          ),
        ),
      );

      await renderCard(<EksClusterHealthCard />);

      expect((await screen.findAllByText(/503: Error/)).length).toBeGreaterThan(
        0,
      );
    });

    it('shows the missing annotation state', async () => {
      await renderCard(<EksClusterHealthCard />, unannotatedClusterEntity);

      expect(screen.getByText(/Missing Annotation/i)).toBeInTheDocument();
    });
  });

  describe('EksAddonsCard', () => {
    it('lists add-ons with status, health codes and newer versions', async () => {
      server.use(
        http.get(healthUrl, () => HttpResponse.json(demoClusterHealth)),
      );

      await renderCard(<EksAddonsCard />);

      expect(
        await screen.findByText('DEGRADED (InsufficientNumberOfReplicas)'),
      ).toBeInTheDocument();
      expect(
        screen.getByText('v1.33.3-eksbuild.4 → v1.33.5-eksbuild.2'),
      ).toBeInTheDocument();
      expect(screen.getAllByText('ACTIVE')).toHaveLength(4);
    });

    it('stands in a warning when the add-ons could not be listed', async () => {
      server.use(
        http.get(healthUrl, () =>
          HttpResponse.json({
            ...demoClusterHealth,
            addons: {
              error: { source: 'eks:ListAddons', message: 'Throttling' },
            },
          }),
        ),
      );

      await renderCard(<EksAddonsCard />);

      expect(
        await screen.findByText('eks:ListAddons: Throttling'),
      ).toBeInTheDocument();
    });
  });

  describe('EksCapabilitiesCard', () => {
    it('lists the capabilities with type, status, issue codes and version', async () => {
      server.use(
        http.get(healthUrl, () => HttpResponse.json(demoClusterHealth)),
      );

      await renderCard(<EksCapabilitiesCard />);

      expect(
        await screen.findByText('DEGRADED (AccessDenied)'),
      ).toBeInTheDocument();
      expect(screen.getByText('argocd')).toBeInTheDocument();
      expect(screen.getByText('ARGOCD')).toBeInTheDocument();
      expect(screen.getByText('v3.1.8-eks-1')).toBeInTheDocument();
      expect(screen.getByText('ACTIVE')).toBeInTheDocument();
    });

    it('says when the cluster has none', async () => {
      server.use(
        http.get(healthUrl, () =>
          HttpResponse.json({
            ...demoClusterHealth,
            capabilities: { data: [] },
          }),
        ),
      );

      await renderCard(<EksCapabilitiesCard />);

      expect(
        await screen.findByText(
          'No EKS Capabilities (managed Argo CD, ACK, kro) on this cluster.',
        ),
      ).toBeInTheDocument();
    });
  });

  describe('EksClusterVersionCard', () => {
    function withUpdate(status: string): ClusterHealth {
      return {
        ...demoClusterHealth,
        upgrade: {
          data: {
            ...demoClusterHealth.upgrade.data!,
            // the cluster runs the version a successful update left (one
            // still at 1.33 beside it is a change that is just ending)
            version:
              status === 'Successful'
                ? '1.34'
                : demoClusterHealth.upgrade.data!.version,
            latestUpdate: {
              id: 'u-1',
              type: 'VersionUpdate',
              status,
              fromVersion: '1.33',
              toVersion: '1.34',
              createdAt: new Date().toISOString(),
              errors: [],
            },
          },
        },
      };
    }

    afterEach(() => {
      jest.useRealTimers();
    });

    it('shows the support status and the Upgrade button prefilled for the cluster', async () => {
      server.use(
        http.get(healthUrl, () => HttpResponse.json(demoClusterHealth)),
      );
      await renderCard(<EksClusterVersionCard />);
      expect(
        await screen.findByText('In extended support since Jul 29, 2026'),
      ).toBeInTheDocument();
      const href = screen
        .getByRole('button', { name: 'Upgrade to 1.34' })
        .getAttribute('href')!;
      expect(decodeURIComponent(href)).toBe(
        '/create/templates/default/upgrade-eks-cluster?formData={"clusterName":"demo","region":"eu-west-1","accountId":"000000000000","targetVersion":"1.34"}',
      );
    });

    it('reloads the document while an upgrade runs, without bypassing the cache, and stops once it is done', async () => {
      jest.useFakeTimers({ advanceTimers: true });
      const answers = [withUpdate('InProgress'), withUpdate('Successful')];
      const requests: string[] = [];
      server.use(
        http.get(healthUrl, ({ request }) => {
          requests.push(new URL(request.url).search);
          return HttpResponse.json(answers[Math.min(requests.length - 1, 1)]);
        }),
      );
      await renderCard(<EksClusterVersionCard />);
      expect(
        (await screen.findByTestId('latest-version-update')).textContent,
      ).toContain('Upgrade 1.33 → 1.34: In progress');
      expect(requests).toHaveLength(1);

      await act(() => jest.advanceTimersByTimeAsync(10_000));
      expect(
        (await screen.findByTestId('latest-version-update')).textContent,
      ).toContain('Upgrade 1.33 → 1.34: Successful');
      expect(requests).toHaveLength(2);
      expect(requests[1]).not.toContain('refresh=true');

      await act(() => jest.advanceTimersByTimeAsync(30_000));
      expect(requests).toHaveLength(2);
    });
  });
});
