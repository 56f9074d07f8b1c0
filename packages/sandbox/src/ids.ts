import { randomBytes, randomUUID } from 'node:crypto';

/** Lower-case hex of `length` characters. */
export function hex(length: number): string {
  return randomBytes(Math.ceil(length / 2))
    .toString('hex')
    .slice(0, length);
}

/** An AWS-style resource id such as `vpc-0a1b2c3d4e5f67890`. */
export function resourceId(prefix: string, length = 17): string {
  return `${prefix}-${hex(length)}`;
}

export function uuid(): string {
  return randomUUID();
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** An IAM-style unique id such as `AROA` + 17 upper-case characters. */
export function iamUniqueId(prefix: string): string {
  const bytes = randomBytes(17);
  let out = prefix;
  for (const b of bytes) out += UPPER[b % UPPER.length];
  return out;
}
