import type { ServerResponse } from 'node:http';
import { KubeApiError, internalError } from './status.ts';

/** Sends a JSON document. */
export function sendJson(
  res: ServerResponse,
  code: number,
  body: unknown,
  contentType = 'application/json',
) {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
  });
  res.end(text);
}

/** Sends a Status for an error (an unexpected error becomes a 500 Status). */
export function sendError(res: ServerResponse, error: unknown) {
  const apiError =
    error instanceof KubeApiError
      ? error
      : internalError(error instanceof Error ? error.message : String(error));
  if (res.headersSent) {
    res.end();
    return;
  }
  sendJson(res, apiError.status.code ?? 500, apiError.status);
}
