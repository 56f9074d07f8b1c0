import {
  ADDON_CATALOG,
  catalogEntry,
  compatibleVersions,
} from './aws/eks/addonCatalog';
import { nextVersion, versionInfo } from './aws/eks/clusterVersions';
import type { EksAddon, EksCluster, EksNodegroup } from './aws/eks/model';
import { EksState } from './aws/eks/model';
import { launchInstances } from './aws/ec2/instances';
import { addSubnet, addVpc } from './aws/ec2/store';
import { addRole, serviceTrustPolicy } from './aws/iam/store';
import type { AwsContext } from './aws/context';
import { createBootstrapAccessEntry } from './aws/eks/accessEntries';
import { insightsOf } from './aws/eks/insights';
import { callerArn } from './aws/sts/caller';
import type { KubernetesCluster } from './kubernetes';
import { karpenterCrds, KARPENTER_VERSION } from './kubernetes/karpenterCrds';
import type { KubeSimulation } from './simulation/KubeSimulation';
import { DEFAULT_ACCOUNT_ID, RegionState, SandboxState } from './state';

/** The shape of a seeded fleet ({@link SandboxOptions.fleet}). */
export interface FleetSeedOptions {
  /** How many clusters, spread evenly over the accounts and regions. */
  clusters: number;
  /**
   * How many accounts (ids from {@link fleetAccountIds}: the default account
   * first) or the account ids themselves (default 5).
   */
  accounts?: number | string[];
  /** How many regions (from {@link FLEET_REGIONS}) or their names (default 4). */
  regions?: number | string[];
  /** The seed of the pseudo-random choices: the same seed, the same fleet (default 1). */
  seed?: number;
  /**
   * The role every fleet account holds for the portal to assume
   * (sts:AssumeRole from any account of the sandbox), as `aws.accounts`
   * names it with `roleName` (default `backstage-eks`).
   */
  roleName?: string;
}

/** The regions a fleet spreads over, in order. */
export const FLEET_REGIONS = [
  'eu-west-1',
  'us-east-1',
  'us-west-2',
  'ap-southeast-2',
  'eu-central-1',
  'ap-northeast-1',
  'us-east-2',
  'ca-central-1',
];

/** The Kubernetes versions of the fleet, with how often each is drawn. */
const VERSION_WEIGHTS: [string, number][] = [
  ['1.30', 0.1],
  ['1.31', 0.15],
  ['1.32', 0.2],
  ['1.33', 0.3],
  ['1.34', 0.25],
];

/** Karpenter controller versions in the fleet: the current one first. */
export const FLEET_KARPENTER_VERSIONS = [
  KARPENTER_VERSION,
  '1.6.3',
  '1.5.0',
  '1.3.3',
];

/** The add-ons every fleet cluster has (EKS's defaults and Pod Identity). */
const CORE_ADDONS = [
  'vpc-cni',
  'coredns',
  'kube-proxy',
  'eks-pod-identity-agent',
];

const TEAMS = [
  'payments',
  'search',
  'checkout',
  'identity',
  'data',
  'platform',
];
const ENVIRONMENTS = ['prod', 'staging', 'dev'];

/** The account ids of a fleet of `count` accounts: 000000000000, 111111111111, ... */
export function fleetAccountIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    i < 10 ? String(i).repeat(12) : String(i).padStart(12, '0'),
  );
}

