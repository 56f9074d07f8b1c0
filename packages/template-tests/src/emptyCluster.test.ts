import request from 'supertest';
import {
  startTemplateBackend,
  TemplateBackend,
} from './__testUtils__/scaffolderBackend';
import { loadTemplate, templateRef } from './__testUtils__/templates';

/**
 * The templates' first field (the cluster, or the new cluster's name) has
 * the default '' so that the form's review lists it first. '' passes
 * `required`, so `minLength: 1` is what keeps it required: the scaffolder
 * backend refuses a task without it, before any step runs.
 */
const cases: [string, string, Record<string, unknown>][] = [
  [
    'new-eks-cluster',
    'clusterName',
    { region: 'eu-west-1', kubernetesVersion: '1.33' },
  ],
  [
    'delete-eks-cluster',
    'cluster',
    { region: 'eu-west-1', confirmation: 'demo' },
  ],
  ['install-eks-addons', 'cluster', { region: 'eu-west-1' }],
  [
    'pod-identity',
    'cluster',
    { region: 'eu-west-1', namespace: 'shop', serviceAccount: 'orders' },
  ],
  ['setup-karpenter', 'cluster', { region: 'eu-west-1' }],
  [
    'upgrade-eks-cluster',
    'clusterName',
    { region: 'eu-west-1', targetVersion: '1.34' },
  ],
  ['rollback-eks-cluster', 'clusterName', { region: 'eu-west-1' }],
];

describe("the templates' first field", () => {
  let backend: TemplateBackend;

  beforeAll(async () => {
    backend = await startTemplateBackend(
      cases.map(([folder]) => loadTemplate(folder)),
    );
  });
  afterAll(async () => {
    await backend.stop();
  });

  it.each(cases)(
    '%s: an empty %s is refused by the scaffolder backend, as a missing one is',
    async (folder, key, values) => {
      const template = loadTemplate(folder);
      for (const value of [{ [key]: '' }, {}]) {
        const created = await request(backend.server)
          .post('/api/scaffolder/v2/tasks')
          .send({
            templateRef: templateRef(template),
            values: { ...values, ...value },
            secrets: {},
          });
        expect(created.status).toBe(400);
        expect(JSON.stringify(created.body)).toContain(key);
      }
      expect(backend.sandbox.writes).toEqual([]);
    },
  );
});
