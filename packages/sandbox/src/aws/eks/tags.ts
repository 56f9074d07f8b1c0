import { AwsError } from '../AwsError';
import type { AwsContext } from '../context';
import { EksRequest, tagsOf } from './request';

/*
 * The tagging operations answer with their own two errors
 * (https://docs.aws.amazon.com/eks/latest/APIReference/API_TagResource.html):
 * BadRequestException (400) for a bad ARN or tags and NotFoundException
 * (404) for a resource that does not exist, not the InvalidParameterException
 * and ResourceNotFoundException of the other EKS operations.
 */

function requireTaggable(ctx: AwsContext, arn: string) {
  if (!/^arn:aws[a-z-]*:eks:/.test(arn)) {
    throw new AwsError(
      'BadRequestException',
      `resourceArn: ${arn} is not an EKS resource ARN`,
    );
  }
  const resource = ctx.regional.eks.taggable(arn);
  if (!resource) {
    throw new AwsError(
      'NotFoundException',
      `No resource found for ARN: ${arn}`,
      404,
    );
  }
  return resource;
}

export function tagResource(ctx: AwsContext, req: EksRequest) {
  const resource = requireTaggable(ctx, req.pathParams.resourceArn);
  const tags = asBadRequest(() => tagsOf(req.body));
  if (Object.keys({ ...resource.tags, ...tags }).length > 50) {
    throw new AwsError(
      'BadRequestException',
      'tags: at most 50 tags per resource',
    );
  }
  Object.assign(resource.tags, tags);
  ctx.recordWrite({ resourceArn: req.pathParams.resourceArn, tags });
  return {};
}

export function untagResource(ctx: AwsContext, req: EksRequest) {
  const resource = requireTaggable(ctx, req.pathParams.resourceArn);
  const keys = req.query.getAll('tagKeys');
  if (keys.length === 0)
    throw new AwsError('BadRequestException', 'tagKeys is required');
  for (const k of keys) delete resource.tags[k];
  ctx.recordWrite({ resourceArn: req.pathParams.resourceArn, tagKeys: keys });
  return {};
}

export function listTagsForResource(ctx: AwsContext, req: EksRequest) {
  return { tags: { ...requireTaggable(ctx, req.pathParams.resourceArn).tags } };
}

/** The tag checks shared with the create operations, as a BadRequestException. */
function asBadRequest<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof AwsError) {
      throw new AwsError('BadRequestException', error.message);
    }
    throw error;
  }
}
