import { Box, Typography } from '@mui/material';
import type { ReactElement } from 'react';
import { Menu, useSidebarState, useTranslate } from 'react-admin';
import type { Meta, MetaResource } from '../../../contract/meta';
import { useMeta } from '../meta/MetaContext';
import { inProgramArea } from '../meta/programs';

/**
 * The resources of the menu, grouped by the work they belong to and limited to what the role
 * works with: what it may create, change or act on, and the children and plans every case
 * hangs on. A role that changes nothing (a ministry manager) reads every list it may. The
 * report pages and the import open their group, before its resources.
 */
const GROUPS = {
  casework: [
    'children', 'referrals', 'referral_children', 'placements', 'respite_stays', 'service_plans', 'care_circle_members', 'plan_services',
    'progress_reviews', 'monthly_check_ins', 'daily_logs', 'events', 'tasks', 'service_activities', 'complaints',
  ],
  funding: ['support_requests', 'payments', 'payment_summaries', 'contracts', 'staff_allocations', 'expenditures'],
  reports: ['questions', 'dashboards', 'report_subscriptions'],
  data: [],
  organisation: ['organizations', 'places_of_service', 'users', 'place_assignments'],
  reference: ['service_types', 'support_request_types', 'check_in_questions', 'compliance_settings'],
} as const satisfies Record<string, readonly string[]>;
export type Group = keyof typeof GROUPS | 'other';

/** Resources read through a page of their own (Submissions, under the reports, and its due dates): no second menu entry. */
const OWN_PAGE: readonly string[] = ['report_submissions', 'submission_due_dates'];

/** Every case hangs on these, and the reports are read by whoever may: whoever reads them has them in the menu. */
const ALWAYS_SHOWN: readonly string[] = ['children', 'service_plans', ...GROUPS.reports];

const worksWith = (resource: MetaResource) =>
  resource.permissions.create || resource.permissions.update || resource.actions.some(action => action.allowed);

/** The resources of the caller's menu, by group, in the groups' order. */
function menuGroups(meta: Meta, pages: Pages): { group: Group; resources: string[] }[] {
  const readable = meta.resources.filter(r => r.permissions.read && inProgramArea(meta, r.programs) && !OWN_PAGE.includes(r.name));
  const writesSomething = readable.some(worksWith);
  const shown = readable.filter(r => !writesSomething || worksWith(r) || ALWAYS_SHOWN.includes(r.name)).map(r => r.name);
  const grouped = new Set<string>(Object.values(GROUPS).flat());
  const groups: { group: Group; resources: string[] }[] = (Object.keys(GROUPS) as (keyof typeof GROUPS)[]).map(group => ({
    group,
    resources: (GROUPS[group] as readonly string[]).filter(name => shown.includes(name)),
  }));
  groups.push({ group: 'other', resources: shown.filter(name => !grouped.has(name)) });
  return groups.filter(g => g.resources.length > 0 || (pages[g.group]?.length ?? 0) > 0);
}

/** The pages of each group the caller may open (menu items with their keys). */
export type Pages = Partial<Record<Group, ReactElement[]>>;

export const ResourceMenu = ({ pages }: { pages: Pages }) => {
  const meta = useMeta();
  const translate = useTranslate();
  const [open] = useSidebarState();
  if (!meta) return null;
  return (
    <>
      {menuGroups(meta, pages).map(({ group, resources }) => (
        <Box key={group} component="ul" role="group" aria-label={translate(`app.menu.groups.${group}`)} sx={{ listStyle: 'none', m: 0, p: 0 }}>
          {open && (
            <Box component="li" role="presentation" aria-hidden sx={{ px: 2, pt: 1.5, pb: 0.5 }}>
              <Typography variant="overline" color="text.secondary">
                {translate(`app.menu.groups.${group}`)}
              </Typography>
            </Box>
          )}
          {pages[group]}
          {resources.map(name => (
            <Menu.ResourceItem key={name} name={name} />
          ))}
        </Box>
      ))}
    </>
  );
};
