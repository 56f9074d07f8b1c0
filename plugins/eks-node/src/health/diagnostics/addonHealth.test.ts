import type { AddonSummary } from '@backstage-eks/plugin-eks-common';
import {
  addon,
  association,
  healthyObservations,
  node,
  nodeGroup,
  nodes,
} from '../__testUtils__/observations';
import type { ClusterObservations } from '../types';
import {
  ADDON_ISSUE_CAUSES,
  KNOWN_ADDON_ISSUE_CODES,
  addonIssueCause,
  remedyForAddonIssue,
  remedyForAddonIssueCause,
  type AddonIssueCause,
} from './addonIssueRemedies';
import { addonHealth } from './addonHealth';

/** A cluster with one ready node and the Pod Identity agent ACTIVE. */
function withNodes(): ClusterObservations {
  const obs = healthyObservations();
  obs.nodes = { data: nodes([node()]) };
  obs.nodeGroups = { data: [nodeGroup({ desiredSize: 1 })] };
  return obs;
}

const ebs = (overrides: Partial<AddonSummary> = {}) =>
  addon({ name: 'aws-ebs-csi-driver', status: 'DEGRADED', ...overrides });

const replicas = {
  code: 'InsufficientNumberOfReplicas',
  message:
    "The add-on is unhealthy because it doesn't have the desired number of replicas.",
};

/**
 * Every cause the code knows, with a situation that produces it and what its
 * remedy must (and must not) say. A remedy that speaks of another cause
 * fails here.
 */
