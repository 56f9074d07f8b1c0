import { formatRelativeTime } from '../../lib/relativeTime';

/** A timestamp shown relative to now, with the exact time on hover. */
export function RelativeTime(props: { value?: string }) {
  const { value } = props;
  if (!value) {
    return <>—</>;
  }
  const relative = formatRelativeTime(value);
  return (
    <time dateTime={value} title={new Date(value).toISOString()}>
      {relative ?? value}
    </time>
  );
}
