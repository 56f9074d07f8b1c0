import type { FullConfig } from '@playwright/test';

const POLL_MS = 1_000;
const TIMEOUT_MS = 300_000;

/** The backend `yarn start` serves (app-config.yaml backend.baseUrl). */
const BACKEND_URL =
  process.env.PLAYWRIGHT_BACKEND_URL ?? 'http://localhost:7007';

/**
 * Polls `check` until it returns true, or throws after TIMEOUT_MS with the
 * last problem it reported.
 */
async function waitUntil(
  what: string,
  check: () => Promise<true | string>,
): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    try {
      const result = await check();
      if (result === true) return;
      lastProblem = result;
    } catch (error) {
      lastProblem = String(error);
    }
    await new Promise(r => setTimeout(r, POLL_MS));
  }
  throw new Error(`${what} within ${TIMEOUT_MS / 1000}s (${lastProblem})`);
}

/** A guest user's token, as the app's guest sign-in gets it. */
async function guestToken(): Promise<string> {
  const res = await fetch(
    `${BACKEND_URL}/api/auth/guest/refresh?env=development`,
    { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
  );
  if (!res.ok) throw new Error(`guest sign-in: HTTP ${res.status}`);
  const body = (await res.json()) as {
    backstageIdentity?: { token?: string };
  };
  const token = body.backstageIdentity?.token;
  if (!token) throw new Error('guest sign-in: no token');
  return token;
}

/**
 * `yarn start` serves the backend and the app's development build; Playwright
 * waits for the backend's readiness (webServer.url). This waits until the app
 * answers too, so that the first test does not race its compilation; and
 * until the backend's first read of the fleet (the 500 clusters app-config
 * seeds) has ended: while it runs, the backend, which also serves the
 * in-process sandbox, answers the portal's other requests slowly (a first
 * cluster-creation test waited 37 s for a preflight that takes 1 s after it).
 */
export default async function globalSetup(config: FullConfig) {
  const baseURL = config.projects[0]?.use.baseURL;
  if (!baseURL) {
    throw new Error('playwright.config.ts must set use.baseURL');
  }
  await waitUntil(`The app at ${baseURL} did not answer`, async () => {
    const res = await fetch(baseURL);
    return res.ok || `HTTP ${res.status}`;
  });
  const token = await guestToken();
  await waitUntil(
    'The backend did not end its first read of the fleet',
    async () => {
      const res = await fetch(`${BACKEND_URL}/api/eks/fleet`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      if (!res.ok) return `GET /api/eks/fleet: HTTP ${res.status}`;
      const fleet = (await res.json()) as {
        regions: Array<{ lastAttemptAt?: string }>;
      };
      const read = fleet.regions.filter(r => r.lastAttemptAt).length;
      return (
        (fleet.regions.length > 0 && read === fleet.regions.length) ||
        `${read} of ${fleet.regions.length} account regions read`
      );
    },
  );
}
