import { createHash, randomBytes } from 'node:crypto';
import { canonicalJson } from '../patches.ts';

/** The alphabet Kubernetes uses for generated name suffixes. */
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** A random suffix like the apiserver's generateName (`x7k2p`). */
export function randomSuffix(length = 5): string {
  const bytes = randomBytes(length);
  return [...bytes].map(b => ALPHABET[b % ALPHABET.length]).join('');
}

/** A stable hash of a pod template, as the `pod-template-hash` label. */
export function templateHash(template: unknown): string {
  const digest = createHash('sha256').update(canonicalJson(template)).digest();
  return [...digest.subarray(0, 10)]
    .map(b => ALPHABET[b % ALPHABET.length])
    .join('');
}

/** A random hex id, e.g. for EC2 instance ids. */
export function randomHex(length: number): string {
  return randomBytes(Math.ceil(length / 2))
    .toString('hex')
    .slice(0, length);
}
