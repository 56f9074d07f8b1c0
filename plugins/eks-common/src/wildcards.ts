/**
 * Whether `text` matches an AWS wildcard pattern: `*` any run of
 * characters (none included), `?` one character, everything else itself.
 * The rule of IAM actions (`ec2:Describe*`, compared case-insensitively,
 * as IAM does) and of Fargate profile selectors' namespaces (`team-*`,
 * case-sensitive).
 *
 * @public
 */
export function wildcardMatches(
  pattern: string,
  text: string,
  options: { ignoreCase?: boolean } = {},
): boolean {
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    options.ignoreCase ? 'i' : '',
  );
  return regex.test(text);
}
