import { builtKube } from './fleet';
import type { SandboxState } from './state';

/** A plain, JSON-serialisable picture of the sandbox's state, for tests to assert on. */
export interface SandboxSnapshot {
  accounts: Record<
    string,
    {
      iam: {
        roles: string[];
        policies: string[];
        instanceProfiles: string[];
        users: string[];
      };
      regions: Record<string, RegionSnapshot>;
    }
  >;
}

export interface RegionSnapshot {
  eks: {
    clusters: Record<
      string,
      {
        status: string;
        version: string;
        nodegroups: Record<
          string,
          { status: string; desiredSize: number; instances: number }
        >;
        addons: Record<
          string,
          { status: string; version: string; issues: string[] }
        >;
        podIdentityAssociations: {
          namespace: string;
          serviceAccount: string;
          roleArn: string;
        }[];
        accessEntries: string[];
        fargateProfiles: Record<string, string>;
        /** EKS Capabilities by name. */
        capabilities: Record<
          string,
          {
            type: string;
            status: string;
            roleArn: string;
            deletePropagationPolicy: string;
            /** Argo CD's Identity Center instance and role mappings. */
            argoCd?: {
              idcInstanceArn: string;
              rbacRoleMappings: {
                role: string;
                identities: { id: string; type: string }[];
              }[];
            };
          }
        >;
        /** Kubernetes objects by `apiVersion/kind`, as `namespace/name` (or `name`). */
        kubernetes?: Record<string, string[]>;
      }
    >;
  };
  ec2: {
    vpcs: string[];
    subnets: string[];
    securityGroups: string[];
    launchTemplates: string[];
    instances: Record<string, string>;
  };
  elbv2: {
    loadBalancers: Record<
      string,
      { state: string; tags: Record<string, string> }
    >;
  };
  sqs: {
    queues: Record<
      string,
      { messages: number; attributes: Record<string, string> }
    >;
  };
  events: {
    rules: Record<
      string,
      { eventPattern?: string; state: string; targets: string[] }
    >;
  };
}

const KUBE_KINDS: [string, string][] = [
  ['v1', 'Node'],
  ['v1', 'Pod'],
  ['v1', 'Service'],
  ['v1', 'Namespace'],
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'DaemonSet'],
  ['networking.k8s.io/v1', 'Ingress'],
  ['karpenter.sh/v1', 'NodePool'],
  ['karpenter.sh/v1', 'NodeClaim'],
  ['karpenter.k8s.aws/v1', 'EC2NodeClass'],
];

export function snapshotOf(state: SandboxState): SandboxSnapshot {
  const accounts: SandboxSnapshot['accounts'] = {};
  for (const [accountId, account] of state.accounts) {
    const regions: Record<string, RegionSnapshot> = {};
    for (const [name, r] of account.regions) {
      const clusters: RegionSnapshot['eks']['clusters'] = {};
      for (const [clusterName, c] of r.eks.clusters) {
        const kube = builtKube(c);
        clusters[clusterName] = {
          status: c.status,
          version: c.version,
          nodegroups: Object.fromEntries(
            [...(r.eks.nodegroups.get(clusterName)?.values() ?? [])].map(n => [
              n.nodegroupName,
              {
                status: n.status,
                desiredSize: n.scalingConfig.desiredSize,
                instances: n.instanceIds.length,
              },
            ]),
          ),
          addons: Object.fromEntries(
            [...(r.eks.addons.get(clusterName)?.values() ?? [])].map(a => [
              a.addonName,
              {
                status: a.status,
                version: a.addonVersion,
                issues: a.healthIssues.map(i => i.code),
              },
            ]),
          ),
          podIdentityAssociations: [
            ...(r.eks.podIdentityAssociations.get(clusterName)?.values() ?? []),
          ].map(a => ({
            namespace: a.namespace,
            serviceAccount: a.serviceAccount,
            roleArn: a.roleArn,
          })),
          accessEntries: [
            ...(r.eks.accessEntries.get(clusterName)?.keys() ?? []),
          ],
          capabilities: Object.fromEntries(
            [...(r.eks.capabilities.get(clusterName)?.values() ?? [])].map(
              capability => [
                capability.capabilityName,
                {
                  type: capability.type,
                  status: capability.status,
                  roleArn: capability.roleArn,
                  deletePropagationPolicy: capability.deletePropagationPolicy,
                  argoCd: capability.configuration && {
                    idcInstanceArn:
                      capability.configuration.argoCd.awsIdc.idcInstanceArn,
                    rbacRoleMappings:
                      capability.configuration.argoCd.rbacRoleMappings,
                  },
                },
              ],
            ),
          ),
          fargateProfiles: Object.fromEntries(
            [...(r.eks.fargateProfiles.get(clusterName)?.values() ?? [])].map(
              p => [p.fargateProfileName, p.status],
            ),
          ),
          kubernetes: kube
            ? Object.fromEntries(
                KUBE_KINDS.map(([apiVersion, kind]) => [
                  `${apiVersion}/${kind}`,
                  kube
                    .list(apiVersion, kind)
                    .map(o =>
                      o.metadata.namespace
                        ? `${o.metadata.namespace}/${o.metadata.name}`
                        : o.metadata.name,
                    ),
                ]),
              )
            : undefined,
        };
      }
      regions[name] = {
        eks: { clusters },
        ec2: {
          vpcs: [...r.ec2.vpcs.keys()],
          subnets: [...r.ec2.subnets.keys()],
          securityGroups: [...r.ec2.securityGroups.keys()],
          launchTemplates: [...r.ec2.launchTemplates.values()].map(
            t => t.launchTemplateName,
          ),
          instances: Object.fromEntries(
            [...r.ec2.instances.values()].map(i => [i.instanceId, i.state]),
          ),
        },
        elbv2: {
          loadBalancers: Object.fromEntries(
            [...r.elbv2.loadBalancers.values()].map(lb => [
              lb.name,
              { state: lb.state, tags: { ...lb.tags } },
            ]),
          ),
        },
        sqs: {
          queues: Object.fromEntries(
            [...r.sqs.queues.values()].map(q => [
              q.name,
              { messages: q.messages.length, attributes: { ...q.attributes } },
            ]),
          ),
        },
        events: {
          rules: Object.fromEntries(
            [...r.events.rules.values()].map(rule => [
              rule.name,
              {
                eventPattern: rule.eventPattern,
                state: rule.state,
                targets: [...rule.targets.values()].map(t => t.Arn),
              },
            ]),
          ),
        },
      };
    }
    accounts[accountId] = {
      iam: {
        roles: [...account.iam.roles.keys()],
        policies: [...account.iam.policies.keys()],
        instanceProfiles: [...account.iam.instanceProfiles.keys()],
        users: [...account.iam.users.keys()],
      },
      regions,
    };
  }
  return { accounts };
}
