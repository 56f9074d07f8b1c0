import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import {
  CLUSTER_VERDICT_LABELS,
  ClusterVerdict,
} from '@backstage-eks/plugin-eks-common';

/** The verdict's label and headline, with the status icon of its kind. */
export function VerdictStatus(props: { verdict: ClusterVerdict }) {
  const { verdict } = props;
  const text = `${CLUSTER_VERDICT_LABELS[verdict.kind] ?? verdict.kind}: ${
    verdict.headline
  }`;
  switch (verdict.kind) {
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
