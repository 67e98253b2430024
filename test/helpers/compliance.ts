import type { ComplianceItem } from '../../contract/compliance';
import type { ComplianceRule } from '../../contract/enums';
import type { ApiClient, TestContext } from './context';

/** The clock of the context set to noon UTC of `date`: the server's "today" becomes `date`. */
export function setToday(ctx: TestContext, date: string): void {
  ctx.clock.now = new Date(`${date}T12:00:00Z`);
}

export interface ItemsQuery {
  from: string;
  to: string;
  rule?: ComplianceRule | ComplianceRule[];
  status?: 'due' | 'overdue';
  organization_id?: number;
  place_of_service_id?: number;
  user_id?: number;
}

/** GET /api/compliance (first 1000 items, by due date), answering the items; fails on anything but 200. */
export async function complianceItems(api: ApiClient, query: ItemsQuery): Promise<ComplianceItem[]> {
  const { from, to, rule, status, ...ids } = query;
  const filter = JSON.stringify({ ...(rule ? { rule } : {}), ...(status ? { status } : {}) });
  const params = new URLSearchParams({ from, to, filter, range: '[0,999]', ...Object.fromEntries(Object.entries(ids).map(([k, v]) => [k, String(v)])) });
  const res = await api.get(`/api/compliance?${params}`);
  if (res.status !== 200) throw new Error(`GET /api/compliance answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Each item as `<record_id> <due_on> <status>`, the way the rule tests compare them. */
export const brief = (items: ComplianceItem[]) => items.map((i) => `${i.resource}/${i.record_id} ${i.due_on} ${i.status}`);
