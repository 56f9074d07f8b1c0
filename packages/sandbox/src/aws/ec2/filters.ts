import { AwsError } from '../AwsError';
import { objList, QueryParams, str, strList } from '../protocols/queryParams';

export interface Filter {
  name: string;
  values: string[];
}

/** Reads `Filter.N.Name` / `Filter.N.Value.M`. */
export function filtersOf(params: QueryParams): Filter[] {
  return objList(params, 'Filter').map((f, i) => {
    const name = str(f, 'Name');
    if (!name)
      throw new AwsError(
        'InvalidParameterValue',
        `Filter.${i + 1}.Name is required`,
      );
    return { name, values: strList(f, 'Value') };
  });
}

function wildcard(pattern: string) {
  return new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
}

/**
 * Refuses an unknown filter name with InvalidParameterValue, as EC2 does,
 * even when there is nothing to filter.
 */
export function checkFilterNames(filters: Filter[], fieldNames: string[]) {
  for (const f of filters) {
    const isTagFilter =
      f.name.startsWith('tag:') ||
      f.name === 'tag-key' ||
      f.name === 'tag-value';
    if (!isTagFilter && !fieldNames.includes(f.name)) {
      throw new AwsError(
        'InvalidParameterValue',
        `The filter '${f.name}' is invalid; supported: ${[
          ...fieldNames,
          'tag:<key>',
          'tag-key',
          'tag-value',
        ].join(', ')}`,
      );
    }
  }
}

/**
 * Whether a resource passes every filter. `fields` gives the values of the
 * resource's filterable fields; `tag:<key>` and `tag-key` work on `tags`.
 * An unknown filter name is InvalidParameterValue, as in EC2.
 */
export function matchesFilters(
  filters: Filter[],
  tags: Record<string, string>,
  fields: Record<string, string | string[] | undefined>,
): boolean {
  checkFilterNames(filters, Object.keys(fields));
  return filters.every(f => {
    let values: string[];
    if (f.name.startsWith('tag:')) {
      const v = tags[f.name.slice(4)];
      values = v === undefined ? [] : [v];
    } else if (f.name === 'tag-key') {
      values = Object.keys(tags);
    } else if (f.name === 'tag-value') {
      values = Object.values(tags);
    } else {
      values = ([] as string[]).concat(fields[f.name] ?? []);
    }
    return f.values.some(p => values.some(v => wildcard(p).test(v)));
  });
}

/** EC2's tagSet. */
export function tagSet(tags: Record<string, string>) {
  const entries = Object.entries(tags);
  return entries.length
    ? entries.map(([key, value]) => ({ key, value }))
    : undefined;
}
