/**
 * A stale write (409 `stale_version`) answers the record's last change in its body's `detail`,
 * so the form can say "Changed by <name> at <time> since you opened it" and offer to reload.
 */
export interface LastChange {
  /** the full name of who wrote it last; null when a job did */
  changed_by: string | null;
  /** when, ISO 8601 */
  changed_at: string;
  /** the record's version now */
  version: number;
}
