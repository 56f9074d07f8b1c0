import type { Sandbox } from '@backstage-eks/sandbox';
import {
  sandboxProvisioningRun,
  useSandboxRun,
} from '../../__testUtils__/sandboxRun';
import { ProvisioningRun } from '../ProvisioningRun';
import { createCluster, CreateClusterOptions } from './createCluster';

jest.setTimeout(30_000);

/** The create-cluster flow as a whole: its named steps, adoption, dry run. */
describe('createCluster against the sandbox', () => {
  let sandbox: Sandbox;
  let messages: string[];
  let run: ProvisioningRun;

  const request = (): CreateClusterOptions => ({
    clusterName: 'shop',
    owner: 'group:default/shop',
    adminPrincipalArns: [`arn:aws:iam::${sandbox.accountId}:role/demo-cluster`],
    nodeGroup: {
      name: 'system',
      instanceTypes: ['m7i.large'],
      minSize: 1,
      maxSize: 2,
      desiredSize: 1,
    },
  });
  const started = () =>
    messages.filter(m => / started: /.test(m)).map(m => m.split(': ')[1]);

  const setup = useSandboxRun({ latencyFactor: 0.001 });
  beforeEach(() => {
    ({ sandbox, run, messages } = setup);
  });

  it('runs its five named steps in order, then adopts what it made without a write', async () => {
    const result = await createCluster(run, request());
    expect(messages.filter(m => / started: /.test(m))).toEqual([
      'Step 1/5 started: preflight: region, Kubernetes version, principals, subnets, roles and instance types',
      'Step 2/5 started: IAM roles of the cluster and its nodes',
      'Step 3/5 started: EKS cluster shop, until ACTIVE',
      'Step 4/5 started: access entries of the cluster admins',
      'Step 5/5 started: managed node group system, until ACTIVE',
    ]);
    expect(result).toMatchObject({
      clusterName: 'shop',
      status: 'ACTIVE',
      created: true,
      nodeGroupName: 'system',
      nodeRoleArn: `arn:aws:iam::${sandbox.accountId}:role/shop-node`,
      drift: [],
    });
    expect(result.endpoint).toMatch(/^https:\/\//);

    sandbox.clearWrites();
    messages = [];
    const again = await createCluster(
      await sandboxProvisioningRun(sandbox, {
        info: m => messages.push(m),
        warn: () => {},
      }),
      request(),
    );
    expect(again).toMatchObject({ created: false, arn: result.arn, plan: [] });
    expect(sandbox.writes).toEqual([]);
  });

  it('counts three steps without admins or node group', async () => {
    const result = await createCluster(run, {
      clusterName: 'shop',
      owner: 'group:default/shop',
    });
    expect(started()).toEqual([
      'preflight',
      'IAM role of the cluster',
      'EKS cluster shop, until ACTIVE',
    ]);
    expect(messages).toContainEqual(
      expect.stringMatching(/^Step 3\/3 done after /),
    );
    expect(result.nodeRoleArn).toBeUndefined();
  });

  it('plans everything in a dry run and writes nothing', async () => {
    const dry = new ProvisioningRun({
      aws: run.aws,
      wait: run.wait,
      dryRun: true,
    });
    const result = await createCluster(dry, request());
    expect(result.status).toBe('PLANNED');
    expect(result.created).toBe(true);
    expect(result.plan.map(c => `${c.action} ${c.resource}`)).toEqual(
      expect.arrayContaining([
        'create IAM role shop-cluster',
        'create IAM role shop-node',
        'create EKS cluster shop',
        `create access entry arn:aws:iam::${sandbox.accountId}:role/demo-cluster`,
        'create node group system',
      ]),
    );
    expect(sandbox.writes).toEqual([]);
  });
});
