import { toAddonSummary } from './eks';

describe('toAddonSummary', () => {
  it("carries the namespace CreateAddon's namespaceConfig set, and none otherwise", () => {
    const addon = {
      addonName: 'external-dns',
      addonVersion: 'v0.19.0-eksbuild.2',
      status: 'ACTIVE' as const,
    };
    expect(
      toAddonSummary(
        { ...addon, namespaceConfig: { namespace: 'dns-system' } },
        undefined,
        () => undefined,
      ).namespace,
    ).toBe('dns-system');
    expect(
      toAddonSummary(addon, undefined, () => undefined).namespace,
    ).toBeUndefined();
  });
});
