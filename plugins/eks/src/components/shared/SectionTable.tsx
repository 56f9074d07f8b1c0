import { ReactNode } from 'react';
import { InfoCard, Table, TableColumn } from '@backstage/core-components';
import { Section } from '@backstage-eks/plugin-eks-common';
import { SectionError } from './SectionError';

/**
 * A paged, searchable table over one list section of the health document, or
 * a warning naming the failed source.
 */
export function SectionTable<T extends object>(props: {
  title: string;
  section: Section<T[]>;
  columns: TableColumn<T>[];
  emptyMessage: string;
  pageSize?: number;
  subtitle?: ReactNode;
}) {
  const { title, section, columns, emptyMessage, pageSize = 10 } = props;
  if (section.error) {
    return (
      <InfoCard title={title}>
        <SectionError title={title} error={section.error} />
      </InfoCard>
    );
  }
  // material-table annotates the rows it is given: hand it copies.
  const rows = section.data.map(row => ({ ...row }));
  return (
    <Table<T>
      title={title}
      subtitle={typeof props.subtitle === 'string' ? props.subtitle : undefined}
      columns={columns}
      data={rows}
      options={{
        paging: rows.length > pageSize,
        pageSize,
        pageSizeOptions: [pageSize, 25, 50, 100].filter(
          (size, i, all) => all.indexOf(size) === i,
        ),
        search: rows.length > 5,
        padding: 'dense',
        emptyRowsWhenPaging: false,
      }}
      emptyContent={
        <div style={{ padding: 16, textAlign: 'center' }}>{emptyMessage}</div>
      }
    />
  );
}
