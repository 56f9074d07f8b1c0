import { CreateRoleCommand } from '@aws-sdk/client-iam';
import {
  GetQueueUrlCommand,
  SetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import { startSandbox, type Sandbox } from '@backstage-eks/sandbox';
import { sandboxProvisioningRun } from '../__testUtils__/sandboxRun';
import { KubernetesClientFactory } from '../kubernetes/KubernetesClientFactory';
import { requireCluster } from './clusterLookup';
import { createCluster } from './cluster/createCluster';
import {
  ensureAccessEntry,
  clusterAdminPolicyArn,
} from './cluster/accessEntries';
import { ensureRole } from './iam';
import { installAddons } from './addons/installAddons';
import { ensurePodIdentityAssociation } from './podIdentity';
import { ensureInterruptionQueue } from './karpenter/interruptionQueue';
import { applyIfChanged } from './kubernetesApply';
import { defaultNodePool } from './karpenter/nodePool';
import { provisioningKubernetesClients } from './kubernetesAccess';
import { ensureNodeGroup } from './cluster/nodeGroup';
import { checkOwnership, describeOwner, isOwnResource } from './ownership';
import { serviceTrustPolicy } from './policies';
import { ProvisioningRun } from './ProvisioningRun';
import {
  CLUSTER_TAG,
  ENTITY_REF_TAG,
  MANAGED_BY_TAG,
  resourceTags,
} from './tags';

jest.setTimeout(60_000);

const inputError = (message: RegExp) =>
  expect.objectContaining({
    name: 'InputError',
    message: expect.stringMatching(message),
  });

describe('the ownership rule', () => {
  it('knows this request by the entity ref of its cluster', () => {
    expect(resourceTags('shop')[ENTITY_REF_TAG]).toBe('resource:default/shop');
    expect(isOwnResource(resourceTags('shop'), 'shop')).toBe(true);
    expect(isOwnResource(resourceTags('other'), 'shop')).toBe(false);
    expect(isOwnResource(undefined, 'shop')).toBe(false);
    expect(isOwnResource({ environment: 'demo' }, 'shop')).toBe(false);
    // made by these actions before the entity-ref tag existed
    expect(
      isOwnResource(
        { [CLUSTER_TAG]: 'shop', [MANAGED_BY_TAG]: 'backstage' },
        'shop',
      ),
    ).toBe(true);
    expect(
      isOwnResource(
        { [CLUSTER_TAG]: 'other', [MANAGED_BY_TAG]: 'backstage' },
        'shop',
      ),
    ).toBe(false);
  });

  it('says who owns a resource from its tags', () => {
    expect(describeOwner(undefined)).toBe('not made by Backstage');
    expect(
      describeOwner({
        'managed-by': 'terraform',
        CreatedBy: 'alice',
        env: 'x',
      }),
    ).toBe('not made by Backstage, managed-by=terraform, CreatedBy=alice');
    expect(describeOwner(resourceTags('other'))).toBe(
      `made by Backstage for resource:default/other (${ENTITY_REF_TAG}), ${MANAGED_BY_TAG}=backstage`,
    );
  });
});

describe('the ownership rule against the sandbox', () => {
  let sandbox: Sandbox;
  let run: ProvisioningRun;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, latencyFactor: 0.001 });
  });
  afterAll(async () => {
    await sandbox.stop();
  });
  beforeEach(async () => {
    await sandbox.reset();
    run = await sandboxProvisioningRun(sandbox);
  });

  const withOptions = async (options: { adopt?: boolean; dryRun?: boolean }) =>
    new ProvisioningRun({
      aws: run.aws,
      wait: run.wait,
      ...options,
    });

  describe('IAM roles', () => {
    const spec = (tags = resourceTags('shop')) => ({
      name: 'shop-cluster',
      trustPolicy: serviceTrustPolicy('eks.amazonaws.com'),
      managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonEKSClusterPolicy'],
      tags,
    });
    const createForeignRole = () =>
      run.aws.iam.send(
        new CreateRoleCommand({
          RoleName: 'shop-cluster',
          AssumeRolePolicyDocument: JSON.stringify(
            serviceTrustPolicy('eks.amazonaws.com'),
          ),
          Tags: [{ Key: 'managed-by', Value: 'terraform' }],
        }),
      );

    it('refuses a role someone else made before any write, naming its owner and the changes', async () => {
      await createForeignRole();
      sandbox.clearWrites();
      await expect(ensureRole(run, spec())).rejects.toThrow(
        inputError(
          /IAM role shop-cluster exists and was not made by this request \(not made by Backstage, managed-by=terraform\); this run would change it: attach arn:aws:iam::aws:policy\/AmazonEKSClusterPolicy[\s\S]*adopt: true/,
        ),
      );
      expect(sandbox.writes).toEqual([]);
    });

    it('adopts it when asked: the ownership tag is written, and the next run is a re-run', async () => {
      await createForeignRole();
      sandbox.clearWrites();
      const adopting = await withOptions({ adopt: true });
      await ensureRole(adopting, spec());
      expect(adopting.plan[0]).toMatchObject({
        action: 'tag',
        resource: 'IAM role shop-cluster',
        detail: expect.stringContaining(
          `${ENTITY_REF_TAG}=resource:default/shop`,
        ),
      });
      const role = sandbox.state
        .account(sandbox.accountId)
        .iam.roles.get('shop-cluster');
      expect(role?.tags[ENTITY_REF_TAG]).toBe('resource:default/shop');
      sandbox.clearWrites();
      await ensureRole(run, spec());
      expect(sandbox.writes).toEqual([]);
    });

    it('continues with a role this request made (a re-run)', async () => {
      await ensureRole(run, spec());
      sandbox.clearWrites();
      const rerun = await sandboxProvisioningRun(sandbox);
      await ensureRole(rerun, spec());
      expect(sandbox.writes).toEqual([]);
      // another request for another cluster does not get it
      await expect(
        ensureRole(rerun, spec(resourceTags('other'))),
      ).rejects.toThrow(
        inputError(/made by Backstage for resource:default\/shop/),
      );
    });
  });

  describe('node groups', () => {
    const ensure = (on: ProvisioningRun) =>
      ensureNodeGroup(on, {
        clusterName: 'demo',
        spec: {
          name: 'system',
          instanceTypes: ['t3.large'],
          minSize: 2,
          maxSize: 4,
          desiredSize: 2,
        },
        nodeRoleArn: `arn:aws:iam::${sandbox.accountId}:role/demo-node`,
        subnetIds: [],
        tags: resourceTags('demo'),
      });

    it("refuses to rescale demo's node group, before any write", async () => {
      await expect(ensure(run)).rejects.toThrow(
        inputError(
          /node group system exists and was not made by this request \(not made by Backstage\); this run would change it: scaling 3-6 \(desired 3\) -> 2-4 \(desired 2\)/,
        ),
      );
      expect(sandbox.writes).toEqual([]);
    });

    it('shows in an adopting dry run every change it would make', async () => {
      const dryRun = await withOptions({ adopt: true, dryRun: true });
      await ensure(dryRun);
      expect(dryRun.plan).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            action: 'tag',
            resource: 'node group system',
          }),
          expect.objectContaining({
            action: 'update',
            resource: 'node group system',
            detail: 'scaling',
          }),
        ]),
      );
      expect(sandbox.writes).toEqual([]);
    });
  });

  describe('EKS clusters', () => {
    it('refuses to create a cluster named like one someone else made, before any write', async () => {
      await expect(
        createCluster(run, { clusterName: 'demo', owner: 'group:default/x' }),
      ).rejects.toThrow(
        inputError(
          /EKS cluster demo exists and was not made by this request \(not made by Backstage\)/,
        ),
      );
      expect(sandbox.writes).toEqual([]);
    });
  });

  it('adopts demo with adopt: true; the next run is a re-run of the same request (the cluster and node group carry the tag)', async () => {
    const request = {
      clusterName: 'demo',
      owner: 'group:default/x',
      nodeGroup: {
        name: 'system',
        instanceTypes: ['t3.large'],
        minSize: 3,
        maxSize: 6,
        desiredSize: 3,
      },
    };
    const adopting = await withOptions({ adopt: true });
    const adopted = await createCluster(adopting, request);
    expect(adopted.created).toBe(false);
    expect(
      adopting.plan.filter(c => c.action === 'tag').map(c => c.resource),
    ).toEqual(
      expect.arrayContaining([
        'EKS cluster demo',
        'node group system',
        'IAM role demo-node',
      ]),
    );
    sandbox.clearWrites();
    const rerun = await sandboxProvisioningRun(sandbox);
    await createCluster(rerun, request);
    expect(sandbox.writes).toEqual([]);
  });

  describe('add-ons', () => {
    it('uses an add-on someone else installed as it is when nothing would change', async () => {
      const [coredns] = await installAddons(run, {
        clusterName: 'demo',
        addons: [{ name: 'coredns', version: 'default' }],
      });
      expect(coredns.action).toBe('unchanged');
      expect(sandbox.writes).toEqual([]);
    });

    it('refuses to upgrade or reconfigure it, listing every such add-on before any write', async () => {
      await expect(
        installAddons(run, {
          clusterName: 'demo',
          addons: [
            { name: 'metrics-server' },
            { name: 'coredns', configurationValues: 'replicaCount: 3' },
            { name: 'kube-proxy', version: 'latest' },
          ],
        }),
      ).rejects.toThrow(
        inputError(
          /add-on coredns exists .*: configuration values\n- add-on kube-proxy exists .*: version \S+ -> \S+\n/,
        ),
      );
      // not even the new add-on was installed
      expect(sandbox.writes).toEqual([]);
    });
  });

  describe('Pod Identity associations', () => {
    const ensure = (on: ProvisioningRun, roleName: string) =>
      ensurePodIdentityAssociation(on, {
        clusterName: 'demo',
        namespace: 'kube-system',
        serviceAccount: 'aws-load-balancer-controller',
        roleArn: `arn:aws:iam::${sandbox.accountId}:role/${roleName}`,
        tags: resourceTags('demo'),
      });

    it("never re-points another's association unless adopting", async () => {
      // the role it has: used as it is
      await ensure(run, 'demo-aws-load-balancer-controller');
      expect(sandbox.writes).toEqual([]);
      await expect(ensure(run, 'demo-lbc')).rejects.toThrow(
        inputError(
          /Pod Identity association kube-system\/aws-load-balancer-controller exists .*re-point it from arn:aws:iam::\d+:role\/demo-aws-load-balancer-controller to arn:aws:iam::\d+:role\/demo-lbc/,
        ),
      );
      expect(sandbox.writes).toEqual([]);
      const adopting = await withOptions({ adopt: true });
      await ensure(adopting, 'demo-aws-load-balancer-controller');
      expect(sandbox.writes.map(w => `${w.service}:${w.operation}`)).toEqual([
        'eks:TagResource',
      ]);
    });
  });

  describe('access entries', () => {
    it("refuses to associate a policy to another's access entry", async () => {
      await expect(
        ensureAccessEntry(run, {
          clusterName: 'demo',
          principalArn: `arn:aws:iam::${sandbox.accountId}:role/KarpenterNodeRole-demo`,
          type: 'EC2_LINUX',
          accessPolicyArn: clusterAdminPolicyArn(sandbox.region),
        }),
      ).rejects.toThrow(
        inputError(/access entry .*KarpenterNodeRole-demo exists/),
      );
      expect(sandbox.writes).toEqual([]);
    });
  });

  describe('the interruption queue and its rules', () => {
    const ensure = (on: ProvisioningRun) =>
      ensureInterruptionQueue(on, {
        queueName: 'Karpenter-demo',
        clusterName: 'demo',
        tags: resourceTags('demo'),
      });

    it("uses demo's queue and rules as they are: EventBridge may send to it", async () => {
      const result = await ensure(run);
      expect(result.queueName).toBe('Karpenter-demo');
      // its policy differs from the one this action writes, and is not rewritten
      expect(sandbox.writes).toEqual([]);
    });

    it('refuses a queue someone else made that EventBridge may not send to', async () => {
      const { QueueUrl } = await run.aws.sqs.send(
        new GetQueueUrlCommand({ QueueName: 'Karpenter-demo' }),
      );
      await run.aws.sqs.send(
        new SetQueueAttributesCommand({
          QueueUrl,
          Attributes: {
            Policy: JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Principal: { Service: 'sqs.amazonaws.com' },
                  Action: 'sqs:SendMessage',
                  Resource: '*',
                },
              ],
            }),
          },
        }),
      );
      sandbox.clearWrites();
      await expect(ensure(run)).rejects.toThrow(
        inputError(
          /SQS queue Karpenter-demo exists and was not made by this request \(not made by Backstage\); this run would change it: its policy does not let events.amazonaws.com call sqs:SendMessage/,
        ),
      );
      expect(sandbox.writes).toEqual([]);
    });

    it('corrects and tags them when adopting', async () => {
      const adopting = await withOptions({ adopt: true });
      await ensure(adopting);
      const operations = sandbox.writes.map(w => `${w.service}:${w.operation}`);
      expect(operations).toEqual(
        expect.arrayContaining([
          'sqs:TagQueue',
          'sqs:SetQueueAttributes',
          'events:TagResource',
        ]),
      );
      sandbox.clearWrites();
      await ensure(run);
      expect(sandbox.writes).toEqual([]);
    });
  });

  describe('Kubernetes objects', () => {
    it("keeps another's NodePool as it is and refuses to rewrite what it may not keep", async () => {
      const cluster = await requireCluster(run, 'demo');
      const k8s = await provisioningKubernetesClients(
        run,
        new KubernetesClientFactory(),
        cluster,
      );
      const pool = defaultNodePool({
        clusterName: 'demo',
        nodeRoleName: 'demo-karpenter-node',
        zones: ['eu-west-1a'],
      });
      sandbox.clearWrites();
      await expect(
        applyIfChanged(run, k8s.objects, pool, ['demo'], undefined, {
          clusterName: 'demo',
          keepForeign: true,
        }),
      ).resolves.toBe(false);
      expect(run.notes.join('\n')).toMatch(
        /NodePool default was not made by this request/,
      );
      await expect(
        applyIfChanged(run, k8s.objects, pool, ['demo'], undefined, {
          clusterName: 'demo',
        }),
      ).rejects.toThrow(
        inputError(/NodePool default exists and was not made by this request/),
      );
      expect(sandbox.writes).toEqual([]);

      const adopting = await withOptions({ adopt: true });
      await applyIfChanged(adopting, k8s.objects, pool, ['demo'], undefined, {
        clusterName: 'demo',
        keepForeign: true,
      });
      expect(adopting.plan.map(c => c.action)).toEqual(['tag', 'apply']);
      sandbox.clearWrites();
      // the next run is a re-run of the same request
      await expect(
        applyIfChanged(run, k8s.objects, pool, ['demo'], undefined, {
          clusterName: 'demo',
        }),
      ).resolves.toBe(false);
      expect(sandbox.writes).toEqual([]);
    });
  });

  it('checkOwnership lets a resource that is used as it is through', async () => {
    await expect(
      checkOwnership(
        run,
        { resource: 'add-on coredns', tags: {} },
        { clusterName: 'demo', useAsIs: true },
      ),
    ).resolves.toBe('used-as-is');
    await expect(
      checkOwnership(
        run,
        { resource: 'add-on coredns', tags: {} },
        { clusterName: 'demo', useAsIs: true, changes: ['version'] },
      ),
    ).rejects.toThrow(inputError(/add-on coredns exists/));
  });
});
