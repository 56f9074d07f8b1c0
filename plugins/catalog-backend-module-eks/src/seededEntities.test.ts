import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  AwsClientFactory,
  EksInventoryService,
} from '@backstage-eks/plugin-eks-node';
import { startSandbox, type Sandbox } from '@backstage-eks/sandbox';
import { EksClusterEntityProvider } from './EksClusterEntityProvider';

const repoRoot = join(__dirname, '..', '..', '..');

/**
 * The entity refs (`kind:default/name`) of the documents in a catalog file.
 * The seeded example files are plain YAML with `kind:` at the top level and
 * `name:` directly under `metadata:`; the test refuses a document it cannot
 * read that way rather than skipping it.
 */
function entityRefsIn(file: string): string[] {
  const text = readFileSync(join(repoRoot, file), 'utf8');
  return text
    .split(/^---$/m)
    .filter(doc => /^kind:/m.test(doc))
    .map(doc => {
      const kind = /^kind:\s*(\S+)/m.exec(doc)?.[1];
      const name = /^metadata:\n(?:[ ]{2}.*\n)*?[ ]{2}name:\s*(\S+)/m.exec(
        doc,
      )?.[1];
      if (!kind || !name) {
        throw new Error(`${file}: a document without kind or metadata.name`);
      }
      return stringifyEntityRef({ kind, name });
    });
}

describe('seeded catalog files and the EKS entity provider', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it('reads the entity refs of a catalog file', () => {
    expect(entityRefsIn('examples/entities.yaml')).toContain(
      'system:default/eks-platform',
    );
  });

  it('no seeded file claims an entity the provider emits for the sandbox (one source per entity, no conflict on every run)', async () => {
    const provider = new EksClusterEntityProvider({
      id: 'sandbox',
      targets: [{ accountId: '000000000000', regions: ['eu-west-1'] }],
      inventory: new EksInventoryService(
        AwsClientFactory.fromConfig(
          new ConfigReader({
            eks: { endpoint: sandbox.url, sandbox: { enabled: true } },
          }),
        ),
      ),
      logger: mockServices.logger.mock(),
    });
    const connection = { applyMutation: jest.fn(), refresh: jest.fn() };
    await provider.connect(connection);
    await provider.refresh();
    const emitted: string[] =
      connection.applyMutation.mock.calls[0][0].entities.map(
        ({ entity }: { entity: Parameters<typeof stringifyEntityRef>[0] }) =>
          stringifyEntityRef(entity),
      );
    expect(emitted).toContain('resource:default/demo');

    const seeded = ['examples/entities.yaml', 'examples/org.yaml'].flatMap(
      entityRefsIn,
    );
    expect(seeded.filter(ref => emitted.includes(ref))).toEqual([]);
  });
});
