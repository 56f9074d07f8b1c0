import {
  DescribeAddonCommand,
  DescribeClusterCommand,
  DescribeFargateProfileCommand,
  DescribeInsightCommand,
  DescribeNodegroupCommand,
  DescribePodIdentityAssociationCommand,
  paginateDescribeAddonVersions,
  paginateDescribeClusterVersions,
  paginateListAddons,
  paginateListFargateProfiles,
  paginateListInsights,
  paginateListNodegroups,
  paginateListPodIdentityAssociations,
  type AddonInfo,
  type Cluster,
} from '@aws-sdk/client-eks';
import { DescribeLaunchTemplateVersionsCommand } from '@aws-sdk/client-ec2';
import type {
  ClusterHealth,
  KarpenterSummary,
  SectionError,
} from '@backstage-eks/plugin-eks-common';
import { defaultKarpenterInterruptionQueueName } from '@backstage-eks/plugin-eks-common';
import type { AwsClientFactory, AwsClients } from '../aws/AwsClientFactory';
import {
  KubernetesClientFactory,
  type KubernetesClients,
} from '../kubernetes/KubernetesClientFactory';
import { withAddonRemedies } from './diagnostics/addonIssueRemedies';
import { runDiagnostics } from './diagnostics';
import { clusterVerdict } from './verdict';
import {
  addonVersionFacts,
  newestKubernetesVersion,
  toAddonSummary,
  toClusterInsight,
  toClusterSummary,
  toFargateProfileObservation,
  toNodeGroupSummary,
  toPodIdentityAssociationSummary,
  type LaunchTemplateMetadataOptions,
} from './sources/eks';
import {
  probeInterruptionQueue,
  type InterruptionQueueSummary,
} from './sources/interruptionQueue';
import {
  findKarpenterController,
  toKarpenterSummary,
  toNodeClassObservation,
} from './sources/karpenter';
import { readKubernetes } from './sources/kubernetesReads';
import { mapWithLimit } from './sources/mapWithLimit';
import { observeRolePolicies } from './sources/rolePolicies';
import {
  fromSource,
  SourceError,
  toSection,
  toSectionError,
} from './sources/section';
import type { ClusterHealthTarget, ClusterObservations } from './types';

/** Options of {@link ClusterHealthService}. @public */
export interface ClusterHealthServiceOptions {
  awsClients: AwsClientFactory;
  kubernetesClients?: KubernetesClientFactory;
  /** Time limit per AWS call, in ms (default 15000). */
  awsTimeoutMs?: number;
  /** Time limit per Kubernetes call, in ms (default 10000). */
  kubernetesTimeoutMs?: number;
  /** Parallel Describe* calls per kind (default {@link DEFAULT_DESCRIBE_CONCURRENCY}). */
  describeConcurrency?: number;
  /** The interruption queue looked for before Karpenter's own setting is known. */
  interruptionQueueName?: (clusterName: string) => string;
}

/**
 * Describe* calls in flight per kind: enough for every add-on of a large
 * cluster (60+), so a cold view takes two rounds of calls, not one per ten
 * items; throttling is absorbed by the clients' adaptive retry mode.
 *
 * @public
 */
export const DEFAULT_DESCRIBE_CONCURRENCY = 64;

/**
 * Cluster controllers that never talk to Amazon MSK: their roles are not
 * read for the MSK check (fewer IAM calls on every cold view).
 */
const CONTROLLER_SERVICE_ACCOUNTS = new Set([
  'karpenter',
  'aws-load-balancer-controller',
  'ebs-csi-controller-sa',
  'efs-csi-controller-sa',
  'external-dns',
  'cluster-autoscaler',
  'cert-manager',
]);

/** Whether an association's role is worth reading for the MSK check. */
function mayUseKafka(association: {
  namespace: string;
  serviceAccount: string;
  ownerArn?: string;
}): boolean {
  return (
    !association.ownerArn &&
    association.namespace !== 'kube-system' &&
    !CONTROLLER_SERVICE_ACCOUNTS.has(association.serviceAccount)
  );
}

