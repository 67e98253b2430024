import type { Role } from './enums';

/**
 * Where each role lands after signing in (the dashboard's "/"): the front line on its places
 * with the check-ins due and the tasks open, a coordinator on the children waiting for CSP and
 * its plans, finance on the requests to decide and the payments to record, managers on the
 * charts. The managers' dashboard stays at /dashboard for every role.
 */
export const HOMES = ['my_places', 'waiting_list', 'finance_work', 'dashboard'] as const;
export type Home = (typeof HOMES)[number];

export const HOME_OF_ROLE: Readonly<Record<Role, Home>> = {
  system_admin: 'dashboard',
  ministry_manager: 'dashboard',
  ministry_finance: 'finance_work',
  org_admin: 'dashboard',
  program_manager: 'dashboard',
  portal_worker: 'my_places',
  coordinator: 'waiting_list',
};