/** mulberry32, as the fault injector's dice: the same seed gives the same numbers. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hexOf(random: () => number, length: number): string {
  let s = '';
  while (s.length < length) s += Math.floor(random() * 16).toString(16);
  return s;
}

function positiveInteger(name: string, value: number, max: number) {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new RangeError(
      `fleet.${name} must be an integer between 1 and ${max}, got ${value}`,
    );
  }
}

/** The accounts and regions of a fleet, checked. */
export function fleetLayout(opts: FleetSeedOptions): {
  accounts: string[];
  regions: string[];
} {
  positiveInteger('clusters', opts.clusters, 20_000);
  const accountsIn = opts.accounts ?? 5;
  const accounts =
    typeof accountsIn === 'number'
      ? (positiveInteger('accounts', accountsIn, 100),
        fleetAccountIds(accountsIn))
      : accountsIn;
  for (const id of accounts) {
    if (!/^\d{12}$/.test(id)) {
      throw new RangeError(
        `fleet.accounts: ${id} is not a 12-digit account id`,
      );
    }
  }
  const regionsIn = opts.regions ?? 4;
  const regions =
    typeof regionsIn === 'number'
      ? (positiveInteger('regions', regionsIn, FLEET_REGIONS.length),
        FLEET_REGIONS.slice(0, regionsIn))
      : regionsIn;
  for (const r of regions) {
    if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(r)) {
      throw new RangeError(`fleet.regions: ${r} is not a region name`);
    }
  }
  if (accounts.length === 0 || regions.length === 0) {
    throw new RangeError('fleet: accounts and regions must not be empty');
  }
  if (new Set(accounts).size !== accounts.length) {
    throw new RangeError('fleet.accounts: an account is named twice');
  }
  return { accounts, regions };
}

/** What the fleet seed needs of the running sandbox. */
export interface FleetSeedContext {
  state: SandboxState;
  simulation: KubeSimulation;
  /** `https://host:port`: fleet clusters' endpoints are its `/k8s/<account>/<region>/<name>`. */
  kubernetesUrl: string;
  certificateAuthorityData: string;
}

/** What one fleet cluster has, beyond what EKS's state says (for its lazy Kubernetes API). */
interface FleetClusterPlan {
  karpenterVersion?: string;
  nodegroup: EksNodegroup;
  zones: string[];
}

/** Fleet clusters whose Kubernetes API was not built yet. */
const unbuilt = new WeakSet<EksCluster>();

/**
 * The cluster's Kubernetes API if it has one now, without building the lazy
 * API of a fleet cluster nobody read yet (what stop and snapshots look at).
 */
export function builtKube(cluster: EksCluster): KubernetesCluster | undefined {
  return unbuilt.has(cluster) ? undefined : cluster.kube;
}

/** How many fleet clusters' Kubernetes APIs were built (read) so far, of `total`. */
export function fleetKubeStats(state: SandboxState) {
  let total = 0;
  let built = 0;
  for (const account of state.accounts.values()) {
    for (const region of account.regions.values()) {
      for (const c of region.eks.clusters.values()) {
        if (!c.tags['sandbox.fleet']) continue;
        total += 1;
        if (!unbuilt.has(c)) built += 1;
      }
    }
  }
  return { total, built };
}

function pickWeighted<T>(random: () => number, items: [T, number][]): T {
  let r = random();
  for (const [item, weight] of items) {
    r -= weight;
    if (r < 0) return item;
  }
  return items[items.length - 1][0];
}

/** The add-ons of the catalog a cluster at `version` may run (they have a version for it). */
function addonNamesFor(version: string): string[] {
  return ADDON_CATALOG.filter(
    e => !e.requiresConfiguration && compatibleVersions(e, version).length > 0,
  ).map(e => e.addonName);
}

/** Per account and region: a VPC with three private subnets. */
function regionNetwork(regional: RegionState) {
  const vpc = addVpc(regional.ec2, {
    cidrBlock: '10.64.0.0/16',
    tags: { Name: 'fleet' },
  });
  const zones = ['a', 'b', 'c'].map(z => `${regional.region}${z}`);
  const subnets = zones.map((zone, i) =>
    addSubnet(regional.ec2, regional.region, {
      vpcId: vpc.vpcId,
      cidrBlock: `10.64.${i * 64}.0/18`,
      availabilityZone: zone,
      tags: { Name: `fleet-private-${zone}` },
    }),
  );
  return { vpc, subnets, zones };
}

