import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { parseDocument, stringify } from 'yaml';
import { mergeSettings } from './applyInstructions';
import {
  startInBackground,
  waitForUrl,
  type CommandContext,
} from './processes';

/** Where the portal under test answers. */
export interface PortalUrls {
  app: string;
  backend: string;
}

/**
 * The test's own settings, beside what the READMEs told it to add: free
 * ports for the app and backend, and the template it runs, registered from
 * this repository's templates/ folder as a file location.
 */
export function writeTestSettings(
  appDir: string,
  ports: { app: number; backend: number },
  templateFiles: string[],
): PortalUrls {
  const urls = {
    app: `http://localhost:${ports.app}`,
    backend: `http://localhost:${ports.backend}`,
  };
  const file = join(appDir, 'app-config.local.yaml');
  const base = existsSync(file)
    ? parseDocument(readFileSync(file, 'utf8')).toJS() ?? {}
    : {};
  const settings = {
    app: { baseUrl: urls.app },
    backend: {
      baseUrl: urls.backend,
      listen: { port: ports.backend },
      cors: { origin: urls.app },
    },
    catalog: {
      locations: templateFiles.map(target => ({
        type: 'file',
        target,
        rules: [{ allow: ['Template'] }],
      })),
    },
  };
  // a run on a kept app does not list the same template twice
  const locations = base.catalog?.locations;
  if (Array.isArray(locations)) {
    base.catalog.locations = locations.filter(
      (l: { target?: string }) => !templateFiles.includes(l.target ?? ''),
    );
  }
  writeFileSync(file, stringify(mergeSettings(base, settings)));
  return urls;
}

/** `yarn start` in the app (frontend and backend), ready to be used. */
export async function startPortal(
  appDir: string,
  urls: PortalUrls,
  ctx: CommandContext,
): Promise<ChildProcess> {
  const child = startInBackground('yarn start', { ...ctx, cwd: appDir });
  await waitForUrl(
    `${urls.backend}/.backstage/health/v1/readiness`,
    10 * 60_000,
  );
  await waitForUrl(urls.app, 10 * 60_000);
  return child;
}