/**
 * Computes the health document of an EKS cluster. Calls fan out in two
 * dependent rounds: first everything keyed on the cluster's name
 * (DescribeCluster, List* calls, the interruption queue), then what needs
 * their answers (Describe* per item, add-on versions for the cluster's
 * Kubernetes version, the Kubernetes API). Each section fails on its own.
 *
 * @public
 */
export class ClusterHealthService {
  private readonly kubernetes: KubernetesClientFactory;
  private readonly awsTimeoutMs: number;
  private readonly kubernetesTimeoutMs: number;
  private readonly concurrency: number;
  private readonly queueName: (clusterName: string) => string;

  constructor(private readonly options: ClusterHealthServiceOptions) {
    this.kubernetes =
      options.kubernetesClients ?? new KubernetesClientFactory();
    this.awsTimeoutMs = options.awsTimeoutMs ?? 15000;
    this.kubernetesTimeoutMs = options.kubernetesTimeoutMs ?? 10000;
    this.concurrency =
      options.describeConcurrency ?? DEFAULT_DESCRIBE_CONCURRENCY;
    this.queueName =
      options.interruptionQueueName ?? defaultKarpenterInterruptionQueueName;
  }

  /** The health document of a cluster. */
  async getClusterHealth(target: ClusterHealthTarget): Promise<ClusterHealth> {
    const observations = await this.observe(target);
    const findings = {
      cluster: observations.cluster,
      insights: observations.insights,
      nodeGroups: observations.nodeGroups,
      nodes: observations.nodes,
      addons: observations.addons,
      podIdentityAssociations: observations.podIdentityAssociations,
      karpenter: observations.karpenter,
      diagnostics: runDiagnostics(observations),
      generatedAt: new Date().toISOString(),
    };
    return {
      verdict: clusterVerdict(findings, {
        target,
        clusterNotFound: observations.clusterNotFound === true,
      }),
      ...findings,
    };
  }

