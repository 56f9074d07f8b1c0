import { createContext, ReactNode, useContext } from 'react';
import {
  ClusterHealth,
  CLUSTER_HEALTH_SECTION_TITLES,
  ClusterHealthSectionKey,
  SectionError as SectionErrorData,
} from '@backstage-eks/plugin-eks-common';

const ExplainedErrorsContext = createContext<ReadonlySet<SectionErrorData>>(
  new Set(),
);

/**
 * The section errors the verdict already explains (the cluster is gone, its
 * Kubernetes API cannot be reached): the sections say so quietly instead of
 * each showing a red error.
 */
export function ExplainedErrorsProvider(props: {
  health: ClusterHealth;
  children: ReactNode;
}) {
  const { health } = props;
  const unexplained = new Set<ClusterHealthSectionKey>(
    health.verdict.unloadedSections,
  );
  const explained = new Set<SectionErrorData>();
  for (const key of Object.keys(
    CLUSTER_HEALTH_SECTION_TITLES,
  ) as ClusterHealthSectionKey[]) {
    const error = health[key].error;
    if (error && !unexplained.has(key)) explained.add(error);
  }
  return (
    <ExplainedErrorsContext.Provider value={explained}>
      {props.children}
    </ExplainedErrorsContext.Provider>
  );
}

/** Whether the verdict already explains this section error. */
export function useIsExplained(error: SectionErrorData): boolean {
  return useContext(ExplainedErrorsContext).has(error);
}
