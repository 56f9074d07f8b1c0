import { randomBytes } from 'node:crypto';
import { DEFAULT_ACCOUNT_ID } from '../../state';

/**
 * The secret access key of every account's own access key (whose id is the
 * 12-digit account id). Clients sign with it as they sign with a real key.
 */
export const SANDBOX_SECRET_ACCESS_KEY = 'sandbox';

/** An access key the sandbox knows: issued by it, or configured at start. */
export interface AccessKey {
  accessKeyId: string;
  secretAccessKey: string;
  /** The account its requests act in. */
  accountId: string;
  /** Temporary credentials (AssumeRole) carry one; requests must send it. */
  sessionToken?: string;
  expiration?: Date;
}

/** An access key handed to {@link SandboxOptions.credentials}. */
export interface ConfiguredAccessKey {
  accessKeyId: string;
  secretAccessKey: string;
  /** Default: the access key id when it is 12 digits, else 000000000000. */
  accountId?: string;
}

/** Looks up the secret behind an access key id; undefined for a key the sandbox does not know. */
export type AccessKeyLookup = (
  accessKeyId: string,
  now?: Date,
) => AccessKey | undefined;

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function randomId(length: number): string {
  return [...randomBytes(length)]
    .map(b => ID_ALPHABET[b % ID_ALPHABET.length])
    .join('');
}

/**
 * The access keys of one sandbox, which (like STS) verifies signatures with
 * them: each account's own key (id = the account id, secret
 * {@link SANDBOX_SECRET_ACCESS_KEY}), the keys configured at start, and the
 * temporary keys AssumeRole issued (`ASIA…`, valid until they expire). They
 * outlive `reset()`, as issued credentials outlive any change in AWS.
 */
export class AccessKeys {
  private readonly keys = new Map<string, AccessKey>();

  constructor(configured: ConfiguredAccessKey[] = []) {
    for (const key of configured) {
      if (!key.accessKeyId || !key.secretAccessKey) {
        throw new Error(
          'sandbox credentials: accessKeyId and secretAccessKey are required',
        );
      }
      this.keys.set(key.accessKeyId, {
        accessKeyId: key.accessKeyId,
        secretAccessKey: key.secretAccessKey,
        accountId: key.accountId ?? AccessKeys.accountOfId(key.accessKeyId),
      });
    }
  }

  /** The account an access key id names on its own: itself when it is 12 digits. */
  static accountOfId(accessKeyId: string): string {
    return /^\d{12}$/.test(accessKeyId) ? accessKeyId : DEFAULT_ACCOUNT_ID;
  }

  readonly lookup: AccessKeyLookup = (accessKeyId, now = new Date()) => {
    const key = this.keys.get(accessKeyId);
    if (key) {
      return key.expiration && key.expiration <= now ? undefined : key;
    }
    if (/^\d{12}$/.test(accessKeyId)) {
      return {
        accessKeyId,
        secretAccessKey: SANDBOX_SECRET_ACCESS_KEY,
        accountId: accessKeyId,
      };
    }
    return undefined;
  };

  /** The account a request signed with this key id acts in. */
  accountOf(accessKeyId: string): string {
    return (
      this.keys.get(accessKeyId)?.accountId ??
      AccessKeys.accountOfId(accessKeyId)
    );
  }

  /** Issues temporary credentials acting in `accountId` (AssumeRole). */
  issueSession(accountId: string, durationSeconds: number): AccessKey {
    const key: AccessKey = {
      accessKeyId: `ASIA${randomId(16)}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      accountId,
      sessionToken: `sandbox-session-${randomBytes(32).toString('base64')}`,
      expiration: new Date(Date.now() + durationSeconds * 1000),
    };
    this.keys.set(key.accessKeyId, key);
    return key;
  }
}
