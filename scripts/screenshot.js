#!/usr/bin/env node
// Takes a screenshot of a portal page in headless Debian Chromium:
//   node scripts/screenshot.js <url> <out.png> [text to wait for]
// Uses playwright-core with /usr/bin/chromium (no browser download); install
// the browser with `apt-get install -y --no-install-recommends chromium`.
const { chromium } = require('playwright-core');
const fs = require('fs');
const os = require('os');
const path = require('path');

async function main() {
  const [url, out, waitForText] = process.argv.slice(2);
  if (!url || !out) {
    console.error('usage: screenshot.js <url> <out.png> [text to wait for]');
    process.exit(2);
  }
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'networkidle', timeout: 60_000 });
    // Guest sign-in: click "Enter" when the sign-in page shows up.
    const enter = page.getByRole('button', { name: 'Enter' });
    const sidebar = page.locator('nav[aria-label="sidebar nav"]');
    await enter.or(sidebar).first().waitFor({ timeout: 60_000 });
    if (await enter.isVisible()) {
      await enter.click();
      await enter.waitFor({ state: 'detached', timeout: 60_000 });
      await page.waitForLoadState('networkidle');
    }
    if (waitForText) {
      await page.getByText(waitForText).first().waitFor({ timeout: 60_000 });
    }
    await page.screenshot({ path: out, fullPage: true });
    console.log(`saved ${out}`);
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
