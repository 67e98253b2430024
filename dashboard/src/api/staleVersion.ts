import { HttpError } from 'react-admin';
import type { LastChange } from '../../../contract/conflicts';

/** The last change a stale write's 409 carries (`stale_version`), or null for any other error. */
export function staleChange(error: unknown): LastChange | null {
  const body = (error as HttpError | null)?.body;
  if ((error as HttpError | null)?.status !== 409 || body?.code !== 'stale_version' || !body.detail) return null;
  return body.detail as LastChange;
}

/**
 * A stale write rethrown without its field errors: `version` is no input, and react-admin would
 * only say "the form is not valid"; the form's conflict notice says who changed what instead.
 */
export function withoutStaleFieldErrors(error: unknown): never {
  if (!staleChange(error)) throw error;
  const http = error as HttpError;
  throw new HttpError(http.message, http.status, { ...http.body, errors: {} });
}
