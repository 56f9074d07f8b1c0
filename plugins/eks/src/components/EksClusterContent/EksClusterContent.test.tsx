import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { Entity } from '@backstage/catalog-model';
import { ClusterHealth } from '@backstage-eks/plugin-eks-common';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
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
import { EksClusterContent } from './EksClusterContent';

// Rendering Backstage tables and MUI menus is slow on the shared CI machine.
jest.setTimeout(30_000);

const server = setupEksBackend();
const healthUrl = `${EKS_BASE_URL}/clusters/default/Resource/demo/health`;

function renderContent(entity: Entity = demoClusterEntity) {
  return renderWithEksApi(<EksClusterContent />, { entity });
}

/** The table row whose cell holds exactly `text`. */
function rowOf(text: string): HTMLElement {
  const row = screen
    .getAllByText(text)
    .map(element => element.closest('tr'))
    .find(Boolean);
  if (!row) {
    throw new Error(`No table row holds "${text}"`);
  }
  return row;
}

describe('EksClusterContent', () => {
  afterEach(() => jest.restoreAllMocks());

  it('shows progress while the health document loads', async () => {
    let release: () => void = () => {};
    server.use(
      http.get(healthUrl, async () => {
        await new Promise<void>(resolve => {
          release = resolve;
        });
        return HttpResponse.json(demoClusterHealth);
      }),
    );

    await renderContent();

    expect(screen.getByTestId('progress')).toBeInTheDocument();
    release();
    expect(await screen.findByText('Diagnostics')).toBeInTheDocument();
    expect(screen.queryByTestId('progress')).not.toBeInTheDocument();
  });

  it('renders every section of the demo cluster', async () => {
    jest
      .spyOn(Date, 'now')
      .mockReturnValue(Date.parse('2026-11-21T20:30:00.000Z'));
    server.use(http.get(healthUrl, () => HttpResponse.json(demoClusterHealth)));

    await renderContent();

    expect(await screen.findByText('Diagnostics')).toBeInTheDocument();
    // Overview
    expect(rowOf('Kubernetes version')).toHaveTextContent('1.33');
    expect(rowOf('Platform version')).toHaveTextContent('eks.9');
    expect(rowOf('Upgrade available')).toHaveTextContent('1.34');
    expect(rowOf('Auto Mode')).toHaveTextContent('Disabled');
    expect(rowOf('OIDC issuer')).toHaveTextContent(
      'https://oidc.eks.eu-west-1.amazonaws.com/id/',
    );
    expect(
      screen.getByText('public and private (public from 0.0.0.0/0)'),
    ).toBeInTheDocument();
    expect(rowOf('Authentication mode')).toHaveTextContent('API');
    expect(rowOf('Created')).toHaveTextContent('yesterday');
    expect(screen.getByText('30 minutes ago')).toHaveAttribute(
      'datetime',
      demoClusterHealth.generatedAt,
    );
    expect(
      screen.getByText('Open demo in the AWS console').closest('a'),
    ).toHaveAttribute('href', demoClusterHealth.cluster.data!.consoleUrl);
    // Nodes
    expect(screen.getByText('4 nodes')).toBeInTheDocument();
    expect(screen.getByText('eu-west-1a: 2')).toBeInTheDocument();
    expect(screen.getByText('nodegroup system: 3')).toBeInTheDocument();
    expect(screen.getByText('karpenter default: 1')).toBeInTheDocument();
    // Karpenter
    expect(screen.getByText('2/2 ready in kube-system')).toBeInTheDocument();
    expect(
      screen.getByText('Karpenter-demo, 0 messages waiting'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('capacity-reservation-interruption: missing'),
    ).toBeInTheDocument();
    expect(screen.getByText('spot-interruption: present')).toBeInTheDocument();
    const nodePools = screen.getByRole('table', { name: 'NodePools' });
    expect(
      within(nodePools).getByText('cpu: 4 of 1000, memory: 8Gi of 1000Gi'),
    ).toBeInTheDocument();
    const nodeClaims = screen.getByRole('table', { name: 'NodeClaims' });
    expect(within(nodeClaims).getByText('default-x7k2p')).toBeInTheDocument();
    // Pod Identity, node groups, insights
    expect(
      screen.getByText(
        'arn:aws:iam::000000000000:role/KarpenterController-demo',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('IMDSv2, hop limit 2')).toBeInTheDocument();
    // in the insights table and among the next version's readiness findings
    expect(screen.getAllByText('Kubelet version skew')).toHaveLength(2);
    expect(screen.getByText('Version and upgrades')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Upgrade to 1.34' }),
    ).toBeInTheDocument();
  });

  it('lists add-ons with status, newer version, health issue and remedy', async () => {
    server.use(http.get(healthUrl, () => HttpResponse.json(demoClusterHealth)));

    await renderContent();

    await screen.findByText('Add-ons');
    const row = rowOf('aws-ebs-csi-driver');
    expect(within(row).getByText('DEGRADED')).toBeInTheDocument();
    expect(
      within(row).getByText('InsufficientNumberOfReplicas'),
    ).toBeInTheDocument();
    expect(
      within(row).getByText(/Remedy: Check the ebs-csi-controller/),
    ).toBeInTheDocument();
    const kubeProxy = rowOf('kube-proxy');
    expect(
      within(kubeProxy).getByText('v1.33.5-eksbuild.2 available'),
    ).toBeInTheDocument();
    const vpcCni = rowOf('vpc-cni');
    expect(
      within(vpcCni).getByText('demo-vpc-cni (kube-system/aws-node)'),
    ).toBeInTheDocument();
  });

  it('ranks findings by impact now, in the words of the overview card, with what, why and fix', async () => {
    server.use(http.get(healthUrl, () => HttpResponse.json(demoClusterHealth)));

    await renderContent();

    await screen.findByText('Diagnostics');
    const ids = screen
      .getAllByTestId(/^diagnostic-/)
      .map(element => element.getAttribute('data-testid'));
    expect(ids).toEqual([
      'diagnostic-addon-degraded',
      'diagnostic-karpenter-interruption-rules-missing',
      'diagnostic-workloads-without-topology-spread',
    ]);
    const critical = screen.getByTestId('diagnostic-addon-degraded');
    expect(
      within(critical).getByText(
        'Failing now: Add-on aws-ebs-csi-driver is DEGRADED',
      ),
    ).toBeInTheDocument();
    expect(
      within(
        screen.getByTestId('diagnostic-karpenter-interruption-rules-missing'),
      ).getByText('Needs attention: Karpenter interruption rule missing'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Failing: 1 problem on this cluster now: Add-on aws-ebs-csi-driver is DEGRADED',
      ),
    ).toBeInTheDocument();
    expect(
      within(critical)
        .getByText(
          'Create the Pod Identity association for ebs-csi-controller-sa',
        )
        .closest('a'),
    ).toHaveAttribute(
      'href',
      '/create/templates/default/eks-pod-identity?formData=%7B%22serviceAccount%22%3A%22ebs-csi-controller-sa%22%7D',
    );
    expect(screen.queryByText(/^Error:/)).not.toBeInTheDocument();
    expect(screen.queryByText(/No problems found/)).not.toBeInTheDocument();
    expect(
      within(critical).getByText(/Volumes cannot be attached/),
    ).toBeInTheDocument();
    expect(
      within(critical).getByText(/Create a Pod Identity association/),
    ).toBeInTheDocument();
  });

  it('degrades one section on its own when its source failed', async () => {
    const degraded: ClusterHealth = {
      ...demoClusterHealth,
      karpenter: {
        error: {
          source: 'kubernetes:nodepools',
          message: 'connect ECONNREFUSED',
        },
      },
      addons: {
        error: { source: 'eks:ListAddons', message: 'Rate exceeded' },
      },
      verdict: {
        ...demoClusterHealth.verdict,
        unloadedSections: ['addons', 'karpenter'],
      },
    };
    server.use(http.get(healthUrl, () => HttpResponse.json(degraded)));

    await renderContent();

    expect(
      await screen.findByText('Error: Karpenter could not be loaded'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('kubernetes:nodepools: connect ECONNREFUSED'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('eks:ListAddons: Rate exceeded'),
    ).toBeInTheDocument();
    // The other sections still render.
    expect(screen.getByText('4 nodes')).toBeInTheDocument();
    expect(screen.getByText('eks.9')).toBeInTheDocument();
  });

  it('shows the backend error when the document cannot be loaded', async () => {
    server.use(
      http.get(healthUrl, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message: 'You are not allowed to read this cluster',
            },
            request: { method: 'GET', url: '/health' },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );

    await renderContent();

    expect(
      (await screen.findAllByText(/403: NotAllowedError/)).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByText('Diagnostics')).not.toBeInTheDocument();
  });

  it('shows the missing annotation state for an entity without a cluster ARN', async () => {
    await renderContent(unannotatedClusterEntity);

    expect(screen.getByText(/Missing Annotation/i)).toBeInTheDocument();
    expect(
      screen.getAllByText(/eks.backstage.io\/cluster-arn/).length,
    ).toBeGreaterThan(0);
  });

  it('refreshes with refresh=true and shows the new document', async () => {
    const refreshFlags: (string | null)[] = [];
    server.use(
      http.get(healthUrl, ({ request }) => {
        const refresh = new URL(request.url).searchParams.get('refresh');
        refreshFlags.push(refresh);
        const pendingPods = refresh === 'true' ? 0 : 3;
        return HttpResponse.json({
          ...demoClusterHealth,
          cluster: {
            data: {
              ...demoClusterHealth.cluster.data!,
              platformVersion: refresh === 'true' ? 'eks.10' : 'eks.9',
            },
          },
          karpenter: {
            data: { ...demoClusterHealth.karpenter.data!, pendingPods },
          },
        });
      }),
    );

    await renderContent();
    expect(await screen.findByText('eks.9')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));

    expect(await screen.findByText('eks.10')).toBeInTheDocument();
    await waitFor(() => expect(refreshFlags).toEqual([null, 'true']));
  });

  it('on an Auto Mode cluster shows Auto Mode\'s NodePools, not "Karpenter is not installed"', async () => {
    server.use(
      http.get(healthUrl, () =>
        HttpResponse.json({
          ...demoClusterHealth,
          karpenter: {
            data: {
              installed: true,
              runBy: 'eks-auto-mode',
              nodePools: ['general-purpose', 'system'].map(name => ({
                name,
                nodeClassRef: 'default',
                limits: {},
                usage: {},
                nodes: 0,
                consolidationPolicy: 'WhenEmptyOrUnderutilized',
                ready: true,
                zones: [],
                capacityTypes: ['on-demand'],
              })),
              nodeClaims: [],
              pendingPods: 0,
            },
          },
        }),
      ),
    );

    await renderContent();

    expect(await screen.findByTestId('karpenter-auto-mode')).toHaveTextContent(
      'EKS Auto Mode runs Karpenter for this cluster',
    );
    expect(rowOf('general-purpose')).toHaveTextContent('default');
    expect(rowOf('system')).toBeInTheDocument();
    expect(rowOf('Run by')).toHaveTextContent('EKS Auto Mode');
    // no controller, version or queue of the cluster's own to complain about
    expect(
      screen.queryByText('Karpenter is not installed on this cluster.'),
    ).not.toBeInTheDocument();
    expect(screen.queryByText('Interruption queue')).not.toBeInTheDocument();
  });

  it('says a deleted cluster no longer exists, once: no green "No problems found", no wall of red cards', async () => {
    server.use(
      http.get(healthUrl, () => HttpResponse.json(deletedClusterHealth)),
    );

    await renderContent();

    expect(
      await screen.findByText(
        'Gone: This cluster no longer exists in 000000000000/eu-west-1',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/Unregister entity/)).toBeInTheDocument();
    expect(screen.queryByText(/No problems found/)).not.toBeInTheDocument();
    expect(screen.queryByText(/could not be loaded/)).not.toBeInTheDocument();
    expect(screen.queryByText('Diagnostics')).not.toBeInTheDocument();
    expect(screen.queryByText('Add-ons')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Refresh' })).toBeEnabled();
  });

  it('names the portal task that deleted the cluster, when the scaffolder knows it', async () => {
    jest
      .spyOn(Date, 'now')
      .mockReturnValue(Date.parse('2026-11-21T20:30:00.000Z'));
    server.use(
      http.get(healthUrl, () => HttpResponse.json(deletedClusterHealth)),
    );
    const deleteTask = (id: string, cluster: string, createdAt: string) => ({
      id,
      status: 'completed',
      createdAt,
      spec: {
        apiVersion: 'scaffolder.backstage.io/v1beta3',
        parameters: { cluster, region: 'eu-west-1', confirmation: cluster },
        steps: [
          {
            id: 'delete-cluster',
            name: 'Delete the cluster',
            action: 'aws:eks:cluster:delete',
            input: {
              clusterName: '${{ parameters.cluster }}',
              region: '${{ parameters.region }}',
            },
          },
        ],
        output: {},
        user: { ref: 'user:default/guest' },
      },
    });
    const scaffolderApi = {
      listTasks: jest.fn().mockResolvedValue({
        tasks: [
          deleteTask('task-other', 'shop', '2026-11-21T20:25:00.000Z'),
          deleteTask('task-old', 'demo', '2026-11-20T10:00:00.000Z'),
          deleteTask('task-demo', 'demo', '2026-11-21T20:00:00.000Z'),
        ],
      }),
    };

    await renderWithEksApi(<EksClusterContent />, {
      apis: [[scaffolderApiRef, scaffolderApi]],
      entity: demoClusterEntity,
    });

    const note = await screen.findByTestId('deletion-task');
    expect(note).toHaveTextContent(
      'Deleted by the task task-demo (completed), started 30 minutes ago by user:default/guest.',
    );
    expect(within(note).getByText('task-demo').closest('a')).toHaveAttribute(
      'href',
      '/create/tasks/task-demo',
    );
  });

  it('says "No problems found" only when the verdict is healthy', async () => {
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

    await renderContent();

    expect(
      await screen.findByText('Healthy: No problems found on this cluster'),
    ).toBeInTheDocument();
  });

  it('with a section that did not load and nothing else wrong, says so instead of "No problems found"', async () => {
    const unknown: ClusterHealth = {
      ...demoClusterHealth,
      diagnostics: [],
      addons: {
        error: { source: 'eks:ListAddons', message: 'Rate exceeded' },
      },
      verdict: {
        kind: 'unknown',
        headline: 'Not every check could run: Add-ons could not be loaded',
        detail: 'No problems were found in what did load.',
        counts: { critical: 0, warning: 0, info: 0 },
        unloadedSections: ['addons'],
      },
    };
    server.use(http.get(healthUrl, () => HttpResponse.json(unknown)));

    await renderContent();

    expect(
      await screen.findByText(
        'Unknown: Not every check could run: Add-ons could not be loaded',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/No problems found/)).not.toBeInTheDocument();
    expect(
      screen.getByText('eks:ListAddons: Rate exceeded'),
    ).toBeInTheDocument();
  });

  it('when the Kubernetes API cannot be reached, says it once and keeps the sections quiet', async () => {
    const refused = {
      error: { source: 'kubernetes', message: 'connect ECONNREFUSED' },
    };
    const unreachable: ClusterHealth = {
      ...demoClusterHealth,
      diagnostics: [],
      nodes: refused,
      karpenter: refused,
      verdict: {
        kind: 'unreachable',
        headline: 'The Kubernetes API of this cluster could not be reached',
        detail:
          'EKS reports the cluster ACTIVE, but kubernetes: connect ECONNREFUSED',
        nextStep: "Check the cluster's endpoint access.",
        counts: { critical: 0, warning: 0, info: 0 },
        unloadedSections: [],
      },
    };
    server.use(http.get(healthUrl, () => HttpResponse.json(unreachable)));

    await renderContent();

    expect(
      await screen.findByText(
        'Unreachable: The Kubernetes API of this cluster could not be reached',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/could not be loaded/)).not.toBeInTheDocument();
    expect(
      screen.getByText(
        'Karpenter: not available, see the verdict at the top of the page.',
      ),
    ).toBeInTheDocument();
    // EKS's own sections still render.
    expect(screen.getByText('eks.9')).toBeInTheDocument();
  });

  it('shows readiness for the next version as its own section, not as an error', async () => {
    server.use(http.get(healthUrl, () => HttpResponse.json(demoClusterHealth)));

    await renderContent();

    expect(
      await screen.findByText('Upgrade readiness for 1.34'),
    ).toBeInTheDocument();
    const skew = rowOf('Kubelet version skew');
    expect(
      within(skew).getByText('Check before upgrading'),
    ).toBeInTheDocument();
    expect(
      screen.queryByTestId('diagnostic-insight-insight-kubelet-skew'),
    ).toBeNull();
  });
});