/**
 * Seeds a fleet: `clusters` ACTIVE clusters spread round-robin over the
 * accounts × regions, written straight into the state (no simulated
 * creations; seconds for thousands). Each cluster has a Kubernetes version
 * of 1.30–1.34 (so support status and upgrade readiness vary), 5–20 add-ons
 * (the four defaults and others, at the newest version its version offers or
 * one or two behind), a `system` managed node group of two nodes, tags
 * `team` and `environment`, and some have Karpenter (the controller
 * Deployment with its image tag, the CRDs, an EC2NodeClass and a NodePool;
 * one in four at an older version). About one in ten has the EBS CSI
 * driver without IAM permissions (DEGRADED, as EKS reports it) and about one in
 * ten an add-on no build of the next Kubernetes version supports (the
 * add-on compatibility insight is ERROR). Each account gets the role
 * `roleName` that any sandbox account may assume.
 *
 * A cluster's Kubernetes API is built when something first reads it (its
 * endpoint, DescribeAddon's health, ...), not at seeding: memory stays
 * small for clusters nobody looks into. Fleet clusters are served under the
 * sandbox's shared port (`<kubernetesUrl>/k8s/<account>/<region>/<name>`,
 * their DescribeCluster endpoint) instead of a listener each.
 */
export function seedFleet(ctx: FleetSeedContext, opts: FleetSeedOptions) {
  const { accounts, regions } = fleetLayout(opts);
  const random = prng(opts.seed ?? 1);
  const roleName = opts.roleName ?? 'backstage-eks';
  const networks = new Map<RegionState, ReturnType<typeof regionNetwork>>();
  const clusterRoles = new Map<string, string>();
  const addonRoles = new Map<string, string>();
  for (const accountId of accounts) {
    const account = ctx.state.account(accountId);
    if (!account.iam.roles.has(roleName)) {
      addRole(account.iam, {
        roleName,
        assumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: {
                AWS: [DEFAULT_ACCOUNT_ID, ...accounts].map(
                  a => `arn:aws:iam::${a}:root`,
                ),
              },
              Action: 'sts:AssumeRole',
            },
          ],
        }),
        description: 'Read access for the Backstage EKS fleet view',
      });
    }
    const clusterRole =
      account.iam.roles.get('fleet-cluster') ??
      addRole(account.iam, {
        roleName: 'fleet-cluster',
        assumeRolePolicyDocument: serviceTrustPolicy(
          ['eks.amazonaws.com'],
          ['sts:AssumeRole', 'sts:TagSession'],
        ),
      });
    clusterRole.attachedPolicyArns.add(
      'arn:aws:iam::aws:policy/AmazonEKSClusterPolicy',
    );
    clusterRoles.set(accountId, clusterRole.arn);
    const addonRole =
      account.iam.roles.get('fleet-addons') ??
      addRole(account.iam, {
        roleName: 'fleet-addons',
        assumeRolePolicyDocument: serviceTrustPolicy(
          ['pods.eks.amazonaws.com'],
          ['sts:AssumeRole', 'sts:TagSession'],
        ),
      });
    addonRoles.set(accountId, addonRole.arn);
  }
  const cells = accounts.length * regions.length;
  const counters = new Map<RegionState, number>();
  for (let i = 0; i < opts.clusters; i++) {
    const cell = i % cells;
    const accountId = accounts[cell % accounts.length];
    const region = regions[Math.floor(cell / accounts.length)];
    const regional = ctx.state.region(accountId, region);
    let network = networks.get(regional);
    if (!network) {
      network = regionNetwork(regional);
      networks.set(regional, network);
    }
    const n = (counters.get(regional) ?? 0) + 1;
    counters.set(regional, n);
    const team = TEAMS[Math.floor(random() * TEAMS.length)];
    const environment =
      ENVIRONMENTS[Math.floor(random() * ENVIRONMENTS.length)];
    const name = `${team}-${environment}-${String(n).padStart(4, '0')}`;
    if (regional.eks.clusters.has(name)) continue;
    const version = pickWeighted(random, VERSION_WEIGHTS);
    const info = versionInfo(version)!;
    const ageDays = 30 + Math.floor(random() * 700);
    const createdAt = new Date(Date.now() - ageDays * 86_400_000);
    const cluster: EksCluster = {
      name,
      arn: `arn:aws:eks:${region}:${accountId}:cluster/${name}`,
      createdAt,
      version,
      platformVersion: info.defaultPlatformVersion,
      roleArn: clusterRoles.get(accountId)!,
      status: 'ACTIVE',
      resourcesVpcConfig: {
        subnetIds: network.subnets.map(s => s.subnetId),
        securityGroupIds: [],
        clusterSecurityGroupId: `sg-${hexOf(random, 17)}`,
        vpcId: network.vpc.vpcId,
        endpointPublicAccess: true,
        endpointPrivateAccess: true,
        publicAccessCidrs: ['0.0.0.0/0'],
        controlPlaneEgressMode: 'AWS_MANAGED',
      },
      kubernetesNetworkConfig: {
        serviceIpv4Cidr: '172.20.0.0/16',
        ipFamily: 'ipv4',
      },
      logging: {
        clusterLogging: [
          {
            types: [
              'api',
              'audit',
              'authenticator',
              'controllerManager',
              'scheduler',
            ],
            enabled: false,
          },
        ],
      },
      oidcIssuer: `https://oidc.eks.${region}.amazonaws.com/id/${hexOf(
        random,
        32,
      ).toUpperCase()}`,
      certificateAuthorityData: ctx.certificateAuthorityData,
      tags: { team, environment, 'sandbox.fleet': 'true' },
      accessConfig: {
        authenticationMode: 'API',
        bootstrapClusterCreatorAdminPermissions: true,
      },
      upgradePolicy: { supportType: random() < 0.85 ? 'EXTENDED' : 'STANDARD' },
      deletionProtection: false,
      controlPlaneScalingConfig: { tier: 'standard' },
      healthIssues: [],
      updates: [],
      endpoint: `${ctx.kubernetesUrl}/k8s/${accountId}/${region}/${name}`,
    };

    // add-ons: the defaults, then others up to 5..20 in all
    const wanted = 5 + Math.floor(random() * 16);
    const others = addonNamesFor(version).filter(a => !CORE_ADDONS.includes(a));
    const names = [...CORE_ADDONS];
    while (names.length < wanted && others.length) {
      names.push(others.splice(Math.floor(random() * others.length), 1)[0]);
    }
    const degraded = random() < 0.1;
    if (degraded && !names.includes('aws-ebs-csi-driver')) {
      names[names.length - 1] = 'aws-ebs-csi-driver';
    }
    const blocksUpgrade = random() < 0.1;
    const next = nextVersion(version);
    const addons = new Map<string, EksAddon>();
    for (const addonName of names) {
      const entry = catalogEntry(addonName)!;
      const choices = compatibleVersions(entry, version);
      const r = random();
      let pick = 0;
      if (r >= 0.9) pick = choices.length - 1;
      else if (r >= 0.6) pick = Math.min(1, choices.length - 1);
      let addonVersion = choices[pick];
      if (blocksUpgrade && next && addonName !== 'kube-proxy') {
        const stuck = choices.filter(
          v => !compatibleVersions(entry, next).includes(v),
        );
        if (stuck.length) addonVersion = stuck[stuck.length - 1];
      }
      const withoutRole = degraded && addonName === 'aws-ebs-csi-driver';
      addons.set(addonName, {
        addonName,
        clusterName: name,
        status: withoutRole && entry.withoutPermissions ? 'DEGRADED' : 'ACTIVE',
        addonVersion,
        addonArn: `arn:aws:eks:${region}:${accountId}:addon/${name}/${addonName}/${hexOf(
          random,
          8,
        )}-${hexOf(random, 4)}`,
        createdAt,
        modifiedAt: createdAt,
        serviceAccountRoleArn:
          entry.withoutPermissions && !withoutRole
            ? addonRoles.get(accountId)
            : undefined,
        resolveConflicts: 'OVERWRITE',
        healthIssues:
          withoutRole && entry.withoutPermissions
            ? [entry.withoutPermissions]
            : [],
        tags: {},
        podIdentityAssociationArns: [],
        publisher: entry.publisher,
        owner: entry.owner,
      });
    }

    // a system node group of two nodes, one minor behind in one in ten
    const nodeVersion =
      random() < 0.1
        ? VERSION_WEIGHTS[
            Math.max(0, VERSION_WEIGHTS.findIndex(([v]) => v === version) - 1)
          ][0]
        : version;
    const instances = launchInstances(regional.ec2, region, {
      count: 2,
      subnets: network.subnets,
      instanceType: 'm6i.large',
      tags: {
        [`kubernetes.io/cluster/${name}`]: 'owned',
        'eks:cluster-name': name,
        'eks:nodegroup-name': 'system',
      },
    });
    const nodegroup: EksNodegroup = {
      nodegroupName: 'system',
      nodegroupArn: `arn:aws:eks:${region}:${accountId}:nodegroup/${name}/system/${hexOf(
        random,
        8,
      )}`,
      clusterName: name,
      version: nodeVersion,
      releaseVersion: `${
        versionInfo(nodeVersion)!.kubernetesPatchVersion
      }-20251120`,
      createdAt,
      modifiedAt: createdAt,
      status: 'ACTIVE',
      capacityType: 'ON_DEMAND',
      scalingConfig: { minSize: 2, maxSize: 4, desiredSize: 2 },
      instanceTypes: ['m6i.large'],
      subnets: network.subnets.map(s => s.subnetId),
      amiType: 'AL2023_x86_64_STANDARD',
      nodeRole: `arn:aws:iam::${accountId}:role/fleet-node`,
      labels: { role: 'system' },
      taints: [],
      diskSize: 20,
      updateConfig: { maxUnavailable: 1 },
      autoScalingGroupName: `eks-system-${hexOf(random, 8)}`,
      healthIssues: [],
      tags: {},
      instanceIds: instances.map(x => x.instanceId),
    };

    let karpenterVersion: string | undefined;
    if (random() < 0.4) {
      karpenterVersion =
        random() < 0.75
          ? FLEET_KARPENTER_VERSIONS[0]
          : FLEET_KARPENTER_VERSIONS[
              1 + Math.floor(random() * (FLEET_KARPENTER_VERSIONS.length - 1))
            ];
    }

    regional.eks.clusters.set(name, cluster);
    // the creator (the account's sandbox user) and the portal's role are
    // cluster admins, as the creator is with bootstrapClusterCreatorAdminPermissions
    const entryCtx = { accountId, region, regional } as AwsContext;
    createBootstrapAccessEntry(entryCtx, cluster, callerArn(accountId));
    createBootstrapAccessEntry(
      entryCtx,
      cluster,
      `arn:aws:iam::${accountId}:role/${roleName}`,
    );
    regional.eks.addons.set(name, addons);
    EksState.of(regional.eks.nodegroups, name).set('system', nodegroup);
    lazyKube(ctx, regional, cluster, {
      karpenterVersion,
      nodegroup,
      zones: network.zones,
    });
  }
  return { accounts, regions };
}

