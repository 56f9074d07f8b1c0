import { AwsError } from '../AwsError';
import { QueryParams, str } from '../protocols/queryParams';

/** A required string parameter; IAM's "must not be null" ValidationError otherwise. */
export function required(params: QueryParams, key: string): string {
  const v = str(params, key);
  if (!v)
    throw new AwsError(
      'ValidationError',
      `1 validation error detected: Value null at '${key[0].toLowerCase()}${key.slice(
        1,
      )}' failed to satisfy constraint: Member must not be null`,
    );
  return v;
}

/** Tags as IAM's `Tags` member list. */
export const tagList = (tags: Record<string, string>) =>
  Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
