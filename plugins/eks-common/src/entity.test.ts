import { Entity } from '@backstage/catalog-model';
import {
  eksClusterEntityName,
  eksClusterEntityRef,
  getEksClusterRef,
  isEksClusterEntity,
} from './entity';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'c', annotations },
  spec: { type: 'kubernetes-cluster', owner: 'platform' },
});

describe('getEksClusterRef', () => {
  it('prefers the plugin annotation', () => {
    const ref = getEksClusterRef(
      entity({
        'eks.backstage.io/cluster-arn':
          'arn:aws:eks:eu-west-1:111111111111:cluster/mine',
        'amazonaws.com/arn': 'arn:aws:eks:eu-west-1:222222222222:cluster/other',
      }),
    );
    expect(ref?.clusterName).toBe('mine');
    expect(ref?.accountId).toBe('111111111111');
  });

  it("reads the AWS catalog module's generic ARN annotation", () => {
    expect(
      getEksClusterRef(
        entity({
          'amazonaws.com/arn': 'arn:aws:eks:us-east-1:222222222222:cluster/a',
        }),
      )?.region,
    ).toBe('us-east-1');
  });

  it('skips ARNs that are not EKS clusters and falls through to the next', () => {
    const e = entity({
      'amazonaws.com/arn': 'arn:aws:s3:::bucket',
      'amazon.com/eks-cluster-arn':
        'arn:aws:eks:us-east-1:333333333333:cluster/legacy',
    });
    expect(getEksClusterRef(e)?.clusterName).toBe('legacy');
    expect(isEksClusterEntity(e)).toBe(true);
  });

  it('returns undefined without a cluster annotation', () => {
    expect(isEksClusterEntity(entity({}))).toBe(false);
    expect(
      isEksClusterEntity({
        ...entity({}),
        metadata: { name: 'no-annotations' },
      }),
    ).toBe(false);
  });
});

describe('eksClusterEntityRef', () => {
  it('names the Resource entity of a cluster in the default namespace', () => {
    expect(eksClusterEntityRef('demo')).toBe('resource:default/demo');
    expect(eksClusterEntityRef('team_a-prod')).toBe(
      'resource:default/team_a-prod',
    );
  });

  it('keeps to the catalog rule of at most 63 characters', () => {
    expect(eksClusterEntityName('c'.repeat(100))).toBe('c'.repeat(63));
  });
});
