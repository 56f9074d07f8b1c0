import {
  Chip,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
  makeStyles,
} from '@material-ui/core';
import {
  Link,
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import { ReactNode } from 'react';
import {
  KarpenterSummary,
  karpenterVersionStanding,
  runsOwnKarpenter,
  Section,
  setupKarpenterTemplatePath,
} from '@backstage-eks/plugin-eks-common';
import {
  PropertyList,
  ReadyStatus,
  RelativeTime,
  SectionCard,
} from '../shared';

const useStyles = makeStyles(theme => ({
  table: {
    '& th, & td': { whiteSpace: 'nowrap' },
    '& td.wrap': { whiteSpace: 'normal' },
  },
  heading: { marginTop: theme.spacing(2) },
}));

function limitsAndUsage(
  limits: Record<string, string>,
  usage: Record<string, string>,
): string {
  const resources = [
    ...new Set([...Object.keys(limits), ...Object.keys(usage)]),
  ].sort();
  if (resources.length === 0) {
    return 'no limits';
  }
  return resources
    .map(r => `${r}: ${usage[r] ?? '0'} of ${limits[r] ?? 'unlimited'}`)
    .join(', ');
}

function Controller(props: { karpenter: KarpenterSummary }) {
  const { controller } = props.karpenter;
  if (!controller) {
    return <>—</>;
  }
  const text = `${controller.ready}/${controller.desired} ready in ${controller.namespace}`;
  return controller.ready >= controller.desired && controller.desired > 0 ? (
    <StatusOK>{text}</StatusOK>
  ) : (
    <StatusError>{text}</StatusError>
  );
}

/** Where the card's "Upgrade" links go: the Set up Karpenter template, prefilled. */
export interface KarpenterUpgradeTarget {
  cluster: string;
  region: string;
  accountId?: string;
}

/**
 * The installed version, judged against the cluster's Kubernetes version
 * (Karpenter's compatibility matrix) and the latest supported release,
 * with a link to upgrade through the Set up Karpenter template.
 */
function KarpenterVersion(props: {
  version?: string;
  kubernetesVersion?: string;
  upgrade?: KarpenterUpgradeTarget;
}) {
  const { version, kubernetesVersion, upgrade } = props;
  if (!version) return <>unknown</>;
  const standing = karpenterVersionStanding(version, kubernetesVersion);
  const latest = standing.behindLatest?.latest;
  const link =
    upgrade && latest ? (
      <>
        {' '}
        <Link
          to={setupKarpenterTemplatePath({ ...upgrade, chartVersion: latest })}
        >
          Upgrade to {latest}
        </Link>
      </>
    ) : null;
  if (standing.tooOldForKubernetes) {
    const { minimum } = standing.tooOldForKubernetes;
    return (
      <span data-testid="karpenter-version">
        <StatusError>
          {version}: too old for Kubernetes {kubernetesVersion} (needs {minimum}{' '}
          or later)
        </StatusError>
        {link}
      </span>
    );
  }
  if (latest) {
    return (
      <span data-testid="karpenter-version">
        <StatusWarning>
          {version}: older than the latest supported release {latest}
        </StatusWarning>
        {link}
      </span>
    );
  }
  return (
    <span data-testid="karpenter-version">
      <StatusOK>{version}</StatusOK>
    </span>
  );
}

function InterruptionQueue(props: { karpenter: KarpenterSummary }) {
  const queue = props.karpenter.interruptionQueue;
  if (!queue) {
    return <StatusWarning>Not configured</StatusWarning>;
  }
  if (!queue.exists) {
    return <StatusError>{queue.name} does not exist</StatusError>;
  }
  return (
    <>
      {queue.name}, {queue.approximateMessages ?? '?'} messages waiting
    </>
  );
}

function Rules(props: { karpenter: KarpenterSummary }) {
  const rules = props.karpenter.interruptionQueue?.rules ?? [];
  if (rules.length === 0) {
    return <>—</>;
  }
  return (
    <>
      {rules.map(rule => (
        <Chip
          key={rule.kind}
          size="small"
          variant={rule.present ? 'default' : 'outlined'}
          color={rule.present ? 'primary' : 'secondary'}
          label={`${rule.kind}: ${rule.present ? 'present' : 'missing'}`}
          title={rule.name}
        />
      ))}
    </>
  );
}

function NodePools(props: { karpenter: KarpenterSummary }) {
  const { nodePools } = props.karpenter;
  const classes = useStyles();
  if (nodePools.length === 0) {
    return (
      <Typography variant="body2">
        No NodePools: Karpenter will not create nodes.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="NodePools" className={classes.table}>
      <TableHead>
        <TableRow>
          <TableCell>NodePool</TableCell>
          <TableCell>NodeClass</TableCell>
          <TableCell>Ready</TableCell>
          <TableCell>Nodes</TableCell>
          <TableCell>Usage / limits</TableCell>
          <TableCell>Zones</TableCell>
          <TableCell>Capacity</TableCell>
          <TableCell>Consolidation</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {nodePools.map(pool => (
          <TableRow key={pool.name}>
            <TableCell>{pool.name}</TableCell>
            <TableCell>{pool.nodeClassRef ?? '—'}</TableCell>
            <TableCell>
              <ReadyStatus ready={pool.ready} />
            </TableCell>
            <TableCell>{pool.nodes}</TableCell>
            <TableCell className="wrap">
              {limitsAndUsage(pool.limits, pool.usage)}
            </TableCell>
            <TableCell className="wrap">
              {pool.zones.join(', ') || 'any'}
            </TableCell>
            <TableCell>{pool.capacityTypes.join(', ') || 'any'}</TableCell>
            <TableCell>{pool.consolidationPolicy ?? '—'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function NodeClaims(props: { karpenter: KarpenterSummary }) {
  const { nodeClaims } = props.karpenter;
  const classes = useStyles();
  if (nodeClaims.length === 0) {
    return <Typography variant="body2">No NodeClaims.</Typography>;
  }
  return (
    <Table size="small" aria-label="NodeClaims" className={classes.table}>
      <TableHead>
        <TableRow>
          <TableCell>NodeClaim</TableCell>
          <TableCell>Ready</TableCell>
          <TableCell>NodePool</TableCell>
          <TableCell>Node</TableCell>
          <TableCell>Instance</TableCell>
          <TableCell>Zone</TableCell>
          <TableCell>Created</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {nodeClaims.map(claim => (
          <TableRow key={claim.name}>
            <TableCell>{claim.name}</TableCell>
            <TableCell>
              <ReadyStatus ready={claim.ready} />
            </TableCell>
            <TableCell>{claim.nodePool ?? '—'}</TableCell>
            <TableCell>{claim.nodeName ?? '—'}</TableCell>
            <TableCell>
              {[claim.instanceType, claim.capacityType]
                .filter(Boolean)
                .join(', ') || '—'}
            </TableCell>
            <TableCell>{claim.zone ?? '—'}</TableCell>
            <TableCell>
              <RelativeTime value={claim.createdAt} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * The card's facts. With Auto Mode alone there is no controller, version or
 * interruption queue of the cluster's own to show.
 */
function karpenterRows(
  karpenter: KarpenterSummary,
  cluster: { kubernetesVersion?: string; upgrade?: KarpenterUpgradeTarget },
): [string, ReactNode][] {
  const pendingPods: [string, ReactNode] = [
    'Pending pods',
    karpenter.pendingPods > 0 ? (
      <StatusWarning>{karpenter.pendingPods}</StatusWarning>
    ) : (
      '0'
    ),
  ];
  if (!runsOwnKarpenter(karpenter)) {
    return [['Run by', 'EKS Auto Mode'], pendingPods];
  }
  return [
    ...(karpenter.runBy === 'eks-auto-mode'
      ? [['Run by', 'EKS Auto Mode and a Helm install'] as [string, ReactNode]]
      : []),
    [
      'Version',
      <KarpenterVersion
        version={karpenter.version}
        kubernetesVersion={cluster.kubernetesVersion}
        upgrade={cluster.upgrade}
      />,
    ],
    ['Controller', <Controller karpenter={karpenter} />],
    pendingPods,
    ['Interruption queue', <InterruptionQueue karpenter={karpenter} />],
    ['Interruption rules', <Rules karpenter={karpenter} />],
  ];
}

/**
 * Karpenter: version (too old for the cluster's Kubernetes, or behind the
 * latest supported release, with an upgrade link), controller, interruption
 * handling, NodePools and NodeClaims.
 */
export function KarpenterCard(props: {
  section: Section<KarpenterSummary>;
  /** The cluster's Kubernetes version, to judge Karpenter's against. */
  kubernetesVersion?: string;
  /** The cluster, for the upgrade link. */
  upgrade?: KarpenterUpgradeTarget;
}) {
  const classes = useStyles();
  return (
    <SectionCard title="Karpenter" section={props.section}>
      {karpenter =>
        karpenter.installed ? (
          <>
            {karpenter.runBy === 'eks-auto-mode' && (
              <Typography variant="body2" data-testid="karpenter-auto-mode">
                EKS Auto Mode runs Karpenter for this cluster: its controller
                runs outside the cluster and AWS handles Spot and maintenance
                interruptions. The NodePools below are Auto Mode's (the built-in
                general-purpose and system pools use the NodeClass
                &quot;default&quot;).
              </Typography>
            )}
            <PropertyList
              rows={karpenterRows(karpenter, {
                kubernetesVersion: props.kubernetesVersion,
                upgrade: props.upgrade,
              })}
            />
            <Typography variant="h6" component="h3" className={classes.heading}>
              NodePools
            </Typography>
            <NodePools karpenter={karpenter} />
            <Typography variant="h6" component="h3" className={classes.heading}>
              NodeClaims
            </Typography>
            <NodeClaims karpenter={karpenter} />
          </>
        ) : (
          <Typography variant="body2">
            Karpenter is not installed on this cluster.
          </Typography>
        )
      }
    </SectionCard>
  );
}
