import { wildcardMatches } from './wildcards';

describe('wildcardMatches', () => {
  it('reads * as any run of characters and ? as one', () => {
    expect(wildcardMatches('team-*', 'team-a')).toBe(true);
    expect(wildcardMatches('team-*', 'team-')).toBe(true);
    expect(wildcardMatches('team-?', 'team-ab')).toBe(false);
    expect(wildcardMatches('team-?', 'team-a')).toBe(true);
    expect(wildcardMatches('*', 'anything')).toBe(true);
  });

  it('takes every other character literally and matches the whole text', () => {
    expect(wildcardMatches('a.b', 'axb')).toBe(false);
    expect(wildcardMatches('a.b', 'a.b')).toBe(true);
    expect(wildcardMatches('(x)+', '(x)+')).toBe(true);
    expect(wildcardMatches('team', 'my-team')).toBe(false);
  });

  it('compares case-insensitively only when asked (IAM actions)', () => {
    expect(wildcardMatches('ec2:Describe*', 'EC2:describeInstances')).toBe(
      false,
    );
    expect(
      wildcardMatches('ec2:Describe*', 'EC2:describeInstances', {
        ignoreCase: true,
      }),
    ).toBe(true);
  });
});
