import { WarningPanel } from '@backstage/core-components';
import { SectionError as SectionErrorData } from '@backstage-eks/plugin-eks-common';

/** Stands in for a section of the health document whose source failed. */
export function SectionError(props: {
  title: string;
  error: SectionErrorData;
}) {
  const { title, error } = props;
  return (
    <WarningPanel
      severity="error"
      title={`${title} could not be loaded`}
      message={`${error.source}: ${error.message}`}
    />
  );
}
