import Box from '@material-ui/core/Box';
import { DefaultTemplateOutputs } from '@backstage/plugin-scaffolder-react/alpha';
import { useParams } from 'react-router-dom';
import { EksAddonResults } from './EksAddonResults';
import { EksTaskProgress } from './EksTaskProgress';
import type { TaskOutput } from './taskOutput';

/**
 * The task page's outputs for the EKS templates: while the task runs and
 * after, the named steps of its EKS actions as they pass, with elapsed time
 * (`EksTaskProgress`); once it completes, the add-ons it installed
 * with their status and issues (the output's `addons`), then the template's
 * links and text as the scaffolder shows them. It sits under the task
 * page's `:taskId` route and reads the task's log from there.
 *
 * @public
 */
export function EksTemplateOutputs(props: { output?: TaskOutput }) {
  const { taskId } = useParams();
  return (
    <>
      {taskId ? (
        <Box paddingBottom={2}>
          <EksTaskProgress taskId={taskId} />
        </Box>
      ) : null}
      {props.output ? (
        <Box paddingBottom={2}>
          <EksAddonResults output={props.output} />
        </Box>
      ) : null}
      <DefaultTemplateOutputs output={props.output} />
    </>
  );
}
