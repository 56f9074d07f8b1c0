import {
  addonVersionFacts,
  newestKubernetesVersion,
  toAddonSummary,
} from './eks';
import { classifyInterruptionRule, toNodePoolSummary } from './karpenter';
import { toDeploymentObservation, toNodesSummary } from './kubernetes';
import { sanitizeErrorMessage, toSection, withTimeout } from './section';
import { compareAddonVersions } from '@backstage-eks/plugin-eks-common';

describe('health sources', () => {
  it('orders add-on versions by semver then eksbuild', () => {
    const sorted = [
      'v1.19.2-eksbuild.1',
      'v1.20.0-eksbuild.1',
      'v1.19.2-eksbuild.10',
      'v1.19.10-eksbuild.1',
    ].sort(compareAddonVersions);
    expect(sorted).toEqual([
      'v1.19.2-eksbuild.1',
      'v1.19.2-eksbuild.10',
      'v1.19.10-eksbuild.1',
      'v1.20.0-eksbuild.1',
    ]);
  });

  it('computes newest and default add-on versions from one DescribeAddonVersions answer', () => {
    const facts = addonVersionFacts(
      [
        {
          addonName: 'vpc-cni',
          addonVersions: [
            {
              addonVersion: 'v1.20.0-eksbuild.1',
              compatibilities: [{ clusterVersion: '1.34' }],
            },
            {
              addonVersion: 'v1.19.5-eksbuild.1',
              compatibilities: [{ clusterVersion: '1.33' }],
            },
            {
              addonVersion: 'v1.19.2-eksbuild.1',
              compatibilities: [
                { clusterVersion: '1.33', defaultVersion: true },
              ],
            },
          ],
        },
      ],
      '1.33',
    );
    expect(facts.get('vpc-cni')).toEqual({
      newest: 'v1.19.5-eksbuild.1',
      default: 'v1.19.2-eksbuild.1',
    });
    const summary = toAddonSummary(
      {
        addonName: 'vpc-cni',
        addonVersion: 'v1.19.2-eksbuild.1',
        status: 'DEGRADED',
        health: { issues: [{ code: 'AccessDenied', message: 'no' }] },
      },
      facts.get('vpc-cni'),
      code => (code === 'AccessDenied' ? 'give permissions' : undefined),
    );
    expect(summary).toMatchObject({
      newerVersion: 'v1.19.5-eksbuild.1',
      defaultVersion: 'v1.19.2-eksbuild.1',
      health: [{ code: 'AccessDenied', remedy: 'give permissions' }],
    });
  });

  it('finds a newer Kubernetes version', () => {
    const versions = [
      { clusterVersion: '1.32' },
      { clusterVersion: '1.34' },
      { clusterVersion: '1.33' },
    ];
    expect(newestKubernetesVersion(versions, '1.33')).toBe('1.34');
    expect(newestKubernetesVersion(versions, '1.34')).toBeUndefined();
  });

  it('classifies interruption rules by event pattern, else by name', () => {
    expect(
      classifyInterruptionRule(
        'r1',
        JSON.stringify({
          source: ['aws.ec2'],
          'detail-type': ['EC2 Spot Instance Interruption Warning'],
        }),
      ),
    ).toBe('spot-interruption');
    expect(classifyInterruptionRule('KarpenterHealthEvent')).toBe(
      'health-event',
    );
    expect(
      classifyInterruptionRule(
        'unrelated',
        JSON.stringify({ source: ['aws.s3'] }),
      ),
    ).toBeUndefined();
  });

  it('summarises NodePools with their claims and a missing node class', () => {
    const pool = {
      metadata: { name: 'default' },
      spec: {
        limits: { cpu: 1000 },
        disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized' },
        template: {
          spec: {
            nodeClassRef: { name: 'default' },
            requirements: [
              {
                key: 'topology.kubernetes.io/zone',
                operator: 'In',
                values: ['eu-west-1a', 'eu-west-1b'],
              },
            ],
          },
        },
      },
      status: {
        resources: { cpu: '4' },
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    };
    const claims = [{ name: 'c1', nodePool: 'default', ready: true }];
    expect(toNodePoolSummary(pool, claims, new Set(['default']))).toMatchObject(
      {
        name: 'default',
        limits: { cpu: '1000' },
        usage: { cpu: '4' },
        nodes: 1,
        ready: true,
        zones: ['eu-west-1a', 'eu-west-1b'],
      },
    );
    expect(toNodePoolSummary(pool, claims, new Set()).ready).toBe(false);
  });

  it('reduces nodes and deployments to what the checks need', () => {
    const summary = toNodesSummary([
      {
        metadata: {
          name: 'a',
          labels: {
            'topology.kubernetes.io/zone': 'eu-west-1a',
            'eks.amazonaws.com/nodegroup': 'system',
          },
        },
        status: { conditions: [{ type: 'Ready', status: 'True' }] },
      },
      {
        metadata: { name: 'b', labels: { 'karpenter.sh/nodepool': 'default' } },
        status: { conditions: [{ type: 'Ready', status: 'False' }] },
      },
    ] as any);
    expect(summary).toMatchObject({
      total: 2,
      ready: 1,
      notReady: 1,
      byZone: { 'eu-west-1a': 1, unknown: 1 },
    });
    expect(summary.items[1].managedBy).toEqual({
      kind: 'karpenter',
      name: 'default',
    });
    const deployment = toDeploymentObservation({
      metadata: { name: 'karpenter', namespace: 'kube-system' },
      spec: {
        replicas: 2,
        selector: {},
        template: {
          spec: {
            containers: [
              {
                name: 'c',
                image: 'public.ecr.aws/karpenter/controller:1.6.0',
                env: [
                  { name: 'INTERRUPTION_QUEUE', value: 'q' },
                  { name: 'ENABLE_ZONAL_SHIFT', value: 'true' },
                  { name: 'SECRET', value: 'hunter2' },
                ],
              },
            ],
            topologySpreadConstraints: [
              {
                maxSkew: 1,
                topologyKey: 'topology.kubernetes.io/zone',
                whenUnsatisfiable: 'ScheduleAnyway',
              },
            ],
          },
        },
      },
    } as any);
    expect(deployment).toMatchObject({
      replicas: 2,
      interruptionQueue: 'q',
      enableZonalShift: true,
      spreadsOverZones: true,
    });
    expect(JSON.stringify(deployment)).not.toContain('hunter2');
  });

  it('keeps credentials out of error messages', () => {
    const message = sanitizeErrorMessage(
      'request failed: Authorization: Bearer k8s-aws-v1.aHR0cHM6Ly9zdHM secretAccessKey=abc https://x/?X-Amz-Signature=deadbeef&a=1',
    );
    expect(message).not.toMatch(/k8s-aws-v1\.|deadbeef|abc\b/);
  });

  it('turns failures and timeouts into section errors', async () => {
    await expect(
      toSection('eks:ListAddons', Promise.reject(new Error('boom'))),
    ).resolves.toEqual({
      error: { source: 'eks:ListAddons', message: 'boom' },
    });
    const slow = withTimeout(10, () => new Promise(() => {}));
    await expect(toSection('kubernetes:nodes', slow)).resolves.toEqual({
      error: {
        source: 'kubernetes:nodes',
        message: 'SourceTimeoutError: no answer within 10 ms',
      },
    });
  });
});
