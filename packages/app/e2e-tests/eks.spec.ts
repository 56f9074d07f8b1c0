import { expect, Page, test } from '@playwright/test';

/** Screenshots land here; look at them after a run. */
const SHOTS = 'test-results/e2e';

async function shot(page: Page, name: string) {
  // park the pointer on the page header so the sidebar is not shown expanded
  // over the content (it opens on hover)
  await page.mouse.move(900, 10);
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/**
 * Opens a page of the portal, signing in as the guest user; tries again
 * while the backend is briefly unavailable (the development backend restarts
 * when its sources change).
 */
async function openAsGuest(page: Page, path: string) {
  await expect(async () => {
    await page.goto(path);
    await page.getByRole('button', { name: 'Enter' }).click();
    await expect(
      page
        .getByRole('navigation', { name: 'sidebar nav' })
        .getByRole('link', { name: 'Create', exact: true }),
    ).toBeVisible({ timeout: 15_000 });
  }).toPass({ timeout: 120_000 });
}

/** The link to the EKS tab in an entity page's header. */
function eksTab(page: Page) {
  return page.getByRole('link', { name: 'EKS', exact: true });
}

/** The EKS tab of a cluster entity: waits until its add-ons have loaded. */
async function openEksTab(page: Page) {
  await eksTab(page).click();
  await expect(
    page.getByText('Add-ons', { exact: true }).first(),
  ).toBeVisible();
}

test.describe.serial('EKS in the portal', () => {
  // A new name per run: a reused portal keeps the sandbox's clusters.
  const clusterName = `e2e-${Date.now().toString(36)}`;

  test('creates a cluster with the New EKS cluster template', async ({
    page,
  }) => {
    await openAsGuest(page, '/create');
    // The innermost card whose heading is the template's title.
    const card = page
      .locator('.MuiCard-root')
      .filter({ has: page.getByRole('heading', { name: 'New EKS cluster' }) })
      .last();
    await expect(card).toBeVisible();
    await shot(page, '01-create-templates');
    await card.getByRole('button', { name: 'Choose' }).click();

    // Step 1: the cluster; the version picker preselects the newest version.
    await page.getByLabel('Cluster name').fill(clusterName);
    await expect(page.getByText('Kubernetes version').first()).toBeVisible();
    await shot(page, '02-step-cluster');
    await page.getByRole('button', { name: 'Next' }).click();

    // Step 2: access and nodes (defaults: a system node group of 2).
    await expect(
      page.getByText('Managed node group for system pods'),
    ).toBeVisible();
    await page.getByRole('button', { name: 'Next' }).click();

    // Step 3: the core add-ons, CoreDNS configured through the form that
    // EksAddonConfiguration builds from the add-on's JSON Schema.
    await expect(page.getByText('Core add-ons').first()).toBeVisible();
    await expect(
      page.getByText('eks-pod-identity-agent').first(),
    ).toBeVisible();
    const replicaCount = page.getByLabel('replicaCount');
    await expect(replicaCount).toBeVisible();
    await replicaCount.fill('3');
    await shot(page, '03-step-addons-configuration');
    await page.getByRole('button', { name: 'Review' }).click();

    await expect(page.getByText(clusterName).first()).toBeVisible();
    await shot(page, '04-review');
    await page.getByRole('button', { name: 'Create' }).click();

    // Every step finishes; the output links to the entity and the console.
    await expect(
      page.getByRole('link', { name: 'Open the cluster in the catalog' }),
    ).toBeVisible({ timeout: 180_000 });
    await expect(
      page.getByRole('link', { name: 'Open the cluster in the AWS console' }),
    ).toBeVisible();
    await expect(page.getByText('Error')).toHaveCount(0);
    await shot(page, '05-task-completed');
  });

  test('shows the new cluster’s add-ons ACTIVE and Karpenter on its EKS tab', async ({
    page,
  }) => {
    // The catalog adds the entity on its next refresh: open it until it is
    // there.
    await expect(async () => {
      await openAsGuest(page, `/catalog/default/resource/${clusterName}`);
      await expect(eksTab(page)).toBeVisible({
        timeout: 10_000,
      });
    }).toPass({ timeout: 120_000 });
    await openEksTab(page);

    for (const addon of [
      'vpc-cni',
      'coredns',
      'kube-proxy',
      'eks-pod-identity-agent',
    ]) {
      const row = page.getByRole('row').filter({ hasText: addon }).first();
      await expect(row).toContainText('ACTIVE');
    }
    await expect(page.getByText('Karpenter is not installed')).toHaveCount(0);
    await expect(page.getByText('NodePools').first()).toBeVisible();
    await expect(
      page.getByText(`Karpenter-${clusterName}`).first(),
    ).toBeVisible();
    await shot(page, '06-new-cluster-eks-tab');
  });
});

test.describe('the demo cluster', () => {
  test('shows the diagnostic of the demo cluster’s degraded add-on', async ({
    page,
  }) => {
    await openAsGuest(page, '/catalog/default/resource/demo');
    await openEksTab(page);

    const ebs = page.getByRole('row').filter({ hasText: 'aws-ebs-csi-driver' });
    await expect(ebs.first()).toContainText('DEGRADED');
    const diagnostic = page.getByTestId('diagnostic-addon-degraded');
    await expect(diagnostic).toBeVisible();
    await expect(diagnostic).toContainText('aws-ebs-csi-driver');
    await diagnostic.getByText('aws-ebs-csi-driver').first().click();
    await expect(diagnostic).toContainText('Fix:');
    await shot(page, '07-demo-degraded-addon-diagnostic');
  });
});