  /** Everything gathered about a cluster, before diagnostics. */
  async observe(target: ClusterHealthTarget): Promise<ClusterObservations> {
    let aws: AwsClients;
    try {
      aws = await this.options.awsClients.forTarget({
        region: target.region,
        accountId: target.accountId,
      });
    } catch (error) {
      // No clients (no credentials for the account, bad target): every
      // section says so instead of failing the request.
      const sectionError = toSectionError('aws:credentials', error);
      const failed = { error: sectionError };
      return {
        target,
        cluster: failed,
        insights: failed,
        nodeGroups: failed,
        nodes: failed,
        addons: failed,
        podIdentityAssociations: failed,
        karpenter: failed,
        workloads: failed,
        fargateProfiles: failed,
        rolePolicies: failed,
        karpenterNodeClasses: failed,
        karpenterControllerPods: failed,
        metricsApi: failed,
      };
    }
    const clusterName = target.clusterName;
    const awsCall = <T>(source: string, fn: (s: AbortSignal) => Promise<T>) =>
      fromSource(source, this.awsTimeoutMs, fn);
    const eksPages = async <P, T>(
      source: string,
      pages: () => AsyncIterable<P>,
      items: (page: P) => T[] | undefined,
    ): Promise<T[]> =>
      awsCall(source, async () => {
        const out: T[] = [];
        for await (const page of pages()) out.push(...(items(page) ?? []));
        return out;
      });
    const each = <T, R>(list: T[], fn: (item: T) => Promise<R>) =>
      mapWithLimit(list, this.concurrency, fn);

    // Round 1: keyed on the cluster's name only.
    let clusterNotFound = false;
    const clusterP = awsCall('eks:DescribeCluster', async signal => {
      const out = await aws.eks
        .send(new DescribeClusterCommand({ name: clusterName }), {
          abortSignal: signal,
        })
        .catch(error => {
          if ((error as Error)?.name === 'ResourceNotFoundException') {
            clusterNotFound = true;
          }
          throw error;
        });
      if (!out.cluster) throw new Error(`cluster ${clusterName} not found`);
      return out.cluster;
    });
    const clusterVersionsP = eksPages(
      'eks:DescribeClusterVersions',
      () => paginateDescribeClusterVersions({ client: aws.eks }, {}),
      page => page.clusterVersions,
    );
    const insightSummariesP = eksPages(
      'eks:ListInsights',
      () => paginateListInsights({ client: aws.eks }, { clusterName }),
      page => page.insights,
    );
    const nodegroupNamesP = eksPages(
      'eks:ListNodegroups',
      () => paginateListNodegroups({ client: aws.eks }, { clusterName }),
      page => page.nodegroups,
    );
    const addonNamesP = eksPages(
      'eks:ListAddons',
      () => paginateListAddons({ client: aws.eks }, { clusterName }),
      page => page.addons,
    );
    const associationsListP = eksPages(
      'eks:ListPodIdentityAssociations',
      () =>
        paginateListPodIdentityAssociations(
          { client: aws.eks },
          { clusterName },
        ),
      page => page.associations,
    );
    const fargateNamesP = eksPages(
      'eks:ListFargateProfiles',
      () => paginateListFargateProfiles({ client: aws.eks }, { clusterName }),
      page => page.fargateProfileNames,
    );
    const guessedQueueName = this.queueName(clusterName);
    const guessedQueueP = probeInterruptionQueue(
      aws,
      guessedQueueName,
      this.awsTimeoutMs,
    );

    // Round 2: what needs round 1.
    const clusterSummaryP = clusterP.then(async cluster => {
      const versions = await clusterVersionsP.catch(() => []);
      return toClusterSummary(
        target,
        cluster,
        cluster.version
          ? newestKubernetesVersion(versions, cluster.version)
          : undefined,
      );
    });

    const insightsP = insightSummariesP.then(summaries =>
      each(summaries, async summary => {
        const status = summary.insightStatus?.status;
        if (status !== 'WARNING' && status !== 'ERROR') {
          return toClusterInsight(summary);
        }
        const details = await awsCall('eks:DescribeInsight', signal =>
          aws.eks.send(
            new DescribeInsightCommand({ clusterName, id: summary.id }),
            { abortSignal: signal },
          ),
        );
        return toClusterInsight(summary, details.insight);
      }),
    );

    const nodeGroupsP = nodegroupNamesP.then(names =>
      each(names, async nodegroupName => {
        const { nodegroup } = await awsCall('eks:DescribeNodegroup', signal =>
          aws.eks.send(
            new DescribeNodegroupCommand({ clusterName, nodegroupName }),
            { abortSignal: signal },
          ),
        );
        const template = nodegroup?.launchTemplate;
        let metadata: LaunchTemplateMetadataOptions | undefined;
        if (template?.id || template?.name) {
          metadata = await this.launchTemplateMetadata(aws, template);
        }
        return toNodeGroupSummary(nodegroup ?? { nodegroupName }, metadata);
      }),
    );

    const addonVersionsP: Promise<AddonInfo[] | undefined> = clusterP.then(
      cluster =>
        cluster.version
          ? eksPages(
              'eks:DescribeAddonVersions',
              () =>
                paginateDescribeAddonVersions(
                  { client: aws.eks, pageSize: 100 },
                  { kubernetesVersion: cluster.version },
                ),
              page => page.addons,
            )
          : undefined,
    );
    const addonsP = addonNamesP.then(async names => {
      const [addons, versions, cluster] = await Promise.all([
        each(names, async addonName => {
          const out = await awsCall('eks:DescribeAddon', signal =>
            aws.eks.send(new DescribeAddonCommand({ clusterName, addonName }), {
              abortSignal: signal,
            }),
          );
          return out.addon ?? { addonName };
        }),
        addonVersionsP.catch(() => undefined),
        clusterP.catch(() => undefined),
      ]);
      const facts =
        versions && cluster?.version
          ? addonVersionFacts(versions, cluster.version)
          : undefined;
      return addons.map(addon =>
        toAddonSummary(
          addon,
          facts?.get(addon.addonName ?? ''),
          // Chosen once everything is observed: a remedy follows from the
          // cause, and the cause needs the rest of the document.
          () => undefined,
        ),
      );
    });

    const associationsP = associationsListP.then(list =>
      each(list, async item => {
        const out = await awsCall(
          'eks:DescribePodIdentityAssociation',
          signal =>
            aws.eks.send(
              new DescribePodIdentityAssociationCommand({
                clusterName,
                associationId: item.associationId,
              }),
              { abortSignal: signal },
            ),
        );
        return toPodIdentityAssociationSummary(out.association ?? item);
      }),
    );
    const rolePoliciesP = associationsP.then(associations =>
      observeRolePolicies(
        aws,
        associations.filter(mayUseKafka).map(a => a.roleArn),
        this.awsTimeoutMs,
      ),
    );

    const fargateProfilesP = fargateNamesP.then(names =>
      each(names, async fargateProfileName => {
        const out = await awsCall('eks:DescribeFargateProfile', signal =>
          aws.eks.send(
            new DescribeFargateProfileCommand({
              clusterName,
              fargateProfileName,
            }),
            { abortSignal: signal },
          ),
        );
        return toFargateProfileObservation(
          out.fargateProfile ?? { fargateProfileName },
        );
      }),
    );

    // The Kubernetes API, reachable once DescribeCluster named its endpoint.
    const k8sP = clusterP.then(cluster => this.kubernetesFor(aws, cluster));
    const autoModeP = clusterP.then(c => c.computeConfig?.enabled === true);
    const kubernetesReads = readKubernetes(
      k8sP,
      this.kubernetesTimeoutMs,
      autoModeP,
    );
    const {
      nodesP,
      deploymentsP,
      servicesP,
      ingressesP,
      pendingPodsP,
      nodePoolsP,
      nodeClaimsP,
      nodeClassesP,
      autoModeNodeClassesP,
      karpenterControllerPodsP,
      metricsApiP,
    } = kubernetesReads;

    const workloadsP = Promise.all([deploymentsP, servicesP, ingressesP]).then(
      ([deployments, loadBalancerServices, ingresses]) => ({
        deployments,
        loadBalancerServices,
        ingresses,
      }),
    );

    let interruptionQueueError: SectionError | undefined;
    const karpenterP = (async (): Promise<KarpenterSummary> => {
      const [deployments, pools, claims, pendingPods] = await Promise.all([
        deploymentsP,
        nodePoolsP,
        nodeClaimsP,
        pendingPodsP,
      ]);
      const nodeClasses = await nodeClassesP.catch(() => undefined);
      const autoMode = (await autoModeP)
        ? { nodeClasses: await autoModeNodeClassesP.catch(() => undefined) }
        : undefined;
      const controller = findKarpenterController(deployments);
      const configuredQueue = controller?.interruptionQueue;
      let queue: InterruptionQueueSummary | undefined;
      try {
        queue =
          configuredQueue && configuredQueue !== guessedQueueName
            ? await probeInterruptionQueue(
                aws,
                configuredQueue,
                this.awsTimeoutMs,
              )
            : await guessedQueueP;
      } catch (error) {
        interruptionQueueError =
          error instanceof SourceError
            ? error.sectionError
            : toSectionError('sqs:GetQueueUrl', error);
      }
      return toKarpenterSummary({
        controller,
        nodePools: pools,
        nodeClaims: claims,
        nodeClasses,
        pendingPods,
        queue,
        autoMode,
      });
    })();

    // Some promises are awaited only on some paths: mark them all handled, so
    // that a failure never surfaces as an unhandled rejection.
    for (const promise of [
      clusterP,
      clusterVersionsP,
      insightSummariesP,
      nodegroupNamesP,
      addonNamesP,
      associationsListP,
      fargateNamesP,
      guessedQueueP,
      clusterSummaryP,
      insightsP,
      nodeGroupsP,
      addonVersionsP,
      addonsP,
      associationsP,
      rolePoliciesP,
      fargateProfilesP,
      k8sP,
      autoModeP,
      ...Object.values(kubernetesReads),
      workloadsP,
      karpenterP,
    ] as Promise<unknown>[]) {
      promise.catch(() => undefined);
    }

    const [
      cluster,
      insights,
      nodeGroups,
      nodes,
      addons,
      podIdentityAssociations,
      karpenter,
      workloads,
      fargateProfiles,
      rolePolicies,
      karpenterNodeClasses,
      karpenterControllerPods,
      metricsApi,
    ] = await Promise.all([
      toSection('eks:DescribeCluster', clusterSummaryP),
      toSection('eks:ListInsights', insightsP),
      toSection('eks:ListNodegroups', nodeGroupsP),
      toSection('kubernetes:nodes', nodesP),
      toSection('eks:ListAddons', addonsP),
      toSection('eks:ListPodIdentityAssociations', associationsP),
      toSection('kubernetes:karpenter', karpenterP),
      toSection('kubernetes:workloads', workloadsP),
      toSection('eks:ListFargateProfiles', fargateProfilesP),
      toSection('iam:ListRolePolicies', rolePoliciesP),
      toSection(
        'kubernetes:ec2nodeclasses',
        nodeClassesP.then(classes => classes.map(toNodeClassObservation)),
      ),
      toSection('kubernetes:pods', karpenterControllerPodsP),
      toSection('kubernetes:horizontalpodautoscalers', metricsApiP),
    ]);
    const observations: ClusterObservations = {
      target,
      cluster,
      insights,
      nodeGroups,
      nodes,
      addons,
      podIdentityAssociations,
      karpenter,
      workloads,
      fargateProfiles,
      rolePolicies,
      interruptionQueueError,
      karpenterNodeClasses,
      karpenterControllerPods,
      metricsApi,
      clusterNotFound,
    };
    if (addons.data) {
      observations.addons = {
        data: withAddonRemedies(addons.data, observations),
      };
    }
    return observations;
  }

