import type { Diagnostic } from '@backstage-eks/plugin-eks-common';
import type { DiagnosticCheck } from './types';

const KAFKA_HINT = /kafka|msk/i;
const LINK =
  'https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html';
const WHY =
  'EKS Pod Identity names each role session itself (eks-<cluster>-<pod>-<uuid>); it cannot use a fixed session name. Amazon MSK setups that grant or audit access by a fixed role session name (IAM access control policies on the session, ACL principals) do not work with it.';
const FIX =
  'For clients that need a fixed session name, use IAM roles for service accounts (IRSA, AWS_ROLE_SESSION_NAME) or have the client assume the MSK role itself with a fixed RoleSessionName, chained from the Pod Identity credentials.';

/** The fixed role session name that Amazon MSK setups need is not supported. */
export const mskSessionName: DiagnosticCheck = obs => {
  const associations = obs.podIdentityAssociations.data ?? [];
  const policies = obs.rolePolicies.data ?? {};
  const granting = associations.filter(a => policies[a.roleArn]?.grantsKafka);
  const suggesting = associations.filter(
    a =>
      !granting.includes(a) &&
      (KAFKA_HINT.test(a.namespace) || KAFKA_HINT.test(a.serviceAccount)),
  );
  const out: Diagnostic[] = [];
  if (granting.length > 0) {
    out.push({
      id: 'pod-identity-msk-session-name',
      severity: 'warning',
      title: 'Pod Identity used for Amazon MSK: no fixed session name',
      what: `Pod Identity associations ${granting
        .map(a => `${a.namespace}/${a.serviceAccount}`)
        .join(', ')} use roles whose policies grant Amazon MSK (kafka) access.`,
      why: WHY,
      fix: FIX,
      link: LINK,
      resources: granting.map(a => a.roleArn),
    });
  }
  if (suggesting.length > 0) {
    out.push({
      id: 'pod-identity-msk-session-name-possible',
      severity: 'info',
      title: 'Kafka workloads on Pod Identity: check the MSK session name',
      what: `Pod Identity associations ${suggesting
        .map(a => `${a.namespace}/${a.serviceAccount}`)
        .join(', ')} look like Kafka clients.`,
      why: WHY,
      fix: FIX,
      link: LINK,
      resources: suggesting.map(
        a => `podidentityassociation/${a.associationId}`,
      ),
    });
  }
  return out;
};
