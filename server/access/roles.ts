import type { SignedInUser } from '../../contract/auth';
import { GLOBAL_READERS, PLACE_STAFF } from '../../contract/roles';

export * from '../../contract/roles';

/** The signed-in user as every layer below the routes sees it. */
export type CurrentUser = Pick<SignedInUser, 'id' | 'email' | 'full_name' | 'role' | 'organization_id'>;

export function isGlobalReader(user: CurrentUser): boolean {
  return GLOBAL_READERS.includes(user.role);
}

export function isPlaceStaff(user: CurrentUser): boolean {
  return PLACE_STAFF.includes(user.role);
}