const CASES: {
  cause: AddonIssueCause;
  situation: string;
  issue: { code: string; message: string };
  addon: AddonSummary;
  observations: () => ClusterObservations;
  says: RegExp[];
  never: RegExp[];
}[] = [
  {
    cause: 'missing-iam-role',
    situation:
      'aws-ebs-csi-driver short of replicas because its service account has no role',
    issue: {
      ...replicas,
      message: `${replicas.message} The ebs-csi-controller pods crash because the ebs-csi-controller-sa service account has no IAM role (no Pod Identity association or IRSA role).`,
    },
    addon: ebs(),
    observations: withNodes,
    says: [
      /no IAM role/,
      /kube-system\/ebs-csi-controller-sa/,
      /AmazonEBSCSIDriverPolicy/,
      /Pod Identity/,
    ],
    never: [/capacity/i, /scheduling/i, /node group/i],
  },
  {
    cause: 'missing-iam-role',
    situation: 'external-dns AccessDenied without any role',
    issue: {
      code: 'AccessDenied',
      message:
        'external-dns cannot call route53:ListHostedZones: the external-dns service account has no IAM role.',
    },
    addon: addon({ name: 'external-dns', status: 'DEGRADED' }),
    observations: withNodes,
    says: [/external-dns\/external-dns/, /AmazonRoute53FullAccess/],
    never: [/capacity/i, /Attach .* to the role/],
  },
  {
    cause: 'pod-identity-agent-not-active',
    situation:
      'an association exists but eks-pod-identity-agent is not installed',
    issue: { code: 'AccessDenied', message: 'denied' },
    addon: ebs(),
    observations: () => {
      const obs = withNodes();
      obs.addons = { data: [addon({ name: 'vpc-cni' })] };
      obs.podIdentityAssociations = {
        data: [
          association({
            namespace: 'kube-system',
            serviceAccount: 'ebs-csi-controller-sa',
          }),
        ],
      };
      return obs;
    },
    says: [/eks-pod-identity-agent/, /Install/],
    never: [/capacity/i, /Create a Pod Identity association/],
  },
  {
    cause: 'role-lacks-permissions',
    situation: 'the add-on has an IRSA role that is not allowed enough',
    issue: { code: 'AccessDenied', message: 'not authorized' },
    addon: ebs({
      serviceAccountRoleArn: 'arn:aws:iam::000000000000:role/ebs',
    }),
    observations: withNodes,
    says: [/Attach AmazonEBSCSIDriverPolicy to the role/],
    never: [/has no IAM role/, /capacity/i],
  },
  {
    cause: 'iam-role-not-found',
    situation: 'the role named for the add-on was deleted',
    issue: { code: 'IamRoleNotFound', message: 'role not found' },
    addon: ebs({ serviceAccountRoleArn: 'arn:aws:iam::000000000000:role/x' }),
    observations: withNodes,
    says: [/does not exist/, /Create it/],
    never: [/capacity/i],
  },
  {
    cause: 'no-nodes',
    situation: 'coredns short of replicas on a cluster without any node',
    issue: replicas,
    addon: addon({ name: 'coredns', status: 'DEGRADED' }),
    observations: () => {
      const obs = healthyObservations();
      obs.nodeGroups = { data: [] };
      return obs;
    },
    says: [/no nodes/, /node group/],
    never: [/IAM/, /Pod Identity/],
  },
  {
    cause: 'pods-not-scheduled',
    situation: 'coredns short of replicas on a cluster with nodes',
    issue: replicas,
    addon: addon({ name: 'coredns', status: 'DEGRADED' }),
    observations: withNodes,
    says: [/kubectl -n kube-system describe pod/, /capacity/],
    never: [/IAM/, /Pod Identity/],
  },
  {
    cause: 'configuration-conflict',
    situation: 'kube-proxy changed by hand',
    issue: { code: 'ConfigurationConflict', message: 'conflict' },
    addon: addon({ name: 'kube-proxy', status: 'UPDATE_FAILED' }),
    observations: withNodes,
    says: [/OVERWRITE/, /PRESERVE/],
    never: [/IAM/, /capacity/i],
  },
  {
    cause: 'admission-denied',
    situation: 'a policy engine rejected the add-on',
    issue: { code: 'AdmissionRequestDenied', message: 'denied by kyverno' },
    addon: addon({ name: 'coredns', status: 'CREATE_FAILED' }),
    observations: withNodes,
    says: [/admission webhook/],
    never: [/IAM/, /capacity/i],
  },
  {
    cause: 'cluster-unreachable',
    situation: 'EKS cannot reach the API server',
    issue: { code: 'ClusterUnreachable', message: 'unreachable' },
    addon: addon({ name: 'coredns', status: 'CREATE_FAILED' }),
    observations: withNodes,
    says: [/endpoint access/],
    never: [/IAM role/, /capacity/i],
  },
  {
    cause: 'image-pull-failure',
    situation: 'nodes without egress to ECR',
    issue: { code: 'ImagePullFailure', message: 'pull failed' },
    addon: addon({ name: 'coredns', status: 'DEGRADED' }),
    observations: withNodes,
    says: [/ECR/],
    never: [/Pod Identity/, /capacity/i],
  },
  {
    cause: 'pod-eviction-failure',
    situation: 'a PodDisruptionBudget blocks the update',
    issue: { code: 'PodEvictionFailure', message: 'eviction failed' },
    addon: addon({ name: 'coredns', status: 'UPDATE_FAILED' }),
    observations: withNodes,
    says: [/PodDisruptionBudget/],
    never: [/IAM/],
  },
  {
    cause: 'kubernetes-resource-deleted',
    situation: "the add-on's ConfigMap was deleted",
    issue: { code: 'K8sResourceNotFound', message: 'configmap gone' },
    addon: addon({ name: 'coredns', status: 'DEGRADED' }),
    observations: withNodes,
    says: [/recreate/],
    never: [/IAM/, /capacity/i],
  },
  {
    cause: 'unsupported-modification',
    situation: 'a field EKS manages was changed',
    issue: { code: 'UnsupportedAddonModification', message: 'modified' },
    addon: addon({ name: 'coredns', status: 'DEGRADED' }),
    observations: withNodes,
    says: [/Revert the change/],
    never: [/IAM/, /capacity/i],
  },
  {
    cause: 'subscription-needed',
    situation: 'a Marketplace add-on without subscription',
    issue: { code: 'AddonSubscriptionNeeded', message: 'subscribe' },
    addon: addon({ name: 'vendor_addon', status: 'CREATE_FAILED' }),
    observations: withNodes,
    says: [/AWS Marketplace/],
    never: [/IAM/, /capacity/i],
  },
  {
    cause: 'eks-internal-failure',
    situation: 'EKS failed internally',
    issue: { code: 'InternalFailure', message: 'internal' },
    addon: addon({ name: 'coredns', status: 'CREATE_FAILED' }),
    observations: withNodes,
    says: [/Retry/],
    never: [/IAM/, /capacity/i],
  },
  {
    cause: 'unknown',
    situation: 'an issue code the code does not know',
    issue: { code: 'SomethingNew', message: 'new' },
    addon: addon({ name: 'coredns', status: 'DEGRADED' }),
    observations: withNodes,
    says: [/pods and events/],
    never: [/IAM/, /capacity/i],
  },
];

