/**
 * AWS publishes its patterns as Java regular expressions (java.util.regex),
 * and its services test a whole value against them (`Pattern.matches`). This
 * translates one into a JavaScript RegExp (unicode mode) with the same meaning:
 * - the match is anchored at both ends, around the whole alternation;
 * - `\p{L}` style classes are kept (JavaScript knows the Unicode general
 *   categories); Java's POSIX names (`\p{Alpha}` ...) become their ASCII sets;
 * - Java's `\s` and `.` are narrower than JavaScript's: `\s` is
 *   [ \t\n\x0B\f\r] and `.` excludes \n, \r, \u0085, \u2028, \u2029;
 * - escaped punctuation Java accepts but unicode-mode JavaScript refuses
 *   (`\:`, `\_`) becomes a hex escape; `\A`, `\z`, `\Z` become `^` / `$`.
 * An unknown escape throws, so a new pattern in a model cannot slip through
 * with another meaning.
 */

const POSIX: Record<string, string> = {
  Lower: 'a-z',
  Upper: 'A-Z',
  ASCII: '\\x00-\\x7F',
  Alpha: 'A-Za-z',
  Digit: '0-9',
  Alnum: 'A-Za-z0-9',
  Punct: '!-\\/:-@\\[-`{-~',
  Graph: '!-~',
  Print: ' -~',
  Blank: ' \\t',
  Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F',
  Space: ' \\t\\n\\x0B\\f\\r',
};

const JAVA_SPACE = ' \\t\\n\\x0B\\f\\r';
const SYNTAX = '^$\\.*+?()[]{}|/';

function hex(ch: string) {
  const code = ch.codePointAt(0)!;
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u{${code.toString(16)}}`;
}

/** The JavaScript source of a Java pattern (not anchored). */
export function javaPatternSource(pattern: string): string {
  let out = '';
  let inClass = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const n = pattern[++i];
      if (n === undefined) throw new Error(`dangling \\ in ${pattern}`);
      if (n === 'p' || n === 'P') {
        const end = pattern.indexOf('}', i);
        const name = pattern.slice(i + 2, end);
        i = end;
        const posix = POSIX[name.replace(/^Is/, '')];
        if (posix) {
          if (n === 'P') out += inClass ? posix : `[^${posix}]`;
          else out += inClass ? posix : `[${posix}]`;
          if (n === 'P' && inClass)
            throw new Error(`\\P{${name}} inside a class in ${pattern}`);
        } else if (/^(Is)?[A-Z][a-z]?$/.test(name) || /^Is[A-Z]/.test(name)) {
          out += `\\${n}{${name.replace(/^Is/, '')}}`;
        } else {
          throw new Error(`unknown class \\${n}{${name}} in ${pattern}`);
        }
      } else if (n === 's') {
        out += inClass ? JAVA_SPACE : `[${JAVA_SPACE}]`;
      } else if (n === 'S') {
        if (inClass) throw new Error(`\\S inside a class in ${pattern}`);
        out += `[^${JAVA_SPACE}]`;
      } else if (n === 'A') {
        out += '^';
      } else if (n === 'z' || n === 'Z') {
        out += '$';
      } else if (n === 'u') {
        out += `\\u${pattern.slice(i + 1, i + 5)}`;
        i += 4;
      } else if (n === 'x') {
        out += `\\x${pattern.slice(i + 1, i + 3)}`;
        i += 2;
      } else if ('dDwWbBtnrf'.includes(n)) {
        out += `\\${n}`;
      } else if (/[0-9A-Za-z]/.test(n)) {
        throw new Error(`unknown escape \\${n} in ${pattern}`);
      } else if (SYNTAX.includes(n) || (n === '-' && inClass)) {
        out += `\\${n}`;
      } else {
        out += hex(n);
      }
      continue;
    }
    if (c === '[') {
      if (inClass) throw new Error(`nested class (Java union) in ${pattern}`);
      inClass = 1;
      out += c;
      if (pattern[i + 1] === '^') out += pattern[++i];
      // a `]` first in a Java class is a literal
      if (pattern[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === ']' && inClass) {
      inClass = 0;
      out += c;
      continue;
    }
    if (inClass && c === '&' && pattern[i + 1] === '&')
      throw new Error(`class intersection in ${pattern}`);
    if (!inClass && c === '.') {
      out += '[^\\n\\r\\u0085\\u2028\\u2029]';
      continue;
    }
    if (inClass && '/{}()|'.includes(c)) {
      out += `\\${c}`;
      continue;
    }
    out += c;
  }
  return out;
}

const cache = new Map<string, RegExp>();

/** A RegExp that matches a whole value exactly when Java's `Pattern.matches` would. */
export function javaRegex(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    re = new RegExp(`^(?:${javaPatternSource(pattern)})$`, 'u');
    cache.set(pattern, re);
  }
  return re;
}
