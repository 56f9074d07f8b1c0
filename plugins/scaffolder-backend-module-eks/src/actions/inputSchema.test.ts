import { ConfigReader } from '@backstage/config';
import {
  validateAccountId,
  validateAddonName,
  validateClusterName,
  validateCpuQuantity,
  validateInstanceType,
  validateNodeGroupName,
  validateRegion,
  validateSqsQueueName,
} from '@backstage-eks/plugin-eks-common';
import { TAGS_RULE } from '@backstage-eks/plugin-eks-node';
import {
  actionContext,
  runAsScaffolder,
} from '@backstage-eks/scaffolder-test-utils';
import { createEksActions } from './index';
import {
  awsTags,
  checkActionInput,
  ruleString,
  wholeNumber,
} from './inputSchema';

/** Actions whose AWS clients must never be asked for. */
function actionsWithoutAws() {
  const awsCalls: string[] = [];
  const awsClientFactory = {
    forTarget: async (target: unknown) => {
      awsCalls.push(JSON.stringify(target));
      throw new Error('no AWS call expected');
    },
    resolveTarget: () => {
      throw new Error('no AWS call expected');
    },
  } as any;
  const actions = createEksActions({
    config: new ConfigReader({}),
    awsClientFactory,
  });
  const byId = (id: string) => actions.find(a => a.id === id)!;
  return { actions, byId, awsCalls };
}

/** Every `pattern` keyword in a JSON Schema. */
function patternsOf(schema: unknown): string[] {
  if (!schema || typeof schema !== 'object') return [];
  return Object.entries(schema).flatMap(([key, value]) =>
    key === 'pattern' ? [String(value)] : patternsOf(value),
  );
}

