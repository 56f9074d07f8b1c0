import { KubernetesObject, KubernetesObjectApi } from '@kubernetes/client-node';
import { findRole } from '../iam';
import { withKubernetesRetry } from '../kubernetesRetry';
import { describeOwner, isOwnResource, OwnershipFinding } from '../ownership';
import { findPodIdentityAssociation } from '../podIdentity/association';
import { ProvisioningRun } from '../ProvisioningRun';
import { ENTITY_REF_TAG } from '../tags';
import { ifExists } from '../waiters';
import { controllerRoleIncompatibility } from './controllerRoleCheck';
import { HelmRelease } from './helm';
import { interruptionQueueFindings } from './interruptionQueue';

/** What a Karpenter installation someone else made provides, as found. @public */
export interface ExistingKarpenter {
  /** Pieces that belong to someone else and cannot serve as they are. */
  findings: OwnershipFinding[];
  /**
   * The role of an existing Pod Identity association of the controller that
   * this request did not make and that can serve (trust and permissions):
   * used as it is; the association is not re-pointed.
   */
  controllerRoleArn?: string;
  /**
   * The node role of the existing EC2NodeClass `default`, when it is not the
   * one this action names `<cluster>-karpenter-node`.
   */
  nodeRoleArn?: string;
  /**
   * A controller someone else installed (Helm release or Deployment) runs
   * the wanted version: it is kept, no chart is installed over it.
   */
  keepController?: string;
  /**
   * Whether that controller is a Helm release (an adopting run upgrades
   * it); a Deployment not from a release is kept even by an adopting run,
   * since Helm refuses to install over objects without its ownership
   * metadata.
   */
  controllerIsHelmRelease?: boolean;
}

type Live = KubernetesObject & { spec?: Record<string, unknown> };

async function readObject(
  run: ProvisioningRun,
  objects: KubernetesObjectApi,
  object: KubernetesObject,
): Promise<Live | undefined> {
  const name = `${object.kind} ${object.metadata?.name}`;
  return (await ifExists(() =>
    withKubernetesRetry(run, `read ${name}`, () =>
      objects.read(object as never),
    ),
  )) as Live | undefined;
}

function objectTags(live: Live): Record<string, string> {
  return {
    ...(live.metadata?.labels ?? {}),
    ...(live.metadata?.annotations ?? {}),
  };
}

/** What the inspection is given. */
interface InspectOptions {
  clusterName: string;
  namespace: string;
  serviceAccount: string;
  chartVersion: string;
  enableZonalShift?: boolean;
  queueName: string;
  queueArn: string;
  nodeRoleArn?: string;
  /** The user values the release is installed with (ownership marker). */
  releaseValues?: Record<string, unknown>;
  release?: HelmRelease;
  objects: KubernetesObjectApi;
}

/**
 * The node role of the EC2NodeClass `default`, when one exists with another
 * role than the one this action names (and none is given): Karpenter's CRD
 * makes a node class's role immutable, so its nodes keep that role (the
 * default-named role is this action's own, ensured as usual).
 */
async function existingNodeRole(
  run: ProvisioningRun,
  opts: InspectOptions,
): Promise<string | undefined> {
  const nodeClass = await readObject(run, opts.objects, {
    apiVersion: 'karpenter.k8s.aws/v1',
    kind: 'EC2NodeClass',
    metadata: { name: 'default' },
  });
  const role = nodeClass?.spec?.role;
  if (
    !nodeClass ||
    typeof role !== 'string' ||
    role === `${opts.clusterName}-karpenter-node`.slice(0, 64) ||
    opts.nodeRoleArn
  ) {
    return undefined;
  }
  return (await findRole(run, role))?.Arn;
}

/**
 * The controller's association another made: its role when it can serve
 * (`controllerRoleArn`), a finding when it cannot.
 */
async function existingAssociation(
  run: ProvisioningRun,
  opts: InspectOptions,
  nodeRoleArn: string,
): Promise<Pick<ExistingKarpenter, 'findings' | 'controllerRoleArn'>> {
  const { clusterName, namespace, serviceAccount } = opts;
  const described = await findPodIdentityAssociation(run, opts);
  if (!described || isOwnResource(described.tags, clusterName)) {
    return { findings: [] };
  }
  const roleArn = described.roleArn ?? '';
  const reasons = await controllerRoleIncompatibility(run, {
    roleArn,
    clusterName,
    chartVersion: opts.chartVersion,
    enableZonalShift: opts.enableZonalShift,
    queueArn: opts.queueArn,
    nodeRoleArn,
  });
  if (reasons.length === 0) return { findings: [], controllerRoleArn: roleArn };
  return {
    findings: [
      {
        resource: `Pod Identity association ${namespace}/${serviceAccount} (role ${roleArn})`,
        owner: describeOwner(described.tags),
        changes: [
          ...reasons,
          `this action does not re-point another's association: grant the role what it lacks, or adopt (re-points it to ${clusterName}-karpenter-controller)`,
        ],
      },
    ],
  };
}

