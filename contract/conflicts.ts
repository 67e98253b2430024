/**
 * A stale write (409 `stale_version`) answers the record's last change in its body's `detail`,
 * so the form can say "Changed by <name> at <time> since you opened it" and offer to reload.
 */
export interface LastChange {
  /**
   * the full name of who wrote it last, when the reader may see that user (same organisation,
   * or a global role); null when a job did or the writer is not the reader's to see
   */
  changed_by: string | null;
  /** whether a user wrote it (false: a job), named or not */
  changed_by_user: boolean;
  /** when, ISO 8601 */
  changed_at: string;
  /** the record's version now */
  version: number;
}
