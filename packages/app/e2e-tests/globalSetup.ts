import type { FullConfig } from '@playwright/test';

const POLL_MS = 1_000;
const TIMEOUT_MS = 300_000;

/**
 * `yarn start` serves the backend and the app's development build; Playwright
 * waits for the backend's readiness (webServer.url). This waits until the app
 * answers too, so that the first test does not race its compilation.
 */
export default async function globalSetup(config: FullConfig) {
  const baseURL = config.projects[0]?.use.baseURL;
  if (!baseURL) {
    throw new Error('playwright.config.ts must set use.baseURL');
  }
  const deadline = Date.now() + TIMEOUT_MS;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(baseURL);
      if (res.ok) return;
      lastProblem = `HTTP ${res.status}`;
    } catch (error) {
      lastProblem = String(error);
    }
    await new Promise(r => setTimeout(r, POLL_MS));
  }
  throw new Error(
    `The app at ${baseURL} did not answer within ${
      TIMEOUT_MS / 1000
    }s (${lastProblem})`,
  );
}
