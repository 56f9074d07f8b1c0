import pLimit from 'p-limit';
import type { Sandbox } from '@backstage-eks/sandbox';
import { useSandboxRun } from '../../__testUtils__/sandboxRun';
import { createCluster } from '../cluster/createCluster';
import { findCluster } from '../clusterLookup';
import { ProvisioningRun } from '../ProvisioningRun';
import { resourceTags } from '../tags';
import { addonNamespace } from './addonFixes';
import { AddonRequest } from './addonRequests';
import { AddonsNotHealthyError } from './addonResults';
import { startAddonChange } from './applyAddon';
import { checkAddonsRequest, installableCluster } from './checkAddonsRequest';
import {
  installAddonsStepTitle,
  installPreparedAddons,
} from './installPreparedAddons';
import { addonChanges, prepareAddon, PreparedAddon } from './prepareAddon';
import { settleAddon } from './settleAddon';

jest.setTimeout(30_000);

/** The steps of installAddons and their parts, each on its own, against the sandbox. */
describe('installAddons steps against the sandbox', () => {
  let sandbox: Sandbox;
  let run: ProvisioningRun;
  let messages: string[];
  const limit = pLimit(4);
  const tags = resourceTags('demo');
  const prepare = async (
    request: AddonRequest,
    on: ProvisioningRun = run,
    index = 0,
  ) => {
    const demo = await findCluster(on, 'demo');
    return prepareAddon(on, {
      clusterName: 'demo',
      request,
      index,
      kubernetesVersion: demo!.version!,
      clusterExists: true,
      clusterAutoMode: false,
    });
  };

  // an add-on takes 60 s × 0.005 = 300 ms to become ACTIVE
  const setup = useSandboxRun({ latencyFactor: 0.005 });
  beforeEach(() => {
    ({ sandbox, run, messages } = setup);
  });

  describe('checkAddonsRequest', () => {
    it('puts the Pod Identity agent first and reads the installed add-ons, writing nothing', async () => {
      const checked = await checkAddonsRequest(
        run,
        {
          clusterName: 'demo',
          addons: [{ name: 'coredns' }, { name: 'eks-pod-identity-agent' }],
        },
        limit,
      );
      expect(checked.agent.map(p => [p.request.name, p.index])).toEqual([
        ['eks-pod-identity-agent', 1],
      ]);
      expect(checked.others.map(p => [p.request.name, p.index])).toEqual([
        ['coredns', 0],
      ]);
      expect(checked.others[0].existing?.status).toBe('ACTIVE');
      expect(installAddonsStepTitle(checked)).toBe(
        'add-ons eks-pod-identity-agent, coredns, until ACTIVE',
      );
      expect(sandbox.writes).toEqual([]);
    });

    it('notes Pod Identity asked for on a cluster without its agent', async () => {
      await createCluster(run, {
        clusterName: 'shop',
        owner: 'group:default/shop',
      });
      await checkAddonsRequest(
        run,
        {
          clusterName: 'shop',
          addons: [{ name: 'aws-ebs-csi-driver', podIdentity: 'recommended' }],
        },
        limit,
      );
      expect(run.notes).toEqual([
        "Pod Identity is requested but the eks-pod-identity-agent add-on is not installed: add it to addons, or the add-ons' pods get no AWS credentials",
      ]);
    });

    it('refuses a cluster that does not exist, except in a dry run', async () => {
      await expect(installableCluster(run, 'nope')).rejects.toThrow(
        expect.objectContaining({
          name: 'InputError',
          message: `clusterName: no EKS cluster "nope" in account ${sandbox.accountId}, region ${sandbox.region}`,
        }),
      );
      await expect(
        installableCluster(setup.runWith({ dryRun: true }), 'nope'),
      ).resolves.toBeUndefined();
      expect(messages).toContainEqual(
        '[dry run] cluster nope does not exist yet: checking the add-ons against the newest Kubernetes version',
      );
    });
  });

  describe('prepareAddon', () => {
    it('refuses configuration values the schema refuses, naming the field', async () => {
      await expect(
        prepare(
          { name: 'coredns', configurationValues: '{"nope": 1}' },
          run,
          2,
        ),
      ).rejects.toThrow(
        expect.objectContaining({
          name: 'InputError',
          message: expect.stringMatching(
            /^addons\[2\]\.configurationValues\b.*nope/,
          ),
        }),
      );
    });

    it('finds the service account and policies EKS recommends for Pod Identity', async () => {
      const p = await prepare({
        name: 'aws-ebs-csi-driver',
        podIdentity: 'recommended',
      });
      expect(p.podIdentity).toEqual({
        serviceAccount: 'ebs-csi-controller-sa',
        roleArn: undefined,
        recommendedPolicyArns: [
          expect.stringMatching(/AmazonEBSCSIDriverPolicy$/),
        ],
      });
      expect(p.recommendedPodIdentity).toEqual([
        {
          serviceAccount: 'ebs-csi-controller-sa',
          policyArns: [
            expect.stringMatching(
              /^arn:aws:iam::aws:policy\/.*AmazonEBSCSIDriverPolicy$/,
            ),
          ],
        },
      ]);
      expect(p.existing?.status).toBe('DEGRADED');
    });
  });

  describe('addonChanges', () => {
    const prepared = (over: Partial<PreparedAddon>): PreparedAddon => ({
      request: { name: 'coredns' },
      index: 0,
      version: 'v1.11.4-eksbuild.2',
      requestedKind: 'default',
      recommendedPodIdentity: [],
      clusterAutoMode: false,
      existing: {
        addonVersion: 'v1.11.4-eksbuild.2',
        configurationValues: 'replicaCount: 2\n',
      },
      ...over,
    });

    it('is nothing for a new add-on or one as asked', () => {
      expect(addonChanges(prepared({ existing: undefined }))).toEqual({
        changes: [],
        versionDiffers: false,
      });
      expect(
        addonChanges(prepared({ configuration: { replicaCount: 2 } })),
      ).toEqual({ changes: [], versionDiffers: false });
    });

    it('updates an exact version either way, latest/default only upwards', () => {
      expect(
        addonChanges(
          prepared({ requestedKind: 'exact', version: 'v1.11.1-eksbuild.1' }),
        ),
      ).toEqual({
        changes: ['version v1.11.4-eksbuild.2 -> v1.11.1-eksbuild.1'],
        versionDiffers: true,
      });
      expect(
        addonChanges(prepared({ version: 'v1.11.1-eksbuild.1' })).changes,
      ).toEqual([]);
      expect(
        addonChanges(prepared({ version: 'v1.12.0-eksbuild.1' })).changes,
      ).toEqual(['version v1.11.4-eksbuild.2 -> v1.12.0-eksbuild.1']);
    });

    it('sees other configuration values and a missing Pod Identity association', () => {
      expect(
        addonChanges(
          prepared({
            configuration: { replicaCount: 3 },
            podIdentity: {
              serviceAccount: 'coredns',
              recommendedPolicyArns: [],
            },
          }),
        ).changes,
      ).toEqual(['configuration values', 'Pod Identity association']);
    });
  });

  describe('startAddonChange and settleAddon', () => {
    it('installs a new add-on and reports it ACTIVE', async () => {
      const p = await prepare({ name: 'metrics-server' });
      const started = await startAddonChange(run, 'demo', p, tags);
      expect(started).toEqual({
        action: 'created',
        podIdentityRoleArn: undefined,
        // when EKS answered the create: its wait puts off its first poll from it
        requestedAt: expect.any(Number),
      });
      expect(setup.writes()).toEqual(['eks:CreateAddon']);
      const result = await settleAddon(run, 'demo', p, started);
      expect(result).toMatchObject({
        name: 'metrics-server',
        version: p.version,
        status: 'ACTIVE',
        issues: [],
        action: 'created',
      });
      expect(messages).toContainEqual(
        `Add-on metrics-server ${p.version} is ACTIVE`,
      );
    });

    it('gives an add-on the recommended Pod Identity role, and it heals', async () => {
      const adopting = setup.runWith({ adopt: true });
      const p = await prepare(
        { name: 'aws-ebs-csi-driver', podIdentity: 'recommended' },
        adopting,
      );
      const started = await startAddonChange(adopting, 'demo', p, tags);
      const roleArn = `arn:aws:iam::${sandbox.accountId}:role/demo-aws-ebs-csi-driver`;
      expect(started).toEqual({
        action: 'updated',
        podIdentityRoleArn: roleArn,
      });
      const role = sandbox.state
        .account(sandbox.accountId)
        .iam.roleByArn(roleArn);
      expect(role?.assumeRolePolicyDocument).toContain(
        'pods.eks.amazonaws.com',
      );
      expect(setup.writes()).toContain('eks:UpdateAddon');
      const result = await settleAddon(adopting, 'demo', p, started);
      expect(result).toMatchObject({ status: 'ACTIVE', issues: [] });
    });

    it('plans a new add-on in a dry run, writing nothing', async () => {
      const dry = setup.runWith({ dryRun: true });
      const p = await prepare({ name: 'metrics-server' }, dry);
      const started = await startAddonChange(dry, 'demo', p, tags);
      await expect(settleAddon(dry, 'demo', p, started)).resolves.toMatchObject(
        { status: 'PLANNED', action: 'planned' },
      );
      expect(dry.plan).toEqual([
        {
          action: 'install',
          resource: 'add-on metrics-server',
          detail: p.version,
        },
      ]);
      expect(sandbox.writes).toEqual([]);
    });
  });

  describe('the fixes of add-on issues', () => {
    it('links an add-on without AWS permissions to the Pod Identity template', async () => {
      const p = await prepare({ name: 'aws-ebs-csi-driver' });
      const result = await settleAddon(run, 'demo', p, { action: 'unchanged' });
      expect(result.status).toBe('DEGRADED');
      expect(result.issues[0].fix).toMatch(
        /^aws-ebs-csi-driver has no IAM role for kube-system\/ebs-csi-controller-sa, which EKS recommends one for: /,
      );
      expect(result.issues[0].fixPath).toMatch(
        /^\/create\/templates\/default\/eks-pod-identity\?formData=/,
      );
    });

    it("takes the add-on's namespace from its setting, else the issue, else kube-system", () => {
      const issue = {
        code: 'AccessDenied',
        message: '',
        resourceIds: ['storage/ebs-csi-controller-sa'],
      };
      expect(
        addonNamespace(
          { namespaceConfig: { namespace: 'own' } },
          issue,
          'ebs-csi-controller-sa',
        ),
      ).toBe('own');
      expect(addonNamespace(undefined, issue, 'ebs-csi-controller-sa')).toBe(
        'storage',
      );
      expect(addonNamespace(undefined, issue, 'other')).toBe('kube-system');
    });
  });

  describe('installPreparedAddons', () => {
    it('fails naming each add-on that is not ACTIVE, with every result', async () => {
      const checked = await checkAddonsRequest(
        run,
        {
          clusterName: 'demo',
          addons: [{ name: 'aws-ebs-csi-driver' }, { name: 'coredns' }],
        },
        limit,
      );
      const failure = await installPreparedAddons(
        run,
        {
          clusterName: 'demo',
          addons: [{ name: 'aws-ebs-csi-driver' }, { name: 'coredns' }],
        },
        checked,
        limit,
      ).catch(e => e);
      expect(failure).toBeInstanceOf(AddonsNotHealthyError);
      expect(failure.message).toMatch(
        /^1 add-on\(s\) did not become ACTIVE:\n- aws-ebs-csi-driver .* is DEGRADED: /,
      );
      expect(
        (failure as AddonsNotHealthyError).results.map(r => [r.name, r.status]),
      ).toEqual([
        ['aws-ebs-csi-driver', 'DEGRADED'],
        ['coredns', 'ACTIVE'],
      ]);
      expect(sandbox.writes).toEqual([]);
    });
  });
});
