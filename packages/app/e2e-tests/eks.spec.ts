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
  const enter = page.getByRole('button', { name: 'Enter' });
  const sidebarCreate = page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Create', exact: true });
  await expect(async () => {
    await page.goto(path);
    // the sign-in page, unless this page is signed in already
    await expect(enter.or(sidebarCreate).first()).toBeVisible({
      timeout: 30_000,
    });
    if (await enter.isVisible()) await enter.click();
    await expect(sidebarCreate).toBeVisible({ timeout: 15_000 });
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

/**
 * Types the cluster name once the form has settled (its pickers loaded and
 * the Kubernetes version preselected), and checks that it stayed.
 */
async function fillClusterName(page: Page, name: string) {
  await expect(
    page.getByRole('button', { name: /Kubernetes version/ }),
  ).toContainText(/\d+\.\d+/);
  const field = page.getByLabel('Cluster name');
  await expect(async () => {
    await field.fill(name);
    await expect(field).toHaveValue(name, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
}

/** Chooses a template on the Create page by its title. */
async function chooseTemplate(page: Page, title: string) {
  // The innermost card whose heading is the template's title.
  const card = page
    .locator('.MuiCard-root')
    .filter({ has: page.getByRole('heading', { name: title }) })
    .last();
  // the templates list can be slow on a busy machine's development build
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

/** Waits for the task page to end: "Start Over" is enabled once it has. */
async function waitForTaskEnd(page: Page) {
  await expect(page.getByTestId('start-over-button')).toBeEnabled({
    timeout: 180_000,
  });
}

/**
 * Opens a cluster entity once the catalog has it (the EKS entity provider
 * adds it on its next run), then its EKS tab.
 */
async function openClusterEntity(page: Page, entityName: string) {
  await expect(async () => {
    await openAsGuest(page, `/catalog/default/resource/${entityName}`);
    await expect(eksTab(page)).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 240_000 });
  await eksTab(page).click();
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
    await fillClusterName(page, clusterName);
    await expect(page.getByText('Kubernetes version').first()).toBeVisible();
    // standard support only, instead of EKS's default of extended support
    await page.getByRole('button', { name: /Support policy/ }).click();
    await page
      .getByRole('option', { name: /^Standard support only: upgraded/ })
      .click();
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
    // the support policy chosen in the form, on the Cluster card
    await expect(
      page.getByRole('row').filter({ hasText: 'Support policy' }),
    ).toContainText(
      'Standard support only (upgraded automatically when it ends)',
    );
    await expect(page.getByText('NodePools').first()).toBeVisible();
    await expect(
      page.getByText(`Karpenter-${clusterName}`).first(),
    ).toBeVisible();
    await shot(page, '06-new-cluster-eks-tab');
  });

  test('an add-on that ends DEGRADED fails "Install EKS add-ons" and says how to fix it', async ({
    page,
  }) => {
    await chooseTemplate(page, 'Install EKS add-ons');
    await pickCluster(page, clusterName);
    await page.getByRole('button', { name: 'Next' }).click();

    // aws-ebs-csi-driver without an IAM role: EKS reports it DEGRADED
    // (AccessDenied) once it is installed.
    const addon = page.getByRole('textbox', { name: 'Add-on 1' });
    await addon.fill('aws-ebs-csi-driver');
    await page.getByRole('option', { name: /^aws-ebs-csi-driver/ }).click();
    await page.getByRole('button', { name: 'Review' }).click();
    await expect(page.getByText('aws-ebs-csi-driver').first()).toBeVisible();
    await page.getByRole('button', { name: 'Create' }).click();

    await waitForTaskEnd(page);
    // the task failed, and says which add-on, why and what to do
    await expect(page.getByText(/did not become ACTIVE/).first()).toBeVisible();
    await expect(page.getByText(/DEGRADED/).first()).toBeVisible();
    await expect(page.getByText(/Fix:/).first()).toBeVisible();
    // the fix is a link to the Pod Identity template, prefilled
    await expect(
      page.getByRole('link', { name: 'Open the fix' }).first(),
    ).toHaveAttribute(
      'href',
      /\/create\/templates\/default\/eks-pod-identity\?formData=/,
    );
    await shot(page, '08-addon-degraded-task');
  });
});

test.describe('the New EKS cluster form', () => {
  test("a malformed account id is the account field's error, not a picker failure", async ({
    page,
  }) => {
    await chooseTemplate(page, 'New EKS cluster');
    await fillClusterName(page, 'bad-account');
    const account = page.getByLabel('AWS account id');
    await account.fill('12345');
    await account.blur();

    // the rule, in words, under the account field, which is marked invalid
    await expect(
      page.getByText('AWS account id must be a 12-digit AWS account id'),
    ).toBeVisible();
    await expect(account).toHaveAttribute('aria-invalid', 'true');
    // no picker reports the bad account as a failure of its own
    await expect(page.getByText(/400|Bad Request/)).toHaveCount(0);
    await shot(page, '09-bad-account-id');
  });
});

test.describe.serial('an Auto Mode cluster, deleted from the portal', () => {
  // the cluster that examples/entities.yaml's resource:default/retired-cluster
  // names: the entity outlives it
  const clusterName = 'retired';

  test("creates an Auto Mode cluster: no system node group or built-in add-ons, Auto Mode's NodePools on its EKS tab", async ({
    page,
  }) => {
    // a cluster create, then the catalog's next provider run
    test.setTimeout(480_000);
    await chooseTemplate(page, 'New EKS cluster');
    await fillClusterName(page, clusterName);
    await page.getByLabel('EKS Auto Mode').check();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Review' }).click();
    await shot(page, '10-auto-mode-review');
    await page.getByRole('button', { name: 'Create' }).click();
    await expect(
      page.getByRole('link', { name: 'Open the cluster in the catalog' }),
    ).toBeVisible({ timeout: 180_000 });

    await openClusterEntity(page, clusterName);
    await expect(page.getByTestId('karpenter-auto-mode')).toBeVisible();
    await expect(
      page.getByRole('row').filter({ hasText: 'general-purpose' }).first(),
    ).toBeVisible();
    await expect(page.getByText('Karpenter is not installed')).toHaveCount(0);
    // Auto Mode runs networking, DNS and Pod Identity itself
    for (const addon of ['vpc-cni', 'coredns', 'kube-proxy']) {
      // no add-on row of that name (an insight may still name it)
      await expect(
        page.getByRole('cell', { name: addon, exact: true }),
      ).toHaveCount(0);
    }
    await expect(
      page.getByRole('row').filter({ hasText: 'metrics-server' }).first(),
    ).toBeVisible();
    await shot(page, '11-auto-mode-eks-tab');
  });

  test("the delete form refuses a confirmation that is not the cluster's name, then deletes it", async ({
    page,
  }) => {
    await chooseTemplate(page, 'Delete EKS cluster');
    await pickCluster(page, clusterName);
    const confirmation = page.getByLabel('Type the cluster name to confirm');
    await confirmation.fill('retire');
    await page.getByRole('button', { name: 'Review deletion' }).click();
    await expect(
      page.getByText(/is not the chosen cluster's name/).first(),
    ).toBeVisible();
    await shot(page, '12-delete-wrong-confirmation');

    await confirmation.fill(clusterName);
    await page.getByRole('button', { name: 'Review deletion' }).click();
    await page.getByRole('button', { name: 'Delete cluster' }).click();
    // the task ends with the template's report of what was deleted
    await expect(
      page.getByRole('heading', { name: 'What was deleted and what is left' }),
    ).toBeVisible({ timeout: 180_000 });
    await expect(page.getByText(/EKS cluster retired/).first()).toBeVisible();
    await shot(page, '13-delete-task');
  });

  test('the entity of the deleted cluster says it no longer exists and names the task that deleted it', async ({
    page,
  }) => {
    await openClusterEntity(page, 'retired-cluster');
    // the tab may show the document cached (eks.cache.ttlSeconds, 30 s here)
    // when the cluster was viewed just before it was deleted, and says how
    // old it is; Refresh reads the cluster again, as a user would
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(page.getByTestId('verdict-gone')).toBeVisible();
    await expect(page.getByTestId('deletion-task')).toBeVisible();
    await expect(page.getByText('No problems found')).toHaveCount(0);
    await shot(page, '14-deleted-cluster');
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

test.describe('EKS insights of the demo cluster', () => {
  test('the Refresh insights button starts an insights refresh and the EKS tab follows it until it has completed', async ({
    page,
  }) => {
    await openAsGuest(page, '/catalog/default/resource/demo');
    await openEksTab(page);

    const refresh = page.getByRole('button', { name: 'Refresh insights' });
    await expect(refresh).toBeVisible();
    await expect(page.getByText(/Upgrade readiness for 1\.\d+/)).toBeVisible();
    await refresh.click();
    // the sandbox completes a refresh within seconds; the page polls it
    await expect(page.getByText(/Insights refreshed on demand/)).toBeVisible();
    await expect(refresh).toBeEnabled();
    await shot(page, '15-demo-insights-refreshed');
  });
});

test.describe('Karpenter on the demo cluster', () => {
  test("the EKS tab says demo's Karpenter is older than the latest release and its upgrade link opens the Set up Karpenter form with the supported releases", async ({
    page,
  }) => {
    await openAsGuest(page, '/catalog/default/resource/demo');
    await openEksTab(page);
    await expect(page.getByTestId('karpenter-version')).toContainText(
      '1.8.1: older than the latest supported release 1.14.1',
    );
    await expect(
      page.getByTestId('diagnostic-karpenter-behind-latest-release'),
    ).toBeVisible();
    await shot(page, '12-karpenter-version');

    await page.getByRole('link', { name: 'Upgrade to 1.14.1' }).click();
    await expect(
      page.getByRole('textbox', { name: 'Cluster', exact: true }),
    ).toHaveValue(/demo/, { timeout: 60_000 });
    await page.getByRole('button', { name: 'Next' }).click();
    const version = page.getByRole('button', { name: /Karpenter version/ });
    await expect(version).toContainText(
      '1.14.1 (latest; Kubernetes 1.30 to 1.36)',
    );
    await version.click();
    await expect(page.getByRole('option')).toHaveText([
      '1.14.1 (latest; Kubernetes 1.30 to 1.36)',
      '1.14.0 (Kubernetes 1.30 to 1.36)',
      '1.13.1 (previous minor; Kubernetes 1.30 to 1.36)',
      '1.13.0 (previous minor; Kubernetes 1.30 to 1.36)',
    ]);
    await shot(page, '13-setup-karpenter-versions');
    await page.keyboard.press('Escape');
    await expect(page.getByText('Respect zonal shifts')).toBeVisible();
  });
});

test.describe('an EKS Capability from the portal', () => {
  test('adds managed Argo CD to the demo cluster with the EKS Capability template and shows it ACTIVE on the EKS tab', async ({
    page,
  }) => {
    await chooseTemplate(page, 'EKS Capability (Argo CD, ACK, kro)');
    await pickCluster(page, 'demo');
    await page.getByRole('button', { name: 'Next' }).click();

    // Argo CD is the preselected type: it asks for the Identity Center instance
    await expect(
      page.getByRole('button', { name: /Capability type/ }),
    ).toContainText('Argo CD');
    await page
      .getByLabel('IAM Identity Center instance')
      .fill('arn:aws:sso:::instance/ssoins-1234567890abcdef');
    await page.getByRole('button', { name: 'Next' }).click();
    // the capability role: created by the run
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('button', { name: 'Create' }).click();

    await waitForTaskEnd(page);
    // re-running against a kept portal finds the capability it made: unchanged, still ACTIVE
    await expect(
      page.getByText(/capability .*argocd.* is ACTIVE/).first(),
    ).toBeVisible();
    await expect(
      page
        .getByText(/Argo CD: sign in with IAM Identity Center at https:\/\//)
        .first(),
    ).toBeVisible();
    await shot(page, '10-capability-task');

    await openAsGuest(page, '/catalog/default/resource/demo');
    await openEksTab(page);
    // the tab may show the document cached (eks.cache.ttlSeconds) from
    // before the capability; Refresh reads the cluster again
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    const argocd = page
      .getByRole('row')
      .filter({ hasText: 'Argo CD (GitOps continuous delivery)' });
    await expect(argocd.first()).toContainText('ACTIVE');
    await expect(argocd.first()).toContainText('demo-argocd-capability');
    await shot(page, '11-capability-eks-tab');
  });
});

test.describe('Pod Identity and add-on permissions on the demo cluster', () => {
  test('the add-on form shows the Pod Identity policies EKS recommends for an add-on and offers to create the role', async ({
    page,
  }) => {
    await chooseTemplate(page, 'Install EKS add-ons');
    await pickCluster(page, 'demo');
    await page.getByRole('button', { name: 'Next' }).click();

    const addon = page.getByRole('textbox', { name: 'Add-on 1' });
    await addon.fill('aws-ebs-csi-driver');
    await page.getByRole('option', { name: /^aws-ebs-csi-driver/ }).click();
    await expect(
      page.getByText(
        /EKS recommends for Pod Identity — ebs-csi-controller-sa: AmazonEBSCSIDriverPolicy/,
      ),
    ).toBeVisible();
    await expect(
      page.getByRole('checkbox', {
        name: 'Create a Pod Identity role for add-on 1 with the recommended policies',
      }),
    ).toBeVisible();
    await expect(
      page.getByRole('textbox', { name: 'Namespace of add-on 1' }),
    ).toBeVisible();
    await shot(page, '18-addon-pod-identity-policies');
  });

  test('a cross-account target role with a session policy: the external id on the task page and the EKS tab', async ({
    page,
  }) => {
    await chooseTemplate(page, 'Pod Identity for a workload');
    await pickCluster(page, 'demo');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Namespace').fill('e2e-reports');
    await page.getByLabel('Service account').fill('reports-job');
    await page.getByRole('button', { name: 'Next' }).click();

    await page
      .getByLabel('Target role (cross-account)')
      .fill('arn:aws:iam::222233334444:role/reports-data');
    await page.getByLabel('Disable session tags').check();
    await page
      .getByLabel('Session policy')
      .fill(
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}',
      );
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('button', { name: 'Create' }).click();

    await waitForTaskEnd(page);
    await expect(
      page
        // the task's output (the log line holds more than the id)
        .getByText('eu-west-1/000000000000/demo/e2e-reports/reports-job', {
          exact: true,
        })
        .first(),
    ).toBeVisible();
    await shot(page, '19-pod-identity-target-role-task');

    await openAsGuest(page, '/catalog/default/resource/demo');
    await openEksTab(page);
    // the tab may show the document cached (eks.cache.ttlSeconds) from
    // before the association; Refresh reads the cluster again
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    const row = page.getByRole('row').filter({ hasText: 'reports-job' });
    await expect(row.first()).toContainText(
      'trust must require sts:ExternalId',
    );
    await expect(row.first()).toContainText('disabled');
    await expect(row.first()).toContainText('limits to s3:GetObject');
    await shot(page, '20-pod-identity-target-role-eks-tab');
  });
});
