import useAsync from 'react-use/esm/useAsync';
import {
  Box,
  Checkbox,
  FormControlLabel,
  TextField,
  Typography,
} from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/core-plugin-api';
import {
  AddonCatalogItem,
  validateNamespace,
} from '@backstage-eks/plugin-eks-common';
import { eksApiRef } from '../../../api';
import { EksAddonSelection } from './schema';

/** The exact version a row's choice stands for: latest, EKS's default, or itself. */
export function chosenVersion(
  addon: AddonCatalogItem,
  version: string,
): AddonCatalogItem['versions'][number] | undefined {
  if (version === 'latest') return addon.versions[0];
  if (version === 'default') {
    return addon.versions.find(v => v.default) ?? addon.versions[0];
  }
  return addon.versions.find(v => v.version === version);
}

/** The short name of a managed policy ARN (its last part). */
const policyName = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

type Props = {
  index: number;
  addon: AddonCatalogItem;
  value: EksAddonSelection;
  kubernetesVersion?: string;
  target: { region?: string; accountId?: string };
  onChange: (value: EksAddonSelection) => void;
};

/**
 * An add-on that needs AWS permissions: the service accounts EKS
 * recommends Pod Identity for and their policies (DescribeAddonConfiguration's
 * podIdentityConfiguration for the chosen version), with the choice of
 * creating a role with them; a version that declares none is said to take
 * no Pod Identity before anything runs.
 */
function PodIdentityChoice(props: Props) {
  const { addon, value, index } = props;
  const eksApi = useApi(eksApiRef);
  const version = chosenVersion(addon, value.version);
  const needsIam = Boolean(version?.requiresIamPermissions);
  const { value: configuration, error } = useAsync(
    async () =>
      needsIam && version
        ? eksApi.getAddonConfiguration(addon.name, {
            version: version.version,
            kubernetesVersion: props.kubernetesVersion,
            ...props.target,
          })
        : undefined,
    [
      eksApi,
      addon.name,
      version?.version,
      needsIam,
      props.kubernetesVersion,
      props.target.region,
      props.target.accountId,
    ],
  );
  if (!needsIam || !version || error || !configuration) return null;
  const declared = configuration.podIdentityConfiguration;
  if (declared.length === 0) {
    return (
      <Alert severity="warning" role="status">
        {addon.name} {version.version} needs AWS permissions but does not
        support EKS Pod Identity (EKS declares no service account for it):
        choose a newer version for Pod Identity, or give it an IRSA role.
      </Alert>
    );
  }
  const recommended = declared
    .map(
      p =>
        `${p.serviceAccount}: ${
          p.recommendedManagedPolicies.map(policyName).join(', ') ||
          'no managed policy'
        }`,
    )
    .join('; ');
  return (
    <Box>
      <Typography variant="body2" role="note">
        {addon.name} needs AWS permissions. EKS recommends for Pod Identity —{' '}
        {recommended}.
      </Typography>
      <FormControlLabel
        control={
          <Checkbox
            checked={value.podIdentity === 'recommended'}
            onChange={event => {
              const { podIdentity: _omitted, ...rest } = value;
              props.onChange(
                event.target.checked
                  ? { ...rest, podIdentity: 'recommended' }
                  : rest,
              );
            }}
            inputProps={{
              'aria-label': `Create a Pod Identity role for add-on ${
                index + 1
              } with the recommended policies`,
            }}
          />
        }
        label="Create a Pod Identity role with these policies"
      />
    </Box>
  );
}

/** The namespace to install the add-on in, when not its default. */
function NamespaceField(props: Props) {
  const { value, index } = props;
  const problem = value.namespace
    ? validateNamespace(value.namespace)
    : undefined;
  return (
    <TextField
      margin="dense"
      variant="outlined"
      size="small"
      label="Namespace (optional)"
      value={value.namespace ?? ''}
      error={Boolean(problem)}
      helperText={
        problem
          ? `Namespace ${problem}`
          : "Default: the add-on's own. EKS sets it only when the add-on is first installed."
      }
      inputProps={{ 'aria-label': `Namespace of add-on ${index + 1}` }}
      onChange={event => {
        const { namespace: _omitted, ...rest } = value;
        props.onChange(
          event.target.value
            ? { ...rest, namespace: event.target.value }
            : rest,
        );
      }}
    />
  );
}

/** What the row's add-on needs beyond its version: its namespace and Pod Identity. */
export function AddonPodIdentity(props: Props) {
  return (
    <Box pl={1} mb={1}>
      <NamespaceField {...props} />
      <PodIdentityChoice {...props} />
    </Box>
  );
}
