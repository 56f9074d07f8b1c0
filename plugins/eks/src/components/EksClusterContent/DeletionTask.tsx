import useAsync from 'react-use/esm/useAsync';
import { Link } from '@backstage/core-components';
import { useApiHolder } from '@backstage/core-plugin-api';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import { Typography } from '@material-ui/core';
import { RelativeTime } from '../shared';

/** The scaffolder action that deletes an EKS cluster. */
const DELETE_ACTION = 'aws:eks:cluster:delete';

/**
 * A step input as the task ran it: a task keeps its template's expressions,
 * so `${{ parameters.x }}` is read from the task's parameters.
 */
function resolved(value: unknown, parameters: Record<string, unknown>) {
  if (typeof value !== 'string') return value;
  const expression = /^\$\{\{\s*parameters\.([A-Za-z0-9_]+)\s*\}\}$/.exec(
    value.trim(),
  );
  return expression ? parameters[expression[1]] : value;
}

/** A task of the portal that deleted the cluster. */
export interface DeletionTask {
  id: string;
  createdAt: string;
  status: string;
  createdBy?: string;
}

/**
 * The newest task of this portal that ran the delete action on the cluster
 * (same name and region), when the scaffolder is there to ask.
 */
export function useDeletionTask(
  clusterName: string,
  region: string,
): DeletionTask | undefined {
  const scaffolderApi = useApiHolder().get(scaffolderApiRef);
  const { value } = useAsync(async () => {
    if (!scaffolderApi) return undefined;
    const { tasks } = await scaffolderApi.listTasks({
      filterByOwnership: 'all',
      limit: 200,
    });
    const match = tasks
      .filter(task =>
        task.spec.steps.some(step => {
          if (step.action !== DELETE_ACTION) return false;
          const parameters = task.spec.parameters ?? {};
          const taskRegion = resolved(step.input?.region, parameters);
          return (
            resolved(step.input?.clusterName, parameters) === clusterName &&
            (taskRegion === undefined || taskRegion === region)
          );
        }),
      )
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
    return match
      ? {
          id: match.id,
          createdAt: match.createdAt,
          status: match.status,
          createdBy: match.spec.user?.ref,
        }
      : undefined;
  }, [scaffolderApi, clusterName, region]);
  return value;
}

/** "Deleted by task …, started … ago, by …", when the portal knows the task. */
export function DeletionTaskNote(props: {
  clusterName: string;
  region: string;
}) {
  const task = useDeletionTask(props.clusterName, props.region);
  if (!task) return null;
  return (
    <Typography variant="body2" data-testid="deletion-task">
      Deleted by the task <Link to={`/create/tasks/${task.id}`}>{task.id}</Link>{' '}
      ({task.status}), started <RelativeTime value={task.createdAt} />
      {task.createdBy ? ` by ${task.createdBy}` : ''}.
    </Typography>
  );
}