/** What the inspection says of one controller: kept, or a finding. */
type ControllerVerdict = Pick<
  ExistingKarpenter,
  'findings' | 'keepController' | 'controllerIsHelmRelease'
>;

/** A `karpenter` Helm release another installed: kept at the wanted chart. */
function releaseController(
  opts: InspectOptions,
  release: HelmRelease,
): ControllerVerdict {
  const marker = (
    opts.releaseValues?.podAnnotations as Record<string, unknown> | undefined
  )?.[ENTITY_REF_TAG];
  const ours = isOwnResource(
    typeof marker === 'string' ? { [ENTITY_REF_TAG]: marker } : undefined,
    opts.clusterName,
  );
  if (ours) return { findings: [] };
  const wantedChart = `karpenter-${opts.chartVersion}`;
  const resource = `Helm release ${release.name} (${release.chart}, ${release.status}) in ${opts.namespace}`;
  if (release.chart === wantedChart && release.status === 'deployed') {
    return {
      findings: [],
      keepController: resource,
      controllerIsHelmRelease: true,
    };
  }
  return {
    findings: [
      {
        resource,
        owner: 'not made by Backstage',
        changes: [`upgrade to ${wantedChart}`],
      },
    ],
  };
}

/** A `karpenter` Deployment not from a Helm release: kept at the wanted version. */
async function deploymentController(
  run: ProvisioningRun,
  opts: InspectOptions,
): Promise<ControllerVerdict> {
  const { namespace, chartVersion } = opts;
  const deployment = await readObject(run, opts.objects, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'karpenter', namespace },
  });
  if (!deployment) return { findings: [] };
  const containers =
    (
      deployment.spec?.template as
        | { spec?: { containers?: { image?: string }[] } }
        | undefined
    )?.spec?.containers ?? [];
  const image =
    containers.find(c => /karpenter\/controller/.test(c.image ?? ''))?.image ??
    '';
  const version = image.replace(/^.*:v?/, '').replace(/@.*$/, '');
  const resource = `Deployment ${namespace}/karpenter (${
    image || 'no image'
  }, not from a Helm release)`;
  if (version === chartVersion)
    return { findings: [], keepController: resource };
  return {
    findings: [
      {
        resource,
        owner: describeOwner(objectTags(deployment)),
        changes: [
          `runs Karpenter ${
            version || 'of unknown version'
          }, not ${chartVersion}: installing the chart over it needs adopt (and Helm installs over it only once its objects carry Helm's ownership metadata, meta.helm.sh/release-name)`,
        ],
      },
    ],
  };
}

/**
 * Reads, before any write, what a Karpenter installation that exists on the
 * cluster provides and whether each piece this request did not make can
 * serve as it is: the controller's Pod Identity association and its role
 * (trust, the controller policy's actions), the interruption queue and its
 * rules, the controller (Helm release or Deployment, at the wanted
 * version), and the EC2NodeClass `default` (whose node role is used).
 *
 * `installKarpenter` uses the pieces that can serve as they are, never
 * re-points the association nor rewrites another's NodePool, and refuses
 * with every finding listed when a piece cannot serve (unless it adopts).
 *
 * @public
 */
export async function inspectExistingKarpenter(
  run: ProvisioningRun,
  opts: InspectOptions,
): Promise<ExistingKarpenter> {
  const { clusterName } = opts;
  const foundNodeRole = await existingNodeRole(run, opts);
  const nodeRoleArn =
    opts.nodeRoleArn ??
    foundNodeRole ??
    `arn:aws:iam::${run.accountId}:role/${clusterName}-karpenter-node`;
  const association = await existingAssociation(run, opts, nodeRoleArn);
  const queueFindings = await interruptionQueueFindings(run, {
    queueName: opts.queueName,
    clusterName,
  });
  const controller = opts.release
    ? releaseController(opts, opts.release)
    : await deploymentController(run, opts);
  const found: ExistingKarpenter = {
    ...controller,
    findings: [
      ...association.findings,
      ...queueFindings,
      ...controller.findings,
    ],
  };
  if (foundNodeRole) found.nodeRoleArn = foundNodeRole;
  if (association.controllerRoleArn) {
    found.controllerRoleArn = association.controllerRoleArn;
  }
  return found;
}
