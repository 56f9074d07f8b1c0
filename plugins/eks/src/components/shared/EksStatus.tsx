import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';

const OK = new Set(['ACTIVE', 'PASSING', 'READY']);
const ERROR = new Set([
  'FAILED',
  'CREATE_FAILED',
  'DELETE_FAILED',
  'UPDATE_FAILED',
  'ERROR',
  'NOT_READY',
  // Broken now (an add-on or node group EKS cannot keep healthy).
  'DEGRADED',
]);
const WARNING = new Set(['WARNING']);
const PENDING = new Set(['CREATING', 'UPDATING', 'DELETING', 'PENDING']);

/** The kind of status icon an EKS or Kubernetes status string gets. */
export type StatusKind = 'ok' | 'error' | 'warning' | 'pending' | 'unknown';

/** Classifies an EKS status (cluster, add-on, node group, insight). */
export function statusKind(status: string): StatusKind {
  const normalized = status.toUpperCase();
  if (OK.has(normalized)) return 'ok';
  if (ERROR.has(normalized)) return 'error';
  if (WARNING.has(normalized)) return 'warning';
  if (PENDING.has(normalized)) return 'pending';
  return 'unknown';
}

/** A status with the Backstage status icon that matches it. */
export function EksStatus(props: { status: string; label?: string }) {
  const label = props.label ?? props.status;
  switch (statusKind(props.status)) {
    case 'ok':
      return <StatusOK>{label}</StatusOK>;
    case 'error':
      return <StatusError>{label}</StatusError>;
    case 'warning':
      return <StatusWarning>{label}</StatusWarning>;
    case 'pending':
      return <StatusPending>{label}</StatusPending>;
    default:
      return <StatusAborted>{label}</StatusAborted>;
  }
}

/** Ready / Not ready with the matching icon. */
export function ReadyStatus(props: { ready: boolean }) {
  return props.ready ? (
    <StatusOK>Ready</StatusOK>
  ) : (
    <StatusError>Not ready</StatusError>
  );
}
