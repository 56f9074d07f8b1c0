import { stringify } from 'yaml';
import { booleanFlag, parseDuration, stringFlag, type HelmArgs } from './args';
import { KubeClient } from './client';
import { HelmError, USAGE } from './errors';
import {
  computedValues,
  DEFAULT_KARPENTER_VERSION,
  isPublishedKarpenterVersion,
  karpenterCrdChartObjects,
  manifestOf,
  ownershipProblem,
  renderKarpenter,
  resourcePath,
  withHelmOwnership,
  type Manifest,
} from './karpenter';
import { loadClusterAccess } from './kubeconfig';
import {
  allReleases,
  releaseHistory,
  releaseSecretName,
  storeRelease,
  type Release,
} from './release';
import { HELM_COMMIT, HELM_GO_VERSION, HELM_VERSION } from './version';
import { collectValues, sortKeys } from './values';

/** Lines a command prints on stdout (also when it then fails). */
export type Output = string[];

const RELEASE_NAME =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Runs `fn` with a client for the kubeconfig's cluster, closing its connections after. */
async function withClient<T>(
  args: HelmArgs,
  fn: (client: KubeClient) => Promise<T>,
): Promise<T> {
  const client = new KubeClient(
    loadClusterAccess(
      stringFlag(args, '--kubeconfig'),
      stringFlag(args, '--kube-context'),
    ),
  );
  try {
    return await fn(client);
  } finally {
    client.close();
  }
}

function namespaceOf(args: HelmArgs): string {
  return stringFlag(args, '--namespace') || 'default';
}

/** "Sat Nov 21 20:40:00 2026", as helm prints LAST DEPLOYED. */
function formatDate(iso: string): string {
  const text = new Date(iso).toUTCString(); // "Sat, 21 Nov 2026 20:40:00 GMT"
  const match = /^(\w+), (\d+) (\w+) (\d+) ([\d:]+)/.exec(text);
  if (!match) return text;
  const [, weekday, day, month, year, time] = match;
  return `${weekday} ${month} ${day.padStart(2, ' ')} ${time} ${year}`;
}

function printRelease(out: Output, release: Release) {
  out.push(
    `NAME: ${release.name}`,
    `LAST DEPLOYED: ${formatDate(release.info.last_deployed)}`,
    `NAMESPACE: ${release.namespace}`,
    `STATUS: ${release.info.status}`,
    `REVISION: ${release.version}`,
    'TEST SUITE: None',
  );
}

interface DeploymentState {
  spec?: { replicas?: number };
  status?: { readyReplicas?: number; updatedReplicas?: number };
}

/** `--wait`: polls until the Deployment has its replicas ready and updated, or the deadline. */
async function waitForDeployment(
  client: KubeClient,
  deployment: Manifest,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const path = resourcePath(deployment);
  for (;;) {
    const current = (await client.get(path)) as DeploymentState | undefined;
    const wanted = current?.spec?.replicas ?? 0;
    if (
      current &&
      (current.status?.readyReplicas ?? 0) >= wanted &&
      (current.status?.updatedReplicas ?? 0) >= wanted
    ) {
      return true;
    }
    if (Date.now() >= deadline) return false;
    await new Promise(resolve =>
      setTimeout(resolve, Math.min(200, Math.max(10, deadline - Date.now()))),
    );
  }
}

