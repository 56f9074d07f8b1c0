import { Box, IconButton, MenuItem, TextField } from '@material-ui/core';
import Autocomplete from '@material-ui/lab/Autocomplete';
import DeleteIcon from '@material-ui/icons/Delete';
import { AddonCatalogItem } from '@backstage-eks/plugin-eks-common';
import { AddonPodIdentity } from './AddonPodIdentity';
import { EksAddonSelection } from './schema';

function addonLabel(addon: AddonCatalogItem): string {
  const details = [addon.publisher, addon.type].filter(Boolean).join(', ');
  return details ? `${addon.name} (${details})` : addon.name;
}

function versionChoices(
  addon: AddonCatalogItem | undefined,
): { value: string; label: string }[] {
  if (!addon) {
    return [
      { value: 'latest', label: 'latest' },
      { value: 'default', label: 'default' },
    ];
  }
  const latest = addon.versions[0]?.version;
  const byDefault = addon.versions.find(v => v.default)?.version;
  return [
    { value: 'latest', label: latest ? `latest (${latest})` : 'latest' },
    {
      value: 'default',
      label: byDefault ? `default (${byDefault})` : 'default',
    },
    ...addon.versions.map(v => ({
      value: v.version,
      label: [
        v.version,
        v.requiresConfiguration ? 'requires configuration' : undefined,
        v.requiresIamPermissions ? 'needs IAM permissions' : undefined,
      ]
        .filter(Boolean)
        .join(' — '),
    })),
  ];
}

type RowProps = {
  index: number;
  catalog: AddonCatalogItem[];
  value: EksAddonSelection | undefined;
  taken: string[];
  loading: boolean;
  defaultVersion: string;
  error: boolean;
  required?: boolean;
  /** The cluster's Kubernetes version, for the add-on's configuration. */
  kubernetesVersion?: string;
  target: { region?: string; accountId?: string };
  onChange: (value: EksAddonSelection | undefined) => void;
  onRemove?: () => void;
};

/** The version of the row's add-on: latest, EKS's default, or exact. */
function VersionSelect(props: {
  index: number;
  addon: AddonCatalogItem | undefined;
  value: EksAddonSelection | undefined;
  onChange: (value: EksAddonSelection) => void;
}) {
  const { addon, value, index } = props;
  const choices = versionChoices(addon);
  const version = choices.some(c => c.value === value?.version)
    ? value?.version
    : '';
  return (
    <TextField
      select
      fullWidth
      margin="dense"
      variant="outlined"
      label="Version"
      value={version}
      disabled={!value}
      onChange={event => {
        if (!value) return;
        // another version may recommend other policies, or none: the Pod
        // Identity choice is made again for it
        const { podIdentity: _dropped, ...rest } = value;
        props.onChange({ ...rest, version: event.target.value });
      }}
      SelectProps={{
        SelectDisplayProps: {
          'aria-label': `Version of add-on ${index + 1}`,
        } as React.HTMLAttributes<HTMLDivElement>,
      }}
    >
      {choices.map(choice => (
        <MenuItem key={choice.value} value={choice.value}>
          {choice.label}
        </MenuItem>
      ))}
    </TextField>
  );
}

/** One add-on with its version choice, then its namespace and Pod Identity. */
export function AddonRow(props: RowProps) {
  const { addon, value, index } = {
    ...props,
    addon: props.catalog.find(a => a.name === props.value?.name),
  };
  return (
    <>
      <AddonChoice {...props} />
      {addon && value && (
        <AddonPodIdentity
          index={index}
          addon={addon}
          value={value}
          kubernetesVersion={props.kubernetesVersion}
          target={props.target}
          onChange={props.onChange}
        />
      )}
    </>
  );
}

/** The add-on and its version. */
function AddonChoice(props: RowProps) {
  const { catalog, value, taken, defaultVersion, index } = props;
  const addon = catalog.find(a => a.name === value?.name);
  return (
    <Box display="flex" alignItems="flex-start" gridGap={8}>
      <Box flex={2}>
        <Autocomplete<AddonCatalogItem>
          options={catalog.filter(
            a => a.name === value?.name || !taken.includes(a.name),
          )}
          loading={props.loading}
          value={addon ?? null}
          getOptionLabel={addonLabel}
          getOptionSelected={(a, b) => a.name === b.name}
          onChange={(_event, picked) =>
            props.onChange(
              picked
                ? {
                    name: picked.name,
                    version: value?.version ?? defaultVersion,
                  }
                : undefined,
            )
          }
          renderInput={params => (
            <TextField
              {...params}
              label={`Add-on ${index + 1}`}
              margin="dense"
              variant="outlined"
              required={props.required}
              error={props.error}
            />
          )}
        />
      </Box>
      <Box flex={1}>
        <VersionSelect
          index={index}
          addon={addon}
          value={value}
          onChange={props.onChange}
        />
      </Box>
      {props.onRemove && (
        <IconButton
          aria-label={`Remove add-on ${index + 1}`}
          onClick={props.onRemove}
          style={{ marginTop: 8 }}
        >
          <DeleteIcon />
        </IconButton>
      )}
    </Box>
  );
}
