import type { Diagnostic } from '@backstage-eks/plugin-eks-common';
import type { ClusterObservations } from '../types';

/** A check: a pure function from what was observed to findings. @public */
export type DiagnosticCheck = (
  observations: ClusterObservations,
) => Diagnostic[];
