import { useEffect, useState } from 'react';
import {
  InfoCard,
  StatusAborted,
  StatusError,
  StatusOK,
  StatusRunning,
} from '@backstage/core-components';
import { useTaskEventStream } from '@backstage/plugin-scaffolder-react';
import { formatElapsed } from '@backstage-eks/plugin-eks-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { NamedStep, namedSteps } from './namedSteps';

/** The current time, ticking every second while `ticking`. */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return undefined;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}

function NamedStepRow(props: { step: NamedStep }) {
  const { step } = props;
  const position = `${step.index}${step.total ? `/${step.total}` : ''}`;
  // a running step's time ticks in whole seconds
  const elapsedMs =
    step.state === 'running' && step.elapsedMs !== undefined
      ? Math.floor(step.elapsedMs / 1000) * 1000
      : step.elapsedMs;
  const elapsed =
    elapsedMs !== undefined ? formatElapsed(elapsedMs) : undefined;
  const label = `${position} ${step.title}`;
  let status;
  switch (step.state) {
    case 'done':
      status = <StatusOK>{label}</StatusOK>;
      break;
    case 'failed':
      status = <StatusError>{label}</StatusError>;
      break;
    case 'running':
      status = <StatusRunning>{label}</StatusRunning>;
      break;
    default:
      status = <StatusAborted>{label}</StatusAborted>;
  }
  let when: string;
  switch (step.state) {
    case 'done':
      when = `done in ${elapsed}`;
      break;
    case 'failed':
      when = `failed after ${elapsed}`;
      break;
    case 'running':
      when = elapsed ? `running for ${elapsed}` : 'running';
      break;
    default:
      when = 'did not finish';
  }
  return (
    <Box
      component="li"
      display="flex"
      justifyContent="space-between"
      alignItems="baseline"
      py={0.5}
      aria-label={`Step ${label}: ${when}`}
    >
      <Box>{status}</Box>
      <Box ml={2} flexShrink={0}>
        <Typography variant="body2" color="textSecondary">
          {when}
        </Typography>
      </Box>
    </Box>
  );
}

/**
 * The named steps of the EKS actions of a task (eks-common's task step
 * lines in each scaffolder step's log) as they pass: done, running (with
 * the time so far, ticking) or failed, each with its elapsed time, under
 * the scaffolder step that runs them. Nothing when no step has logged any.
 */
export function EksTaskProgress(props: { taskId: string }) {
  const stream = useTaskEventStream(props.taskId);
  const scaffolderSteps = stream.task?.spec.steps ?? [];
  const anyRunning = scaffolderSteps.some(
    s => stream.steps[s.id]?.status === 'processing',
  );
  const now = useNow(anyRunning && !stream.completed);
  const sections = scaffolderSteps
    .map(step => {
      const status = stream.completed
        ? finalStatus(stream.steps[step.id]?.status)
        : stream.steps[step.id]?.status;
      return {
        id: step.id,
        name: step.name,
        steps: namedSteps(stream.stepLogs[step.id] ?? [], status, now),
      };
    })
    .filter(section => section.steps.length > 0);
  if (sections.length === 0) return null;
  return (
    <InfoCard title="Progress">
      {sections.map(section => (
        <Box key={section.id} mb={1}>
          {sections.length > 1 || section.name ? (
            <Typography variant="subtitle2" component="h3">
              {section.name || section.id}
            </Typography>
          ) : null}
          <Box component="ol" p={0} m={0} style={{ listStyle: 'none' }}>
            {section.steps.map(step => (
              <NamedStepRow key={step.index} step={step} />
            ))}
          </Box>
        </Box>
      ))}
    </InfoCard>
  );
}

/** Once the task is over, a step still `processing` is over too. */
function finalStatus(status: string | undefined): string | undefined {
  return status === 'processing' ? 'failed' : status;
}
