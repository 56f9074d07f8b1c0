import type { Diagnostic } from '@backstage-eks/plugin-eks-common';
import type { ClusterObservations, PodObservation } from '../types';
import {
  isCrashLooping,
  karpenterCredentialFacts,
  POD_IDENTITY_AGENT_ADDON,
  type KarpenterCredentialFacts,
} from './karpenterCredentials';
import type { DiagnosticCheck } from './types';

/** Karpenter's panic when it cannot learn its region (IMDS unreachable at hop limit 1). */
const NO_REGION =
  /unable to determine region|MissingRegion|could not find region/i;
/** Karpenter's start-up check of EC2 access, and the SDK's credential errors. */
const NO_CREDENTIALS =
  /ec2 api connectivity check failed|NoCredentialProviders|failed to refresh cached credentials|no EC2 IMDS role found|failed to retrieve credentials|get credentials/i;

const MESSAGE_LIMIT = 400;

type Cause = 'region' | 'credentials' | 'unknown';

function lastMessages(pods: PodObservation[]): string[] {
  return [
    ...new Set(
      pods.flatMap(p =>
        p.containers
          .map(c => c.lastTermination?.message?.trim())
          .filter((m): m is string => !!m),
      ),
    ),
  ];
}

function causeOf(messages: string[], facts: KarpenterCredentialFacts): Cause {
  if (messages.some(m => NO_REGION.test(m))) return 'region';
  if (messages.some(m => NO_CREDENTIALS.test(m))) return 'credentials';
  // Without a termination message, what is missing still tells.
  if (
    messages.length === 0 &&
    (!facts.agentUsable ||
      (facts.associationsKnown && facts.associations.length === 0))
  ) {
    return 'credentials';
  }
  return 'unknown';
}

function credentialsFix(
  obs: ClusterObservations,
  facts: KarpenterCredentialFacts,
): string {
  const cluster = obs.target.clusterName;
  const steps: string[] = [];
  if (!facts.agentUsable) {
    steps.push(
      `install the ${POD_IDENTITY_AGENT_ADDON} add-on (aws:eks:addon:install, or aws eks create-addon --cluster-name ${cluster} --addon-name ${POD_IDENTITY_AGENT_ADDON}); it is ${
        facts.agentStatus ?? 'not installed'
      }`,
    );
  }
  if (facts.associationsKnown && facts.associations.length === 0) {
    steps.push(
      `create a Pod Identity association for ${facts.namespace}/${facts.serviceAccount} with Karpenter's controller role (aws:eks:pod-identity:create, or aws eks create-pod-identity-association --cluster-name ${cluster} --namespace ${facts.namespace} --service-account ${facts.serviceAccount} --role-arn <controller role ARN>), or annotate the service account with an IRSA role`,
    );
  }
  if (steps.length === 0) {
    const roles = facts.associations.map(a => a.roleArn).join(', ');
    steps.push(
      `the agent and the association are there, so the role ${
        roles || 'of the association'
      } is refused: it must trust pods.eks.amazonaws.com (sts:AssumeRole, sts:TagSession) and allow Karpenter's EC2 calls (ec2:DescribeInstanceTypes and the rest of the controller policy for this chart version); the termination message names the refused call`,
    );
  }
  return `${steps
    .map((s, i) => `${i + 1}. ${s.charAt(0).toUpperCase()}${s.slice(1)}.`)
    .join(' ')} ${steps.length + 1}. Restart the controller (kubectl -n ${
    facts.namespace
  } rollout restart deployment/${facts.controller?.name ?? 'karpenter'}).`;
}

function regionFix(obs: ClusterObservations): string {
  const hopLimitOne = (obs.nodeGroups.data ?? []).filter(
    ng => ng.httpTokens === 'required' && ng.httpPutResponseHopLimit === 1,
  );
  return `Give Karpenter its region without instance metadata: set AWS_REGION=${
    obs.target.region
  } on the controller (Helm value controller.env: [{name: AWS_REGION, value: ${
    obs.target.region
  }}]). Or let pods reach IMDSv2: raise the hop limit to 2 on the nodes the controller runs on${
    hopLimitOne.length
      ? ` (node group${hopLimitOne.length === 1 ? '' : 's'} ${hopLimitOne
          .map(ng => ng.name)
          .join(
            ', ',
          )}: launch template HttpPutResponseHopLimit 2, then roll the nodes)`
      : ' (launch template HttpPutResponseHopLimit 2)'
  }.`;
}