describe('the actions carry their input rules', () => {
  const { actions, byId, awsCalls } = actionsWithoutAws();
  const properties = (id: string) => (byId(id).schema!.input as any).properties;

  it('shows each rule in the words it refuses with, in the JSON Schema of /create/actions', () => {
    const create = properties('aws:eks:cluster:create');
    expect(create.clusterName.description).toBe(
      `Name of the cluster; ${validateClusterName.statement}`,
    );
    expect(create.region.description).toContain(validateRegion.statement);
    expect(create.accountId.description).toContain(validateAccountId.statement);
    expect(create.timeoutSeconds.description).toContain(
      'a whole number from 60 to 86400',
    );
    expect(create.nodeGroup.properties.name.description).toContain(
      validateNodeGroupName.statement,
    );
    expect(create.nodeGroup.properties.instanceTypes.description).toContain(
      `each ${validateInstanceType.statement}`,
    );
    expect(create.nodeGroup.properties.minSize.description).toContain(
      'a whole number from 0 to 1000',
    );
    expect(create.tags.description).toContain(TAGS_RULE);
    expect(
      properties('aws:eks:addon:install').addons.items.properties.name
        .description,
    ).toContain(validateAddonName.statement);
    const karpenter = properties('aws:eks:karpenter:install');
    expect(karpenter.queueName.description).toContain(
      validateSqsQueueName.statement,
    );
    expect(karpenter.cpuLimit.description).toContain(
      validateCpuQuantity.statement,
    );
    expect(
      properties('aws:eks:cluster:delete').karpenterQueueName.description,
    ).toContain(validateSqsQueueName.statement);
  });

  it('keeps the rules out of JSON Schema patterns, which the scaffolder would refuse with the pattern instead of the rule', () => {
    expect(actions.flatMap(a => patternsOf(a.schema!.input))).toEqual([]);
  });

  it.each([
    [
      'aws:eks:cluster:create',
      { clusterName: 'bad name' },
      /^clusterName must start with a letter or digit/,
    ],
    [
      'aws:eks:cluster:create',
      {
        clusterName: 'ok',
        nodeGroup: {
          name: 'system',
          instanceTypes: ['large'],
          minSize: 1,
          maxSize: 2,
          desiredSize: 1,
        },
      },
      /^nodeGroup\.instanceTypes\[0\] must be an EC2 instance type/,
    ],
    [
      'aws:eks:cluster:create',
      { clusterName: 'ok', tags: { team: 'Shop (EU)' } },
      /^tags\.team value "Shop \(EU\)" may only contain/,
    ],
    [
      'aws:eks:addon:install',
      {
        clusterName: 'demo',
        addons: [{ name: 'coredns', podIdentity: { roleArn: 'admins' } }],
      },
      /^addons\[0\]\.podIdentity\.roleArn must be an IAM role ARN/,
    ],
    [
      'aws:eks:addon:install',
      { clusterName: 'demo', addons: [{ name: 'coredns' }], concurrency: 2.5 },
      /^concurrency must be a whole number from 1 to 20 \(got 2\.5\)/,
    ],
    [
      'aws:eks:karpenter:install',
      { clusterName: 'demo', cpuLimit: '100Gi' },
      /^cpuLimit must be a CPU quantity/,
    ],
    [
      'aws:eks:pod-identity:create',
      {
        clusterName: 'demo',
        namespace: 'orders',
        serviceAccount: 'api',
        accountId: '123',
      },
      /^accountId must be a 12-digit AWS account id/,
    ],
    [
      'aws:eks:capability:create',
      {
        clusterName: 'demo',
        type: 'ARGOCD',
        argoCd: { awsIdc: { idcInstanceArn: 'ssoins-123' } },
      },
      /^argoCd\.awsIdc\.idcInstanceArn must be an IAM Identity Center instance ARN/,
    ],
    [
      'aws:eks:cluster:delete',
      { clusterName: 'demo', karpenterQueueName: 'q.fifo' },
      /^karpenterQueueName must be an SQS queue name/,
    ],
  ])(
    '%s refuses %j in the handler with the rule, before any AWS call',
    async (id, input, message) => {
      const { ctx } = actionContext(input);
      // the scaffolder's own JSON Schema check lets it through...
      const viaScaffolder = runAsScaffolder(byId(id), ctx);
      // ...and the handler refuses it with the field and the rule
      await expect(viaScaffolder).rejects.toThrow(message);
      await expect(byId(id).handler(ctx as any)).rejects.toMatchObject({
        name: 'InputError',
      });
      expect(awsCalls).toEqual([]);
    },
  );
});

describe('checkActionInput', () => {
  const schema = {
    name: (z: any) => ruleString(z, validateClusterName, 'Name'),
    size: (z: any) => wholeNumber(z, 1, 3, 'Size').optional(),
    tags: (z: any) => awsTags(z, 'Tags').optional(),
    list: (z: any) =>
      z
        .array(z.object({ name: ruleString(z, validateAddonName, 'Name') }))
        .optional(),
  };

  it('accepts input that keeps the rules', () => {
    expect(() =>
      checkActionInput(schema, {
        name: 'demo',
        size: 2,
        tags: { team: 'orders' },
        list: [{ name: 'coredns' }],
      }),
    ).not.toThrow();
  });

  it.each([
    [{}, 'name is required'],
    [{ name: 3 }, 'name must be a string (got number)'],
    [{ name: '' }, 'name must not be empty'],
    [
      { name: 'demo', size: 4 },
      'size must be a whole number from 1 to 3 (got 4)',
    ],
    [
      { name: 'demo', tags: { 'aws:x': 'y' } },
      'tags key "aws:x" must be 1-128 characters and must not start with "aws:"',
    ],
    [
      { name: 'demo', tags: { team: 'v'.repeat(257) } },
      'tags.team must be a string of at most 256 characters',
    ],
    [
      { name: 'demo', list: [{ name: 'coredns' }, { name: 'Core DNS' }] },
      `list[1].name ${validateAddonName('Core DNS')}`,
    ],
  ])('refuses %j: %s', (input, message) => {
    expect(() => checkActionInput(schema, input)).toThrow(
      expect.objectContaining({ name: 'InputError', message }),
    );
  });
});
