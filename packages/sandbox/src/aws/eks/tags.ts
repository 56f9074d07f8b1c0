import { AwsError } from '../AwsError';
import type { AwsContext } from '../context';
import { EksRequest, notFound, tagsOf } from './request';

function requireTaggable(ctx: AwsContext, arn: string) {
  if (!/^arn:aws[a-z-]*:eks:/.test(arn)) {
    throw new AwsError(
      'BadRequestException',
      `resourceArn: ${arn} is not an EKS resource ARN`,
    );
  }
  const resource = ctx.regional.eks.taggable(arn);
  if (!resource) throw notFound(`No resource found for ARN: ${arn}`);
  return resource;
}

export function tagResource(ctx: AwsContext, req: EksRequest) {
  const resource = requireTaggable(ctx, req.pathParams.resourceArn);
  const tags = tagsOf(req.body);
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
