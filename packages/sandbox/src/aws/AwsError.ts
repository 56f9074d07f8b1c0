/**
 * An error the sandbox answers with, as the service would: `code` is the
 * error code the SDK maps to its exception class.
 */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    /** Extra fields some JSON services put in the error body. */
    readonly fields: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = code;
  }

  get fault(): 'Sender' | 'Receiver' {
    return this.status >= 500 ? 'Receiver' : 'Sender';
  }
}

/** Throws an `AwsError` with the given code when `condition` is false. */
export function check(
  condition: unknown,
  code: string,
  message: string,
): asserts condition {
  if (!condition) throw new AwsError(code, message);
}
