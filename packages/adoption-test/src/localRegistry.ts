import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import {
  run,
  startInBackground,
  waitForUrl,
  type CommandContext,
} from './processes';

/** The npm registry server the packed packages are published to. */
export const VERDACCIO = 'verdaccio@6.10.4';

/**
 * Starts a registry on 127.0.0.1 that holds only what is published to it
 * (no uplink): the app's Yarn asks it for the `@backstage-eks` scope alone, so
 * every other package still comes from the npm registry, as an adopter's
 * would once ours are published.
 */
export async function startLocalRegistry(
  dir: string,
  port: number,
  ctx: CommandContext,
): Promise<{ url: string; process: ChildProcess }> {
  mkdirSync(dir, { recursive: true });
  const config = join(dir, 'config.yaml');
  writeFileSync(
    config,
    [
      'storage: ./storage',
      'uplinks: {}',
      'packages:',
      "  '@backstage-eks/*':",
      '    access: $all',
      '    publish: $anonymous',
      'log: { type: stdout, format: pretty, level: warn }',
      '',
    ].join('\n'),
  );
  const url = `http://127.0.0.1:${port}`;
  const child = startInBackground(
    `npx --yes ${VERDACCIO} --config ${config} --listen 127.0.0.1:${port}`,
    { ...ctx, cwd: dir },
  );
  await waitForUrl(`${url}/-/ping`, 120_000);
  return { url, process: child };
}

/** Publishes each tarball to the registry at `url`. */
export async function publishTarballs(
  tarballs: string[],
  url: string,
  ctx: CommandContext,
): Promise<void> {
  // npm insists on a token for publishing; the registry takes anyone's
  const userConfig = join(ctx.cwd, '.npmrc-adoption');
  writeFileSync(userConfig, `//${new URL(url).host}/:_authToken=adoption\n`);
  for (const tarball of tarballs) {
    await run(`npm publish ${tarball} --registry ${url}`, {
      ...ctx,
      env: { ...ctx.env, NPM_CONFIG_USERCONFIG: userConfig },
    });
  }
}
