import { XMLBuilder } from 'fast-xml-parser';

/** Values the XML encoder understands. */
export type XmlValue =
  | string
  | number
  | boolean
  | Date
  | undefined
  | null
  | XmlValue[]
  | { [key: string]: XmlValue };

/** A tree fast-xml-parser's builder writes: elements, their text, `@_` attributes. */
type XmlNode = string | { [name: string]: XmlNode | XmlNode[] };

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
});

/**
 * The element tree of `value`: lists become wrapped lists whose entries are
 * named `listItem` (`member` for IAM/STS/ELBv2, `item` for EC2), dates ISO
 * 8601, undefined and null fields are left out.
 */
function xmlNode(value: XmlValue, listItem: string): XmlNode | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value))
    return {
      [listItem]: value
        .map(v => xmlNode(v, listItem))
        .filter((v): v is XmlNode => v !== undefined),
    };
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return fieldsNode(value, listItem);
  return String(value);
}

function fieldsNode(
  body: Record<string, XmlValue>,
  listItem: string,
): { [name: string]: XmlNode } {
  const out: { [name: string]: XmlNode } = {};
  for (const [k, v] of Object.entries(body)) {
    const n = xmlNode(v, listItem);
    if (n !== undefined) out[k] = n;
  }
  return out;
}

/** Writes an element tree (attributes as `@_name` keys) as XML. */
export function buildXml(tree: Record<string, unknown>): string {
  return builder.build(tree);
}

/** The element trees of the fields of `body`, one after another. */
export function fieldsToXmlNode(
  body: Record<string, XmlValue>,
  listItem: string,
): { [name: string]: XmlNode } {
  return fieldsNode(body, listItem);
}
