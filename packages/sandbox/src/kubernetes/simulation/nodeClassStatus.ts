import type { KarpenterAwsView } from '../types.ts';

/*
 * How Karpenter's EC2NodeClass controller resolves a node class against AWS
 * (aws/karpenter-provider-aws, pkg/controllers/nodeclass): subnets and
 * security groups are those its selector terms match (terms ORed, a term's
 * fields ANDed, a tag value `*` matching any value); a role needs to exist
 * for the instance profile Karpenter makes for it; a named instance profile
 * needs to exist. Each part has its condition; Ready is True only when all are.
 */

type Tags = Record<string, string>;

interface SelectorTerm {
  id?: string;
  name?: string;
  tags?: Tags;
}

export interface NodeClassSpec {
  role?: string;
  instanceProfile?: string;
  subnetSelectorTerms?: SelectorTerm[];
  securityGroupSelectorTerms?: SelectorTerm[];
}

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
}

/** What the controller writes in a node class's status (conditions aside). */
export interface ResolvedNodeClass {
  subnets?: Array<{ id: string; zone: string; zoneID: string }>;
  securityGroups?: Array<{ id: string; name: string }>;
  instanceProfile?: string;
  conditions: Condition[];
}

function tagsMatch(wanted: Tags | undefined, actual: Tags): boolean {
  return Object.entries(wanted ?? {}).every(([key, value]) =>
    value === '*' ? key in actual : actual[key] === value,
  );
}

function termMatches(
  term: SelectorTerm,
  resource: { id: string; name?: string; tags: Tags },
): boolean {
  if (term.id !== undefined && term.id !== resource.id) return false;
  if (term.name !== undefined && term.name !== resource.name) return false;
  return tagsMatch(term.tags, resource.tags);
}

function ready(type: string): Condition {
  return { type, status: 'True', reason: type, message: '' };
}

/**
 * Resolves a node class: `instanceProfileName` is the name Karpenter gives
 * the instance profile it makes for a role.
 */
export function resolveNodeClass(
  spec: NodeClassSpec,
  aws: KarpenterAwsView,
  instanceProfileName: string,
): ResolvedNodeClass {
  const conditions: Condition[] = [];
  const subnets = aws
    .subnets()
    .filter(s =>
      (spec.subnetSelectorTerms ?? []).some(term => termMatches(term, s)),
    )
    // Karpenter orders them by free addresses, then by id
    .sort(
      (a, b) =>
        b.availableIpAddressCount - a.availableIpAddressCount ||
        a.id.localeCompare(b.id),
    );
  conditions.push(
    subnets.length > 0
      ? ready('SubnetsReady')
      : {
          type: 'SubnetsReady',
          status: 'False',
          reason: 'SubnetsNotFound',
          message: 'SubnetSelector did not match any Subnets',
        },
  );
  const securityGroups = aws
    .securityGroups()
    .filter(g =>
      (spec.securityGroupSelectorTerms ?? []).some(term =>
        termMatches(term, g),
      ),
    )
    .sort((a, b) => a.id.localeCompare(b.id));
  conditions.push(
    securityGroups.length > 0
      ? ready('SecurityGroupsReady')
      : {
          type: 'SecurityGroupsReady',
          status: 'False',
          reason: 'SecurityGroupsNotFound',
          message: 'SecurityGroupSelector did not match any SecurityGroups',
        },
  );
  let instanceProfile: string | undefined;
  if (spec.role !== undefined) {
    if (aws.roleExists(spec.role)) {
      instanceProfile = instanceProfileName;
      conditions.push(ready('InstanceProfileReady'));
    } else {
      // AddRoleToInstanceProfile fails: the reconcile errors and the
      // condition stays as it was, never True
      conditions.push({
        type: 'InstanceProfileReady',
        status: 'Unknown',
        reason: 'AwaitingReconciliation',
        message: `creating instance profile, adding role "${spec.role}" to instance profile "${instanceProfileName}", NoSuchEntity: The role with name ${spec.role} cannot be found.`,
      });
    }
  } else if (spec.instanceProfile !== undefined) {
    if (aws.instanceProfileExists(spec.instanceProfile)) {
      instanceProfile = spec.instanceProfile;
      conditions.push(ready('InstanceProfileReady'));
    } else {
      conditions.push({
        type: 'InstanceProfileReady',
        status: 'Unknown',
        reason: 'AwaitingReconciliation',
        message: `getting instance profile "${spec.instanceProfile}", NoSuchEntity: Instance Profile ${spec.instanceProfile} cannot be found.`,
      });
    }
  }
  conditions.push(ready('AMIsReady'), ready('ValidationSucceeded'));
  const unhealthy = conditions.filter(c => c.status !== 'True');
  conditions.push(
    unhealthy.length === 0
      ? ready('Ready')
      : {
          type: 'Ready',
          status: unhealthy.some(c => c.status === 'False')
            ? 'False'
            : 'Unknown',
          reason: 'UnhealthyDependents',
          message: unhealthy.map(c => `${c.type}=${c.status}`).join(', '),
        },
  );
  return {
    ...(subnets.length > 0
      ? {
          subnets: subnets.map(s => ({
            id: s.id,
            zone: s.zone,
            zoneID: s.zoneId,
          })),
        }
      : {}),
    ...(securityGroups.length > 0
      ? {
          securityGroups: securityGroups.map(g => ({ id: g.id, name: g.name })),
        }
      : {}),
    ...(instanceProfile ? { instanceProfile } : {}),
    conditions,
  };
}
