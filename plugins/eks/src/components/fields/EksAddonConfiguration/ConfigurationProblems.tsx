import Alert from '@material-ui/lab/Alert';
import { ConfigurationProblem } from '../../../lib/addonConfiguration';

/** The problems of the current configuration, each naming its key. */
export function ConfigurationProblems(props: {
  problems: ConfigurationProblem[];
}) {
  if (props.problems.length === 0) {
    return null;
  }
  return (
    <Alert severity="error" role="alert">
      <ul style={{ margin: 0, paddingLeft: 16 }}>
        {props.problems.map(problem => (
          <li key={`${problem.path}:${problem.message}`}>{problem.message}</li>
        ))}
      </ul>
    </Alert>
  );
}
