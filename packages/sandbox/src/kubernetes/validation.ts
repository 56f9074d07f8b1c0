import type { ResourceType } from './resources.ts';
import { invalid, type StatusCause } from './status.ts';
import type { KubeObject } from './types.ts';

const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Kinds whose names must be DNS-1123 labels rather than subdomains. */
const LABEL_NAMED_KINDS = new Set(['Namespace', 'Service']);

function nameCause(name: string, asLabel: boolean): StatusCause | undefined {
  if (asLabel) {
    if (name.length > 63) {
      return {
        reason: 'FieldValueInvalid',
        message: `Invalid value: "${name}": must be no more than 63 characters`,
        field: 'metadata.name',
      };
    }
    if (!DNS1123_LABEL.test(name)) {
      return {
        reason: 'FieldValueInvalid',
        message: `Invalid value: "${name}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
        field: 'metadata.name',
      };
    }
    return undefined;
  }
  if (name.length > 253) {
    return {
      reason: 'FieldValueInvalid',
      message: `Invalid value: "${name}": must be no more than 253 characters`,
      field: 'metadata.name',
    };
  }
  if (!DNS1123_SUBDOMAIN.test(name)) {
    return {
      reason: 'FieldValueInvalid',
      message: `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
      field: 'metadata.name',
    };
  }
  return undefined;
}

/**
 * Validates what the apiserver validates for every object: the name, and
 * label keys and values. Throws a 422 Invalid Status.
 */
export function validateObject(type: ResourceType, obj: KubeObject): void {
  const causes: StatusCause[] = [];
  const name = obj.metadata?.name;
  if (!name) {
    causes.push({
      reason: 'FieldValueRequired',
      message: 'Required value: name or generateName is required',
      field: 'metadata.name',
    });
  } else {
    const cause = nameCause(
      name,
      LABEL_NAMED_KINDS.has(type.kind) && !type.group,
    );
    if (cause) causes.push(cause);
  }
  for (const [key, value] of Object.entries(obj.metadata?.labels ?? {})) {
    if (
      typeof value !== 'string' ||
      value.length > 63 ||
      !/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(value)
    ) {
      causes.push({
        reason: 'FieldValueInvalid',
        message: `Invalid value: "${String(
          value,
        )}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
        field: `metadata.labels`,
      });
    }
    if (
      !/^([a-z0-9.-]+\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(
        key,
      )
    ) {
      causes.push({
        reason: 'FieldValueInvalid',
        message: `Invalid value: "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
        field: 'metadata.labels',
      });
    }
  }
  causes.push(...workloadSelectorCauses(type, obj));
  if (causes.length > 0) throw invalid(type, name ?? '', causes);
}

/**
 * Deployments, DaemonSets and ReplicaSets need a selector that matches
 * their pod template's labels, as the apps/v1 validation demands.
 */
function workloadSelectorCauses(
  type: ResourceType,
  obj: KubeObject,
): StatusCause[] {
  if (type.group !== 'apps') return [];
  const spec = (obj.spec ?? {}) as {
    selector?: {
      matchLabels?: Record<string, string>;
      matchExpressions?: unknown[];
    };
    template?: { metadata?: { labels?: Record<string, string> } };
  };
  const selector = spec.selector;
  if (!selector || (!selector.matchLabels && !selector.matchExpressions)) {
    return [
      {
        reason: 'FieldValueRequired',
        message: 'Required value',
        field: 'spec.selector',
      },
    ];
  }
  const labels = spec.template?.metadata?.labels ?? {};
  const matches = Object.entries(selector.matchLabels ?? {}).every(
    ([key, value]) => labels[key] === value,
  );
  if (matches) return [];
  const shown = Object.entries(labels)
    .map(([k, v]) => `"${k}":"${v}"`)
    .join(',');
  return [
    {
      reason: 'FieldValueInvalid',
      message: `Invalid value: map[string]string{${shown}}: \`selector\` does not match template \`labels\``,
      field: 'spec.template.metadata.labels',
    },
  ];
}
