import { paginateDescribeAddonVersions } from '@aws-sdk/client-eks';
import {
  AwsClientFactory,
  createCluster,
  AddonsNotHealthyError,
  installAddons,
  ProvisioningRun,
  SandboxCredentialsManager,
  type AwsClients,
  type WaitSettings,
} from '@backstage-eks/plugin-eks-node';
import type { Sandbox } from '@backstage-eks/sandbox';

/** Where a sandbox answers: all the backend and the AWS clients need. */
export type SandboxEndpoint = Pick<Sandbox, 'url' | 'accountId' | 'region'>;

/** AWS clients for the sandbox, as the scaffolder module and backend build them. */
export function sandboxAwsClients(
  sandbox: SandboxEndpoint,
): Promise<AwsClients> {
  const factory = new AwsClientFactory({
    credentialsManager: new SandboxCredentialsManager(sandbox.accountId),
    endpoint: sandbox.url,
    defaultRegion: sandbox.region,
    defaultAccountId: sandbox.accountId,
    maxAttempts: 10,
  });
  return factory.forTarget({
    accountId: sandbox.accountId,
    region: sandbox.region,
  });
}

/** Names of add-ons EKS offers for a Kubernetes version, in catalog order. */
export async function availableAddonNames(
  aws: AwsClients,
  kubernetesVersion: string,
): Promise<string[]> {
  const names: string[] = [];
  for await (const page of paginateDescribeAddonVersions(
    { client: aws.eks },
    { kubernetesVersion },
  )) {
    for (const addon of page.addons ?? []) {
      if (addon.addonName) names.push(addon.addonName);
    }
  }
  return names;
}

/**
 * Creates a cluster with `addonCount` add-ons through the eks-node flows and
 * waits until the cluster and every add-on settled.
 */
export async function createClusterWithAddons(
  aws: AwsClients,
  opts: {
    clusterName: string;
    addonCount: number;
    wait: Partial<WaitSettings>;
  },
): Promise<void> {
  const run = new ProvisioningRun({ aws, wait: opts.wait });
  const cluster = await createCluster(run, {
    clusterName: opts.clusterName,
    owner: 'platform',
  });
  const names = await availableAddonNames(aws, cluster.kubernetesVersion);
  if (names.length < opts.addonCount) {
    throw new Error(
      `the sandbox offers ${names.length} add-ons for Kubernetes ${cluster.kubernetesVersion}, ${opts.addonCount} are needed`,
    );
  }
  try {
    await installAddons(run, {
      clusterName: opts.clusterName,
      addons: names.slice(0, opts.addonCount).map(name => ({ name })),
      concurrency: 20,
    });
  } catch (error) {
    // The cluster has no nodes, so add-ons with pods end DEGRADED and the
    // flow says so; they are installed all the same, which is what the
    // health view is measured on (DEGRADED add-ons, as on real clusters).
    if (!(error instanceof AddonsNotHealthyError)) throw error;
  }
}
