import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { run, type CommandContext } from './processes';

/** The app generator, from the npm registry, as an adopter runs it. */
export const CREATE_APP = '@backstage/create-app@0.9.2';

/** Creates a fresh portal in `appDir` (which must not exist yet). */
export async function createFreshApp(
  appDir: string,
  ctx: CommandContext,
): Promise<void> {
  // it asks for the app's name on its standard input
  await run(
    `npx --yes ${CREATE_APP} --skip-install --path ${basename(appDir)}`,
    { ...ctx, cwd: dirname(appDir) },
    { input: 'eks-adoption-portal\n', timeoutMs: 5 * 60_000 },
  );
}

/**
 * Points the app's Yarn at the local registry for the `@backstage-eks` scope
 * (plain HTTP on 127.0.0.1), and lets it install our packages the day they
 * are published: the app's `npmMinimalAgeGate` holds back anything younger
 * than three days, except the packages listed as pre-approved. create-app
 * itself pins playwright-core exactly, to a release that can be younger
 * than its own gate (1.65.2 on 2026-12-04 refused `yarn up`), so that one
 * is pre-approved too.
 */
export function useRegistryForOurScope(appDir: string, url: string): void {
  const yarnrc = join(appDir, '.yarnrc.yml');
  const text = readFileSync(yarnrc, 'utf8');
  const approved = text.replace(
    /^npmPreapprovedPackages:\n/m,
    "npmPreapprovedPackages:\n  - '@backstage-eks/*'\n  - 'playwright-core'\n",
  );
  writeFileSync(yarnrc, approved);
  appendFileSync(
    yarnrc,
    [
      '',
      'npmScopes:',
      '  backstage-eks:',
      `    npmRegistryServer: "${url}"`,
      'unsafeHttpWhitelist:',
      `  - "${new URL(url).hostname}"`,
      '',
    ].join('\n'),
  );
}

/**
 * Installs the app with all its `@backstage/*` packages on one release: the
 * generator's yarn.lock seed cannot be fetched offline, so a fresh app
 * mixes two releases and its backend does not start until they are brought
 * to one (`yarn up`), as an adopter would.
 */
export async function installOnOneRelease(
  appDir: string,
  ctx: CommandContext,
): Promise<void> {
  await run(
    `yarn up '@backstage/*'`,
    { ...ctx, cwd: appDir },
    {
      timeoutMs: 20 * 60_000,
    },
  );
}
