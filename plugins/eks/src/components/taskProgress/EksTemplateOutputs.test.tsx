import { act, screen, waitFor, within } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  scaffolderApiRef,
  type ScaffolderApi,
} from '@backstage/plugin-scaffolder-react';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { Route, Routes } from 'react-router-dom';
import { EksTemplateOutputs } from './EksTemplateOutputs';

type StreamEvent = {
  type: 'log' | 'completion';
  body: Record<string, unknown>;
  createdAt: string;
};

/**
 * A scaffolder API whose task event stream the test feeds: getTask answers
 * the task, streamLogs hands the page's subscribers every event sent.
 */
function fakeScaffolderApi(steps: Array<{ id: string; name: string }>) {
  const observers = new Set<{ next: (event: unknown) => void }>();
  const sent: unknown[] = [];
  let id = 0;
  const api = {
    getTask: jest.fn(async (taskId: string) => ({
      id: taskId,
      spec: {
        apiVersion: 'scaffolder.backstage.io/v1beta3',
        steps: steps.map(s => ({ ...s, action: 'aws:eks:cluster:delete' })),
        templateInfo: { entityRef: 'template:default/delete-eks-cluster' },
      },
      status: 'processing',
      createdAt: '2026-12-03T10:00:00.000Z',
      lastHeartbeatAt: '2026-12-03T10:00:00.000Z',
    })),
    streamLogs: jest.fn(() => ({
      subscribe(observer: { next: (event: unknown) => void }) {
        observers.add(observer);
        sent.forEach(event => observer.next(event));
        return {
          closed: false,
          unsubscribe: () => observers.delete(observer),
        };
      },
      [Symbol.observable ?? '@@observable']() {
        return this;
      },
    })),
  } as unknown as ScaffolderApi;
  function send(event: StreamEvent) {
    const full = { ...event, id: ++id, taskId: 'task-1' };
    sent.push(full);
    observers.forEach(o => o.next(full));
  }
  /** A line of the step's log, as the scaffolder's step logger writes it. */
  function log(
    stepId: string,
    at: string,
    message: string,
    status?: string,
    level: 'info' | 'warn' = 'info',
  ) {
    send({
      type: 'log',
      createdAt: at,
      body: {
        stepId,
        message: status
          ? message
          : `\u001b[${
              level === 'info' ? 32 : 33
            }m${level}\u001b[39m: ${message}`,
        ...(status ? { status } : {}),
      },
    });
  }
  return { api, send, log };
}

