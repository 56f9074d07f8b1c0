import {
  compareAddonVersions,
  compareKubernetesVersions,
  newestVersion,
  parseAddonVersion,
} from './versions';

describe('compareAddonVersions', () => {
  it('orders by semantic version, numerically, then by eksbuild number', () => {
    const versions = [
      'v1.20.0-eksbuild.1',
      'v1.19.2-eksbuild.10',
      'v1.9.3-eksbuild.1',
      'v1.19.10-eksbuild.1',
      'v1.19.2-eksbuild.9',
      'v1.19.2-eksbuild.1',
      'v2.0.0-eksbuild.1',
    ];
    expect([...versions].sort(compareAddonVersions)).toEqual([
      'v1.9.3-eksbuild.1',
      'v1.19.2-eksbuild.1',
      'v1.19.2-eksbuild.9',
      'v1.19.2-eksbuild.10',
      'v1.19.10-eksbuild.1',
      'v1.20.0-eksbuild.1',
      'v2.0.0-eksbuild.1',
    ]);
  });

  it('puts a pre-release before its release, whatever the eksbuild numbers', () => {
    expect(
      compareAddonVersions('v1.20.0-rc.1-eksbuild.5', 'v1.20.0-eksbuild.1'),
    ).toBe(-1);
    expect(
      compareAddonVersions(
        'v1.20.0-rc.2-eksbuild.1',
        'v1.20.0-rc.10-eksbuild.1',
      ),
    ).toBe(-1);
    expect(
      compareAddonVersions(
        'v1.20.0-alpha-eksbuild.1',
        'v1.20.0-beta-eksbuild.1',
      ),
    ).toBe(-1);
    // A numeric identifier is lower than an alphanumeric one (semver §11).
    expect(compareAddonVersions('v1.0.0-1', 'v1.0.0-alpha')).toBe(-1);
    // kube-proxy's minimal variant is older than the default build of the same version.
    expect(
      compareAddonVersions('v1.29.0-minimal-eksbuild.3', 'v1.29.0-eksbuild.1'),
    ).toBe(-1);
    // Both newer than the previous patch.
    expect(
      compareAddonVersions('v1.20.0-rc.1-eksbuild.1', 'v1.19.9-eksbuild.9'),
    ).toBe(1);
  });

  it('treats a version without eksbuild as eksbuild 0 and a leading v as optional', () => {
    expect(compareAddonVersions('v1.2.3', 'v1.2.3-eksbuild.1')).toBe(-1);
    expect(compareAddonVersions('1.2.3-eksbuild.2', 'v1.2.3-eksbuild.2')).toBe(
      0,
    );
    expect(compareAddonVersions('v1.2.3+build.7', 'v1.2.3')).toBe(0);
  });

  it('sorts versions that do not parse before all that do, so latest never picks one', () => {
    expect(compareAddonVersions('nightly', 'v0.0.1-eksbuild.1')).toBe(-1);
    expect(compareAddonVersions('v0.0.1-eksbuild.1', 'nightly')).toBe(1);
    expect(compareAddonVersions('build-9', 'build-10')).toBe(-1);
    expect(
      newestVersion(
        ['v1.0.0-eksbuild.1', 'zzz', 'v1.1.0-eksbuild.1'],
        compareAddonVersions,
      ),
    ).toBe('v1.1.0-eksbuild.1');
  });

  it('parses the parts', () => {
    expect(parseAddonVersion('v1.19.0-rc.1-eksbuild.3')).toEqual({
      major: 1,
      minor: 19,
      patch: 0,
      prerelease: ['rc', 1],
      eksbuild: 3,
    });
    expect(parseAddonVersion('v1.19')).toBeUndefined();
    expect(parseAddonVersion('v01.2.3')).toBeUndefined();
  });
});

describe('compareKubernetesVersions', () => {
  it('orders minor versions numerically', () => {
    expect(
      ['1.100', '1.32', '1.9', '1.31'].sort(compareKubernetesVersions),
    ).toEqual(['1.9', '1.31', '1.32', '1.100']);
    expect(compareKubernetesVersions('1.31', '1.32')).toBe(-1);
    expect(compareKubernetesVersions('1.32', '1.100')).toBe(-1);
    expect(compareKubernetesVersions('2.0', '1.100')).toBe(1);
    expect(compareKubernetesVersions('1.33', '1.33')).toBe(0);
  });

  it('orders patches and accepts a leading v', () => {
    expect(compareKubernetesVersions('v1.32.10', '1.32.9')).toBe(1);
    expect(compareKubernetesVersions('1.32', '1.32.0')).toBe(0);
  });

  it('sorts what does not parse first', () => {
    expect(compareKubernetesVersions('latest', '1.9')).toBe(-1);
    expect(
      newestVersion(['1.33', 'x', '1.34'], compareKubernetesVersions),
    ).toBe('1.34');
    expect(newestVersion([], compareKubernetesVersions)).toBeUndefined();
  });
});
