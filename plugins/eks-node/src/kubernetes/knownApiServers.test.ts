import { KnownApiServers } from './knownApiServers';

const target = { accountId: '111122223333', region: 'eu-west-1' };
const server = (name: string, endpoint = `https://${name}.example`) => ({
  name,
  endpoint,
  certificateAuthorityData: 'Q0E=',
});

describe('KnownApiServers', () => {
  it('keeps the last API server of each cluster by account, region and name', () => {
    const known = new KnownApiServers();
    known.remember(target, server('a'));
    known.remember(target, server('a', 'https://again.example'));
    expect(known.get(target, 'a')?.endpoint).toBe('https://again.example');
    expect(known.get({ ...target, region: 'us-east-1' }, 'a')).toBeUndefined();
    expect(known.get({ ...target, accountId: '444455556666' }, 'a')).toBe(
      undefined,
    );
    expect(known.size).toBe(1);
  });

  it('forgets the least recently used past 4096 clusters', () => {
    const known = new KnownApiServers();
    for (let i = 0; i < 4096; i++) known.remember(target, server(`c${i}`));
    // c0 read again: c1 is now the least recently used
    expect(known.get(target, 'c0')).toBeDefined();
    known.remember(target, server('new'));
    expect(known.size).toBe(4096);
    expect(known.get(target, 'c1')).toBeUndefined();
    expect(known.get(target, 'c0')).toBeDefined();
    expect(known.get(target, 'new')).toBeDefined();
  });
});