/** `helm upgrade [--install]` and `helm install` of the karpenter chart. */
async function upgrade(args: HelmArgs, out: Output, install: boolean) {
  const { positional } = args;
  const command = install ? 'install' : 'upgrade';
  if (positional.length !== 2) {
    throw new HelmError(
      `"helm ${command}" requires 2 arguments`,
      USAGE[command],
    );
  }
  const [releaseName, chart] = positional;
  if (!RELEASE_NAME.test(releaseName) || releaseName.length > 53) {
    throw new HelmError(
      `release name "${releaseName}": invalid release name, must match regex ${RELEASE_NAME.source} and the length must not be longer than 53`,
    );
  }
  const namespace = namespaceOf(args);
  const timeoutMs = parseDuration(stringFlag(args, '--timeout') || '5m0s');
  const values = collectValues(args.multi);
  await withClient(args, async client => {
    const history = await releaseHistory(client, namespace, releaseName);
    const deployed = history.filter(r => r.info.status === 'deployed').pop();
    const installing = history.length === 0;
    const failPrefix = installing ? 'INSTALLATION FAILED' : 'UPGRADE FAILED';
    if (installing && !install && !booleanFlag(args, '--install')) {
      throw new HelmError(
        `UPGRADE FAILED: "${releaseName}" has no deployed releases`,
      );
    }
    if (!installing && install) {
      throw new HelmError(
        'INSTALLATION FAILED: cannot re-use a name that is still in use',
      );
    }
    const chartMatch = /(?:^|\/)(karpenter|karpenter-crd)$/.exec(chart);
    if (!chartMatch) {
      throw new HelmError(
        `${failPrefix}: chart "${chart}" is not available: the sandbox's stand-in helm only has the karpenter and karpenter-crd charts (a reference ending in "/karpenter" or "/karpenter-crd")`,
      );
    }
    const chartName = chartMatch[1];
    const version = stringFlag(args, '--version') || DEFAULT_KARPENTER_VERSION;
    if (!isPublishedKarpenterVersion(version)) {
      throw new HelmError(
        `${failPrefix}: chart "${chartName}" version "${version}" not found in ${chart} repository`,
      );
    }
    if (installing && !install) {
      out.push(`Release "${releaseName}" does not exist. Installing it now.`);
    }
    try {
      await deploy();
    } catch (e) {
      if (e instanceof HelmError) {
        throw new HelmError(`${failPrefix}: ${e.message}`);
      }
      throw e;
    }

    async function deploy() {
      if (!(await client.get(`/api/v1/namespaces/${namespace}`))) {
        if (!booleanFlag(args, '--create-namespace')) {
          throw new HelmError(
            `create: failed to create: namespaces "${namespace}" not found`,
          );
        }
        await client.create('/api/v1/namespaces', {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: namespace },
        });
      }
      const rendered =
        chartName === 'karpenter'
          ? renderKarpenter(releaseName, namespace, version, values)
          : {
              crds: [],
              resources: karpenterCrdChartObjects(version).map(crd =>
                withHelmOwnership(crd, releaseName, namespace),
              ),
            };
      // what exists and is not this release's stops the install, as in helm
      for (const resource of rendered.resources) {
        const existing = (await client.get(resourcePath(resource))) as
          | Parameters<typeof ownershipProblem>[0]
          | undefined;
        const problem =
          existing && ownershipProblem(existing, releaseName, namespace);
        if (problem) {
          const where = resource.metadata.namespace
            ? ` in namespace "${resource.metadata.namespace}"`
            : ' in namespace ""';
          throw new HelmError(
            `rendered manifests contain a resource that already exists. Unable to continue with ${
              installing ? 'install' : 'update'
            }: ${resource.kind} "${
              resource.metadata.name
            }"${where} exists and cannot be imported into the current release: ${problem}`,
          );
        }
      }
      if (!booleanFlag(args, '--skip-crds')) {
        for (const crd of rendered.crds) {
          await client.create(
            '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
            crd,
          );
        }
      }
      for (const resource of rendered.resources) {
        await client.apply(resourcePath(resource), resource);
      }
      if (deployed) {
        const current = new Set(rendered.resources.map(resourcePath));
        for (const path of deployed.resources ?? []) {
          if (!current.has(path)) await client.delete(path);
        }
        await storeRelease(client, {
          ...deployed,
          info: { ...deployed.info, status: 'superseded' },
        });
      }
      const now = new Date().toISOString();
      const chartVersion = version.replace(/^v/, '');
      const release: Release = {
        name: releaseName,
        namespace,
        version: history.length ? history[history.length - 1].version + 1 : 1,
        info: {
          first_deployed: history.length ? history[0].info.first_deployed : now,
          last_deployed: now,
          status: 'deployed',
          description: installing ? 'Install complete' : 'Upgrade complete',
        },
        chart: {
          metadata: {
            name: chartName,
            version: chartVersion,
            appVersion: chartVersion,
          },
        },
        config: values,
        manifest: manifestOf(rendered.resources),
        resources: rendered.resources.map(resourcePath),
      };
      if (booleanFlag(args, '--wait') || booleanFlag(args, '--atomic')) {
        const deployment = rendered.resources.find(
          r => r.kind === 'Deployment',
        );
        if (
          deployment &&
          !(await waitForDeployment(client, deployment, timeoutMs))
        ) {
          await storeRelease(client, {
            ...release,
            info: {
              ...release.info,
              status: 'failed',
              description: `Release "${releaseName}" failed: context deadline exceeded`,
            },
          });
          throw new HelmError('context deadline exceeded');
        }
      }
      await storeRelease(client, release);
      if (!installing) {
        out.push(`Release "${releaseName}" has been upgraded. Happy Helming!`);
      }
      printRelease(out, release);
    }
  });
}

