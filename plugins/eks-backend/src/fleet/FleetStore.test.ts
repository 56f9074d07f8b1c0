import { TestDatabases } from '@backstage/backend-test-utils';
import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { FleetRegionStatus } from '@backstage-eks/plugin-eks-common';
import { FleetStore } from './FleetStore';
import { fleetRow } from './__testUtils__/fleetRow';

// The machine's PostgreSQL (trust auth), as packages/reliability's tests use it.
process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??=
  'postgresql://postgres@127.0.0.1:5432';

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

const region: FleetRegionStatus = {
  accountId: '000000000000',
  region: 'eu-west-1',
  lastAttemptAt: '2026-12-04T10:00:00.000Z',
  lastSuccessAt: '2026-12-04T10:00:00.000Z',
  clusterCount: 2,
};

describe.each(databases.eachSupportedId())('FleetStore on %s', id => {
  async function store() {
    const knex = await databases.init(id);
    const database: DatabaseService = { getClient: async () => knex };
    return FleetStore.create(database);
  }

  it('is empty at version 0 before the first write', async () => {
    const s = await store();
    await expect(s.version()).resolves.toBe(0);
    await expect(s.read()).resolves.toEqual({
      version: 0,
      rows: [],
      regions: [],
    });
  });

  it('replaces the snapshot on each write and bumps its version', async () => {
    const s = await store();
    const rows = [
      fleetRow('b', { owner: 'group:default/platform', error: 'x "quoted"' }),
      fleetRow('a', {
        karpenter: { version: '1.6.0', latest: '1.8.1', current: false },
      }),
    ];
    await expect(
      s.write({
        rows,
        regions: [region],
        startedAt: new Date(),
        generatedAt: new Date('2026-12-04T10:00:01.000Z'),
      }),
    ).resolves.toBe(1);
    const first = await s.read();
    expect(first.version).toBe(1);
    expect(first.generatedAt).toBe('2026-12-04T10:00:01.000Z');
    expect(first.rows).toEqual([rows[1], rows[0]]);
    expect(first.regions).toEqual([region]);

    await s.write({
      rows: [rows[1]],
      regions: [{ ...region, clusterCount: 1 }],
      startedAt: new Date(),
    });
    const second = await s.read();
    expect(second.version).toBe(2);
    await expect(s.version()).resolves.toBe(2);
    expect(second.rows).toEqual([rows[1]]);
    expect(second.regions[0].clusterCount).toBe(1);
  });

  it('writes thousands of rows (chunked inserts)', async () => {
    const s = await store();
    const rows = Array.from({ length: 2000 }, (_, i) =>
      fleetRow(`cluster-${String(i).padStart(4, '0')}`),
    );
    await s.write({ rows, regions: [region], startedAt: new Date() });
    const read = await s.read();
    expect(read.rows).toHaveLength(2000);
    expect(read.rows[1999].name).toBe('cluster-1999');
  });

  it('clears only the dirty marks a refresh read and that were made before it started', async () => {
    const s = await store();
    await s.markDirty('000000000000/eu-west-1/a', new Date(1000));
    await s.markDirty('000000000000/eu-west-1/b', new Date(1000));
    await s.markDirty('000000000000/eu-west-1/c', new Date(5000));
    // marked again: the later time counts
    await s.markDirty('000000000000/eu-west-1/b', new Date(6000));
    await expect(s.dirtyKeys()).resolves.toEqual(
      new Set([
        '000000000000/eu-west-1/a',
        '000000000000/eu-west-1/b',
        '000000000000/eu-west-1/c',
      ]),
    );
    await s.write({
      rows: [],
      regions: [],
      dirtyRead: ['000000000000/eu-west-1/a', '000000000000/eu-west-1/b'],
      startedAt: new Date(2000),
    });
    // b was marked again after the refresh started; c was not read
    await expect(s.dirtyKeys()).resolves.toEqual(
      new Set(['000000000000/eu-west-1/b', '000000000000/eu-west-1/c']),
    );
  });

  it('migrates an already migrated database again without change', async () => {
    const knex = await databases.init(id);
    const database: DatabaseService = { getClient: async () => knex };
    const a = await FleetStore.create(database);
    await a.write({
      rows: [fleetRow('a')],
      regions: [region],
      startedAt: new Date(),
    });
    const b = await FleetStore.create(database);
    await expect(b.read()).resolves.toMatchObject({ version: 1 });
  });
});
