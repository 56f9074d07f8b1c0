import { AwsError } from '../AwsError';

/**
 * EventBridge's event pattern grammar, checked as PutRule does: a JSON
 * object whose fields are objects (nested fields) or non-empty arrays of
 * match values; objects in those arrays are content filters. Errors carry
 * EventBridge's reasons and its parser's `[Source: ...; line, column]`
 * suffix (the column just after the token it stopped at).
 */

interface Node {
  kind: 'object' | 'array' | 'string' | 'number' | 'literal';
  /** Offset of the token's first character. */
  start: number;
  /** Offset of the token's last character. */
  end: number;
  members?: { key: string; value: Node }[];
  items?: Node[];
}

const CONTENT_FILTERS = [
  'prefix',
  'suffix',
  'anything-but',
  'numeric',
  'exists',
  'cidr',
  'equals-ignore-case',
  'wildcard',
];

const SOURCE_LIMIT = 500;

function invalid(text: string, reason: string, offset?: number): AwsError {
  let where = '';
  if (offset !== undefined) {
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - (before.lastIndexOf('\n') + 1) + 2;
    const source =
      text.length > SOURCE_LIMIT
        ? `"${text.slice(0, SOURCE_LIMIT)}"[truncated ${
            text.length - SOURCE_LIMIT
          } chars]`
        : `"${text}"`;
    where = ` at [Source: (String)${source}; line: ${line}, column: ${column}]`;
  }
  return new AwsError(
    'InvalidEventPatternException',
    `Event pattern is not valid. Reason: ${reason}${where}`,
  );
}

/** A JSON reader that keeps each value's position (JSON.parse has checked the syntax). */
function read(text: string): Node {
  let i = 0;
  const skip = () => {
    while (/\s/.test(text[i] ?? '')) i++;
  };
  const value = (): Node => {
    skip();
    const start = i;
    const c = text[i];
    if (c === '{') {
      i++;
      const members: { key: string; value: Node }[] = [];
      skip();
      while (text[i] !== '}') {
        skip();
        const keyNode = value();
        const key = JSON.parse(text.slice(keyNode.start, keyNode.end + 1));
        skip();
        i++; // ':'
        members.push({ key, value: value() });
        skip();
        if (text[i] === ',') i++;
        skip();
      }
      return { kind: 'object', start, end: i++, members };
    }
    if (c === '[') {
      i++;
      const items: Node[] = [];
      skip();
      while (text[i] !== ']') {
        items.push(value());
        skip();
        if (text[i] === ',') i++;
        skip();
      }
      return { kind: 'array', start, end: i++, items };
    }
    if (c === '"') {
      i++;
      while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      return { kind: 'string', start, end: i++ };
    }
    while (i < text.length && !/[\s,\]}]/.test(text[i])) i++;
    return {
      kind: /^[-\d]/.test(c ?? '') ? 'number' : 'literal',
      start,
      end: i - 1,
    };
  };
  return value();
}

function checkFields(text: string, node: Node) {
  if (node.members!.length === 0) {
    throw invalid(text, 'Empty objects are not allowed', node.end);
  }
  for (const { key, value } of node.members!) {
    if (value.kind === 'object') {
      checkFields(text, value);
    } else if (value.kind === 'array') {
      checkMatchValues(text, value);
    } else {
      throw invalid(
        text,
        `"${key}" must be an object or an array`,
        value.kind === 'string' ? value.start : value.end,
      );
    }
  }
}

function checkMatchValues(text: string, array: Node) {
  if (array.items!.length === 0) {
    throw invalid(text, 'Empty arrays are not allowed', array.end);
  }
  for (const item of array.items!) {
    if (item.kind === 'array') {
      throw invalid(
        text,
        'Match value must be String, number, true, false, or null',
        item.start,
      );
    }
    if (item.kind === 'object') {
      const [first] = item.members!;
      if (!first) {
        throw invalid(text, 'Empty objects are not allowed', item.end);
      }
      if (!CONTENT_FILTERS.includes(first.key)) {
        throw invalid(
          text,
          `Unrecognized match type ${first.key}`,
          first.value.start,
        );
      }
    }
  }
}

/** Checks an EventPattern; InvalidEventPatternException as PutRule answers. */
export function checkEventPattern(text: string) {
  try {
    JSON.parse(text);
  } catch (e) {
    throw invalid(text, (e as Error).message);
  }
  const root = read(text);
  if (root.kind !== 'object') {
    throw invalid(text, 'Filter is not an object', root.start);
  }
  checkFields(text, root);
}
