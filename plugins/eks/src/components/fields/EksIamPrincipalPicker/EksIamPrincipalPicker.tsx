import { useMemo, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import { TextField, Typography } from '@material-ui/core';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { IamPrincipal } from '@backstage-eks/plugin-eks-common';
import { isOwnLoadFailure, loadProblemText } from '../loadErrors';
import { useAccountList } from '../useAccountList';
import { EksIamPrincipalPickerProps } from './schema';

/** How long typing pauses before the list is asked for again. */
const SEARCH_DELAY_MS = 300;

/**
 * What to ask the backend for: the part of the typed text it can match, a
 * name or ARN fragment (IAM names use letters, digits and `+=,.@_-`, ARNs
 * add `:` and `/`).
 */
export function principalSearch(typed: string): string {
  return typed.replace(/[^\w+=,.@/:-]/g, '').slice(0, 200);
}

/**
 * Picks an IAM role or user of the account the form names (its
 * `accountId` field; empty: the portal's default account), listed as
 * the person types; an ARN can still be typed or pasted, and is checked
 * against the ARN rule like a picked one.
 *
 * @public
 */
export function EksIamPrincipalPicker(props: EksIamPrincipalPickerProps) {
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
  const [search, setSearch] = useState(principalSearch(formData ?? ''));
  useDebounce(() => setSearch(principalSearch(typed)), SEARCH_DELAY_MS, [
    typed,
  ]);
  const { target, value, loading, problem } = useAccountList(
    uiSchema?.['ui:options'] ?? {},
    formContext,
    (eksApi, where) =>
      eksApi.listIamPrincipals({ ...where, search: search || undefined }),
    [search],
  );
  const accountId = target.accountId;
  const principals = useMemo(() => value?.principals ?? [], [value]);
  const byArn = useMemo(
    () => new Map<string, IamPrincipal>(principals.map(p => [p.arn, p])),
    [principals],
  );
  const label = schema.title ?? 'Cluster administrator';
  let helperText: string | undefined = schema.description;
  if (problem) {
    helperText = loadProblemText(problem, 'IAM roles and users');
  } else if (value?.truncated) {
    helperText = `Showing the first ${principals.length} roles and users${
      search ? ` matching "${search}"` : ''
    }: type more of the name to narrow the list, or paste an ARN`;
  } else if (value && principals.length === 0 && search) {
    helperText = `No IAM role or user matches "${search}"${
      accountId ? ` in account ${accountId}` : ''
    }: type an ARN to use one from elsewhere`;
  }

  return (
    <Autocomplete<string, false, false, true>
      id={idSchema?.$id}
      freeSolo
      options={principals.map(p => p.arn)}
      // the backend filtered by what was typed
      filterOptions={arns => arns}
      loading={loading}
      value={formData ?? null}
      inputValue={typed}
      onInputChange={(_event, text, reason) => {
        setTyped(text);
        // typed or pasted text is the value too; picking sets it below
        if (reason === 'input' || reason === 'clear') {
          onChange(text.trim() || undefined);
        }
      }}
      onChange={(_event, arn) => onChange(arn?.trim() || undefined)}
      getOptionLabel={arn => arn}
      renderOption={arn => {
        const principal = byArn.get(arn);
        return (
          <div>
            <Typography variant="body2">
              {principal ? `${principal.name} (${principal.type})` : arn}
            </Typography>
            {principal && (
              <Typography variant="caption" color="textSecondary">
                {arn}
              </Typography>
            )}
          </div>
        );
      }}
      renderInput={params => (
        <TextField
          {...params}
          label={label}
          margin="dense"
          variant="outlined"
          required={required}
          error={isOwnLoadFailure(problem) || (rawErrors?.length ?? 0) > 0}
          helperText={helperText}
          inputProps={{ ...params.inputProps, spellCheck: false }}
        />
      )}
    />
  );
}
