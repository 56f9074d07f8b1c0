import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import YAML from 'yaml';
import { Box, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  AddonConfigurationProblem,
  AddonConfigurationResponse,
  AddonConfigurationValidator,
  compileAddonConfigurationSchema,
  formatAddonConfigurationProblem,
  parseAddonConfigurationValues,
} from '@backstage-eks/plugin-eks-common';
import { eksApiRef } from '../../../api';
import { toConfigurationValues } from '../../../lib/addonConfiguration';
import {
  allFormData,
  fieldLabel,
  resolveTarget,
  siblingValue,
} from '../formContext';
import {
  describeLoadError,
  isOwnLoadFailure,
  targetProblem,
} from '../loadErrors';
import { resolveAddonReference } from './addonReference';
import { AvailableKeys } from './AvailableKeys';
import { ConfigurationProblems } from './ConfigurationProblems';
import { loadAddonConfiguration } from './loadAddonConfiguration';
import { RawConfigurationEditor } from './RawConfigurationEditor';
import { EksAddonConfigurationProps } from './schema';
import { SchemaForm } from './SchemaForm';

type Mode = 'form' | 'raw';

function parseEmitted(
  formData: string | undefined,
): Record<string, unknown> | undefined {
  if (!formData) {
    return undefined;
  }
  return parseAddonConfigurationValues(formData).values;
}

function useSchemaValidator(configuration?: AddonConfigurationResponse): {
  validate?: AddonConfigurationValidator;
  compileError?: string;
} {
  return useMemo(() => {
    if (!configuration?.configurationSchema) {
      return {};
    }
    try {
      return {
        validate: compileAddonConfigurationSchema(
          configuration.configurationSchema,
        ),
      };
    } catch (error) {
      return {
        compileError: error instanceof Error ? error.message : String(error),
      };
    }
  }, [configuration]);
}

function PodIdentityNote(props: { configuration: AddonConfigurationResponse }) {
  const { podIdentityConfiguration } = props.configuration;
  if (podIdentityConfiguration.length === 0) {
    return null;
  }
  return (
    <Alert severity="info" role="status">
      {props.configuration.addonName} needs AWS permissions:{' '}
      {podIdentityConfiguration
        .map(
          p =>
            `service account ${p.serviceAccount} (recommended: ${
              p.recommendedManagedPolicies.join(', ') || 'no managed policy'
            })`,
        )
        .join('; ')}
      . Give it a Pod Identity association.
    </Alert>
  );
}

/**
 * Renders an add-on's configuration JSON Schema (DescribeAddonConfiguration)
 * as a form with each key's description, or as a YAML/JSON editor with the
 * list of available keys; validates as the user types and emits
 * `configurationValues` as a JSON string.
 *
 * @public
 */
