import { useMemo, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import { TextField, Typography } from '@material-ui/core';
import Autocomplete from '@material-ui/lab/Autocomplete';
import {
  IamPrincipal,
  validateIamPrincipalSearch,
} from '@backstage-eks/plugin-eks-common';
import { isOwnLoadFailure, LoadProblem, loadProblemText } from '../loadErrors';
import { useAccountList } from '../useAccountList';
import { EksIamPrincipalPickerProps } from './schema';

/** How long typing pauses before the list is asked for again. */
const SEARCH_DELAY_MS = 300;

/**
 * What to ask the backend for: the part of the typed text it can match, the
 * characters eks-common's search rule allows, up to its length.
 */
export function principalSearch(typed: string): string {
  return [...typed]
    .filter(c => validateIamPrincipalSearch(c) === undefined)
    .join('')
    .slice(0, validateIamPrincipalSearch.maxLength);
}

/** What the line under the input says: a load problem, a cut list, or no match. */
function principalHelperText(state: {
  description: string | undefined;
  problem: LoadProblem | undefined;
  value: { truncated?: boolean } | undefined;
  principals: IamPrincipal[];
  search: string;
  accountId: string | undefined;
}): string | undefined {
  const { problem, value, principals, search, accountId } = state;
  if (problem) {
    return loadProblemText(problem, 'IAM roles and users');
  }
  if (value?.truncated) {
    return `Showing the first ${principals.length} roles and users${
      search ? ` matching "${search}"` : ''
    }: type more of the name to narrow the list, or paste an ARN`;
  }
  if (value && principals.length === 0 && search) {
    return `No IAM role or user matches "${search}"${
      accountId ? ` in account ${accountId}` : ''
    }: type an ARN to use one from elsewhere`;
  }
  return state.description;
}

/** One listed ARN: the principal's name and type over its ARN. */
function PrincipalOption(props: {
  arn: string;
  principal: IamPrincipal | undefined;
}) {
  const { arn, principal } = props;
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
  const principals = useMemo(() => value?.principals ?? [], [value]);
  const byArn = useMemo(
    () => new Map<string, IamPrincipal>(principals.map(p => [p.arn, p])),
    [principals],
  );
  const label = schema.title ?? 'Cluster administrator';
  const helperText = principalHelperText({
    description: schema.description,
    problem,
    value,
    principals,
    search,
    accountId: target.accountId,
  });

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
      renderOption={arn => (
        <PrincipalOption arn={arn} principal={byArn.get(arn)} />
      )}
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
