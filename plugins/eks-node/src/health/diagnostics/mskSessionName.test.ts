import {
  association,
  healthyObservations,
} from '../__testUtils__/observations';
import { mskSessionName } from './mskSessionName';

describe('mskSessionName', () => {
  it('warns when the association role grants MSK access', () => {
    const obs = healthyObservations();
    const a = association();
    obs.podIdentityAssociations = { data: [a] };
    obs.rolePolicies = {
      data: {
        [a.roleArn]: {
          roleArn: a.roleArn,
          policyNames: ['msk-connect'],
          grantsKafka: true,
        },
      },
    };
    const findings = mskSessionName(obs);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      id: 'pod-identity-msk-session-name',
      severity: 'warning',
      resources: [a.roleArn],
    });
  });

  it('gives both fixes with their steps: role chaining with a fixed session name, and IRSA', () => {
    const obs = healthyObservations();
    obs.podIdentityAssociations = {
      data: [association({ serviceAccount: 'kafka-consumer' })],
    };
    const [finding] = mskSessionName(obs);
    expect(finding.fix).toMatch(
      /chain to a role with a fixed session name.*1\. Keep the Pod Identity association.*awsRoleArn="<MSK client role ARN>" awsRoleSessionName="<fixed name>".*credential_source = EcsContainer/,
    );
    expect(finding.fix).toMatch(
      /IRSA.*eks\.amazonaws\.com\/role-arn.*AWS_ROLE_SESSION_NAME=<fixed name>.*delete the Pod Identity association/,
    );
  });

  it('notes kafka-looking service accounts as info', () => {
    const obs = healthyObservations();
    obs.podIdentityAssociations = {
      data: [
        association({
          namespace: 'streaming',
          serviceAccount: 'kafka-consumer',
        }),
      ],
    };
    expect(mskSessionName(obs)).toEqual([
      expect.objectContaining({
        id: 'pod-identity-msk-session-name-possible',
        severity: 'info',
      }),
    ]);
  });

  it('stays quiet for associations unrelated to Kafka', () => {
    const obs = healthyObservations();
    const a = association();
    obs.podIdentityAssociations = { data: [a] };
    obs.rolePolicies = {
      data: {
        [a.roleArn]: {
          roleArn: a.roleArn,
          policyNames: ['s3-read'],
          grantsKafka: false,
        },
      },
    };
    expect(mskSessionName(obs)).toEqual([]);
  });
});
