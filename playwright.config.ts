import { defineConfig } from '@playwright/test';

/**
 * Browser end-to-end tests of the portal (packages/app/e2e-tests), run with
 * `yarn test:e2e`. They use the machine's Chromium (`/usr/bin/chromium`, or
 * PLAYWRIGHT_CHROMIUM_PATH): Playwright's own browser download is not used.
 * The portal is started with `yarn start` against the in-process sandbox
 * (whose backend also uses the sandbox's stand-in `helm`), unless it is
 * already running.
 */
const APP_URL = 'http://localhost:3000';
const BACKEND_READINESS_URL =
  'http://localhost:7007/.backstage/health/v1/readiness';

export default defineConfig({
  testDir: 'packages/app/e2e-tests',
  outputDir: 'test-results/e2e/playwright',
  // Creating a cluster on the sandbox takes seconds, the first page load of
  // the development build much longer on a busy machine.
  timeout: 240_000,
  expect: { timeout: 60_000 },
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  // One retry in CI: the development build can stall on a loaded machine.
  retries: process.env.CI ? 1 : 0,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'test-results/e2e/report' }],
  ],

  // Waits for the app's development server once the backend is ready.
  globalSetup: './packages/app/e2e-tests/globalSetup.ts',

  webServer: [
    {
      // Starts the backend (which starts the sandbox) and the app.
      command: 'yarn start',
      url: BACKEND_READINESS_URL,
      reuseExistingServer: true,
      timeout: 300_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],

  use: {
    baseURL: process.env.PLAYWRIGHT_URL ?? APP_URL,
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1440, height: 1000 },
    actionTimeout: 30_000,
    navigationTimeout: 120_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath:
        process.env.PLAYWRIGHT_CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
