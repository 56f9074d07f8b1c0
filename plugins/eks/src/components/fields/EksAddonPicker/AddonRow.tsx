import { Box, IconButton, MenuItem, TextField } from '@material-ui/core';
import Autocomplete from '@material-ui/lab/Autocomplete';
import DeleteIcon from '@material-ui/icons/Delete';
import { AddonCatalogItem } from '@backstage-eks/plugin-eks-common';
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
      onChange={event =>
        value && props.onChange({ ...value, version: event.target.value })
      }
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

/** One add-on with its version choice. */
export function AddonRow(props: RowProps) {
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
