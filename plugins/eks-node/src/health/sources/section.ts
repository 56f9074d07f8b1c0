import type { Section, SectionError } from '@backstage-eks/plugin-eks-common';

const MAX_MESSAGE_LENGTH = 500;

/**
 * Removes anything that could be a credential from an error message (EKS
 * bearer tokens, presigned URL signatures, secret keys, Authorization
 * headers) and shortens it, so that it can be shown in a health document.
 *
 * @public
 */
export function sanitizeErrorMessage(message: string): string {
  const cleaned = message
    .replace(/k8s-aws-v1\.[A-Za-z0-9_-]+/g, '[redacted token]')
    .replace(/X-Amz-[A-Za-z-]+=[^&\s"']+/gi, '[redacted]')
    .replace(
      /(authorization["']?\s*[:=]\s*["']?)[^"',}\s]+(\s[^"',}\s]+)?/gi,
      '$1[redacted]',
    )
    .replace(
      /(secretAccessKey|sessionToken|accessKeyId)(["']?\s*[:=]\s*["']?)[^"',}\s]+/gi,
      '$1$2[redacted]',
    )
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned.length > MAX_MESSAGE_LENGTH
    ? `${cleaned.slice(0, MAX_MESSAGE_LENGTH - 1)}…`
    : cleaned;
}

/** A source's failure as a section error, with a safe message. @public */
export function toSectionError(source: string, error: unknown): SectionError {
  const err = error as { name?: string; message?: string; code?: number };
  const name = err?.name && err.name !== 'Error' ? `${err.name}: ` : '';
  const message =
    typeof err?.message === 'string' && err.message
      ? err.message
      : String(error);
  return { source, message: sanitizeErrorMessage(`${name}${message}`) };
}

/** Raised when a source does not answer within its time limit. @public */
export class SourceTimeoutError extends Error {
  override name = 'SourceTimeoutError';
  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
  }
}

/**
 * Runs `fn` with a time limit; the signal is aborted when the limit passes so
 * that AWS SDK calls can stop early.
 *
 * @public
 */
export async function withTimeout<T>(
  timeoutMs: number,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new SourceTimeoutError(timeoutMs));
    }, timeoutMs);
  });
  try {
    return await Promise.race([fn(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A failure that already names its source (e.g. a dependency that failed). @public */
export class SourceError extends Error {
  override name = 'SourceError';
  constructor(readonly sectionError: SectionError) {
    super(sectionError.message);
  }
}

/**
 * Turns a promise into a {@link Section}: its data, or an error naming the
 * source that failed.
 *
 * @public
 */
export async function toSection<T>(
  source: string,
  promise: Promise<T>,
): Promise<Section<T>> {
  try {
    return { data: await promise };
  } catch (error) {
    if (error instanceof SourceError) {
      return { error: error.sectionError };
    }
    return { error: toSectionError(source, error) };
  }
}

/**
 * A source call whose failure keeps its source name: wraps errors in
 * {@link SourceError}, so that sections built from several calls can say
 * which one failed.
 *
 * @public
 */
export async function fromSource<T>(
  source: string,
  timeoutMs: number,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  try {
    return await withTimeout(timeoutMs, fn);
  } catch (error) {
    if (error instanceof SourceError) throw error;
    throw new SourceError(toSectionError(source, error));
  }
}
