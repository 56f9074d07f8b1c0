import { createEksToken, EKS_TOKEN_PREFIX, EksTokenCache } from './eksToken';

const credentials = async () => ({
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
});

function decode(token: string): URL {
  expect(token.startsWith(EKS_TOKEN_PREFIX)).toBe(true);
  return new URL(
    Buffer.from(token.slice(EKS_TOKEN_PREFIX.length), 'base64url').toString(),
  );
}

describe('createEksToken', () => {
  it('is a presigned STS GetCallerIdentity URL that signs the cluster header', async () => {
    const token = await createEksToken({
      clusterName: 'demo',
      region: 'eu-west-1',
      credentials,
      now: new Date('2026-11-21T12:00:00Z'),
    });
    expect(token).not.toMatch(/[=+/]/); // base64url without padding
    const url = decode(token);
    expect(url.hostname).toBe('sts.eu-west-1.amazonaws.com');
    expect(url.searchParams.get('Action')).toBe('GetCallerIdentity');
    expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(url.searchParams.get('X-Amz-Credential')).toBe(
      'AKIDEXAMPLE/20261121/eu-west-1/sts/aws4_request',
    );
    expect(url.searchParams.get('X-Amz-Expires')).toBe('60');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe(
      'host;x-k8s-aws-id',
    );
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('signs differently per cluster', async () => {
    const now = new Date('2026-11-21T12:00:00Z');
    const a = await createEksToken({
      clusterName: 'a',
      region: 'eu-west-1',
      credentials,
      now,
    });
    const b = await createEksToken({
      clusterName: 'b',
      region: 'eu-west-1',
      credentials,
      now,
    });
    expect(decode(a).searchParams.get('X-Amz-Signature')).not.toBe(
      decode(b).searchParams.get('X-Amz-Signature'),
    );
  });
});

describe('EksTokenCache', () => {
  it('reuses a token within its lifetime and signs a new one after', async () => {
    let now = Date.parse('2026-11-21T12:00:00Z');
    const cache = new EksTokenCache(() => now);
    const opts = {
      clusterName: 'demo',
      region: 'eu-west-1',
      accountId: '000000000000',
      credentials,
    };
    const first = await cache.get(opts);
    expect(await cache.get(opts)).toBe(first);
    now += 11 * 60 * 1000;
    const signed = jest.fn(credentials);
    await cache.get({ ...opts, credentials: signed });
    expect(signed).toHaveBeenCalled();
  });
});
