import {
  checkInteger,
  checkTags,
  tagsProblem,
  wholeNumberProblem,
} from './inputRules';
import { type Sandbox } from '@backstage-eks/sandbox';
import { useSandboxSuite } from '../__testUtils__/sandboxSuite';
import { ProvisioningRun } from './ProvisioningRun';
import { installAddons } from './addons/installAddons';
import { createCluster } from './cluster/createCluster';
import { validateDeleteClusterOptions } from './delete/deleteCluster';
import { validateInstallKarpenterOptions } from './karpenter/installKarpenter';
import { validateCreatePodIdentityOptions } from './podIdentity';

const target = { accountId: '000000000000', region: 'eu-west-1' };

describe('checkTags', () => {
  it('accepts AWS tags and no tags', () => {
    expect(() =>
      checkTags('tags', {
        team: 'orders',
        ['a'.repeat(128)]: 'b'.repeat(256),
        'équipe:coût': 'Données 2 eu-west/1+2=3@shop',
        empty: '',
      }),
    ).not.toThrow();
    expect(() => checkTags('tags', undefined)).not.toThrow();
  });

  it.each([
    [
      'a reserved aws: key',
      { 'aws:createdBy': 'me' },
      /tags key "aws:createdBy" .*must not start with "aws:"/,
    ],
    [
      'a 129-character key',
      { ['k'.repeat(129)]: 'v' },
      /must be 1-128 characters/,
    ],
    ['an empty key', { '': 'v' }, /tags key "" must be 1-128 characters/],
    [
      'a value with characters IAM refuses',
      { team: 'Shop (EU)' },
      /^tags\.team value "Shop \(EU\)" may only contain letters, numbers, spaces and _ \. : \/ = \+ - @/,
    ],
    [
      'a key with characters IAM refuses',
      { 'team,owner': 'shop' },
      /^tags\.team,owner key "team,owner" may only contain/,
    ],
    [
      'a 257-character value',
      { team: 'v'.repeat(257) },
      /tags\.team must be a string of at most 256/,
    ],
  ])('refuses %s with an InputError naming the field', (_, tags, message) => {
    expect(() => checkTags('tags', tags)).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: expect.stringMatching(message),
      }),
    );
  });

  it('is applied to Karpenter and Pod Identity tags before any call', () => {
    const tags = { 'aws:createdBy': 'me' };
    expect(() =>
      validateInstallKarpenterOptions({ clusterName: 'demo', tags }, target),
    ).toThrow(/tags key "aws:createdBy"/);
    expect(() =>
      validateCreatePodIdentityOptions(
        {
          clusterName: 'demo',
          namespace: 'orders',
          serviceAccount: 'orders-api',
          tags,
        },
        target,
      ),
    ).toThrow(/tags key "aws:createdBy"/);
  });
});

describe('validateInstallKarpenterOptions', () => {
  it('asks for a queue name when the default one would be longer than SQS allows', () => {
    const clusterName = 'c'.repeat(71);
    expect(() =>
      validateInstallKarpenterOptions({ clusterName }, target),
    ).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: `queueName must be given for a cluster name of 71 characters: the default Karpenter-${clusterName} has 81, SQS allows 80`,
      }),
    );
    expect(() =>
      validateInstallKarpenterOptions({ clusterName: 'c'.repeat(70) }, target),
    ).not.toThrow();
    expect(() =>
      validateInstallKarpenterOptions(
        { clusterName, queueName: 'karpenter-shop' },
        target,
      ),
    ).not.toThrow();
  });
});

describe('the rules behind the checks', () => {
  it('wholeNumberProblem: integers in the range, else the range', () => {
    expect(wholeNumberProblem(60, 60, 86400)).toBeUndefined();
    expect(wholeNumberProblem(86400, 60, 86400)).toBeUndefined();
    expect(wholeNumberProblem(5, 60, 86400)).toBe(
      'must be a whole number from 60 to 86400 (got 5)',
    );
    expect(wholeNumberProblem(60.5, 60, 86400)).toMatch(/whole number/);
    expect(() => checkInteger('timeoutSeconds', 5, 60, 86400)).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message:
          'timeoutSeconds must be a whole number from 60 to 86400 (got 5)',
      }),
    );
    expect(() =>
      checkInteger('timeoutSeconds', undefined, 60, 86400),
    ).not.toThrow();
  });

  it("tagsProblem: a key's problem names the list, a value's names the tag", () => {
    expect(tagsProblem({ team: 'orders' })).toBeUndefined();
    expect(tagsProblem(undefined)).toBeUndefined();
    expect(tagsProblem({ 'aws:x': 'y' })).toEqual({
      problem:
        'key "aws:x" must be 1-128 characters and must not start with "aws:"',
    });
    expect(tagsProblem({ team: 'v'.repeat(257) })).toEqual({
      key: 'team',
      problem: 'must be a string of at most 256 characters',
    });
    expect(tagsProblem({ team: 'Shop (EU)' })?.key).toBe('team');
  });
});

describe('checks the flows make themselves, for callers other than the actions', () => {
  it('validateDeleteClusterOptions: a typed confirmation must equal the cluster name', () => {
    expect(() =>
      validateDeleteClusterOptions({
        clusterName: 'demo',
        confirmClusterName: 'dmeo',
      }),
    ).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message:
          'confirmClusterName must equal clusterName: "dmeo" is not "demo", so nothing was deleted',
      }),
    );
    expect(() =>
      validateDeleteClusterOptions({
        clusterName: 'demo',
        confirmClusterName: 'demo',
      }),
    ).not.toThrow();
    expect(() =>
      validateDeleteClusterOptions({
        clusterName: 'demo',
        karpenterQueueName: 'q.fifo',
      }),
    ).toThrow(/^karpenterQueueName must be an SQS queue name/);
  });

  describe('installAddons and createCluster', () => {
    let sandbox: Sandbox;
    let run: ProvisioningRun;
    useSandboxSuite(state => ({ sandbox, run } = state));

    it('refuses a malformed cluster name before any call', async () => {
      sandbox.clearWrites();
      await expect(
        installAddons(run, {
          clusterName: 'Bad Name',
          addons: [{ name: 'coredns' }],
        }),
      ).rejects.toThrow(/^clusterName must start with a letter or digit/);
      expect(sandbox.writes).toEqual([]);
    });

    it('createCluster checks its input first, once the account is known', async () => {
      sandbox.clearWrites();
      await expect(
        createCluster(run, {
          clusterName: 'payments',
          clusterRoleArn: 'arn:aws:iam::111111111111:role/x',
          owner: 'group:default/platform-team',
        }),
      ).rejects.toThrow(
        /^clusterRoleArn must be a role in account 000000000000/,
      );
      await expect(
        createCluster(run, {
          clusterName: 'payments',
          vpcId: 'vpc-x',
          owner: 'group:default/platform-team',
        }),
      ).rejects.toThrow(/^vpcId must be a VPC id/);
      expect(sandbox.writes).toEqual([]);
    });
  });
});