describe('add-on issue remedies', () => {
  it.each(CASES)(
    '$cause: $situation',
    ({ cause, issue, addon: subject, observations, says, never }) => {
      const obs = observations();
      expect(addonIssueCause(issue, subject, obs)).toBe(cause);
      const remedy = remedyForAddonIssue(issue, subject, obs);
      for (const pattern of says) expect(remedy).toMatch(pattern);
      for (const pattern of never) expect(remedy).not.toMatch(pattern);
    },
  );

  it('has a case above for every cause the code knows', () => {
    expect(new Set(CASES.map(c => c.cause))).toEqual(
      new Set(ADDON_ISSUE_CAUSES),
    );
  });

  it('gives each cause its own remedy', () => {
    const subject = ebs();
    const remedies = ADDON_ISSUE_CAUSES.map(cause =>
      remedyForAddonIssueCause(cause, subject),
    );
    expect(new Set(remedies).size).toBe(ADDON_ISSUE_CAUSES.length);
  });

  it('knows the add-on issue codes EKS documents', () => {
    expect(KNOWN_ADDON_ISSUE_CODES).toEqual(
      expect.arrayContaining([
        'AccessDenied',
        'AdmissionRequestDenied',
        'ClusterUnreachable',
        'ConfigurationConflict',
        'ImagePullFailure',
        'InsufficientNumberOfReplicas',
        'InternalFailure',
        'K8sResourceNotFound',
        'UnsupportedAddonModification',
        'IamRoleNotFound',
        'PodEvictionFailure',
        'AddonSubscriptionNeeded',
      ]),
    );
  });
});

describe('addonHealth', () => {
  it('reports DEGRADED and failed add-ons as failing now, with the fix of their cause', () => {
    const obs = withNodes();
    obs.addons = {
      data: [
        addon({ name: 'eks-pod-identity-agent' }),
        ebs({ health: [CASES[0].issue] }),
        addon({
          name: 'coredns',
          status: 'CREATE_FAILED',
          health: [{ code: 'ImagePullFailure', message: 'pull failed' }],
        }),
      ],
    };
    const findings = addonHealth(obs);
    expect(findings.map(f => [f.id, f.severity, f.title])).toEqual([
      ['addon-degraded', 'critical', 'Add-on aws-ebs-csi-driver is DEGRADED'],
      ['addon-create-failed', 'critical', 'Add-on coredns is CREATE_FAILED'],
    ]);
    expect(findings[0].what).toMatch(/^InsufficientNumberOfReplicas:/);
    expect(findings[0].fix).toMatch(/AmazonEBSCSIDriverPolicy/);
    expect(findings[0].fix).not.toMatch(/capacity|scheduling/i);
    expect(findings[1].fix).toMatch(/ECR/);
    // The missing role's fix is one click away: the Pod Identity template,
    // prefilled with the service account and the recommended policy.
    const path = findings[0].action?.path ?? '';
    const formData = JSON.parse(
      new URLSearchParams(path.split('?')[1]).get('formData') ?? '{}',
    );
    expect(path).toMatch(/^\/create\/templates\/default\/eks-pod-identity\?/);
    expect(formData).toEqual({
      cluster: 'demo',
      region: 'eu-west-1',
      accountId: '000000000000',
      namespace: 'kube-system',
      serviceAccount: 'ebs-csi-controller-sa',
      managedPolicyArns: [
        'arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy',
      ],
    });
    expect(findings[1].action).toBeUndefined();
  });

  it('prefills the Pod Identity fix with the namespace an add-on was installed in', () => {
    const obs = withNodes();
    obs.addons = {
      data: [
        addon({ name: 'eks-pod-identity-agent' }),
        ebs({ namespace: 'storage', health: [CASES[0].issue] }),
      ],
    };
    const [finding] = addonHealth(obs);
    const path = finding.action?.path ?? '';
    const formData = JSON.parse(
      new URLSearchParams(path.split('?')[1]).get('formData') ?? '{}',
    );
    expect(formData).toMatchObject({
      namespace: 'storage',
      serviceAccount: 'ebs-csi-controller-sa',
    });
  });

  it('stays quiet when all add-ons are ACTIVE or updating', () => {
    const obs = healthyObservations();
    obs.addons = {
      data: [addon(), addon({ name: 'coredns', status: 'UPDATING' })],
    };
    expect(addonHealth(obs)).toEqual([]);
  });
});
