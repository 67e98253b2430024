import { ROLES, type Role } from '../../contract/enums';

/** Every role but these. */
export function rolesExcept(...allowed: Role[]): Role[] {
  return ROLES.filter((role) => !allowed.includes(role));
}

/**
 * One test per role outside `allowed`: `attempt(role)` makes the request as that role (and may
 * check afterwards that nothing changed), and the request must answer 403.
 */
export function itAnswers403ToRolesExcept(
  allowed: readonly Role[],
  attempt: (role: Role) => Promise<{ status: number }>,
  title = 'answers 403 to %s',
): void {
  it.each(rolesExcept(...allowed))(title, async (role) => {
    expect((await attempt(role)).status).toBe(403);
  });
}
