/*
 * The adoption test: what a platform team does to put the EKS plugins in its
 * portal, done from scratch. Pack every package, publish the tarballs to a
 * registry on 127.0.0.1, make a fresh app with @backstage/create-app from the
 * npm registry, apply the `adoption` blocks of the packages' READMEs (and
 * nothing else but free ports and one template location), start the portal
 * against the packed sandbox, and check it as a user would.
 *
 *   yarn test:adoption            (ADOPTION_KEEP=1 keeps the app's folder)
 */
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { applyFileInstruction } from './applyInstructions';
import {
  checkActionsListed,
  checkEksRoutes,
  guestToken,
  runTemplateTask,
  screenshotEksTab,
  waitForClusterEntity,
} from './checks';
import {
  createFreshApp,
  installOnOneRelease,
  useRegistryForOurScope,
} from './freshApp';
import { publishTarballs, startLocalRegistry } from './localRegistry';
import { startPortal, writeTestSettings } from './portal';
import {
  freePort,
  run,
  startInBackground,
  stopProcessGroup,
  type CommandContext,
} from './processes';
import { readReadmeInstructions, shellCommands } from './readmeInstructions';

/** The repository's root: this package is packages/adoption-test. */
const REPO = resolve(
  dirname(require.resolve('adoption-test/package.json')),
  '../..',
);
const OUT = join(REPO, 'test-results/adoption');

/** The READMEs an adopter follows, in the order they are followed. */
const ADOPTION_READMES = [
  'plugins/eks-backend/README.md',
  'plugins/scaffolder-backend-module-eks/README.md',
  'plugins/catalog-backend-module-eks/README.md',
  'plugins/eks/README.md',
  'packages/sandbox/README.md',
].map(p => join(REPO, p));

const TEMPLATE = {
  file: join(REPO, 'templates/install-eks-addons/template.yaml'),
  ref: 'template:default/install-eks-addons',
};

const timings: Array<{ step: string; seconds: number }> = [];
const background: ChildProcess[] = [];

async function step<T>(name: string, fn: () => Promise<T> | T): Promise<T> {
  const started = Date.now();
  process.stdout.write(`[adoption] ${name} ...\n`);
  const result = await fn();
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  timings.push({ step: name, seconds });
  process.stdout.write(`[adoption] ${name}: done in ${seconds} s\n`);
  return result;
}

/**
 * The packed packages: those of `ADOPTION_PACKED` (the folder CI's publish
 * check has just packed them into), else packed now.
 */
async function packPackages(ctx: CommandContext): Promise<string[]> {
  const packed = process.env.ADOPTION_PACKED;
  // relative to the repository's root, where `yarn test:adoption` is run
  const dir = packed ? resolve(REPO, packed) : join(ctx.cwd, 'tarballs');
  if (!packed) {
    await run(`bash ${join(REPO, 'scripts/pack-packages.sh')} ${dir}`, {
      ...ctx,
      cwd: REPO,
    });
  }
  return readdirSync(dir)
    .filter(f => f.endsWith('.tgz'))
    .map(f => join(dir, f));
}

/** Applies the READMEs' blocks; `serversOnly` starts their servers alone. */
async function followReadmes(
  appDir: string,
  ctx: CommandContext,
  serversOnly = false,
) {
  const appCtx = { ...ctx, cwd: appDir };
  for (const instruction of readReadmeInstructions(ADOPTION_READMES)) {
    if (serversOnly && instruction.kind !== 'background') continue;
    process.stdout.write(
      `[adoption]   ${instruction.source}: ${instruction.kind}\n`,
    );
    if (instruction.kind === 'run') {
      for (const command of shellCommands(instruction.body))
        await run(command, appCtx);
    } else if (instruction.kind === 'background') {
      for (const command of shellCommands(instruction.body)) {
        background.push(startInBackground(command, appCtx));
      }
    } else {
      applyFileInstruction(appDir, instruction);
    }
  }
}

/** Packs, publishes, makes the app and follows the READMEs in it. */
async function prepareApp(appDir: string, ctx: CommandContext) {
  const tarballs = await step('build and pack every package', () =>
    packPackages(ctx),
  );
  const registry = await step('start a registry on 127.0.0.1', async () =>
    startLocalRegistry(join(ctx.cwd, 'registry'), await freePort(), ctx),
  );
  background.push(registry.process);
  await step('publish the tarballs to it', () =>
    publishTarballs(tarballs, registry.url, ctx),
  );
  await step('create a fresh app (@backstage/create-app)', () =>
    createFreshApp(appDir, ctx),
  );
  useRegistryForOurScope(appDir, registry.url);
  await step(
    "install it on one Backstage release (yarn up '@backstage/*')",
    () => installOnOneRelease(appDir, ctx),
  );
  await step('follow the READMEs', () => followReadmes(appDir, ctx));
}

async function main() {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  // ADOPTION_REUSE=<folder of a kept run> checks an app made before again
  const reuse = process.env.ADOPTION_REUSE;
  const work = reuse ?? mkdtempSync(join(tmpdir(), 'eks-adoption-'));
  const ctx: CommandContext = { cwd: work, logFile: join(OUT, 'commands.log') };
  const appDir = join(work, 'eks-adoption-portal');
  const started = Date.now();
  try {
    if (reuse) await followReadmes(appDir, ctx, true);
    else await prepareApp(appDir, ctx);
    const urls = writeTestSettings(
      appDir,
      { app: await freePort(), backend: await freePort() },
      [TEMPLATE.file],
    );
    background.push(
      await step('start the portal (yarn start)', () =>
        startPortal(appDir, urls, ctx),
      ),
    );
    const token = await guestToken(urls.backend);
    const clusters = await step('the eks routes answer', () =>
      checkEksRoutes(urls.backend, token, 'eu-west-1'),
    );
    await step('the scaffolder lists the five actions', () =>
      checkActionsListed(urls.backend, token),
    );
    const entity = await step('the catalog holds a cluster', () =>
      waitForClusterEntity(urls.backend, token, 180_000),
    );
    await step('the EKS tab renders (screenshot)', () =>
      screenshotEksTab(urls, entity, join(OUT, 'eks-tab.png'), ['Add-ons']),
    );
    await step(`a template task completes (${TEMPLATE.ref})`, () =>
      runTemplateTask(
        urls.backend,
        token,
        TEMPLATE.ref,
        {
          cluster: clusters.includes('demo') ? 'demo' : clusters[0],
          region: 'eu-west-1',
          addons: [{ name: 'metrics-server', version: 'latest' }],
        },
        600_000,
      ),
    );
  } finally {
    background.reverse().forEach(stopProcessGroup);
    const total = Math.round((Date.now() - started) / 1000);
    writeFileSync(
      join(OUT, 'timings.json'),
      `${JSON.stringify({ totalSeconds: total, steps: timings }, null, 2)}\n`,
    );
    process.stdout.write(`[adoption] ${total} s in all; logs in ${OUT}\n`);
    if (!process.env.ADOPTION_KEEP && !reuse) {
      rmSync(work, { recursive: true, force: true });
    }
  }
}

main().then(
  () => process.exit(0),
  error => {
    process.stderr.write(`[adoption] FAILED: ${error.stack ?? error}\n`);
    process.exit(1);
  },
);