/** `helm uninstall`: deletes the release's resources (CRDs stay) and its history. */
async function uninstall(args: HelmArgs, out: Output) {
  const { positional } = args;
  if (positional.length < 1) {
    throw new HelmError(
      '"helm uninstall" requires at least 1 argument',
      USAGE.uninstall,
    );
  }
  const namespace = namespaceOf(args);
  await withClient(args, async client => {
    for (const name of positional) {
      const history = await releaseHistory(client, namespace, name);
      if (history.length === 0) {
        throw new HelmError(
          `uninstall: Release not loaded: ${name}: release: not found`,
        );
      }
      const latest = history[history.length - 1];
      // resources in reverse order of installation; CRDs stay, as helm leaves crds/ alone
      for (const path of [...(latest.resources ?? [])].reverse()) {
        await client.delete(path);
      }
      if (booleanFlag(args, '--keep-history')) {
        await storeRelease(client, {
          ...latest,
          info: {
            ...latest.info,
            status: 'uninstalled',
            description: 'Uninstallation complete',
          },
        });
      } else {
        for (const release of history) {
          await client.delete(
            `/api/v1/namespaces/${namespace}/secrets/${releaseSecretName(
              name,
              release.version,
            )}`,
          );
        }
      }
      out.push(`release "${name}" uninstalled`);
    }
  });
}

function releaseSummary(release: Release) {
  return {
    name: release.name,
    namespace: release.namespace,
    revision: String(release.version),
    updated: `${release.info.last_deployed
      .replace('T', ' ')
      .replace('Z', '')} +0000 UTC`,
    status: release.info.status,
    chart: `${release.chart.metadata.name}-${release.chart.metadata.version}`,
    app_version: release.chart.metadata.appVersion,
  };
}

function outputFormat(args: HelmArgs): string {
  return stringFlag(args, '--output') || 'table';
}

/** `helm status`: the latest revision as a table, JSON or YAML. */
async function status(args: HelmArgs, out: Output) {
  if (args.positional.length !== 1) {
    throw new HelmError('"helm status" requires 1 argument', USAGE.status);
  }
  const history = await withClient(args, client =>
    releaseHistory(client, namespaceOf(args), args.positional[0]),
  );
  if (history.length === 0) throw new HelmError('release: not found');
  const latest = history[history.length - 1];
  const format = outputFormat(args);
  if (format === 'json') out.push(JSON.stringify(latest));
  else if (format === 'yaml') out.push(stringify(latest).trimEnd());
  else if (format === 'table') printRelease(out, latest);
  else throw new HelmError(`invalid format type "${format}"`);
}

