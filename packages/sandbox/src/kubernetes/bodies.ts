import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { badRequest, unsupportedMediaType } from './status.ts';

/** The media types the sandbox decodes create and update bodies from. */
export const BODY_MEDIA_TYPES = ['application/json', 'application/yaml'];

function mediaTypeOf(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? 'application/json')
    .split(';')[0]
    .trim()
    .toLowerCase();
}

/**
 * The body of a create or update as JSON. JSON and YAML are decoded, as the
 * apiserver does; anything else (notably `application/vnd.kubernetes.protobuf`,
 * which the sandbox cannot decode) is a 415 naming the accepted types, the
 * answer the apiserver gives for a body in a format it does not serve.
 */
export function bodyAsJson(req: IncomingMessage, body: Buffer): Buffer {
  const mediaType = mediaTypeOf(req);
  if (mediaType === 'application/json' || body.length === 0) return body;
  if (mediaType === 'application/yaml') {
    try {
      return Buffer.from(JSON.stringify(parseYaml(body.toString('utf8'))));
    } catch (e) {
      throw badRequest(
        `error converting YAML to JSON: ${(e as Error).message}`,
      );
    }
  }
  throw unsupportedMediaType(BODY_MEDIA_TYPES);
}
