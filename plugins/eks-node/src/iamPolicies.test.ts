import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigReader } from '@backstage/config';
import {
  CALL_LOG_ENV,
  SANDBOX_HELM_PATH,
  type Sandbox,
  type SandboxCall,
} from '@backstage-eks/sandbox';
import { useSandboxSuite } from './__testUtils__/sandboxSuite';
import { AccountResourcesService } from './accountResources';
import { AwsClientFactory, PRODUCT_USER_AGENT } from './aws/AwsClientFactory';
import { ClusterHealthService, EksInventoryService } from './health';
import { KubernetesClientFactory } from './kubernetes/KubernetesClientFactory';
import {
  createCapability,
  createCluster,
  createPodIdentity,
  deleteCluster,
  installAddons,
  installKarpenter,
  ProvisioningRun,
  SpawnHelmRunner,
} from './provisioning';

/**
 * Each flow and view, run against the sandbox, calls only what its policy in
 * docs/iam allows: the policies are generated per action and view from the
 * code's call graph (`yarn iam-policy:generate`), and this is where that
 * attribution meets the calls the sandbox really served. (The suite-wide
 * check, `yarn iam-policy:check-calls`, holds every call to the combined
 * policy.)
 */
const DOCS_IAM = resolve(__dirname, '../../../docs/iam');

function allowedBy(policyId: string): Set<string> {
  const policy = JSON.parse(
    readFileSync(join(DOCS_IAM, `${policyId}.json`), 'utf8'),
  ) as { Statement: { Action: string[]; Condition?: unknown }[] };
  // A conditioned statement (PassRole to a service, tags on create) allows no direct call.
  return new Set(
    policy.Statement.filter(s => !s.Condition).flatMap(s => s.Action),
  );
}

/** The IAM actions of the product's calls while `work` runs. */
async function productCallsOf(work: () => Promise<unknown>) {
  const dir = mkdtempSync(join(tmpdir(), 'eks-node-iam-'));
  const log = join(dir, 'calls.jsonl');
  const previous = process.env[CALL_LOG_ENV];
  process.env[CALL_LOG_ENV] = log;
  try {
    await work();
    return [
      ...new Set(
        readFileSync(log, 'utf8')
          .trim()
          .split('\n')
          .map(line => JSON.parse(line) as SandboxCall)
          .filter(call => call.userAgent.includes(PRODUCT_USER_AGENT))
          .map(call => `${call.service}:${call.operation}`),
      ),
    ].sort();
  } finally {
    if (previous === undefined) delete process.env[CALL_LOG_ENV];
    else process.env[CALL_LOG_ENV] = previous;
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The product's calls while `work` runs that the policy does not allow (none called is an error). */
async function notAllowedBy(policyId: string, work: () => Promise<unknown>) {
  const called = await productCallsOf(work);
  if (called.length === 0)
    throw new Error(`no product call logged for ${policyId}`);
  const allowed = allowedBy(policyId);
  return called.filter(a => !allowed.has(a));
}

describe('the IAM policies of docs/iam, against the calls each flow and view makes', () => {
  let sandbox: Sandbox;
  let run: ProvisioningRun;
  useSandboxSuite(s => ({ sandbox, run } = s));
  const kubernetes = new KubernetesClientFactory();
  // The sandbox's stand-in helm installs the chart's controller in the sandbox cluster.
  const helm = new SpawnHelmRunner({ helmPath: SANDBOX_HELM_PATH });
  const factory = () =>
    AwsClientFactory.fromConfig(
      new ConfigReader({
        eks: { endpoint: sandbox.url, sandbox: { enabled: true } },
      }),
    );
  const newCluster = () =>
    createCluster(run, {
      clusterName: 'shop',
      owner: 'group:default/shop',
      adminPrincipalArns: [
        `arn:aws:iam::${sandbox.accountId}:role/demo-cluster`,
      ],
      nodeGroup: {
        name: 'system',
        instanceTypes: ['m7i.large'],
        minSize: 1,
        maxSize: 2,
        desiredSize: 1,
      },
    });

  it('aws:eks:cluster:create', async () => {
    expect(await notAllowedBy('action-cluster-create', newCluster)).toEqual([]);
  });

  it('aws:eks:addon:install', async () => {
    expect(
      await notAllowedBy('action-addon-install', () =>
        installAddons(run, {
          clusterName: 'demo',
          addons: [
            { name: 'metrics-server' },
            { name: 'eks-pod-identity-agent' },
          ],
        }),
      ),
    ).toEqual([]);
  });

  it('aws:eks:karpenter:install, on a cluster without any of it', async () => {
    await newCluster();
    expect(
      await notAllowedBy('action-karpenter-install', () =>
        installKarpenter(run, { clusterName: 'shop' }, { kubernetes, helm }),
      ),
    ).toEqual([]);
  });

  it('aws:eks:pod-identity:create', async () => {
    expect(
      await notAllowedBy('action-pod-identity-create', () =>
        createPodIdentity(
          run,
          {
            clusterName: 'demo',
            namespace: 'orders',
            serviceAccount: 'orders-api',
            managedPolicyArns: [
              'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
            ],
          },
          { kubernetes },
        ),
      ),
    ).toEqual([]);
  });

  it('aws:eks:capability:create', async () => {
    expect(
      await notAllowedBy('action-capability-create', () =>
        createCapability(run, {
          clusterName: 'demo',
          type: 'ARGOCD',
          argoCd: {
            awsIdc: {
              idcInstanceArn: 'arn:aws:sso:::instance/ssoins-1234567890abcdef',
            },
          },
        }),
      ),
    ).toEqual([]);
  });

  it('aws:eks:cluster:delete', async () => {
    expect(
      await notAllowedBy('action-cluster-delete', () =>
        deleteCluster(
          run,
          { clusterName: 'demo', deleteKarpenterResources: true },
          { kubernetes },
        ),
      ),
    ).toEqual([]);
  });

  it('the entity page: cluster health', async () => {
    expect(
      await notAllowedBy('view-cluster-health', () =>
        new ClusterHealthService({ awsClients: factory() }).getClusterHealth({
          accountId: sandbox.accountId,
          region: sandbox.region,
          clusterName: 'demo',
        }),
      ),
    ).toEqual([]);
  });

  it('the form pickers', async () => {
    const target = { region: sandbox.region };
    const inventory = new EksInventoryService(factory());
    const account = new AccountResourcesService(factory());
    expect(
      await notAllowedBy('view-form-pickers', async () => {
        await inventory.listClusters(target);
        await inventory.kubernetesVersions(target);
        await inventory.addonVersions({ kubernetesVersion: '1.33' }, target);
        await inventory.addonConfiguration(
          {
            addonName: 'coredns',
            version: 'latest',
            kubernetesVersion: '1.33',
          },
          target,
        );
        await account.iamPrincipals({}, target);
        const { vpcs } = await account.vpcs(target);
        await account.subnets({ vpcId: vpcs[0].vpcId }, target);
        await account.instanceTypes(target);
      }),
    ).toEqual([]);
  });

  it('the catalog provider', async () => {
    expect(
      await notAllowedBy('catalog-provider', () =>
        new EksInventoryService(factory()).discoverClusters({
          region: sandbox.region,
        }),
      ),
    ).toEqual([]);
  });
});
