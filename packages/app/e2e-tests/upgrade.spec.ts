import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, Locator, Page, test } from '@playwright/test';

/*
 * Day 2 in the portal: a cluster with 6 add-ons, a node group and Karpenter
 * upgraded one Kubernetes minor version with the "Upgrade EKS cluster"
 * template and rolled back with "Roll back EKS cluster upgrade"; and an
 * upgrade whose preflight finds a deprecated API in use, stopped before any
 * change. Each test makes its own cluster with the New EKS cluster template:
 * the demo cluster is shared by the other tests.
 */

/** Screenshots land here; look at them after a run. */
const SHOTS = 'test-results/e2e';

/** The sandbox the portal starts (app-config.yaml eks.sandbox.port). */
const SANDBOX_URL = 'http://127.0.0.1:4599';

async function shot(page: Page, name: string) {
  // park the pointer on the page header so the sidebar is not shown expanded
  // over the content (it opens on hover)
  await page.mouse.move(900, 10);
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/** Opens a page of the portal, signing in as the guest user. */
async function openAsGuest(page: Page, path: string) {
  const enter = page.getByRole('button', { name: 'Enter' });
  const sidebarCreate = page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Create', exact: true });
  await expect(async () => {
    await page.goto(path);
    await expect(enter.or(sidebarCreate).first()).toBeVisible({
      timeout: 30_000,
    });
    if (await enter.isVisible()) await enter.click();
    await expect(sidebarCreate).toBeVisible({ timeout: 15_000 });
  }).toPass({ timeout: 120_000 });
}

/** Chooses a template on the Create page by its title. */
async function chooseTemplate(page: Page, title: string) {
  const card = page
    .locator('.MuiCard-root')
    .filter({ has: page.getByRole('heading', { name: title }) })
    .last();
  await expect(async () => {
    await openAsGuest(page, '/create');
    await expect(card).toBeVisible({ timeout: 45_000 });
  }).toPass({ timeout: 180_000 });
  await card.getByRole('button', { name: 'Choose' }).click();
}

/** Picks a cluster in an EksClusterPicker field by typing its name. */
async function pickCluster(page: Page, name: string) {
  const picker = page.getByRole('textbox', { name: 'Cluster', exact: true });
  await picker.fill(name);
  await page.getByRole('option', { name: new RegExp(`^${name} \\(`) }).click();
}

/**
 * Waits on the task page until `ended` shows, signing in again when the
 * page asks (the development backend restarts when its sources change).
 */
async function onTaskPageUntil(page: Page, ended: Locator) {
  const taskPage = new URL(page.url()).pathname;
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(async () => {
    if (await enter.isVisible()) await openAsGuest(page, taskPage);
    await expect(ended).toBeVisible({ timeout: 15_000 });
  }).toPass({ timeout: 240_000 });
}

/** Waits for the task page to end: "Start Over" is enabled once it has. */
async function waitForTaskEnd(page: Page) {
  await onTaskPageUntil(
    page,
    page.getByTestId('start-over-button').and(page.locator(':enabled')),
  );
}

/** The link to the EKS tab in an entity page's header. */
function eksTab(page: Page) {
  return page.getByRole('link', { name: 'EKS', exact: true });
}

/**
 * Opens a cluster entity once the catalog has it, then its EKS tab, and
 * reads the cluster again (Refresh): the health document is cached, and may
 * predate the run just made.
 */
async function openFreshEksTab(page: Page, entityName: string) {
  await expect(async () => {
    await openAsGuest(page, `/catalog/default/resource/${entityName}`);
    await expect(eksTab(page)).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 240_000 });
  await eksTab(page).click();
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await expect(
    page.getByText('Add-ons', { exact: true }).first(),
  ).toBeVisible();
}

/**
 * Creates a cluster with the New EKS cluster template: the system node
 * group, the core add-ons and `extraAddons`, Karpenter; at `version`, or
 * EKS's default version.
 */
async function createCluster(
  page: Page,
  name: string,
  opts: { version?: string; extraAddons?: string[]; shots?: string } = {},
) {
  await chooseTemplate(page, 'New EKS cluster');
  const versionPicker = page.getByRole('button', {
    name: /Kubernetes version/,
  });
  await expect(versionPicker).toContainText(/\d+\.\d+/);
  if (opts.version) {
    await versionPicker.click();
    await page
      .getByRole('option', {
        name: new RegExp(`^${opts.version.replace('.', '\\.')}\\b`),
      })
      .click();
    await expect(versionPicker).toContainText(opts.version);
  }
  const field = page.getByLabel('Cluster name');
  await expect(async () => {
    await field.fill(name);
    await expect(field).toHaveValue(name, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Next' }).click();

  await expect(
    page.getByText('Managed node group for system pods'),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();

  await expect(page.getByText('Core add-ons').first()).toBeVisible();
  const extra = opts.extraAddons ?? [];
  for (const [i, addon] of extra.entries()) {
    await page.getByRole('button', { name: 'Add an add-on' }).click();
    const row = page.getByRole('textbox', { name: `Add-on ${5 + i}` });
    await row.fill(addon);
    await page
      .getByRole('option', { name: new RegExp(`^${addon}\\b`) })
      .first()
      .click();
  }
  if (opts.shots) await shot(page, `${opts.shots}-addons`);
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByText(name).first()).toBeVisible();
  await page.getByRole('button', { name: 'Create' }).click();
  await page.waitForURL(/\/create\/tasks\//);
  await onTaskPageUntil(
    page,
    page.getByRole('link', { name: 'Open the cluster in the catalog' }),
  );
  await expect(page.getByText(/^Error/)).toHaveCount(0);
}

/** Runs the AWS CLI against the portal's sandbox, with its credentials. */
function sandboxCli(command: string, args: string[]): string {
  return execFileSync(command, args, {
    encoding: 'utf8',
    env: {
      ...process.env,
      AWS_ACCESS_KEY_ID: '000000000000',
      AWS_SECRET_ACCESS_KEY: 'sandbox',
      AWS_DEFAULT_REGION: 'eu-west-1',
    },
  });
}

/** The cluster's own version updates (not its add-ons' or node groups'). */
function clusterUpdateIds(clusterName: string): string[] {
  const out = sandboxCli('aws', [
    '--endpoint-url',
    SANDBOX_URL,
    'eks',
    'list-updates',
    '--name',
    clusterName,
    '--output',
    'json',
  ]);
  return JSON.parse(out).updateIds ?? [];
}

test.describe
  .serial('upgrading a cluster and rolling it back from the portal', () => {
  // A new name per run: a reused portal keeps the sandbox's clusters.
  const clusterName = `upg-${Date.now().toString(36)}`;
  const from = '1.33';
  const to = '1.34';

  test('creates a cluster with 6 add-ons, a node group and Karpenter', async ({
    page,
  }) => {
    test.setTimeout(480_000);
    await createCluster(page, clusterName, {
      version: from,
      extraAddons: ['metrics-server', 'snapshot-controller'],
      shots: '30-upgrade-cluster',
    });
    await openFreshEksTab(page, clusterName);
    for (const addon of [
      'vpc-cni',
      'coredns',
      'kube-proxy',
      'eks-pod-identity-agent',
      'metrics-server',
      'snapshot-controller',
    ]) {
      await expect(
        page.getByRole('row').filter({ hasText: addon }).first(),
      ).toContainText('ACTIVE');
    }
    await expect(page.getByText('Karpenter is not installed')).toHaveCount(0);
    await shot(page, '31-upgrade-cluster-before');
  });

  test('"Upgrade EKS cluster" shows the plan, upgrades the cluster one minor version, and the EKS tab shows the new version and the rollback window', async ({
    page,
  }) => {
    test.setTimeout(480_000);
    await chooseTemplate(page, 'Upgrade EKS cluster');
    await pickCluster(page, clusterName);
    // the only version offered is the next one, preselected
    const target = page.getByRole('button', { name: /Target version/ });
    await expect(target).toContainText(to);
    await target.click();
    await expect(page.getByRole('option')).toHaveCount(1);
    await expect(page.getByRole('option')).toContainText(
      /standard support until/,
    );
    await page.keyboard.press('Escape');
    // the plan, from a dry run, before anything runs
    const plan = page.getByRole('region', { name: 'Plan' });
    await expect(plan).toContainText(
      `Upgrade cluster ${clusterName} from Kubernetes ${from} to ${to}.`,
      { timeout: 120_000 },
    );
    await expect(plan).toContainText(`Node group system: ${from} -> ${to}`);
    await shot(page, '32-upgrade-form-plan');
    await page.getByRole('button', { name: 'Review' }).click();
    // the review lists the plan's lines too
    await expect(
      page.getByText(`Node group system: ${from} -> ${to}`).first(),
    ).toBeVisible();
    await shot(page, '33-upgrade-review');
    await page.getByRole('button', { name: 'Upgrade cluster' }).click();

    await waitForTaskEnd(page);
    await expect(
      page.getByText(`Kubernetes ${from} to ${to}`).first(),
    ).toBeVisible();
    await expect(page.getByText(/^Error/)).toHaveCount(0);
    await shot(page, '34-upgrade-task');

    await openFreshEksTab(page, clusterName);
    await expect(page.getByTestId('latest-version-update')).toContainText(
      `Upgrade ${from} → ${to}`,
    );
    await expect(page.getByTestId('latest-version-update')).toContainText(
      'Successful',
    );
    await expect(page.getByTestId('rollback-window')).toContainText(
      `Rollback window: back to ${from} possible until`,
    );
    await shot(page, '35-upgrade-eks-tab');
  });

  test('"Roll back EKS cluster upgrade" takes the cluster back to the version before', async ({
    page,
  }) => {
    test.setTimeout(480_000);
    await chooseTemplate(page, 'Roll back EKS cluster upgrade');
    await pickCluster(page, clusterName);
    const plan = page.getByRole('region', { name: 'Plan and rollback window' });
    await expect(plan).toContainText(to, { timeout: 120_000 });
    await expect(plan).toContainText(from);
    await expect(plan).not.toContainText('The dry run stopped');
    await shot(page, '36-rollback-form-plan');
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('button', { name: 'Roll back cluster' }).click();

    await waitForTaskEnd(page);
    await expect(
      page.getByText(`Kubernetes ${to} back to ${from}`).first(),
    ).toBeVisible();
    await expect(page.getByText(/^Error/)).toHaveCount(0);
    await shot(page, '37-rollback-task');

    await openFreshEksTab(page, clusterName);
    await expect(page.getByTestId('latest-version-update')).toContainText(
      `Rollback ${to} → ${from}`,
    );
    await expect(page.getByTestId('latest-version-update')).toContainText(
      'Successful',
    );
    await expect(page.getByTestId('rollback-window')).toHaveCount(0);
    await shot(page, '38-rollback-eks-tab');
  });
});

test.describe.serial('an upgrade blocked by its preflight', () => {
  const clusterName = `dep-${Date.now().toString(36)}`;

  test('a cluster still using an API its next version removes: the upgrade stops before any change and says why', async ({
    page,
  }) => {
    test.setTimeout(600_000);
    // flowcontrol.apiserver.k8s.io/v1beta3 is served until 1.31 and
    // removed in 1.32
    await createCluster(page, clusterName, { version: '1.31' });

    // a client of the cluster still reads FlowSchemas through v1beta3
    const kubeconfig = join(mkdtempSync(join(tmpdir(), 'e2e-')), 'kubeconfig');
    sandboxCli('aws', [
      'eks',
      'update-kubeconfig',
      '--name',
      clusterName,
      '--endpoint-url',
      SANDBOX_URL,
      '--kubeconfig',
      kubeconfig,
    ]);
    sandboxCli('kubectl', [
      '--kubeconfig',
      kubeconfig,
      'get',
      '--raw',
      '/apis/flowcontrol.apiserver.k8s.io/v1beta3/flowschemas',
    ]);
    const updatesBefore = clusterUpdateIds(clusterName);

    await chooseTemplate(page, 'Upgrade EKS cluster');
    await pickCluster(page, clusterName);
    await expect(
      page.getByRole('button', { name: /Target version/ }),
    ).toContainText('1.32');
    // the dry run already says why, before the task starts
    const plan = page.getByRole('region', { name: 'Plan' });
    await expect(plan).toContainText('The dry run stopped', {
      timeout: 120_000,
    });
    await expect(plan).toContainText(
      'Deprecated APIs removed in Kubernetes v1.32',
    );
    await shot(page, '39-upgrade-blocked-form');
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('button', { name: 'Upgrade cluster' }).click();

    await waitForTaskEnd(page);
    // the reason, on the task page: the insight and what to do
    await expect(
      page.getByText(/is blocked; nothing was changed/).first(),
    ).toBeVisible();
    await expect(
      page.getByText(/Deprecated APIs removed in Kubernetes v1\.32/).first(),
    ).toBeVisible();
    await shot(page, '40-upgrade-blocked-task');
    // no version update was started
    expect(clusterUpdateIds(clusterName)).toEqual(updatesBefore);
  });
});
