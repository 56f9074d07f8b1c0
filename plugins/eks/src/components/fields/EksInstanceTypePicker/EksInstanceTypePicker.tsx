import { useState } from 'react';
import { TextField } from '@material-ui/core';
import Autocomplete, {
  createFilterOptions,
} from '@material-ui/lab/Autocomplete';
import { isOwnLoadFailure, loadProblemText } from '../loadErrors';
import { useAccountList } from '../useAccountList';
import { EksInstanceTypePickerProps } from './schema';

/** The menu shows this many matches of what is typed (a region offers about a thousand types). */
const SHOWN_MATCHES = 50;

const filterTypes = createFilterOptions<string>({ limit: SHOWN_MATCHES });

/**
 * Picks an EC2 instance type offered in the region the form names
 * (DescribeInstanceTypeOfferings), filtered as the person types; a type can
 * still be typed, and one the region does not offer is pointed out.
 *
 * @public
 */
export function EksInstanceTypePicker(props: EksInstanceTypePickerProps) {
  const {
    onChange,
    formData,
    uiSchema,
    rawErrors,
    required,
    schema,
    formContext,
    idSchema,
  } = props;
  const [typed, setTyped] = useState(formData ?? '');
  const { target, value, loading, problem } = useAccountList(
    uiSchema?.['ui:options'] ?? {},
    formContext,
    (eksApi, where) => eksApi.listInstanceTypes(where),
    [],
  );
  const offered = value?.instanceTypes ?? [];

  // Not offered, and not the start of an offered type still being typed.
  const notOffered = Boolean(
    value &&
      formData &&
      !offered.includes(formData) &&
      !offered.some(t => t.startsWith(formData)),
  );
  let helperText: string | undefined = schema.description;
  if (problem) {
    helperText = loadProblemText(problem, 'instance types');
  } else if (notOffered) {
    helperText = `${formData} is not offered in ${
      value?.region ?? target.region
    }: pick one of the region's instance types`;
  }

  return (
    <Autocomplete<string, false, false, true>
      id={idSchema?.$id}
      freeSolo
      options={offered}
      // by what is typed: the typed text is the value too, which MUI
      // would otherwise take as "picked" and stop filtering
      filterOptions={types =>
        filterTypes(types, { inputValue: typed, getOptionLabel: t => t })
      }
      loading={loading}
      value={formData ?? null}
      inputValue={typed}
      onInputChange={(_event, text, reason) => {
        setTyped(text);
        if (reason === 'input' || reason === 'clear') {
          onChange(text.trim() || undefined);
        }
      }}
      onChange={(_event, type) => onChange(type?.trim() || undefined)}
      renderInput={params => (
        <TextField
          {...params}
          label={schema.title ?? 'Instance type'}
          margin="dense"
          variant="outlined"
          required={required}
          error={
            isOwnLoadFailure(problem) ||
            notOffered ||
            (rawErrors?.length ?? 0) > 0
          }
          helperText={helperText}
          inputProps={{ ...params.inputProps, spellCheck: false }}
        />
      )}
    />
  );
}
