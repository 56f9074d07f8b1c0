import { render, screen } from '@testing-library/react';
import { createPortalApp } from './App';

// The task page of an EKS template in the real app: the scaffolder's task
// page with the EKS plugin's outputs extension, the task and its event
// stream answered in-test as the scaffolder backend sends them.
const task = {
  id: 'task-1',
  spec: {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    templateInfo: { entityRef: 'template:default/delete-eks-cluster' },
    parameters: { cluster: 'demo' },
    output: {},
    steps: [
      {
        id: 'delete',
        name: 'Delete the cluster',
        action: 'aws:eks:cluster:delete',
        input: {},
      },
    ],
  },
  status: 'processing',
  createdAt: '2026-12-03T10:00:00.000Z',
  lastHeartbeatAt: '2026-12-03T10:00:00.000Z',
};

const info = (message: string) => `\u001b[32minfo\u001b[39m: ${message}`;
const events = [
  [
    '2026-12-03T10:00:00.000Z',
    'Beginning step Delete the cluster',
    'processing',
  ],
  [
    '2026-12-03T10:00:00.100Z',
    info('Step 1/2 started: LoadBalancer Services and Ingresses'),
  ],
  [
    '2026-12-03T10:00:01.334Z',
    info(
      'Step 1/2 done after 1.2s (1234 ms): LoadBalancer Services and Ingresses',
    ),
  ],
  ['2026-12-03T10:00:01.400Z', info('Step 2/2 started: the cluster')],
  [
    '2026-12-03T10:03:01.400Z',
    info('Step 2/2 done after 3m0s (180000 ms): the cluster'),
  ],
  ['2026-12-03T10:03:01.500Z', 'Finished step Delete the cluster', 'completed'],
].map(([createdAt, message, status], i) => ({
  id: i + 1,
  taskId: 'task-1',
  type: 'log',
  createdAt,
  body: { stepId: 'delete', message, ...(status ? { status } : {}) },
}));

let fetchMock: jest.SpyInstance;
beforeAll(() => {
  fetchMock = jest
    .spyOn(globalThis, 'fetch')
    .mockImplementation(async input => {
      const url = new URL(String(input instanceof Request ? input.url : input));
      if (url.pathname === '/api/scaffolder/v2/tasks/task-1') {
        return Response.json(task);
      }
      if (url.pathname === '/api/scaffolder/v2/tasks/task-1/eventstream') {
        const completion = {
          id: events.length + 1,
          taskId: 'task-1',
          type: 'completion',
          createdAt: '2026-12-03T10:03:01.600Z',
          body: { message: 'Run completed with status: completed', output: {} },
        };
        const body = [
          ...events.map(e => `event: log\ndata: ${JSON.stringify(e)}\n\n`),
          `event: completion\ndata: ${JSON.stringify(completion)}\n\n`,
        ].join('');
        return new Response(body, {
          headers: { 'content-type': 'text/event-stream' },
        });
      }
      if (url.pathname.startsWith('/api/catalog/entities')) {
        return Response.json({ items: [], totalItems: 0, pageInfo: {} });
      }
      return new Response('{}', { status: 404 });
    });
});
afterAll(() => fetchMock.mockRestore());

jest.setTimeout(30_000);

describe('the task page of an EKS template', () => {
  it("shows the EKS action's named steps with their times", async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: {
              title: 'Test',
              extensions: [{ 'sign-in-page:app': false }],
            },
            backend: { baseUrl: 'http://localhost:7007' },
            techdocs: {
              storageUrl: 'http://localhost:7007/api/techdocs/static/docs',
            },
          },
          context: 'test',
        },
      ] as any,
    };
    window.history.pushState({}, '', '/create/tasks/task-1');
    render(createPortalApp().createRoot());

    expect(
      await screen.findByLabelText(
        'Step 1/2 LoadBalancer Services and Ingresses: done in 1.2s',
        undefined,
        { timeout: 15_000 },
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByLabelText('Step 2/2 the cluster: done in 3m0s'),
    ).toBeInTheDocument();
  });
});