export function EksAddonConfiguration(props: EksAddonConfigurationProps) {
  const {
    onChange,
    formData,
    uiSchema,
    schema,
    formContext,
    rawErrors,
    idSchema,
  } = props;
  const options = uiSchema?.['ui:options'] ?? {};
  const formValues = allFormData(formContext);
  const addon = resolveAddonReference(options, formValues);
  const eksApi = useApi(eksApiRef);
  const requestKey = JSON.stringify([
    addon,
    resolveTarget(options, formValues),
    options.kubernetesVersion ??
      siblingValue(
        formValues,
        options.kubernetesVersionField ?? 'kubernetesVersion',
      ),
    siblingValue(formValues, options.clusterField ?? 'cluster'),
  ]);
  // A malformed account id or region is that field's problem: not asked.
  const badTarget = targetProblem(resolveTarget(options, formValues));
  const {
    value: configuration,
    loading,
    error,
  } = useAsync(
    async () =>
      badTarget
        ? undefined
        : loadAddonConfiguration(eksApi, options, formValues),
    // The request depends on exactly what requestKey captures.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [eksApi, requestKey],
  );
  const { validate, compileError } = useSchemaValidator(configuration);

  const [mode, setMode] = useState<Mode>(options.mode ?? 'form');
  const [text, setText] = useState<string>(() => {
    const value = parseEmitted(formData);
    return value ? YAML.stringify(value) : formData ?? '';
  });
  const [parseProblem, setParseProblem] = useState<
    AddonConfigurationProblem | undefined
  >(() =>
    formData ? parseAddonConfigurationValues(formData).problem : undefined,
  );
  const value = parseEmitted(formData);
  // The same label and messages as the field's validation on submit and as
  // the addon:install action (eks-common's validator).
  const label = fieldLabel(
    schema,
    idSchema?.$id?.replace(/^root_/, '') || 'configurationValues',
  );
  const parseError = parseProblem
    ? formatAddonConfigurationProblem(label, parseProblem)
    : undefined;

  const problems: AddonConfigurationProblem[] = parseProblem
    ? [parseProblem]
    : (value && validate?.(value)) || [];

  const onFormChange = (next: Record<string, unknown> | undefined) => {
    onChange(toConfigurationValues(next) as string);
  };
  const onTextChange = (next: string) => {
    setText(next);
    const parsed = parseAddonConfigurationValues(next);
    setParseProblem(parsed.problem);
    // Text that does not parse is emitted as is, so that the step cannot be
    // submitted with it (the field's validation rejects it).
    onChange(
      (parsed.problem ? next : toConfigurationValues(parsed.values)) as string,
    );
  };
  const onModeChange = (next: Mode | null) => {
    if (!next || next === mode) {
      return;
    }
    if (next === 'raw') {
      setText(value ? YAML.stringify(value) : '');
      setParseProblem(undefined);
    }
    setMode(next);
  };

  const title = schema.title ?? 'Add-on configuration';
  let body: JSX.Element;
  if (!addon) {
    body = (
      <Typography variant="body2" color="textSecondary">
        Choose an add-on first to see the keys it can be configured with.
      </Typography>
    );
  } else if (loading) {
    body = <Progress />;
  } else if (badTarget || error) {
    const problem =
      badTarget ?? describeLoadError(error, resolveTarget(options, formValues));
    body = (
      <Alert severity={isOwnLoadFailure(problem) ? 'error' : 'info'}>
        {problem.field
          ? // "AWS account id: …": the field to fix, by its label
            `${problem.message}. The configuration keys are shown once it is fixed.`
          : `Could not load the configuration schema of ${addon.addonName} ${addon.version}: ${problem.message}`}
      </Alert>
    );
  } else if (!configuration?.configurationSchema) {
    body = (
      <Typography variant="body2">
        {addon.addonName} {configuration?.addonVersion ?? addon.version} has no
        configuration schema: it takes no configuration values.
      </Typography>
    );
  } else {
    body = (
      <>
        <Box display="flex" alignItems="center" gridGap={16} mb={1}>
          <Typography variant="body2">
            Keys of {configuration.addonName} {configuration.addonVersion}
          </Typography>
          <ToggleButtonGroup
            size="small"
            exclusive
            value={mode}
            onChange={(_event, next) => onModeChange(next)}
            aria-label="Configuration editor"
          >
            <ToggleButton value="form" disabled={Boolean(parseError)}>
              Form
            </ToggleButton>
            <ToggleButton value="raw">YAML / JSON</ToggleButton>
          </ToggleButtonGroup>
        </Box>
        <PodIdentityNote configuration={configuration} />
        {compileError && (
          <Alert severity="warning">
            The add-on's schema could not be compiled, so values are not checked
            here: {compileError}
          </Alert>
        )}
        {mode === 'form' ? (
          <SchemaForm
            schema={configuration.configurationSchema}
            value={value}
            onChange={onFormChange}
          />
        ) : (
          <>
            <RawConfigurationEditor
              id={`${idSchema?.$id ?? 'eks-addon-configuration'}-raw`}
              text={text}
              onChange={onTextChange}
              error={parseError}
            />
            <Typography variant="subtitle2" component="h4">
              Available keys
            </Typography>
            <AvailableKeys schema={configuration.configurationSchema} />
          </>
        )}
        <ConfigurationProblems field={label} problems={problems} />
      </>
    );
  }

  return (
    <Box
      component="fieldset"
      border={0}
      p={0}
      m={0}
      aria-invalid={(rawErrors?.length ?? 0) > 0 || problems.length > 0}
    >
      <Typography variant="subtitle1" component="legend">
        {title}
      </Typography>
      {schema.description && (
        <Typography variant="body2" color="textSecondary">
          {schema.description}
        </Typography>
      )}
      {body}
    </Box>
  );
}