/** Makes `cluster.kube` build the cluster's Kubernetes API on first read. */
function lazyKube(
  ctx: FleetSeedContext,
  regional: RegionState,
  cluster: EksCluster,
  plan: FleetClusterPlan,
) {
  let kube: KubernetesCluster | undefined;
  unbuilt.add(cluster);
  Object.defineProperty(cluster, 'kube', {
    configurable: true,
    enumerable: true,
    get() {
      if (unbuilt.has(cluster)) {
        unbuilt.delete(cluster);
        buildKube(ctx, regional, cluster, plan);
      }
      return kube;
    },
    set(value: KubernetesCluster | undefined) {
      unbuilt.delete(cluster);
      kube = value;
    },
  });
}

function buildKube(
  ctx: FleetSeedContext,
  regional: RegionState,
  cluster: EksCluster,
  plan: FleetClusterPlan,
) {
  const kube = ctx.simulation.clusterActive(regional, cluster);
  kube.batch(() => {
    const instances = plan.nodegroup.instanceIds
      .map(id => regional.ec2.instances.get(id))
      .filter(<T>(x: T | undefined): x is T => x !== undefined);
    ctx.simulation.nodesLaunched(
      cluster,
      instances,
      {
        ...plan.nodegroup.labels,
        'eks.amazonaws.com/nodegroup': plan.nodegroup.nodegroupName,
      },
      [],
      'linux',
      plan.nodegroup.version,
    );
    for (const addon of EksState.of(
      regional.eks.addons,
      cluster.name,
    ).values()) {
      ctx.simulation.addonInstalled(
        cluster,
        addon,
        catalogEntry(addon.addonName)!,
      );
    }
    if (plan.karpenterVersion) {
      for (const crd of karpenterCrds()) kube.apply(crd);
      kube.apply({
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'karpenter', namespace: 'kube-system' },
      });
      const labels = {
        'app.kubernetes.io/name': 'karpenter',
        'app.kubernetes.io/instance': 'karpenter',
      };
      kube.apply({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'karpenter', namespace: 'kube-system', labels },
        spec: {
          replicas: 2,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              serviceAccountName: 'karpenter',
              containers: [
                {
                  name: 'controller',
                  image: `public.ecr.aws/karpenter/controller:${plan.karpenterVersion}`,
                  env: [{ name: 'CLUSTER_NAME', value: cluster.name }],
                },
              ],
            },
          },
        },
      });
      kube.apply({
        apiVersion: 'karpenter.k8s.aws/v1',
        kind: 'EC2NodeClass',
        metadata: { name: 'default' },
        spec: {
          role: `KarpenterNodeRole-${cluster.name}`,
          amiSelectorTerms: [{ alias: 'al2023@latest' }],
          subnetSelectorTerms: [
            { tags: { 'karpenter.sh/discovery': cluster.name } },
          ],
          securityGroupSelectorTerms: [
            { tags: { 'karpenter.sh/discovery': cluster.name } },
          ],
        },
      });
      kube.apply({
        apiVersion: 'karpenter.sh/v1',
        kind: 'NodePool',
        metadata: { name: 'default' },
        spec: {
          template: {
            spec: {
              nodeClassRef: {
                group: 'karpenter.k8s.aws',
                kind: 'EC2NodeClass',
                name: 'default',
              },
              requirements: [
                {
                  key: 'topology.kubernetes.io/zone',
                  operator: 'In',
                  values: plan.zones,
                },
              ],
              expireAfter: '720h',
            },
          },
          limits: { cpu: '1000' },
          disruption: {
            consolidationPolicy: 'WhenEmptyOrUnderutilized',
            consolidateAfter: '1m',
          },
        },
      });
    }
  });
  // built in one go: nobody watched it before, its changes so far need not be kept
  kube.forgetHistory();
}

