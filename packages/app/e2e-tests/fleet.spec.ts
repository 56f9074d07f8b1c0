import { readFileSync } from 'node:fs';
import { expect, Page, test } from '@playwright/test';

/**
 * The fleet page against the portal's sandbox: the 500 clusters app-config
 * seeds in accounts 111111111111-555555555555 (eks.sandbox.fleet) and the
 * demo cluster, as the backend's fleet refresh has read them.
 */

const SHOTS = 'test-results/e2e';
/**
 * The clusters app-config seeds in the fleet's accounts; the demo account
 * adds the demo cluster and whatever the portal's other tests made there.
 */
const SEEDED_CLUSTERS = 500;

async function shot(page: Page, name: string) {
  await page.mouse.move(900, 10);
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

/** The cluster names of the table's rows, in order. */
async function shownNames(page: Page): Promise<string[]> {
  return page
    .getByTestId('fleet-row')
    .locator('td[data-column="name"] a, td[data-column="name"] > span')
    .allTextContents();
}

/** The versions of the table's rows, in order. */
async function shownVersions(page: Page): Promise<string[]> {
  const cells = await page
    .getByTestId('fleet-row')
    .locator('td[data-column="version"]')
    .allTextContents();
  return cells.map(text => /^\d+\.\d+/.exec(text)?.[0] ?? text);
}

/**
 * Opens the fleet page as the guest once every fleet cluster has been read
 * (the seeded ones and at least the demo); says how many clusters it lists.
 */
async function openFleet(page: Page): Promise<number> {
  const enter = page.getByRole('button', { name: 'Enter' });
  const total = page.getByText(/^\d+ clusters$/).first();
  let size = 0;
  // the backend's first refresh of the fleet takes a while on the sandbox
  await expect(async () => {
    await page.goto('/eks-fleet');
    const nav = page.getByRole('navigation', { name: 'sidebar nav' });
    await expect(enter.or(nav).first()).toBeVisible({ timeout: 30_000 });
    if (await enter.isVisible()) await enter.click();
    await expect(total).toBeVisible({ timeout: 20_000 });
    size = Number(/^(\d+)/.exec((await total.textContent()) ?? '')?.[1]);
    expect(size).toBeGreaterThan(SEEDED_CLUSTERS);
  }).toPass({ timeout: 600_000, intervals: [10_000] });
  return size;
}

test.describe('EKS fleet page', () => {
  test.setTimeout(900_000);

  test('fleet page: 500 sandbox clusters, needs attention, sort by version, search, CSV', async ({
    page,
  }) => {
    const fleetSize = await openFleet(page);
    // the sidebar's item leads here
    await expect(
      page
        .getByRole('navigation', { name: 'sidebar nav' })
        .getByRole('link', { name: 'EKS fleet' }),
    ).toHaveAttribute('href', '/eks-fleet');
    await expect(page.getByTestId('fleet-row')).toHaveCount(25);
    await expect(page.getByText(`1-25 of ${fleetSize}`)).toBeVisible();
    await shot(page, 'fleet-page');

    // needs attention: the count in the switch's label is what it keeps
    const attention = page.getByRole('checkbox', { name: /Needs attention/ });
    const label = await page
      .getByText(/^Needs attention \(\d+\)$/)
      .textContent();
    const needing = Number(/\((\d+)\)/.exec(label ?? '')?.[1]);
    expect(needing).toBeGreaterThan(0);
    expect(needing).toBeLessThanOrEqual(fleetSize);
    await attention.check();
    await expect(
      page.getByText(
        needing === fleetSize
          ? `${fleetSize} clusters`
          : `${needing} of ${fleetSize} clusters`,
        { exact: true },
      ),
    ).toBeVisible();
    expect(new URL(page.url()).searchParams.get('attention')).toBe('true');
    for (const row of await page.getByTestId('fleet-row').all()) {
      await expect(
        row.locator('td[data-column="attention"] li').first(),
      ).toBeVisible();
    }
    await shot(page, 'fleet-needs-attention');
    await attention.uncheck();

    // sort by version: oldest first, then newest first
    const versionHeader = page
      .getByRole('table')
      .getByRole('button', { name: 'Version', exact: true });
    await versionHeader.click();
    const ascending = await shownVersions(page);
    expect(ascending[0]).toBe('1.30');
    expect([...ascending].sort()).toEqual(ascending);
    await versionHeader.click();
    const descending = await shownVersions(page);
    expect(descending[0]).toBe('1.34');
    expect([...descending].sort().reverse()).toEqual(descending);
    await shot(page, 'fleet-sorted-by-version');

    // search a name: its clusters, with their row age
    const someName = (await shownNames(page))[3];
    await page.getByLabel('Search clusters').fill(someName);
    // (a name may repeat in other accounts or regions)
    await expect(
      page.getByText(new RegExp(`^\\d+ of ${fleetSize} clusters$`)),
    ).toBeVisible();
    const found = page.getByTestId('fleet-row');
    expect(await found.count()).toBeLessThan(5);
    for (const row of await found.all()) {
      await expect(row).toContainText(someName);
      await expect(row).toContainText(/ago|just now/);
    }
    expect(new URL(page.url()).searchParams.get('q')).toBe(someName);
    await shot(page, 'fleet-search');

    // the demo cluster, linked to its entity
    await page.getByLabel('Search clusters').fill('demo');
    await expect(page.getByRole('link', { name: 'demo' })).toHaveAttribute(
      'href',
      /\/catalog\/default\/resource\/demo$/,
    );

    // CSV of the whole fleet
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: /CSV/ }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('eks-fleet.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^account,region,name,arn,/);
    expect(lines).toHaveLength(fleetSize + 1);
    expect(csv).toContain(`,${someName},`);
  });
});
