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
import {
  EksAddonConfigurationProps,
  EksAddonConfigurationUiOptions,
} from './schema';
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

/** The add-on's configuration (DescribeAddonConfiguration) for the form's current choices. */
function useAddonConfiguration(
  options: EksAddonConfigurationUiOptions,
  formValues: Record<string, unknown>,
) {
  const eksApi = useApi(eksApiRef);
  const addon = resolveAddonReference(options, formValues);
  const target = resolveTarget(options, formValues);
  const requestKey = JSON.stringify([
    addon,
    target,
    options.kubernetesVersion ??
      siblingValue(
        formValues,
        options.kubernetesVersionField ?? 'kubernetesVersion',
      ),
    siblingValue(formValues, options.clusterField ?? 'cluster'),
  ]);
  // A malformed account id or region is that field's problem: not asked.
  const badTarget = targetProblem(target);
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
  return { addon, target, badTarget, configuration, loading, error };
}

/**
 * The editor's state: form or YAML/JSON, the text typed and its parse
 * problem; emits `configurationValues` as a JSON string (text that does not
 * parse as is).
 */
function useConfigurationEditor(
  formData: string | undefined,
  initialMode: Mode,
  onChange: (value: string) => void,
) {
  const [mode, setMode] = useState<Mode>(initialMode);
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
  return {
    mode,
    text,
    value,
    parseProblem,
    onFormChange,
    onTextChange,
    onModeChange,
  };
}

type Editor = ReturnType<typeof useConfigurationEditor>;

/** The keys of a schema the add-on version has: a form or a YAML/JSON editor, and the problems. */
function ConfigurationEditor(props: {
  configuration: AddonConfigurationResponse;
  configurationSchema: NonNullable<
    AddonConfigurationResponse['configurationSchema']
  >;
  compileError: string | undefined;
  editor: Editor;
  label: string;
  parseError: string | undefined;
  problems: AddonConfigurationProblem[];
  id: string | undefined;
}) {
  const { configuration, configurationSchema, compileError, editor } = props;
  const { label, parseError, problems, id } = props;
  return (
    <>
      <Box display="flex" alignItems="center" gridGap={16} mb={1}>
        <Typography variant="body2">
          Keys of {configuration.addonName} {configuration.addonVersion}
        </Typography>
        <ToggleButtonGroup
          size="small"
          exclusive
          value={editor.mode}
          onChange={(_event, next) => editor.onModeChange(next)}
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
      {editor.mode === 'form' ? (
        <SchemaForm
          schema={configurationSchema}
          value={editor.value}
          onChange={editor.onFormChange}
        />
      ) : (
        <>
          <RawConfigurationEditor
            id={`${id ?? 'eks-addon-configuration'}-raw`}
            text={editor.text}
            onChange={editor.onTextChange}
            error={parseError}
          />
          <Typography variant="subtitle2" component="h4">
            Available keys
          </Typography>
          <AvailableKeys schema={configurationSchema} />
        </>
      )}
      <ConfigurationProblems field={label} problems={problems} />
    </>
  );
}

/** Why the keys cannot be shown yet: no add-on, loading, a load failure or no schema. */
function ConfigurationUnavailable(props: {
  loaded: ReturnType<typeof useAddonConfiguration>;
}) {
  const { addon, target, badTarget, configuration, loading, error } =
    props.loaded;
  if (!addon) {
    return (
      <Typography variant="body2" color="textSecondary">
        Choose an add-on first to see the keys it can be configured with.
      </Typography>
    );
  }
  if (loading) {
    return <Progress />;
  }
  if (badTarget || error) {
    const problem = badTarget ?? describeLoadError(error, target);
    return (
      <Alert severity={isOwnLoadFailure(problem) ? 'error' : 'info'}>
        {problem.field
          ? // "AWS account id: …": the field to fix, by its label
            `${problem.message}. The configuration keys are shown once it is fixed.`
          : `Could not load the configuration schema of ${addon.addonName} ${addon.version}: ${problem.message}`}
      </Alert>
    );
  }
  return (
    <Typography variant="body2">
      {addon.addonName} {configuration?.addonVersion ?? addon.version} has no
      configuration schema: it takes no configuration values.
    </Typography>
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
  const loaded = useAddonConfiguration(options, allFormData(formContext));
  const { validate, compileError } = useSchemaValidator(loaded.configuration);
  const editor = useConfigurationEditor(
    formData,
    options.mode ?? 'form',
    onChange,
  );
  // The same label and messages as the field's validation on submit and as
  // the addon:install action (eks-common's validator).
  const label = fieldLabel(
    schema,
    idSchema?.$id?.replace(/^root_/, '') || 'configurationValues',
  );
  const { parseProblem, value } = editor;
  const parseError = parseProblem
    ? formatAddonConfigurationProblem(label, parseProblem)
    : undefined;
  const problems: AddonConfigurationProblem[] = parseProblem
    ? [parseProblem]
    : (value && validate?.(value)) || [];
  const { configuration } = loaded;
  const ready =
    loaded.addon && !loaded.loading && !loaded.badTarget && !loaded.error;

  return (
    <Box
      component="fieldset"
      border={0}
      p={0}
      m={0}
      aria-invalid={(rawErrors?.length ?? 0) > 0 || problems.length > 0}
    >
      <Typography variant="subtitle1" component="legend">
        {schema.title ?? 'Add-on configuration'}
      </Typography>
      {schema.description && (
        <Typography variant="body2" color="textSecondary">
          {schema.description}
        </Typography>
      )}
      {ready && configuration?.configurationSchema ? (
        <ConfigurationEditor
          configuration={configuration}
          configurationSchema={configuration.configurationSchema}
          compileError={compileError}
          editor={editor}
          label={label}
          parseError={parseError}
          problems={problems}
          id={idSchema?.$id}
        />
      ) : (
        <ConfigurationUnavailable loaded={loaded} />
      )}
    </Box>
  );
}
