import { AwsError } from '../AwsError';

/** An EKS REST-JSON request after routing. */
export interface EksRequest {
  pathParams: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
}

/** Reads a required string body field; InvalidParameterException naming it otherwise. */
export function requiredString(
  body: Record<string, unknown>,
  field: string,
): string {
  const v = body[field];
  if (typeof v !== 'string' || v.length === 0) {
    throw new AwsError(
      'InvalidParameterException',
      `${field} is required and must be a non-empty string`,
    );
  }
  return v;
}

export function optionalString(
  body: Record<string, unknown>,
  field: string,
): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') {
    throw new AwsError(
      'InvalidParameterException',
      `${field} must be a string`,
    );
  }
  return v;
}

export function optionalObject(
  body: Record<string, unknown>,
  field: string,
): Record<string, unknown> | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) {
    throw new AwsError(
      'InvalidParameterException',
      `${field} must be an object`,
    );
  }
  return v as Record<string, unknown>;
}

export function stringArray(
  body: Record<string, unknown>,
  field: string,
): string[] {
  const v = body[field];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some(x => typeof x !== 'string')) {
    throw new AwsError(
      'InvalidParameterException',
      `${field} must be a list of strings`,
    );
  }
  return v as string[];
}

export function tagsOf(body: Record<string, unknown>): Record<string, string> {
  const tags = optionalObject(body, 'tags') ?? {};
  for (const [k, v] of Object.entries(tags)) {
    if (typeof v !== 'string') {
      throw new AwsError(
        'InvalidParameterException',
        `tags.${k} must be a string`,
      );
    }
    if (k.startsWith('aws:')) {
      throw new AwsError(
        'InvalidParameterException',
        `tags.${k}: the aws: prefix is reserved for AWS use`,
      );
    }
  }
  if (Object.keys(tags).length > 50) {
    throw new AwsError(
      'InvalidParameterException',
      'tags: at most 50 tags per resource',
    );
  }
  return tags as Record<string, string>;
}

/** Paginates a list with EKS's maxResults/nextToken query parameters. */
export function paginate<T>(
  items: T[],
  query: URLSearchParams,
  max = 100,
): { page: T[]; nextToken?: string } {
  const maxResults = query.get('maxResults');
  const size = maxResults ? Number(maxResults) : max;
  if (!Number.isInteger(size) || size < 1 || size > max) {
    throw new AwsError(
      'InvalidParameterException',
      `maxResults must be an integer between 1 and ${max}`,
    );
  }
  const token = query.get('nextToken');
  const start = token
    ? Number(Buffer.from(token, 'base64').toString('utf8'))
    : 0;
  if (!Number.isInteger(start) || start < 0) {
    throw new AwsError('InvalidParameterException', 'nextToken is not valid');
  }
  const page = items.slice(start, start + size);
  const next =
    start + size < items.length
      ? Buffer.from(String(start + size)).toString('base64')
      : undefined;
  return { page, nextToken: next };
}

/** EKS timestamps in REST-JSON: epoch seconds. */
export function epoch(date: Date): number {
  return date.getTime() / 1000;
}

export function notFound(message: string): AwsError {
  return new AwsError('ResourceNotFoundException', message, 404);
}