const TEXT: Record<Cause, { id: string; title: string; why: string }> = {
  credentials: {
    id: 'karpenter-crash-loop-no-credentials',
    title: 'Karpenter crash-loops: it gets no AWS credentials',
    why: 'At start-up Karpenter checks that it can call EC2; without credentials (no Pod Identity agent or association, no IRSA role) or with a role that is refused, it logs "ec2 api connectivity check failed" and exits. While it crash-loops no nodes are provisioned for pending pods and no interruption is handled.',
  },
  region: {
    id: 'karpenter-crash-loop-no-region',
    title: 'Karpenter crash-loops: it cannot determine its region',
    why: 'Without AWS_REGION, Karpenter asks instance metadata (IMDS) for its region; with IMDSv2 required and a hop limit of 1 the answer never reaches the pod, and Karpenter panics with "unable to determine region from IMDS". While it crash-loops no nodes are provisioned for pending pods.',
  },
  unknown: {
    id: 'karpenter-crash-loop',
    title: 'Karpenter crash-loops',
    why: 'While the controller crash-loops no nodes are provisioned for pending pods and no interruption is handled. The two usual causes are missing AWS credentials ("ec2 api connectivity check failed") and no region ("unable to determine region from IMDS" at IMDSv2 hop limit 1).',
  },
};

/**
 * Karpenter's controller pods crash-looping, with the cause read from their
 * last termination message: no AWS credentials, or no region from IMDS.
 */
export const karpenterControllerCrashLoop: DiagnosticCheck = obs => {
  if (!obs.karpenter.data?.installed) return [];
  const pods = (obs.karpenterControllerPods.data ?? []).filter(isCrashLooping);
  if (pods.length === 0) return [];
  const facts = karpenterCredentialFacts(obs);
  const messages = lastMessages(pods);
  const cause = causeOf(messages, facts);
  const restarts = pods
    .flatMap(p => p.containers)
    .reduce((sum, c) => sum + c.restartCount, 0);
  const reasons = [
    ...new Set(
      pods.flatMap(p =>
        p.containers.flatMap(c => [
          c.waitingReason,
          c.lastTermination
            ? `${c.lastTermination.reason ?? 'terminated'} (exit ${
                c.lastTermination.exitCode ?? '?'
              })`
            : undefined,
        ]),
      ),
    ),
  ].filter(Boolean);
  const message = messages[0]
    ? ` Last termination message: "${messages[0].slice(0, MESSAGE_LIMIT)}${
        messages[0].length > MESSAGE_LIMIT ? '…' : ''
      }".`
    : ' The pods left no termination message (kubectl logs --previous shows the last run).';
  let fix: string;
  if (cause === 'credentials') fix = credentialsFix(obs, facts);
  else if (cause === 'region') fix = regionFix(obs);
  else {
    fix = `Read the last run's log (kubectl -n ${
      facts.namespace
    } logs deployment/${
      facts.controller?.name ?? 'karpenter'
    } --previous). If it says "ec2 api connectivity check failed": ${credentialsFix(
      obs,
      facts,
    )} If it says "unable to determine region from IMDS": ${regionFix(obs)}`;
  }
  const finding: Diagnostic = {
    id: TEXT[cause].id,
    severity: 'critical',
    title: TEXT[cause].title,
    what: `Karpenter's controller pod${pods.length === 1 ? '' : 's'} ${pods
      .map(p => `${p.namespace}/${p.name}`)
      .join(', ')} keep${
      pods.length === 1 ? 's' : ''
    } restarting (${restarts} restart${
      restarts === 1 ? '' : 's'
    }; ${reasons.join(', ')}).${message}`,
    why: TEXT[cause].why,
    fix,
    link:
      cause === 'region'
        ? 'https://karpenter.sh/docs/troubleshooting/'
        : 'https://docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html',
    resources: [
      ...(facts.controller
        ? [`deployment/${facts.controller.namespace}/${facts.controller.name}`]
        : []),
      ...pods.map(p => `pod/${p.namespace}/${p.name}`),
      ...(cause !== 'region' && !facts.agentUsable
        ? [`addon/${POD_IDENTITY_AGENT_ADDON}`]
        : []),
    ],
  };
  return [finding];
};
