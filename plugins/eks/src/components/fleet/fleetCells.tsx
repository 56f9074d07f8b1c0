import { Typography } from '@material-ui/core';
import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  CLUSTER_VERDICT_LABELS,
  fleetRowAgeSeconds,
  type ClusterVerdictKind,
  type FleetAddon,
  type FleetClusterRow,
} from '@backstage-eks/plugin-eks-common';
import { formatRelativeTime } from '../../lib/relativeTime';

const usd = (value: number) => `$${value.toFixed(2)}`;
const day = (iso?: string) => iso?.slice(0, 10);

/** The cluster's name, linked to its entity when it has one. */
export function ClusterName(props: { row: FleetClusterRow }) {
  const { row } = props;
  return (
    <>
      {row.entityRef ? (
        <EntityRefLink entityRef={row.entityRef} title={row.name} />
      ) : (
        <span>{row.name}</span>
      )}
      {row.status && row.status !== 'ACTIVE' ? (
        <Typography variant="caption" display="block">
          {row.status}
        </Typography>
      ) : null}
    </>
  );
}

/** The Kubernetes version and platform version. */
export function VersionCell(props: { row: FleetClusterRow }) {
  const { row } = props;
  return (
    <>
      {row.version || '—'}
      {row.platformVersion ? (
        <Typography variant="caption" display="block" color="textSecondary">
          {row.platformVersion}
        </Typography>
      ) : null}
    </>
  );
}

/** Support: standard and extended end dates, the extended price. */
export function supportText(row: FleetClusterRow): string[] {
  const { support } = row;
  const lines: string[] = [];
  if (support.extendedSupportEnded) {
    lines.push('Extended support ended');
  } else if (support.inExtendedSupport) {
    lines.push(
      `Extended support, ${usd(support.extendedMonthlyCostUsd)}/month`,
    );
  } else if (support.standardSupportEnded) {
    lines.push('Standard support ended');
  }
  if (support.standardUntil) {
    lines.push(`Standard until ${day(support.standardUntil)}`);
  }
  if (support.extendedUntil) {
    lines.push(`Extended until ${day(support.extendedUntil)}`);
  }
  if (
    !support.inExtendedSupport &&
    !support.extendedSupportEnded &&
    support.upgradePolicy !== 'STANDARD'
  ) {
    lines.push(
      `Extended would cost ${usd(support.extendedMonthlyCostUsd)}/month`,
    );
  }
  return lines;
}

/** Lines of text, the first as body text and the rest as captions. */
export function Lines(props: { lines: string[] }) {
  const { lines } = props;
  if (lines.length === 0) return <>—</>;
  return (
    <>
      {lines.map((line, i) => (
        <Typography
          key={i}
          variant={i === 0 ? 'body2' : 'caption'}
          display="block"
          color={i === 0 ? 'textPrimary' : 'textSecondary'}
        >
          {line}
        </Typography>
      ))}
    </>
  );
}

/** Readiness for the next Kubernetes version. */
export function readinessText(row: FleetClusterRow): string {
  if (!row.nextVersion) return 'newest version';
  if (!row.readiness) return `${row.nextVersion}: unknown`;
  const { errors, warnings } = row.readiness;
  if (errors === 0 && warnings === 0) return `${row.nextVersion}: ready`;
  const parts = [];
  if (errors > 0) parts.push(`${errors} error${errors === 1 ? '' : 's'}`);
  if (warnings > 0) {
    parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
  }
  return `${row.nextVersion}: ${parts.join(', ')}`;
}

/** Karpenter's version and whether it is current. */
export function karpenterText(row: FleetClusterRow): string {
  const k = row.karpenter;
  if (!k) return '—';
  const notes = [k.current ? 'current' : `latest ${k.latest}`];
  if (k.supportsNext === false && row.nextVersion) {
    notes.push(`not for ${row.nextVersion}`);
  }
  return `${k.version} (${notes.join('; ')})`;
}

/** The add-ons behind, each with what it is behind. */
export function addonLines(behind: FleetAddon[]): string[] {
  return behind.map(a => {
    const to = [
      a.newestInFleet ? `fleet ${a.newestInFleet}` : undefined,
      a.newestEks ? `EKS ${a.newestEks}` : undefined,
    ]
      .filter(Boolean)
      .join(', ');
    return `${a.name} ${a.version} → ${to}`;
  });
}

/** Diagnostics by severity, in the EKS tab's words ("failing", never "critical"). */
export function diagnosticsText(row: FleetClusterRow): string {
  const { critical, warning, info } = row.diagnostics;
  if (critical + warning + info === 0) return 'none';
  return [
    critical ? `${critical} failing` : undefined,
    warning ? `${warning} warning${warning === 1 ? '' : 's'}` : undefined,
    info ? `${info} note${info === 1 ? '' : 's'}` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
}

/** The health verdict with its status icon. */
export function VerdictCell(props: { verdict: ClusterVerdictKind }) {
  const { verdict } = props;
  const text = CLUSTER_VERDICT_LABELS[verdict] ?? verdict;
  switch (verdict) {
    case 'healthy':
      return <StatusOK>{text}</StatusOK>;
    case 'needs-attention':
      return <StatusWarning>{text}</StatusWarning>;
    case 'failing':
    case 'unreachable':
      return <StatusError>{text}</StatusError>;
    case 'unknown':
      return <StatusPending>{text}</StatusPending>;
    default:
      return <StatusAborted>{text}</StatusAborted>;
  }
}

/** "refreshed 3 minutes ago", and the error of a failed refresh. */
export function RowAge(props: { row: FleetClusterRow; now: Date }) {
  const { row, now } = props;
  const age = fleetRowAgeSeconds(row, now);
  const relative =
    formatRelativeTime(row.refreshedAt, now.getTime()) ?? row.refreshedAt;
  return (
    <>
      <time dateTime={row.refreshedAt} title={row.refreshedAt}>
        {age < 5 ? 'just now' : relative}
      </time>
      {row.error ? (
        <Typography variant="caption" display="block" color="error">
          Refresh failed: {row.error}
        </Typography>
      ) : null}
    </>
  );
}
