/**
 * The items of every page an AWS SDK paginator (`paginateListAddons`, ...)
 * gives, in order.
 */
export async function collectPages<P, T>(
  pages: AsyncIterable<P>,
  items: (page: P) => T[] | undefined,
): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...(items(page) ?? []));
  return out;
}
