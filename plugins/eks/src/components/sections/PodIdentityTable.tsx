import { Tooltip, Typography } from '@material-ui/core';
import { TableColumn } from '@backstage/core-components';
import {
  PodIdentityAssociationSummary,
  Section,
} from '@backstage-eks/plugin-eks-common';
import { SectionTable } from '../shared';
import { textCell, Token } from './tableText';

const orDash = (value: string | undefined) =>
  value ? <Token value={value} /> : '—';

/** The actions a session policy allows, in short; its JSON on hover. */
function SessionPolicy(props: { policy?: string }) {
  if (!props.policy) return <>—</>;
  let actions: string[] = [];
  try {
    const statements = ([] as unknown[]).concat(
      JSON.parse(props.policy).Statement ?? [],
    ) as { Effect?: string; Action?: string | string[] }[];
    actions = statements
      .filter(s => s.Effect === 'Allow')
      .flatMap(s => ([] as string[]).concat(s.Action ?? []));
  } catch {
    actions = [];
  }
  return (
    <Tooltip title={props.policy}>
      <span>
        {actions.length ? `limits to ${actions.join(', ')}` : 'set (see JSON)'}
      </span>
    </Tooltip>
  );
}

const columns: TableColumn<PodIdentityAssociationSummary>[] = [
  {
    title: 'Namespace',
    field: 'namespace',
    cellStyle: textCell,
    render: association => <Token value={association.namespace} />,
  },
  {
    title: 'Service account',
    field: 'serviceAccount',
    highlight: true,
    cellStyle: textCell,
    render: association => <Token value={association.serviceAccount} />,
  },
  {
    title: 'IAM role',
    field: 'roleArn',
    cellStyle: textCell,
    render: association => <Token value={association.roleArn} />,
  },
  {
    title: 'Target role',
    field: 'targetRoleArn',
    cellStyle: textCell,
    render: association =>
      association.targetRoleArn ? (
        <>
          <Token value={association.targetRoleArn} />
          {association.externalId && (
            <Typography variant="caption" display="block">
              trust must require sts:ExternalId{' '}
              <Token value={association.externalId} />
            </Typography>
          )}
        </>
      ) : (
        '—'
      ),
  },
  {
    title: 'Session tags',
    field: 'disableSessionTags',
    render: association => (association.disableSessionTags ? 'disabled' : 'on'),
  },
  {
    title: 'Session policy',
    field: 'sessionPolicy',
    cellStyle: textCell,
    render: association => <SessionPolicy policy={association.sessionPolicy} />,
  },
  {
    title: 'Owner',
    field: 'ownerArn',
    cellStyle: textCell,
    render: association => orDash(association.ownerArn),
  },
  {
    title: 'Association',
    field: 'associationId',
    cellStyle: textCell,
    render: association => <Token value={association.associationId} />,
  },
];

/** The cluster's EKS Pod Identity associations. */
export function PodIdentityTable(props: {
  section: Section<PodIdentityAssociationSummary[]>;
}) {
  return (
    <SectionTable
      title="Pod Identity associations"
      section={props.section}
      columns={columns}
      emptyMessage="No Pod Identity associations: workloads get no AWS credentials from EKS Pod Identity."
    />
  );
}
