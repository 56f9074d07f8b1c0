import { type Sandbox } from '@backstage-eks/sandbox';
import { useSandboxSuite } from '../../__testUtils__/sandboxSuite';
import { createCapability } from '../capabilities/createCapability';
import { listCapabilities } from '../capabilities/capability';
import { requireCluster } from '../clusterLookup';
import { ProvisioningRun } from '../ProvisioningRun';
import {
  deleteChildren,
  deleteEksChildren,
  readAssociationRoles,
} from './eksChildren';

describe('deleteChildren', () => {
  const run = () =>
    new ProvisioningRun({
      aws: { target: { accountId: '1', region: 'eu-west-1' } } as any,
    });

  it('deletes each child in its own checkpointed change, then waits for it', async () => {
    const events: string[] = [];
    const r = run();
    await deleteChildren(
      r,
      'shop',
      [
        { id: 'a', resource: 'add-on a' },
        { id: 'b', resource: 'add-on b' },
      ],
      {
        keyKind: 'addon',
        concurrency: 1,
        remove: async id => events.push(`delete ${id}`),
        waitGone: async child => {
          events.push(`gone ${child.id}`);
        },
      },
    );
    expect(events).toEqual(['delete a', 'gone a', 'delete b', 'gone b']);
    expect(r.plan).toEqual([
      { action: 'delete', resource: 'add-on a' },
      { action: 'delete', resource: 'add-on b' },
    ]);
  });

  it('counts a child already gone as deleted', async () => {
    const r = run();
    await deleteChildren(r, 'shop', [{ id: 'a', resource: 'add-on a' }], {
      keyKind: 'addon',
      concurrency: 1,
      remove: async () => {
        throw Object.assign(new Error('gone'), {
          name: 'ResourceNotFoundException',
        });
      },
    });
    expect(r.plan).toHaveLength(1);
  });

  it('starts no further delete after a failure', async () => {
    const removed: string[] = [];
    await expect(
      deleteChildren(
        run(),
        'shop',
        ['a', 'b', 'c'].map(id => ({ id, resource: id })),
        {
          keyKind: 'fargate',
          concurrency: 1,
          remove: async id => {
            removed.push(id);
            if (id === 'a') throw new Error('AccessDenied');
          },
        },
      ),
    ).rejects.toThrow('AccessDenied');
    await new Promise(resolve => setTimeout(resolve, 20));
    expect(removed).toEqual(['a']);
  });

  it('waits for nothing in a dry run', async () => {
    const dryRun = new ProvisioningRun({
      aws: { target: { accountId: '1', region: 'eu-west-1' } } as any,
      dryRun: true,
    });
    const waitGone = jest.fn();
    await deleteChildren(dryRun, 'shop', [{ id: 'a', resource: 'a' }], {
      keyKind: 'addon',
      concurrency: 4,
      remove: jest.fn(),
      waitGone,
    });
    expect(waitGone).not.toHaveBeenCalled();
    expect(dryRun.plan).toHaveLength(1);
  });
});

describe('deleteEksChildren on demo', () => {
  let sandbox: Sandbox;
  let run: ProvisioningRun;

  useSandboxSuite(s => ({ sandbox, run } = s));

  it("reads the associations' roles, Karpenter's among them", async () => {
    const roles = await readAssociationRoles(run, 'demo', 'karpenter');
    expect(roles.karpenterRoles).toEqual(['KarpenterController-demo']);
    expect(roles.associationRoles).toEqual(
      expect.arrayContaining([
        {
          roleName: 'KarpenterController-demo',
          namespace: 'kube-system',
          serviceAccount: 'karpenter',
          ownerArn: undefined,
        },
      ]),
    );
    expect(sandbox.writes).toEqual([]);
  });

  it('deletes the add-ons, then the node groups, then the associations, each gone before the next kind', async () => {
    sandbox.clearWrites();
    const roles = await deleteEksChildren(
      run,
      await requireCluster(run, 'demo'),
      'karpenter',
    );
    expect(roles.karpenterRoles).toEqual(['KarpenterController-demo']);
    const ops = sandbox.writes.map(w => w.operation);
    expect(new Set(ops)).toEqual(
      new Set([
        'DeleteAddon',
        'DeleteNodegroup',
        'DeletePodIdentityAssociation',
      ]),
    );
    expect(ops.lastIndexOf('DeleteAddon')).toBeLessThan(
      ops.indexOf('DeleteNodegroup'),
    );
    expect(ops.lastIndexOf('DeleteNodegroup')).toBeLessThan(
      ops.indexOf('DeletePodIdentityAssociation'),
    );
    expect(run.plan.map(c => c.resource)).toEqual(
      expect.arrayContaining([
        'add-on coredns',
        'node group system',
        'Pod Identity association kube-system/karpenter',
      ]),
    );
    // all gone: a second run deletes nothing
    sandbox.clearWrites();
    await deleteEksChildren(
      run,
      await requireCluster(run, 'demo'),
      'karpenter',
    );
    expect(sandbox.writes).toEqual([]);
  });

  it('deletes the capabilities first, each waited for until gone, and says their deletePropagationPolicy keeps what they managed', async () => {
    const lines: string[] = [];
    const logged = new ProvisioningRun({
      aws: run.aws,
      wait: run.wait,
      logger: { info: m => lines.push(m), warn: m => lines.push(m) },
    });
    await createCapability(logged, { clusterName: 'demo', type: 'KRO' });
    await createCapability(logged, { clusterName: 'demo', type: 'ACK' });
    sandbox.clearWrites();
    await deleteEksChildren(
      logged,
      await requireCluster(run, 'demo'),
      'karpenter',
    );
    const ops = sandbox.writes.map(w => w.operation);
    expect(ops.filter(o => o === 'DeleteCapability')).toHaveLength(2);
    expect(ops.lastIndexOf('DeleteCapability')).toBeLessThan(
      ops.indexOf('DeleteAddon'),
    );
    // each capability was gone before the add-ons' deletes began
    expect(await listCapabilities(run, 'demo')).toEqual([]);
    expect(lines).toEqual(
      expect.arrayContaining([
        'Delete KRO capability kro',
        'Delete ACK capability ack',
        expect.stringMatching(
          /^Deleted ACK capability ack; its deletePropagationPolicy RETAIN keeps the Kubernetes resources it managed/,
        ),
      ]),
    );
    const waited = lines.findIndex(l =>
      /^Capability ack to be deleted: done/.test(l),
    );
    expect(waited).toBeGreaterThan(-1);
    expect(waited).toBeLessThan(lines.indexOf('Delete add-on coredns'));
  });
});
