import {
  expectCompleted,
  startTemplateBackend,
  TemplateBackend,
} from './__testUtils__/scaffolderBackend';
import { loadTemplate } from './__testUtils__/templates';

const template = loadTemplate('install-eks-addons');

describe('template install-eks-addons: its output', () => {
  let backend: TemplateBackend;

  beforeAll(async () => {
    backend = await startTemplateBackend([template]);
  });
  afterAll(async () => {
    await backend.stop();
  });

  it("lists each add-on with its version, status and issues, for the task page's add-ons table", async () => {
    const result = await backend.run(template, {
      cluster: 'demo',
      region: 'eu-west-1',
      addons: [{ name: 'metrics-server', version: 'latest' }],
    });

    expectCompleted(result);
    expect(result.output.addons).toEqual([
      expect.objectContaining({
        name: 'metrics-server',
        version: expect.stringMatching(/^v\d/),
        status: 'ACTIVE',
        action: 'created',
        issues: [],
      }),
    ]);
    expect(result.output.links.length).toBeGreaterThan(0);
  });
});
