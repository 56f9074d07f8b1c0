import type { ResourceType } from './resources.ts';

/** A `metav1.Status` document as the apiserver sends it. */
export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    uid?: string;
    causes?: StatusCause[];
  };
  /** Absent on the Status of a successful delete, as in the apiserver. */
  code?: number;
}

export interface StatusCause {
  reason: string;
  message: string;
  field: string;
}

/** An error the API answers with a Status document. */
export class KubeApiError extends Error {
  readonly status: KubeStatus;

  constructor(status: KubeStatus) {
    super(status.message);
    this.name = 'KubeApiError';
    this.status = status;
  }
}

function failure(
  code: number,
  reason: string,
  message: string,
  details?: KubeStatus['details'],
): KubeApiError {
  const status: KubeStatus = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
  return new KubeApiError(status);
}

/** `group` is only present for non-core groups, as in the apiserver. */
function resourceDetails(type: ResourceType, name: string) {
  return {
    name,
    ...(type.group ? { group: type.group } : {}),
    kind: type.plural,
  };
}

/** `pods "x"` or `deployments.apps "x"`. */
function qualified(type: ResourceType, name: string): string {
  const resource = type.group ? `${type.plural}.${type.group}` : type.plural;
  return `${resource} "${name}"`;
}

export function notFound(type: ResourceType, name: string): KubeApiError {
  return failure(
    404,
    'NotFound',
    `${qualified(type, name)} not found`,
    resourceDetails(type, name),
  );
}

export function alreadyExists(type: ResourceType, name: string): KubeApiError {
  return failure(
    409,
    'AlreadyExists',
    `${qualified(type, name)} already exists`,
    resourceDetails(type, name),
  );
}

export function conflict(
  type: ResourceType,
  name: string,
  why = 'the object has been modified; please apply your changes to the latest version and try again',
): KubeApiError {
  return failure(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualified(type, name)}: ${why}`,
    resourceDetails(type, name),
  );
}

/** A server-side apply conflict between field managers. */
/**
 * A server-side apply conflict. `manager` is the manager as the API server
 * prints it: quoted, and for an Update entry `using <apiVersion> at <time>`.
 */
export function applyConflict(
  type: ResourceType,
  name: string,
  conflicts: Array<{ manager: string; field: string }>,
): KubeApiError {
  let message: string;
  if (conflicts.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${conflicts[0].manager}: ${conflicts[0].field}`;
  } else {
    const byManager = new Map<string, string[]>();
    for (const c of conflicts) {
      byManager.set(c.manager, [...(byManager.get(c.manager) ?? []), c.field]);
    }
    const lines = [...byManager.keys()]
      .sort()
      .flatMap(manager => [
        `conflicts with ${manager}:`,
        ...byManager.get(manager)!.map(field => `- ${field}`),
      ]);
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join(
      '\n',
    )}`;
  }
  return failure(409, 'Conflict', message, {
    ...resourceDetails(type, name),
    causes: conflicts.map(c => ({
      reason: 'FieldManagerConflict',
      message: `conflict with ${c.manager}`,
      field: c.field,
    })),
  });
}

export function invalid(
  type: ResourceType,
  name: string,
  causes: StatusCause[],
): KubeApiError {
  const kindName = type.group ? `${type.kind}.${type.group}` : type.kind;
  const summary = causes.map(c => `${c.field}: ${c.message}`).join(', ');
  return failure(
    422,
    'Invalid',
    `${kindName} "${name}" is invalid: ${
      causes.length > 1 ? `[${summary}]` : summary
    }`,
    {
      name,
      ...(type.group ? { group: type.group } : {}),
      kind: type.kind,
      causes,
    },
  );
}

export function badRequest(message: string): KubeApiError {
  return failure(400, 'BadRequest', message);
}

export function unauthorized(): KubeApiError {
  return failure(401, 'Unauthorized', 'Unauthorized');
}

export function pathNotFound(): KubeApiError {
  return failure(
    404,
    'NotFound',
    'the server could not find the requested resource',
    {},
  );
}

export function methodNotAllowed(method: string, what: string): KubeApiError {
  return failure(
    405,
    'MethodNotAllowed',
    `${method} is not supported on ${what}`,
    {},
  );
}

/** A PATCH whose Content-Type the resource does not take. */
export function unsupportedMediaType(accepted: string[]): KubeApiError {
  return failure(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(
      ', ',
    )}`,
  );
}

export function gone(message: string): KubeApiError {
  return failure(410, 'Expired', message);
}

/** The Status a successful immediate delete returns. */
export function deleted(
  type: ResourceType,
  name: string,
  uid: string | undefined,
): KubeStatus {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: { ...resourceDetails(type, name), ...(uid ? { uid } : {}) },
  };
}

/** A 422 about request options, e.g. apply without a field manager. */
export function invalidOptions(
  kind: string,
  field: string,
  message: string,
  reason = 'FieldValueRequired',
): KubeApiError {
  return failure(
    422,
    'Invalid',
    `${kind}.meta.k8s.io "" is invalid: ${field}: ${message}`,
    {
      group: 'meta.k8s.io',
      kind,
      causes: [{ reason, message, field }],
    },
  );
}

/** The Status of an unexpected failure inside the sandbox. */
export function internalError(message: string): KubeApiError {
  return failure(500, 'InternalError', `Internal error occurred: ${message}`, {
    causes: [{ reason: 'UnexpectedServerResponse', message, field: '' }],
  });
}
