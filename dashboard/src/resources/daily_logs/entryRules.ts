/** Roles that may edit any entry of a log; everyone else edits only their own. */
const EDIT_ANY_ENTRY = ['system_admin', 'org_admin', 'program_manager'];

export function canEditEntry(entry: { author_id?: unknown }, user: { id: unknown; role?: string } | undefined): boolean {
  if (!user) return false;
  if (user.role && EDIT_ANY_ENTRY.includes(user.role)) return true;
  return entry.author_id !== undefined && String(entry.author_id) === String(user.id);
}

export const ENTRY_PREVIEW = 2000;
