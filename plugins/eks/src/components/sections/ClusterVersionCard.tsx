import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
  WarningPanel,
} from '@backstage/core-components';
import { Box, Button, LinearProgress, Typography } from '@material-ui/core';
import { Link as RouterLink } from 'react-router-dom';
import {
  ClusterRollbackWindow,
  ClusterTemplateValues,
  ClusterUpgradeSummary,
  ClusterVersionUpdate,
  NodegroupVersionUpdate,
  rollbackClusterTemplatePath,
  Section,
  upgradeClusterTemplatePath,
  versionChangeInProgress,
} from '@backstage-eks/plugin-eks-common';
import { PropertyList, RelativeTime, SectionCard } from '../shared';
import { ReadinessFindings, readinessHeadline } from './VersionReadiness';

/** A date as "Jul 29, 2026" (UTC, as EKS states support dates). */
export function formatDate(iso: string | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString('en-US', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
}

const usd = (amount: number) =>
  amount.toLocaleString('en-US', { style: 'currency', currency: 'USD' });

function SupportStatus(props: { upgrade: ClusterUpgradeSummary }) {
  const { support, version, supportType } = props.upgrade;
  if (support.status === 'UNSUPPORTED') {
    return (
      <StatusError>
        {version} is no longer supported by EKS
        {support.endOfExtendedSupport
          ? ` (extended support ended ${formatDate(
              support.endOfExtendedSupport,
            )})`
          : ''}
        : EKS upgrades the cluster to the oldest version it still supports
      </StatusError>
    );
  }
  if (support.standardSupportEnded && supportType === 'STANDARD') {
    return (
      <StatusWarning>
        Standard support ended {formatDate(support.endOfStandardSupport)}: EKS
        upgrades the cluster automatically (STANDARD policy)
      </StatusWarning>
    );
  }
  if (support.inExtendedSupport) {
    return (
      <StatusWarning>
        In extended support since {formatDate(support.endOfStandardSupport)}
      </StatusWarning>
    );
  }
  return <StatusOK>In standard support</StatusOK>;
}

function upgradePolicy(supportType: string | undefined): string {
  if (supportType === 'STANDARD') {
    return 'STANDARD: EKS upgrades the cluster when standard support ends';
  }
  if (supportType === 'EXTENDED') {
    return 'EXTENDED: the cluster enters extended support when standard support ends';
  }
  return '—';
}

function extendedCost(upgrade: ClusterUpgradeSummary): string {
  const cost = `${usd(
    upgrade.extendedSupportMonthlyCostUsd,
  )} per month for this cluster (the full control plane price at the extended rate)`;
  if (upgrade.support.inExtendedSupport) return `${cost}, billed now`;
  if (upgrade.supportType === 'STANDARD') {
    return `${cost}; not billed under the STANDARD policy`;
  }
  return cost;
}

function UpdateStatus(props: { status: string }) {
  switch (props.status) {
    case 'InProgress':
      return <StatusRunning>In progress</StatusRunning>;
    case 'Successful':
      return <StatusOK>Successful</StatusOK>;
    case 'Failed':
      return <StatusError>Failed</StatusError>;
    default:
      return <StatusPending>{props.status}</StatusPending>;
  }
}

function UpdateErrors(props: { errors: ClusterVersionUpdate['errors'] }) {
  if (props.errors.length === 0) return null;
  return (
    <ul>
      {props.errors.map((e, i) => (
        <li key={i}>
          <Typography variant="body2">
            <strong>{e.code}</strong>: {e.message}
            {e.resourceIds.length ? ` (${e.resourceIds.join(', ')})` : ''}
          </Typography>
        </li>
      ))}
    </ul>
  );
}

function LatestUpdate(props: { update: ClusterVersionUpdate }) {
  const { update } = props;
  const kind = update.type === 'VersionRollback' ? 'Rollback' : 'Upgrade';
  return (
    <Box mt={2} data-testid="latest-version-update">
      <Box display="flex" alignItems="center" gridGap={8}>
        <Typography variant="subtitle2">
          {kind} {update.fromVersion ?? '?'} → {update.toVersion ?? '?'}:{' '}
        </Typography>
        <UpdateStatus status={update.status} />
      </Box>
      <Typography variant="body2" color="textSecondary">
        Started <RelativeTime value={update.createdAt} /> (update {update.id})
      </Typography>
      {update.status === 'InProgress' && (
        <LinearProgress aria-label={`${kind} in progress`} />
      )}
      <UpdateErrors errors={update.errors} />
    </Box>
  );
}

function NodegroupUpdates(props: { updates: NodegroupVersionUpdate[] }) {
  if (props.updates.length === 0) return null;
  return (
    <Box mt={2} data-testid="nodegroup-version-updates">
      <Typography variant="subtitle2">
        Node group version updates in progress
      </Typography>
      <ul>
        {props.updates.map(u => (
          <li key={u.id}>
            <Box display="flex" alignItems="center" gridGap={8}>
              <Typography variant="body2">
                {u.nodegroup}: {u.fromVersion ?? '?'} → {u.toVersion ?? '?'},
                started <RelativeTime value={u.createdAt} />:{' '}
              </Typography>
              <UpdateStatus status={u.status} />
            </Box>
            <UpdateErrors errors={u.errors} />
          </li>
        ))}
      </ul>
    </Box>
  );
}

function RollbackWindow(props: {
  window: ClusterRollbackWindow;
  cluster?: ClusterTemplateValues;
  busy: boolean;
}) {
  const { window, cluster, busy } = props;
  return (
    <Box mt={2} data-testid="rollback-window">
      <Typography variant="subtitle2">
        Rollback window: back to {window.toVersion} possible until{' '}
        {formatDate(window.closesAt)} (closes{' '}
        <RelativeTime value={window.closesAt} />)
      </Typography>
      <Typography variant="body2" color="textSecondary">
        EKS allows a rollback within 7 days of an upgrade. Managed node groups
        are rolled back first; add-ons are not rolled back by EKS.
      </Typography>
      {window.readiness && (
        <>
          <Box display="flex" alignItems="center" gridGap={8}>
            <Typography variant="body2">Rollback readiness: </Typography>
            {readinessHeadline(window.readiness)}
          </Box>
          <ReadinessFindings readiness={window.readiness} />
        </>
      )}
      {cluster && (
        <Box mt={1}>
          <Button
            variant="outlined"
            component={RouterLink}
            to={rollbackClusterTemplatePath(cluster)}
            disabled={busy}
          >
            Roll back to {window.toVersion}
          </Button>
        </Box>
      )}
    </Box>
  );
}

function NextVersion(props: {
  upgrade: ClusterUpgradeSummary;
  cluster?: ClusterTemplateValues;
  busy: boolean;
}) {
  const { upgrade, cluster, busy } = props;
  if (!upgrade.nextVersion) {
    return (
      <Typography variant="body2" data-testid="next-version">
        <StatusOK>At the newest version EKS offers</StatusOK>
      </Typography>
    );
  }
  const readiness = upgrade.upgradeReadiness;
  return (
    <Box data-testid="next-version">
      <Typography variant="subtitle2">
        Readiness for {upgrade.nextVersion}
      </Typography>
      <Typography variant="body2" component="div">
        {readiness ? (
          readinessHeadline(readiness)
        ) : (
          <StatusPending>Unknown: the insights could not be read</StatusPending>
        )}
      </Typography>
      {readiness && <ReadinessFindings readiness={readiness} />}
      {cluster && (
        <Box mt={1}>
          <Button
            variant="contained"
            color="primary"
            component={RouterLink}
            to={upgradeClusterTemplatePath({
              ...cluster,
              targetVersion: upgrade.nextVersion,
            })}
            disabled={busy}
          >
            Upgrade to {upgrade.nextVersion}
          </Button>
        </Box>
      )}
    </Box>
  );
}

/**
 * The cluster's Kubernetes version: its support dates and status, what
 * extended support costs, the upgrade policy, readiness for the next
 * version with an Upgrade button (the upgrade template, prefilled), the
 * latest version update or rollback with its progress and errors, node
 * group version updates in progress, and the rollback window while open.
 * `cluster` names the cluster for the template links (none without it).
 */
export function ClusterVersionCard(props: {
  section: Section<ClusterUpgradeSummary>;
  cluster?: ClusterTemplateValues;
}) {
  return (
    <SectionCard title="Version and upgrades" section={props.section}>
      {upgrade => {
        const busy = versionChangeInProgress(upgrade);
        return (
          <>
            <PropertyList
              rows={[
                ['Kubernetes version', upgrade.version],
                ['Support', <SupportStatus upgrade={upgrade} />],
                [
                  'Standard support until',
                  formatDate(upgrade.support.endOfStandardSupport),
                ],
                [
                  'Extended support until',
                  formatDate(upgrade.support.endOfExtendedSupport),
                ],
                ['Extended support cost', extendedCost(upgrade)],
                ['Upgrade policy', upgradePolicy(upgrade.supportType)],
              ]}
            />
            <Box mt={2}>
              <NextVersion
                upgrade={upgrade}
                cluster={props.cluster}
                busy={busy}
              />
            </Box>
            {upgrade.latestUpdate && (
              <LatestUpdate update={upgrade.latestUpdate} />
            )}
            <NodegroupUpdates updates={upgrade.nodegroupUpdates} />
            {upgrade.rollbackWindow && (
              <RollbackWindow
                window={upgrade.rollbackWindow}
                cluster={props.cluster}
                busy={busy}
              />
            )}
            {upgrade.updatesError && (
              <Box mt={2}>
                <WarningPanel
                  severity="warning"
                  title="Version updates could not be read"
                  message={`${upgrade.updatesError.source}: ${upgrade.updatesError.message}`}
                />
              </Box>
            )}
          </>
        );
      }}
    </SectionCard>
  );
}

/** The cluster the template links are for, from its health document. */
export function clusterOfHealth(health: {
  cluster: Section<{ name: string; region: string; accountId: string }>;
}): ClusterTemplateValues | undefined {
  const cluster = health.cluster.data;
  return cluster
    ? {
        clusterName: cluster.name,
        region: cluster.region,
        accountId: cluster.accountId,
      }
    : undefined;
}
