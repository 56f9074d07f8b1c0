import { AwsError } from '../AwsError';
import type { AwsContext } from '../context';
import type { QueryHandler } from '../protocols/query';
import { QueryParams, str, strList, tagsOf } from '../protocols/queryParams';

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

/**
 * The three tagging operations of a tagged IAM entity (TagRole, UntagRole,
 * ListRoleTags; TagUser, ...), on the entity `find` looks up by the request.
 */
export function iamTagHandlers(
  entity: 'Role' | 'User',
  find: (
    ctx: AwsContext,
    params: QueryParams,
  ) => { tags: Record<string, string> },
): Record<string, QueryHandler> {
  return {
    [`Tag${entity}`](ctx, params) {
      const found = find(ctx, params);
      Object.assign(found.tags, iamTags(params, found.tags));
      return undefined;
    },
    [`Untag${entity}`](ctx, params) {
      const found = find(ctx, params);
      for (const k of strList(params, 'TagKeys')) delete found.tags[k];
      return undefined;
    },
    [`List${entity}Tags`](ctx, params) {
      return { Tags: tagList(find(ctx, params).tags), IsTruncated: false };
    },
  };
}

/**
 * One page of an IAM list operation (ListRoles, ListUsers...): `MaxItems`
 * (1-1000, default 100; the model's range is checked before the handler) and
 * `Marker`, an opaque token naming the item the next page starts at. A marker
 * IAM did not hand out is a ValidationError "Invalid Marker.".
 */
export function iamPage<T>(
  params: QueryParams,
  items: T[],
  keyOf: (item: T) => string,
): { page: T[]; IsTruncated: boolean; Marker?: string } {
  const maxItems = Number(str(params, 'MaxItems') ?? 100);
  const marker = str(params, 'Marker');
  let start = 0;
  if (marker !== undefined) {
    const key = decodeMarker(marker);
    start = key === undefined ? -1 : items.findIndex(i => keyOf(i) === key);
    if (start < 0) throw new AwsError('ValidationError', 'Invalid Marker.');
  }
  const page = items.slice(start, start + maxItems);
  const next = items[start + maxItems];
  return next === undefined
    ? { page, IsTruncated: false }
    : { page, IsTruncated: true, Marker: encodeMarker(keyOf(next)) };
}

const MARKER_PREFIX = 'sandbox-iam:';

function encodeMarker(key: string): string {
  return Buffer.from(`${MARKER_PREFIX}${key}`).toString('base64');
}

function decodeMarker(marker: string): string | undefined {
  const text = Buffer.from(marker, 'base64').toString('utf8');
  return text.startsWith(MARKER_PREFIX)
    ? text.slice(MARKER_PREFIX.length)
    : undefined;
}
