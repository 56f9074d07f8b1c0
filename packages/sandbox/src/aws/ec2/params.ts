import { AwsError } from '../AwsError';
import { objList, QueryParams, str, tagsOf } from '../protocols/queryParams';

/** A required parameter; MissingParameter naming it otherwise. */
export function required(params: QueryParams, key: string): string {
  const v = str(params, key);
  if (!v)
    throw new AwsError(
      'MissingParameter',
      `The request must contain the parameter ${key}`,
    );
  return v;
}

/**
 * EC2 refuses tag keys with the `aws:` prefix, which AWS reserves: in
 * CreateTags/DeleteTags naming the key, in a TagSpecification without.
 */
export function checkTagKeys(keys: string[], naming: boolean) {
  const reserved = keys.find(k => k.toLowerCase().startsWith('aws:'));
  if (reserved === undefined) return;
  throw new AwsError(
    'InvalidParameterValue',
    naming
      ? `Value ( ${reserved} ) for parameter key is invalid. Tag keys starting with 'aws:' are reserved for internal use`
      : "Tag keys starting with 'aws:' are reserved for internal use",
  );
}

/** Tags of `TagSpecification.N` for one resource type. */
export function tagSpecTags(
  params: QueryParams | undefined,
  key: string,
  type: string,
) {
  const tags: Record<string, string> = {};
  for (const spec of objList(params, key)) {
    const specTags = tagsOf(spec, 'Tag');
    checkTagKeys(Object.keys(specTags), false);
    if ((str(spec, 'ResourceType') ?? type) === type)
      Object.assign(tags, specTags);
  }
  return tags;
}

/** The resources with these ids (all when none given); `code` for an unknown id. */
/**
 * EC2's resource ID formats (`<prefix>-` and 8 or 17 hex digits) and the
 * error it gives an ID of the wrong shape, by the not-found code of the
 * resource (EC2 API error codes: InvalidInstanceID.Malformed, ...).
 */
const MALFORMED_IDS: Record<string, { prefix: string; code: string }> = {
  'InvalidVpcID.NotFound': { prefix: 'vpc', code: 'InvalidVpcID.Malformed' },
  'InvalidSubnetID.NotFound': {
    prefix: 'subnet',
    code: 'InvalidSubnetID.Malformed',
  },
  'InvalidGroup.NotFound': { prefix: 'sg', code: 'InvalidGroupId.Malformed' },
  'InvalidLaunchTemplateId.NotFound': {
    prefix: 'lt',
    code: 'InvalidLaunchTemplateId.Malformed',
  },
  'InvalidInstanceID.NotFound': {
    prefix: 'i',
    code: 'InvalidInstanceID.Malformed',
  },
  'InvalidVolume.NotFound': {
    prefix: 'vol',
    code: 'InvalidVolumeID.Malformed',
  },
  'InvalidNetworkInterfaceID.NotFound': {
    prefix: 'eni',
    code: 'InvalidNetworkInterfaceID.Malformed',
  },
};

function checkIdShape(id: string, notFoundCode: string) {
  const shape = MALFORMED_IDS[notFoundCode];
  if (!shape) return;
  if (!new RegExp(`^${shape.prefix}-([0-9a-f]{8}|[0-9a-f]{17})$`).test(id)) {
    throw new AwsError(shape.code, `Invalid id: "${id}"`);
  }
}

export function byIds<T>(
  map: Map<string, T>,
  ids: string[],
  code: string,
  what: string,
): T[] {
  if (ids.length === 0) return [...map.values()];
  return ids.map(id => {
    checkIdShape(id, code);
    const found = map.get(id);
    if (!found)
      throw new AwsError(code, `The ${what} ID '${id}' does not exist`);
    return found;
  });
}

/**
 * One page of an EC2 describe operation with `MaxResults` (5-1000) and
 * `NextToken`, as EC2 pages: a MaxResults out of range is
 * InvalidParameterValue naming maxResults, a token EC2 did not hand out for
 * this operation is InvalidPaginationToken. Without MaxResults the page holds
 * `defaultMax` items (all of them when undefined, as DescribeVpcs and
 * DescribeSubnets answer without it).
 */
export function ec2Page<T>(
  params: QueryParams,
  operation: string,
  items: T[],
  defaultMax?: number,
): { page: T[]; nextToken?: string } {
  const given = str(params, 'MaxResults');
  const maxResults = given === undefined ? defaultMax : Number(given);
  if (
    maxResults !== undefined &&
    (!Number.isInteger(maxResults) || maxResults < 5 || maxResults > 1000)
  ) {
    throw new AwsError(
      'InvalidParameterValue',
      `Value ( ${given} ) for parameter maxResults is invalid. Parameter must be between 5 and 1000.`,
    );
  }
  const token = str(params, 'NextToken');
  let start = 0;
  if (token !== undefined) {
    const text = Buffer.from(token, 'base64').toString('utf8');
    const prefix = `sandbox-ec2:${operation}:`;
    start = text.startsWith(prefix) ? Number(text.slice(prefix.length)) : NaN;
    if (!Number.isInteger(start) || start < 0 || start > items.length) {
      throw new AwsError(
        'InvalidPaginationToken',
        'The specified pagination token is not valid or is expired.',
      );
    }
  }
  const end = maxResults === undefined ? items.length : start + maxResults;
  return {
    page: items.slice(start, end),
    nextToken:
      end < items.length
        ? Buffer.from(`sandbox-ec2:${operation}:${end}`).toString('base64')
        : undefined,
  };
}