async function renderTaskPage(api: ScaffolderApi, output?: any) {
  return renderInTestApp(
    <TestApiProvider apis={[[scaffolderApiRef, api]]}>
      <Routes>
        <Route
          path="/tasks/:taskId"
          element={<EksTemplateOutputs output={output} />}
        />
      </Routes>
    </TestApiProvider>,
    {
      routeEntries: ['/tasks/task-1'],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

/** Waits past the event stream's half-second batching. */
async function showsStep(name: RegExp) {
  return screen.findByLabelText(name, undefined, { timeout: 3000 });
}

describe('EksTemplateOutputs', () => {
  afterEach(() => jest.useRealTimers());

  it("shows the action's named steps as they pass: done with its time, running with the time so far", async () => {
    jest.useFakeTimers({
      advanceTimers: true,
      now: Date.parse('2026-12-03T10:00:20.000Z'),
    });
    const { api, log } = fakeScaffolderApi([
      { id: 'delete', name: 'Delete the cluster' },
    ]);
    await renderTaskPage(api);
    act(() => {
      log(
        'delete',
        '2026-12-03T10:00:00.000Z',
        'Beginning step Delete the cluster',
        'processing',
      );
      log(
        'delete',
        '2026-12-03T10:00:00.100Z',
        'Step 1/3 started: LoadBalancer Services and Ingresses',
      );
      log('delete', '2026-12-03T10:00:01.334Z', 'Delete Service default/web');
      log(
        'delete',
        '2026-12-03T10:00:01.334Z',
        'Step 1/3 done after 1.2s (1234 ms): LoadBalancer Services and Ingresses',
      );
      log(
        'delete',
        '2026-12-03T10:00:05.000Z',
        'Step 2/3 started: the cluster',
      );
    });
    expect(
      await showsStep(
        /^Step 1\/3 LoadBalancer Services and Ingresses: done in 1\.2s$/,
      ),
    ).toBeInTheDocument();
    expect(
      await showsStep(/^Step 2\/3 the cluster: running for 1\ds$/),
    ).toBeInTheDocument();
    expect(screen.getByText('Delete the cluster')).toBeInTheDocument();
    // the running step's time goes on
    act(() => {
      jest.advanceTimersByTime(60_000);
    });
    expect(
      await showsStep(/^Step 2\/3 the cluster: running for 1m1\ds$/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Delete Service/)).not.toBeInTheDocument();
  });

  it('marks the step that failed with its time; a skipped scaffolder step shows no section', async () => {
    const { api, log, send } = fakeScaffolderApi([
      { id: 'karpenter', name: 'Set up Karpenter' },
      { id: 'pod-identity', name: 'Pod Identity' },
    ]);
    await renderTaskPage(api);
    act(() => {
      log(
        'karpenter',
        '2026-12-03T10:00:00.000Z',
        'Beginning step Set up Karpenter',
        'processing',
      );
      log(
        'karpenter',
        '2026-12-03T10:00:00.100Z',
        'Step 1/9 started: preflight',
      );
      log(
        'karpenter',
        '2026-12-03T10:00:00.400Z',
        'Step 1/9 done after 300ms (300 ms): preflight',
      );
      log(
        'karpenter',
        '2026-12-03T10:00:00.500Z',
        'Step 2/9 started: the Pod Identity agent add-on',
      );
      log(
        'karpenter',
        '2026-12-03T10:03:05.500Z',
        'Step 2/9 failed after 3m5s (185000 ms): the Pod Identity agent add-on',
        undefined,
        'warn',
      );
      log(
        'karpenter',
        '2026-12-03T10:03:05.600Z',
        'InputError: addons[0].name ...',
        'failed',
      );
      log(
        'pod-identity',
        '2026-12-03T10:03:05.700Z',
        'Skipping step pod-identity because a previous step failed',
        'skipped',
      );
      send({
        type: 'completion',
        createdAt: '2026-12-03T10:03:06.000Z',
        body: {
          message: 'Run completed with status: failed',
          error: { name: 'InputError', message: 'addons[0].name ...' },
        },
      });
    });
    expect(
      await showsStep(
        /^Step 2\/9 the Pod Identity agent add-on: failed after 3m5s$/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByLabelText(/^Step 1\/9 preflight: done in 300ms$/),
    ).toBeInTheDocument();
    expect(screen.queryByText('Pod Identity')).not.toBeInTheDocument();
  });

  it('shows a step that never ended as not finished once the task is over', async () => {
    const { api, log, send } = fakeScaffolderApi([
      { id: 'create', name: 'Create the cluster' },
    ]);
    await renderTaskPage(api);
    act(() => {
      log(
        'create',
        '2026-12-03T10:00:00.000Z',
        'Beginning step Create the cluster',
        'processing',
      );
      log(
        'create',
        '2026-12-03T10:00:00.100Z',
        'Step 3/5 started: EKS cluster demo, until ACTIVE',
      );
      log(
        'create',
        '2026-12-03T10:00:09.000Z',
        'Step create has been cancelled.',
        'cancelled',
      );
      send({
        type: 'completion',
        createdAt: '2026-12-03T10:00:09.100Z',
        body: { message: 'Run completed with status: cancelled' },
      });
    });
    expect(
      await showsStep(
        /^Step 3\/5 EKS cluster demo, until ACTIVE: did not finish$/,
      ),
    ).toBeInTheDocument();
  });

  it("lists each add-on of the output with its status, issues, fix and the fix's link, above the template's links", async () => {
    const { api } = fakeScaffolderApi([
      { id: 'install-addons', name: 'Install the add-ons' },
    ]);
    await renderTaskPage(api, {
      links: [
        {
          title: 'Open the cluster in the catalog',
          url: '/catalog/default/resource/demo',
        },
      ],
      addons: [
        {
          name: 'vpc-cni',
          version: 'v1.19.2-eksbuild.1',
          status: 'ACTIVE',
          action: 'created',
          issues: [],
        },
        {
          name: 'aws-ebs-csi-driver',
          version: 'v1.37.0-eksbuild.1',
          status: 'DEGRADED',
          action: 'created',
          issues: [
            {
              code: 'AccessDenied',
              message: 'the controller has no AWS permissions',
              resourceIds: ['kube-system/ebs-csi-controller-sa'],
              fix: 'Give the service account a Pod Identity role with AmazonEBSCSIDriverPolicy.',
              fixPath:
                '/create/templates/default/eks-pod-identity?formData=%7B%7D',
            },
          ],
        },
        { unexpected: 'entry' },
      ],
    });
    const table = screen.getByRole('table', { name: 'Add-ons' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(within(rows[1]).getByText('vpc-cni')).toBeInTheDocument();
    expect(within(rows[1]).getByText('ACTIVE')).toBeInTheDocument();
    expect(within(rows[1]).getByText('None')).toBeInTheDocument();
    expect(within(rows[2]).getByText('DEGRADED')).toBeInTheDocument();
    expect(within(rows[2]).getByText('AccessDenied')).toBeInTheDocument();
    expect(
      within(rows[2]).getByText(
        /Fix: Give the service account a Pod Identity role/,
      ),
    ).toBeInTheDocument();
    expect(
      within(rows[2]).getByRole('link', { name: 'Open the fix' }),
    ).toHaveAttribute(
      'href',
      '/create/templates/default/eks-pod-identity?formData=%7B%7D',
    );
    expect(
      screen.getByRole('button', { name: /Open the cluster in the catalog/ }),
    ).toBeInTheDocument();
    await waitFor(() => expect(api.streamLogs).toHaveBeenCalled());
  });
});
