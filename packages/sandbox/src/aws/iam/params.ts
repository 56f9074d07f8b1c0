import { AwsError } from '../AwsError';
import { QueryParams, str, tagsOf } from '../protocols/queryParams';

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
/**
 * The tags of a create or tag request, checked as IAM checks them
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html): no key
 * starts with `aws:` in any case (InvalidInput), and the resource ends with
 * at most 50 tags (LimitExceeded).
 */
export function iamTags(
  params: QueryParams,
  existing: Record<string, string> = {},
): Record<string, string> {
  const tags = tagsOf(params, 'Tags');
  for (const key of Object.keys(tags)) {
    if (key.toLowerCase().startsWith('aws:')) {
      throw new AwsError(
        'InvalidInput',
        `Tag key '${key}' is not valid: user-defined tag keys cannot start with 'aws:', which is reserved for AWS use.`,
      );
    }
  }
  if (Object.keys({ ...existing, ...tags }).length > 50) {
    throw new AwsError(
      'LimitExceeded',
      'The number of tags has reached the maximum limit of 50 tags per resource.',
      409,
    );
  }
  return tags;
}
