import { WarningPanel } from '@backstage/core-components';
import { Typography } from '@material-ui/core';
import { SectionError as SectionErrorData } from '@backstage-eks/plugin-eks-common';
import { useIsExplained } from './ExplainedErrors';

/**
 * Stands in for a section of the health document whose source failed: a
 * red error of its own, or a quiet note when the verdict at the top of the
 * page already explains it.
 */
export function SectionError(props: {
  title: string;
  error: SectionErrorData;
}) {
  const { title, error } = props;
  const explained = useIsExplained(error);
  if (explained) {
    return (
      <Typography variant="body2" color="textSecondary">
        {title}: not available, see the verdict at the top of the page.
      </Typography>
    );
  }
  return (
    <WarningPanel
      severity="error"
      title={`${title} could not be loaded`}
      message={`${error.source}: ${error.message}`}
    />
  );
}
