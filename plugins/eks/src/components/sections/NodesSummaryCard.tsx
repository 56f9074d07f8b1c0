import { Chip, Typography } from '@material-ui/core';
import { NodesSummary, Section } from '@backstage-eks/plugin-eks-common';
import { StatusError, StatusOK } from '@backstage/core-components';
import { PropertyList, SectionCard } from '../shared';

function managedByLabel(node: NodesSummary['items'][number]): string {
  if (!node.managedBy) {
    return 'unknown';
  }
  return node.managedBy.name
    ? `${node.managedBy.kind} ${node.managedBy.name}`
    : node.managedBy.kind;
}

function countBy(values: string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const value of values) {
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b));
}

function Counts(props: { counts: [string, number][] }) {
  if (props.counts.length === 0) {
    return <>—</>;
  }
  return (
    <>
      {props.counts.map(([label, count]) => (
        <Chip key={label} size="small" label={`${label}: ${count}`} />
      ))}
    </>
  );
}

/** Nodes: ready and not ready, by zone and by what manages them. */
export function NodesSummaryCard(props: { section: Section<NodesSummary> }) {
  return (
    <SectionCard title="Nodes" section={props.section}>
      {nodes => (
        <>
          <Typography variant="h4" component="p">
            {nodes.total} {nodes.total === 1 ? 'node' : 'nodes'}
          </Typography>
          <PropertyList
            rows={[
              ['Ready', <StatusOK>{nodes.ready}</StatusOK>],
              [
                'Not ready',
                nodes.notReady > 0 ? (
                  <StatusError>{nodes.notReady}</StatusError>
                ) : (
                  '0'
                ),
              ],
              [
                'By zone',
                <Counts
                  counts={Object.entries(nodes.byZone).sort(([a], [b]) =>
                    a.localeCompare(b),
                  )}
                />,
              ],
              [
                'Managed by',
                <Counts counts={countBy(nodes.items.map(managedByLabel))} />,
              ],
              [
                'Not ready nodes',
                nodes.items
                  .filter(node => !node.ready)
                  .map(node => node.name)
                  .join(', ') || '—',
              ],
            ]}
          />
        </>
      )}
    </SectionCard>
  );
}
