import { EksApi } from '../../api';
import {
  resolveKubernetesVersion,
  resolveTarget,
  siblingValue,
} from './formContext';

describe('form context helpers', () => {
  it('reads sibling values by name and dotted path', () => {
    const formData = { region: 'eu-west-1', target: { accountId: '1' } };
    expect(siblingValue(formData, 'region')).toBe('eu-west-1');
    expect(siblingValue(formData, 'target.accountId')).toBe('1');
    expect(siblingValue(formData, 'target.missing.deeper')).toBeUndefined();
  });

  it('prefers fixed ui:options over sibling fields for the target', () => {
    expect(
      resolveTarget(
        { accountId: '111111111111', regionField: 'awsRegion' },
        { awsRegion: 'us-east-1', accountId: '222222222222' },
      ),
    ).toEqual({ region: 'us-east-1', accountId: '111111111111' });
  });

  it('finds the Kubernetes version of the cluster a sibling field names', async () => {
    const listClusters = jest.fn(async () => ({
      clusters: [
        {
          name: 'demo',
          arn: 'arn:aws:eks:eu-west-1:000000000000:cluster/demo',
          region: 'eu-west-1',
          accountId: '000000000000',
          version: '1.33',
        },
      ],
    }));
    const eksApi = { listClusters } as unknown as EksApi;

    await expect(
      resolveKubernetesVersion(
        eksApi,
        {},
        { cluster: 'arn:aws:eks:eu-west-1:000000000000:cluster/demo' },
      ),
    ).resolves.toBe('1.33');
    expect(listClusters).toHaveBeenCalledWith({
      region: 'eu-west-1',
      accountId: '000000000000',
    });
    await expect(
      resolveKubernetesVersion(eksApi, {}, { kubernetesVersion: '1.32' }),
    ).resolves.toBe('1.32');
    await expect(
      resolveKubernetesVersion(eksApi, {}, { cluster: 'other' }),
    ).rejects.toThrow(
      'Cluster "other" was not found in the default account / the default region',
    );
    await expect(
      resolveKubernetesVersion(eksApi, {}, {}),
    ).resolves.toBeUndefined();
  });
});
