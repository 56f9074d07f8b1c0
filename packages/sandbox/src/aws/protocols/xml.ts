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

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/**
 * Encodes `value` as the element `name`. Lists become wrapped lists whose
 * entries are named `listItem` (`member` for IAM/STS/ELBv2, `item` for EC2);
 * undefined and null fields are left out.
 */
export function toXml(name: string, value: XmlValue, listItem: string): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) {
    return `<${name}>${value
      .map(v => toXml(listItem, v, listItem))
      .join('')}</${name}>`;
  }
  if (value instanceof Date) {
    return `<${name}>${value.toISOString()}</${name}>`;
  }
  if (typeof value === 'object') {
    const inner = Object.entries(value)
      .map(([k, v]) => toXml(k, v, listItem))
      .join('');
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** Encodes the fields of `body` one after another, without a wrapper. */
export function fieldsToXml(
  body: Record<string, XmlValue>,
  listItem: string,
): string {
  return Object.entries(body)
    .map(([k, v]) => toXml(k, v, listItem))
    .join('');
}
