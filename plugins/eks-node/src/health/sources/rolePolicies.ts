import {
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import type { AwsClients } from '../../aws/AwsClientFactory';
import type { RolePolicyObservation } from '../types';
import { mapWithLimit } from './mapWithLimit';
import { fromSource } from './section';

const KAFKA_NAME = /kafka|msk/i;
const KAFKA_ACTION = /"(kafka|kafka-cluster):/i;

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
  const observations = await mapWithLimit(unique, 5, async roleArn => {
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