/** `helm list`: deployed and failed releases (every state with --all). */
async function list(args: HelmArgs, out: Output) {
  const namespace = booleanFlag(args, '--all-namespaces')
    ? undefined
    : namespaceOf(args);
  const releases = (
    await withClient(args, client => allReleases(client, namespace))
  )
    .filter(
      r =>
        booleanFlag(args, '--all') ||
        r.info.status === 'deployed' ||
        r.info.status === 'failed',
    )
    .map(releaseSummary);
  const format = outputFormat(args);
  if (format === 'json') {
    out.push(JSON.stringify(releases));
  } else if (format === 'yaml') {
    out.push(stringify(releases).trimEnd());
  } else if (format === 'table') {
    const rows = [
      [
        'NAME',
        'NAMESPACE',
        'REVISION',
        'UPDATED',
        'STATUS',
        'CHART',
        'APP VERSION',
      ],
      ...releases.map(r => [
        r.name,
        r.namespace,
        r.revision,
        r.updated,
        r.status,
        r.chart,
        r.app_version,
      ]),
    ];
    out.push(...rows.map(r => r.join('\t')));
  } else {
    throw new HelmError(`invalid format type "${format}"`);
  }
}

/** `helm get values`: the user-supplied values, or with --all the computed ones. */
async function getValues(args: HelmArgs, out: Output) {
  if (args.positional.length !== 1) {
    throw new HelmError(
      '"helm get values" requires 1 argument',
      USAGE.getValues,
    );
  }
  const revision = stringFlag(args, '--revision');
  const history = await withClient(args, client =>
    releaseHistory(client, namespaceOf(args), args.positional[0]),
  );
  if (revision !== undefined && !/^\d+$/.test(revision)) {
    throw new HelmError(
      `invalid argument "${revision}" for "--revision" flag: strconv.ParseInt: parsing "${revision}": invalid syntax`,
    );
  }
  const release =
    revision === undefined || revision === '0'
      ? history[history.length - 1]
      : history.find(r => r.version === Number(revision));
  if (!release) throw new HelmError('release: not found');
  const config =
    release.config && Object.keys(release.config).length
      ? release.config
      : null;
  const all = booleanFlag(args, '--all');
  const values = sortKeys(all ? computedValues(config) : config);
  const format = outputFormat(args);
  if (format === 'json') {
    out.push(JSON.stringify(values));
  } else if (format === 'yaml') {
    out.push(stringify(values).trimEnd());
  } else if (format === 'table') {
    out.push(
      all ? 'COMPUTED VALUES:' : 'USER-SUPPLIED VALUES:',
      stringify(values).trimEnd(),
    );
  } else {
    throw new HelmError(`invalid format type "${format}"`);
  }
}

async function get(args: HelmArgs, out: Output) {
  const [subcommand, ...rest] = args.positional;
  if (subcommand !== 'values') {
    throw new HelmError(
      subcommand
        ? `unknown command "${subcommand}" for "helm get"`
        : 'the stand-in helm knows "helm get values" only',
      USAGE.getValues,
    );
  }
  await getValues({ ...args, positional: rest }, out);
}

async function versionCommand(args: HelmArgs, out: Output) {
  if (booleanFlag(args, '--short')) {
    out.push(`${HELM_VERSION}+g${HELM_COMMIT.slice(0, 7)}`);
    return;
  }
  const template = stringFlag(args, '--template');
  if (template !== undefined) {
    out.push(template.replace(/\{\{\s*\.Version\s*\}\}/g, HELM_VERSION));
    return;
  }
  out.push(
    `version.BuildInfo{Version:"${HELM_VERSION}", GitCommit:"${HELM_COMMIT}", GitTreeState:"clean", GoVersion:"${HELM_GO_VERSION}"}`,
  );
}

/** The commands (and their aliases) the stand-in knows. */
export const COMMANDS: Record<
  string,
  (args: HelmArgs, out: Output) => Promise<void>
> = {
  version: versionCommand,
  upgrade: (args, out) => upgrade(args, out, false),
  install: (args, out) => upgrade(args, out, true),
  uninstall,
  delete: uninstall,
  un: uninstall,
  status,
  list,
  ls: list,
  get,
};
