import Alert from '@material-ui/lab/Alert';
import {
  AddonConfigurationProblem,
  formatAddonConfigurationProblem,
} from '@backstage-eks/plugin-eks-common';

/**
 * The problems of the current configuration, each naming the field, its key
 * and the rule, in the words the addon:install action uses.
 */
export function ConfigurationProblems(props: {
  field: string;
  problems: AddonConfigurationProblem[];
}) {
  if (props.problems.length === 0) {
    return null;
  }
  return (
    <Alert severity="error" role="alert">
      <ul style={{ margin: 0, paddingLeft: 16 }}>
        {props.problems.map(problem => {
          const message = formatAddonConfigurationProblem(props.field, problem);
          return <li key={message}>{message}</li>;
        })}
      </ul>
    </Alert>
  );
}
