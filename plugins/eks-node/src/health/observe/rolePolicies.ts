import {
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import type { PodIdentityAssociationSummary } from '@backstage-eks/plugin-eks-common';
import pLimit from 'p-limit';
import type { AwsClients } from '../../aws/AwsClientFactory';
import { fromSource } from '../sources/section';
import type { RolePolicyObservation } from '../types';

const KAFKA_NAME = /kafka|msk/i;
const KAFKA_ACTION = /"(kafka|kafka-cluster):/i;

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
export function mayUseKafka(association: {
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
 * The policies of the roles of associations that may use Amazon MSK (not
 * EKS-owned, not in kube-system, not a known cluster controller).
 */
export function observeKafkaRolePolicies(
  aws: AwsClients,
  associations: PodIdentityAssociationSummary[],
  timeoutMs: number,
): Promise<Record<string, RolePolicyObservation>> {
  return observeRolePolicies(
    aws,
    associations.filter(mayUseKafka).map(a => a.roleArn),
    timeoutMs,
  );
}

function roleName(roleArn: string): string {
  return roleArn.split('/').pop() ?? roleArn;
}

/**
 * Reads the policies of IAM roles (attached names, inline names and inline
 * documents) to tell whether they grant Amazon MSK access.
 */
export async function observeRolePolicies(
  aws: AwsClients,
  roleArns: string[],
  timeoutMs: number,
): Promise<Record<string, RolePolicyObservation>> {
  const unique = [...new Set(roleArns.filter(Boolean))];
  const observations = await pLimit(5).map(unique, async roleArn => {
    const RoleName = roleName(roleArn);
    const [attached, inline] = await Promise.all([
      fromSource('iam:ListAttachedRolePolicies', timeoutMs, signal =>
        aws.iam.send(new ListAttachedRolePoliciesCommand({ RoleName }), {
          abortSignal: signal,
        }),
      ),
      fromSource('iam:ListRolePolicies', timeoutMs, signal =>
        aws.iam.send(new ListRolePoliciesCommand({ RoleName }), {
          abortSignal: signal,
        }),
      ),
    ]);
    const attachedNames = (attached.AttachedPolicies ?? []).map(
      p => p.PolicyName ?? p.PolicyArn ?? '',
    );
    const inlineNames = inline.PolicyNames ?? [];
    let grantsKafka = [...attachedNames, ...inlineNames].some(n =>
      KAFKA_NAME.test(n),
    );
    if (!grantsKafka && inlineNames.length > 0) {
      const documents = await Promise.all(
        inlineNames.map(PolicyName =>
          fromSource('iam:GetRolePolicy', timeoutMs, signal =>
            aws.iam.send(new GetRolePolicyCommand({ RoleName, PolicyName }), {
              abortSignal: signal,
            }),
          ),
        ),
      );
      grantsKafka = documents.some(d =>
        KAFKA_ACTION.test(decodeURIComponent(d.PolicyDocument ?? '')),
      );
    }
    const observation: RolePolicyObservation = {
      roleArn,
      policyNames: [...attachedNames, ...inlineNames],
      grantsKafka,
    };
    return observation;
  });
  return Object.fromEntries(observations.map(o => [o.roleArn, o]));
}
