import { CASE_MANAGERS } from './roles';

/**
 * Limits and rules the server enforces and the dashboard applies before it asks, so a form
 * refuses what the server would refuse, with the same numbers.
 */

/** Plan texts (goals, strengths …) and review texts are limited to this many characters. */
export const PLAN_TEXT_MAX = 4000;
/** A monthly check-in answer's response and comment are limited to this many characters. */
export const CHECK_IN_COMMENT_MAX = 3000;

/** An attachment may be at most this many bytes (25 MB). */
export const ATTACHMENT_MAX_BYTES = 25 * 1024 * 1024;

/** A daily-log entry's text may be up to 50 MB (of UTF-8), as the programme's release notes say. */
export const LOG_ENTRY_MAX_BYTES = 50 * 1024 * 1024;

/** Roles that edit any entry of a daily log (the case managers); everyone else edits only their own. */
export const LOG_ENTRY_EDITORS = CASE_MANAGERS;

/** Whether a user may edit a daily-log entry (ids compared as text: the dashboard's identity may hold a string). */
export function canEditLogEntry(entry: { author_id?: unknown }, user: { id: unknown; role?: string } | undefined): boolean {
  if (!user) return false;
  if (user.role && (LOG_ENTRY_EDITORS as readonly string[]).includes(user.role)) return true;
  return entry.author_id !== undefined && entry.author_id !== null && String(entry.author_id) === String(user.id);
}
