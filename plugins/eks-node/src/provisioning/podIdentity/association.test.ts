import { type Sandbox } from '@backstage-eks/sandbox';
import { useSandboxSuite } from '../../__testUtils__/sandboxSuite';
import { ensureRole } from '../iam';
import { podIdentityTrustPolicy } from '../policies';
import { ProvisioningRun } from '../ProvisioningRun';
import { resourceTags } from '../tags';
import {
  ensurePodIdentityAssociation,
  findPodIdentityAssociation,
  refuseForeignPodIdentity,
} from './association';

describe('Pod Identity associations', () => {
  let sandbox: Sandbox;
  let run: ProvisioningRun;
  const target = {
    clusterName: 'demo',
    namespace: 'orders',
    serviceAccount: 'orders-api',
  };
  const tags = resourceTags('demo');

  useSandboxSuite(s => ({ sandbox, run } = s));

  const role = (name: string) =>
    ensureRole(run, { name, trustPolicy: podIdentityTrustPolicy(), tags });

  it('finds the association of a service account, described', async () => {
    const found = await findPodIdentityAssociation(run, {
      clusterName: 'demo',
      namespace: 'kube-system',
      serviceAccount: 'karpenter',
    });
    expect(found?.roleArn).toMatch(/:role\/KarpenterController-demo$/);
    expect(found?.associationId).toBeTruthy();
    expect(found?.associationArn).toMatch(/^arn:aws:eks:/);
    expect(await findPodIdentityAssociation(run, target)).toBeUndefined();
  });

  it('creates one, changes nothing on a second run, and re-points its own to another role', async () => {
    const first = await role('orders-a');
    const created = await ensurePodIdentityAssociation(run, {
      ...target,
      roleArn: first,
      tags,
    });
    expect(created.associationId).toBeTruthy();
    sandbox.clearWrites();
    expect(
      await ensurePodIdentityAssociation(run, {
        ...target,
        roleArn: first,
        tags,
      }),
    ).toEqual(created);
    expect(sandbox.writes).toEqual([]);
    const second = await role('orders-b');
    sandbox.clearWrites();
    await ensurePodIdentityAssociation(run, {
      ...target,
      roleArn: second,
      tags,
    });
    expect(sandbox.writes.map(w => w.operation)).toEqual([
      'UpdatePodIdentityAssociation',
    ]);
    expect((await findPodIdentityAssociation(run, target))?.roleArn).toBe(
      second,
    );
  });

  it("refuses to re-point another's association before any write", async () => {
    await expect(
      refuseForeignPodIdentity(run, {
        clusterName: 'demo',
        namespace: 'kube-system',
        serviceAccount: 'karpenter',
        roleArn: `arn:aws:iam::${sandbox.accountId}:role/other`,
        clusterExists: true,
      }),
    ).rejects.toThrow(/Pod Identity association kube-system\/karpenter/);
    // its own role: used as it is
    const own = (await findPodIdentityAssociation(run, {
      clusterName: 'demo',
      namespace: 'kube-system',
      serviceAccount: 'karpenter',
    }))!.roleArn!;
    await refuseForeignPodIdentity(run, {
      clusterName: 'demo',
      namespace: 'kube-system',
      serviceAccount: 'karpenter',
      roleArn: own,
      clusterExists: true,
    });
  });
});
