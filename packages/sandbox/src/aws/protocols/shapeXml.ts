import type { ServiceModel, Shape, ShapeRef } from '../models/types';
import { buildXml } from './xml';

/**
 * awsQuery responses of a query-compatible JSON service (SQS), written from
 * the output shapes of its model: members under their query names (xmlName),
 * flattened lists and maps as repeated elements (`<Attribute><Name>..</Name>
 * <Value>..</Value></Attribute>`), wrapped ones under `member` / `entry`.
 */

type XmlNode = string | XmlNode[] | { [name: string]: XmlNode };

function shapeOf(model: ServiceModel, ref: ShapeRef | string): Shape {
  const shape = model.shapes[typeof ref === 'string' ? ref : ref.shape];
  if (!shape) throw new Error(`model has no shape ${JSON.stringify(ref)}`);
  return shape;
}

function scalar(shape: Shape, value: unknown): string {
  if (shape.type === 'timestamp') {
    const date =
      typeof value === 'number'
        ? new Date(value * 1000)
        : new Date(String(value));
    return date.toISOString();
  }
  return String(value);
}

function encode(model: ServiceModel, shape: Shape, value: unknown): XmlNode {
  if (shape.type === 'structure') {
    const out: { [name: string]: XmlNode } = {};
    const v = value as Record<string, unknown>;
    for (const [name, ref] of Object.entries(shape.members ?? {})) {
      if (v[name] === undefined || v[name] === null) continue;
      const wire = ref.xmlName ?? ref.locationName ?? name;
      const member = shapeOf(model, ref);
      const flattened = Boolean(ref.xmlFlattened ?? member.flattened);
      if (member.type === 'list') {
        const items = (v[name] as unknown[]).map(item =>
          encode(model, shapeOf(model, member.member!), item),
        );
        out[wire] = flattened
          ? items
          : { [member.member!.xmlName ?? 'member']: items };
      } else if (member.type === 'map') {
        const keyName = member.key!.xmlName ?? 'key';
        const valueName = member.value!.xmlName ?? 'value';
        const valueShape = shapeOf(model, member.value!);
        const entries = Object.entries(v[name] as Record<string, unknown>).map(
          ([k, x]) => ({
            [keyName]: k,
            [valueName]: encode(model, valueShape, x),
          }),
        );
        out[wire] = flattened ? entries : { entry: entries };
      } else {
        out[wire] = encode(model, member, v[name]);
      }
    }
    return out;
  }
  return scalar(shape, value);
}

/** The awsQuery response of `operation` for `result` (the JSON-shaped output). */
export function queryResponseXml(
  model: ServiceModel,
  operation: string,
  result: Record<string, unknown>,
  xmlns: string,
  requestId: string,
): string {
  const output = model.operations[operation]?.output;
  const body: { [name: string]: XmlNode } = { '@_xmlns': xmlns };
  if (output)
    body[`${operation}Result`] = encode(model, shapeOf(model, output), result);
  body.ResponseMetadata = { RequestId: requestId };
  return `<?xml version="1.0"?>${buildXml({
    [`${operation}Response`]: body,
  })}`;
}

/** An awsQuery error response. */
export function queryErrorXml(
  error: { type: 'Sender' | 'Receiver'; code: string; message: string },
  xmlns: string,
  requestId: string,
): string {
  return `<?xml version="1.0"?>${buildXml({
    ErrorResponse: {
      '@_xmlns': xmlns,
      Error: {
        Type: error.type,
        Code: error.code,
        Message: error.message,
        Detail: '',
      },
      RequestId: requestId,
    },
  })}`;
}
