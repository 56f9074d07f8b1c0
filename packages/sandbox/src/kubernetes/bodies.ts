import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import {
  MalformedProtobuf,
  ProtobufNotDecoded,
  decodeProtobufBody,
} from './protobuf/decode.ts';
import { badRequest, unsupportedMediaType } from './status.ts';

/**
 * The media types every create and update body may come in, as the API
 * server lists them for a kind it has no protobuf for (a custom resource).
 */
export const BODY_MEDIA_TYPES = ['application/json', 'application/yaml'];

const PROTOBUF = 'application/vnd.kubernetes.protobuf';

function mediaTypeOf(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? 'application/json')
    .split(';')[0]
    .trim()
    .toLowerCase();
}

/**
 * The body of a create or update as JSON. JSON and YAML are decoded, as the
 * apiserver does, and protobuf (what `kubectl create <generator>` sends) for
 * the kinds in protobuf/decode.ts's PROTOBUF_KINDS. Any other body is a 415
 * naming the accepted types: the apiserver's answer for a body in a format
 * it does not serve, as for protobuf of a custom resource.
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
  if (mediaType === PROTOBUF) {
    try {
      return Buffer.from(JSON.stringify(decodeProtobufBody(body)));
    } catch (e) {
      if (e instanceof MalformedProtobuf) throw badRequest(e.message);
      if (!(e instanceof ProtobufNotDecoded)) throw e;
    }
  }
  throw unsupportedMediaType(BODY_MEDIA_TYPES);
}
