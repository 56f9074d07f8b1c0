import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { EksApi, eksApiRef, EksTarget } from '../../api';
import { allFormData, resolveTarget, TargetUiOptions } from './formContext';
import { describeLoadError, LoadProblem, targetProblem } from './loadErrors';

/** What {@link useAccountList} gives a picker. */
export interface AccountList<T> {
  /** The account and region the list is of. */
  target: EksTarget;
  /** The list; undefined while loading, on failure, or when nothing is asked. */
  value?: T;
  loading: boolean;
  /** Why the list could not load, naming the form field at fault when there is one. */
  problem?: LoadProblem;
}

/**
 * Loads a list of what exists in the account and region the form names
 * (`ui:options` or the `accountId` / `region` fields): a malformed account id
 * or region is that field's problem and nothing is asked; the backend's
 * refusal is described by the field it names. `load` returning undefined
 * asks nothing (e.g. no VPC chosen yet).
 */
export function useAccountList<T>(
  options: TargetUiOptions,
  formContext: unknown,
  load: (eksApi: EksApi, target: EksTarget) => Promise<T> | undefined,
  deps: unknown[],
): AccountList<T> {
  const target = resolveTarget(options, allFormData(formContext));
  const eksApi = useApi(eksApiRef);
  const badTarget = targetProblem(target);
  const { value, loading, error } = useAsync(
    async () => (badTarget ? undefined : load(eksApi, target)),
    [eksApi, target.region, target.accountId, badTarget?.message, ...deps],
  );
  return {
    target,
    value,
    loading,
    problem:
      badTarget ??
      (error
        ? describeLoadError(error, { accountId: target.accountId })
        : undefined),
  };
}
