import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { PortalUrls } from './portal';

/** The scaffolder actions the module adds. */
export const EKS_ACTIONS = [
  'aws:eks:cluster:create',
  'aws:eks:addon:install',
  'aws:eks:karpenter:install',
  'aws:eks:pod-identity:create',
  'aws:eks:cluster:upgrade',
  'aws:eks:cluster:rollback',
  'aws:eks:cluster:delete',
];

/** A guest user's Backstage token (the fresh app's sign-in). */
export async function guestToken(backend: string): Promise<string> {
  const response = await fetch(`${backend}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  const body = (await response.json()) as {
    backstageIdentity?: { token?: string };
  };
  const token = body.backstageIdentity?.token;
  if (!token) {
    throw new Error(
      `guest sign-in gave no token (HTTP ${response.status}: ${JSON.stringify(
        body,
      )})`,
    );
  }
  return token;
}

/** A JSON GET as the signed-in user; fails on any status but 2xx. */
export async function getJson<T>(url: string, token: string): Promise<T> {
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${token}` },
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(
      `GET ${url}: HTTP ${response.status} ${text.slice(0, 500)}`,
    );
  }
  return JSON.parse(text) as T;
}

/** The eks routes answer for the sandbox's account and region. */
export async function checkEksRoutes(
  backend: string,
  token: string,
  region: string,
): Promise<string[]> {
  const { versions } = await getJson<{ versions: unknown[] }>(
    `${backend}/api/eks/kubernetes-versions?region=${region}`,
    token,
  );
  const { clusters } = await getJson<{ clusters: Array<{ name: string }> }>(
    `${backend}/api/eks/clusters?region=${region}`,
    token,
  );
  if (!Array.isArray(versions) || versions.length === 0) {
    throw new Error('GET /api/eks/kubernetes-versions listed no version');
  }
  if (!Array.isArray(clusters) || clusters.length === 0) {
    throw new Error(`GET /api/eks/clusters listed no cluster in ${region}`);
  }
  return clusters.map(c => c.name);
}

/** The scaffolder lists the module's actions (what /create/actions shows). */
export async function checkActionsListed(
  backend: string,
  token: string,
): Promise<void> {
  const actions = await getJson<Array<{ id: string }>>(
    `${backend}/api/scaffolder/v2/actions`,
    token,
  );
  const ids = new Set(actions.map(a => a.id));
  const missing = EKS_ACTIONS.filter(id => !ids.has(id));
  if (missing.length) {
    throw new Error(`/api/scaffolder/v2/actions lacks ${missing.join(', ')}`);
  }
}

/** Waits for the catalog to hold a Resource for an EKS cluster; its name. */
export async function waitForClusterEntity(
  backend: string,
  token: string,
  timeoutMs: number,
): Promise<string> {
  const url = `${backend}/api/catalog/entities/by-query?filter=kind=resource,metadata.annotations.eks.backstage.io/cluster-arn`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { items } = await getJson<{
      items: Array<{ metadata: { name: string } }>;
    }>(url, token);
    if (items.length) return items[0].metadata.name;
    await new Promise(r => setTimeout(r, 2000));
  }
  throw new Error(
    `no Resource with eks.backstage.io/cluster-arn in the catalog after ${
      timeoutMs / 1000
    } s`,
  );
}

/** Runs a template as the user and waits for its task to end; its status. */
export async function runTemplateTask(
  backend: string,
  token: string,
  templateRef: string,
  values: Record<string, unknown>,
  timeoutMs: number,
): Promise<string> {
  const created = await fetch(`${backend}/api/scaffolder/v2/tasks`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ templateRef, values }),
  });
  const { id } = (await created.json()) as { id?: string };
  if (!created.ok || !id) {
    throw new Error(`starting ${templateRef}: HTTP ${created.status}`);
  }
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const task = await getJson<{ status: string }>(
      `${backend}/api/scaffolder/v2/tasks/${id}`,
      token,
    );
    if (['completed', 'failed', 'cancelled'].includes(task.status)) {
      if (task.status === 'completed') return task.status;
      const events = await getJson<Array<{ body: { message?: string } }>>(
        `${backend}/api/scaffolder/v2/tasks/${id}/events`,
        token,
      );
      const log = events.map(e => e.body.message ?? '').join('\n');
      throw new Error(`task ${id} of ${templateRef} ${task.status}:\n${log}`);
    }
    await new Promise(r => setTimeout(r, 2000));
  }
  throw new Error(
    `task ${id} of ${templateRef} did not end in ${timeoutMs / 1000} s`,
  );
}

/**
 * Opens the cluster's EKS tab in Chromium as a guest, waits for the health
 * document's sections, and saves a screenshot; the tab's text.
 */
export async function screenshotEksTab(
  urls: PortalUrls,
  entityName: string,
  screenshot: string,
  expectedText: string[],
): Promise<string> {
  const context = await chromium.launchPersistentContext(
    mkdtempSync(join(tmpdir(), 'adoption-chromium-')),
    {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      viewport: { width: 1440, height: 1000 },
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
    },
  );
  try {
    const page = await context.newPage();
    await page.goto(`${urls.app}/catalog/default/resource/${entityName}/eks`);
    // the fresh app's sign-in page: enter as a guest
    const enter = page.getByRole('button', { name: 'Enter' });
    await enter.waitFor({ state: 'visible', timeout: 120_000 });
    await enter.click();
    try {
      for (const text of expectedText) {
        await page.getByText(text).first().waitFor({ timeout: 120_000 });
      }
    } catch (error) {
      // what the page showed instead, as a picture and as text
      await page.screenshot({ path: screenshot, fullPage: true });
      const shown = ((await page.textContent('body')) ?? '').slice(0, 2000);
      throw new Error(`${String(error)}\nthe page showed: ${shown}`);
    }
    await page.screenshot({ path: screenshot, fullPage: true });
    return (await page.textContent('main')) ?? '';
  } finally {
    await context.close();
  }
}
