import { ROLES, type Role } from '../../contract/enums';
import { SHARING } from '../../contract/questions';
import { column, id, oneOf, optionalId, optionalText, text } from './schema';

/** The columns of a record its owner shares: questions and dashboards. */
export const sharedRecordColumns = {
  title: text(200),
  description: optionalText(2000),
  owner_id: id,
  organization_id: optionalId,
  shared_with: oneOf(SHARING),
  shared_roles: column<Role[]>({ type: 'array', items: { enum: [...ROLES] }, uniqueItems: true }),
};
