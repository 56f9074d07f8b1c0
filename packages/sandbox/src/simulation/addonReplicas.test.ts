import { configuredReplicas } from './addonReplicas';

describe('configuredReplicas', () => {
  it('reads replicaCount from JSON or YAML, at the top or for the controller', () => {
    expect(configuredReplicas('{"replicaCount": 3}', 'coredns')).toBe(3);
    expect(configuredReplicas('replicas: 1', 'metrics-server')).toBe(1);
    expect(
      configuredReplicas(
        'controller:\n  replicaCount: 4',
        'ebs-csi-controller',
      ),
    ).toBe(4);
    expect(
      configuredReplicas(
        '{"webhook": {"replicaCount": 2}}',
        'cert-manager-webhook',
      ),
    ).toBe(2);
  });

  it('is undefined when nothing is configured', () => {
    expect(configuredReplicas(undefined, 'coredns')).toBeUndefined();
    expect(
      configuredReplicas('{"txtOwnerId": "demo"}', 'external-dns'),
    ).toBeUndefined();
    expect(
      configuredReplicas('controller:\n  replicaCount: 4', 'ebs-csi-node'),
    ).toBeUndefined();
  });
});
