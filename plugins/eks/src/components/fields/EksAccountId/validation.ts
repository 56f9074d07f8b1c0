import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { validateAccountId } from '@backstage-eks/plugin-eks-common';
import { eksApiRef } from '../../../api';
import { siblingValue } from '../formContext';
import { EksAccountIdUiOptions } from './schema';

/** The backend's answer when it refuses the account id itself (400 naming accountId). */
function refusesAccountId(error: unknown): boolean {
  const { response, body } = (error ?? {}) as {
    response?: { status?: number };
    body?: { error?: { message?: unknown } };
  };
  const message = body?.error?.message;
  return (
    response?.status === 400 &&
    typeof message === 'string' &&
    message.startsWith('accountId ')
  );
}

/**
 * A 12-digit account id (eks-common's rule) that the portal has credentials
 * for: the backend is asked for the account's clusters, and its refusal of
 * the account id becomes this field's error, not a failure of another
 * picker. Other failures (region, network) are left to their own fields.
 *
 * @public
 */
export const eksAccountIdValidation: CustomFieldValidator<
  string,
  EksAccountIdUiOptions
> = async (value, validation, context) => {
  if (!value) {
    return;
  }
  const problem = validateAccountId(value);
  if (problem) {
    validation.addError(problem);
    return;
  }
  const eksApi = context.apiHolder.get(eksApiRef);
  if (!eksApi) {
    return;
  }
  const region = siblingValue(
    (context.formData ?? {}) as Record<string, unknown>,
    context.uiSchema?.['ui:options']?.regionField ?? 'region',
  );
  try {
    await eksApi.listClusters({
      accountId: value,
      region: typeof region === 'string' && region ? region : undefined,
    });
  } catch (error) {
    if (refusesAccountId(error)) {
      validation.addError(
        `${value} is not an account this portal has AWS credentials for: leave it empty for the portal's default account, or ask the portal's administrators to add it (aws.accounts in app-config)`,
      );
    }
  }
};