  private async launchTemplateMetadata(
    aws: AwsClients,
    template: { id?: string; name?: string; version?: string },
  ): Promise<LaunchTemplateMetadataOptions> {
    const out = await fromSource(
      'ec2:DescribeLaunchTemplateVersions',
      this.awsTimeoutMs,
      signal =>
        aws.ec2.send(
          new DescribeLaunchTemplateVersionsCommand({
            LaunchTemplateId: template.id,
            LaunchTemplateName: template.id ? undefined : template.name,
            Versions: [template.version ?? '$Default'],
          }),
          { abortSignal: signal },
        ),
    );
    const options =
      out.LaunchTemplateVersions?.[0]?.LaunchTemplateData?.MetadataOptions;
    return {
      httpTokens: options?.HttpTokens,
      httpPutResponseHopLimit: options?.HttpPutResponseHopLimit,
    };
  }

  private async kubernetesFor(
    aws: AwsClients,
    cluster: Cluster,
  ): Promise<KubernetesClients> {
    if (!cluster.endpoint) {
      throw new SourceError({
        source: 'kubernetes',
        message: `the cluster is ${
          cluster.status ?? 'not ready'
        } and has no Kubernetes API endpoint yet`,
      });
    }
    return this.kubernetes.forCluster(aws, {
      name: cluster.name ?? '',
      endpoint: cluster.endpoint,
      certificateAuthorityData: cluster.certificateAuthority?.data,
    });
  }
}