/** What one cluster of the sandbox holds, for counting the reads its health needs. */
export interface FleetClusterFacts {
  accountId: string;
  region: string;
  name: string;
  version: string;
  addons: number;
  nodegroups: number;
  podIdentityAssociations: number;
  /** Its Kubernetes API runs a `kube-system/karpenter` Deployment. */
  karpenter: boolean;
  /** Its insights in WARNING or ERROR (all categories), as ListInsights gives them now. */
  insightsWarningOrError: number;
}

/**
 * The facts of every cluster of the sandbox (builds the Kubernetes API of
 * fleet clusters nobody read yet: call it after reading them).
 */
export function fleetClusterFacts(state: SandboxState): FleetClusterFacts[] {
  const out: FleetClusterFacts[] = [];
  for (const [accountId, account] of state.accounts) {
    for (const [region, regional] of account.regions) {
      const ctx = { accountId, region, regional } as AwsContext;
      for (const cluster of regional.eks.clusters.values()) {
        out.push({
          accountId,
          region,
          name: cluster.name,
          version: cluster.version,
          addons: regional.eks.addons.get(cluster.name)?.size ?? 0,
          nodegroups: regional.eks.nodegroups.get(cluster.name)?.size ?? 0,
          podIdentityAssociations:
            regional.eks.podIdentityAssociations.get(cluster.name)?.size ?? 0,
          karpenter:
            cluster.kube?.get(
              'apps/v1',
              'Deployment',
              'kube-system',
              'karpenter',
            ) !== undefined,
          insightsWarningOrError: insightsOf(ctx, cluster).filter(
            i =>
              i.insightStatus.status === 'WARNING' ||
              i.insightStatus.status === 'ERROR',
          ).length,
        });
      }
    }
  }
  return out;
}
