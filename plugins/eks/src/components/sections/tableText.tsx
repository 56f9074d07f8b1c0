import { CSSProperties, Fragment } from 'react';

/**
 * The cell style of table columns holding words and identifiers. The
 * Backstage theme gives every table cell `word-break: break-word`, which lets
 * a narrow column split any word ("InsufficientNumberOfRep licas"). Here words
 * stay whole (the column is as wide as its longest word, the table scrolls
 * if it must), identifiers wrap at their separators (see {@link Token}), and
 * only a word wider than the whole table breaks.
 */
export const textCell: CSSProperties = {
  wordBreak: 'normal',
  overflowWrap: 'break-word',
};

/** After these characters an identifier may wrap. */
const SEPARATOR = /(?<=[_\-/:.,=@])/;

/**
 * A code-like token (AMI type, instance type, ARN, id) that may wrap after
 * its separators ("_", "-", "/", ":", "." …) and nowhere else:
 * "AL2023_x86_64_STANDARD" wraps as "AL2023_" / "x86_64_STANDARD", never as
 * "AL2023_x86_6" / "4_STANDARD".
 */
export function Token(props: { value: string }) {
  const parts = props.value.split(SEPARATOR);
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </>
  );
}
