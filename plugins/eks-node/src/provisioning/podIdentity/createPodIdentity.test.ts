import { type Sandbox } from '@backstage-eks/sandbox';
import { useSandboxSuite } from '../../__testUtils__/sandboxSuite';
import { KubernetesClientFactory } from '../../kubernetes/KubernetesClientFactory';
import { ProvisioningRun } from '../ProvisioningRun';
import {
  checkPodIdentityRequest,
  createPodIdentity,
  ensureWorkloadRole,
  POD_IDENTITY_SESSION_NAME_NOTE,
} from './createPodIdentity';

describe('createPodIdentity', () => {
  let sandbox: Sandbox;
  let run: ProvisioningRun;
  let lines: string[];
  const request = {
    clusterName: 'demo',
    namespace: 'orders',
    serviceAccount: 'orders-api',
    managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
  };

  useSandboxSuite(s => ({ sandbox, run, lines } = s));

  it('runs its named steps and returns the association and role', async () => {
    const result = await createPodIdentity(run, request, {
      kubernetes: new KubernetesClientFactory(),
    });
    expect(
      lines
        .filter(l => / started: /.test(l))
        .map(l => l.replace(/^info: Step /, '')),
    ).toEqual([
      '1/5 started: preflight: region, role trust, managed policies, the cluster and what exists',
      '2/5 started: the Pod Identity agent add-on',
      '3/5 started: IAM role demo-orders-orders-api',
      '4/5 started: namespace orders and service account',
      '5/5 started: Pod Identity association orders/orders-api',
    ]);
    expect(result).toMatchObject({
      roleArn: `arn:aws:iam::${sandbox.accountId}:role/demo-orders-orders-api`,
      roleCreated: true,
      agentInstalled: false,
    });
    expect(result.associationId).toBeTruthy();
    expect(result.notes).toContain(POD_IDENTITY_SESSION_NAME_NOTE);
  });

  it('preflight: refuses a cluster that does not exist, naming the field', async () => {
    await expect(
      checkPodIdentityRequest(run, { ...request, clusterName: 'nope' }),
    ).rejects.toThrow(/^clusterName: no EKS cluster "nope" in account/);
    expect(sandbox.writes).toEqual([]);
  });

  it('the role step: a given role is used as it is; a new one says it was created once', async () => {
    const given = `arn:aws:iam::${sandbox.accountId}:role/KarpenterController-demo`;
    expect(
      await ensureWorkloadRole(run, {
        ...request,
        managedPolicyArns: undefined,
        roleArn: given,
      }),
    ).toEqual({ roleArn: given, roleCreated: false });
    const created = await ensureWorkloadRole(run, request);
    expect(created.roleCreated).toBe(true);
    expect((await ensureWorkloadRole(run, request)).roleCreated).toBe(false);
  });
});
