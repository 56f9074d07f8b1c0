import type { Diagnostic } from '@backstage-eks/plugin-eks-common';
import type { DiagnosticCheck } from './types';

const KAFKA_HINT = /kafka|msk/i;
const LINK =
  'https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html';
const WHY =
  'EKS Pod Identity names each role session itself (eks-<cluster>-<pod>-<uuid>); it cannot use a fixed session name. Amazon MSK setups that grant or audit access by a fixed role session name (IAM access control policies on the session, ACL principals) do not work with it.';
/**
 * The two ways to a fixed session name, with their steps: role chaining from
 * the Pod Identity credentials (the usual one: the association stays), or
 * IRSA, which takes the session name from the pod's environment.
 */
const FIX = [
  'Either chain to a role with a fixed session name in the client (the usual fix; Pod Identity stays):',
  '1. Keep the Pod Identity association; allow its role sts:AssumeRole on an MSK client role.',
  "2. Create the MSK client role with the kafka-cluster permissions; its trust policy allows the association's role (Principal AWS: <association role ARN>, sts:AssumeRole).",
  '3. In the client, assume that role with a RoleSessionName it chooses: for the Java MSK IAM library, sasl.jaas.config = software.amazon.msk.auth.iam.IAMLoginModule required awsRoleArn="<MSK client role ARN>" awsRoleSessionName="<fixed name>"; for other SDKs, a profile with role_arn, role_session_name and credential_source = EcsContainer (Pod Identity’s container credentials), or an explicit STS AssumeRole call.',
  'Or use IAM roles for service accounts (IRSA) for this workload:',
  '1. Create an IAM OIDC provider for the cluster and a role that trusts it for system:serviceaccount:<namespace>:<service account>.',
  '2. Annotate the service account with eks.amazonaws.com/role-arn: <role ARN>, set AWS_ROLE_SESSION_NAME=<fixed name> in the pod, and delete the Pod Identity association for that service account so that only one source of credentials applies.',
].join(' ');

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
