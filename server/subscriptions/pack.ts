import type { AnswerRow, MeasureColumn, GroupColumn, QuestionAnswer } from '../../contract/questions';
import type { CurrentUser } from '../access/roles';
import type { Dashboard, ReportSubscription } from '../models';
import type { QuestionDeps } from '../questions/ask';
import { BUILT_IN, reportTable } from '../questions/builtInCards';
import { runReport } from '../reports/run';
import { runDashboard, type CardAnswer } from '../questions/dashboards';
import type { Row } from '../resources/types';
import { writtenTable, type WrittenTable } from '../exports/reportColumns';

/**
 * A report pack: the numbers of a subscription's dashboard (or report) for one recipient, as
 * the recipient would see them in the portal — every card runs in the recipient's scope —
 * laid out as one table per card, for the PDF and XLSX renderers.
 */
export interface PackCard {
  title: string;
  table: WrittenTable;
  /** why the card has no numbers for this recipient */
  note: string | null;
}

export interface Pack {
  title: string;
  period: { from: string; to: string };
  recipient: string;
  generated_at: string;
  cards: PackCard[];
}

const humanize = (name: string) => {
  const words = name.replace(/_id$/, '').replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

function groupHeader(column: GroupColumn): string {
  const name = column.field.includes('.') ? `${humanize(column.field.split('.')[0])}: ${humanize(column.name).toLowerCase()}` : humanize(column.name);
  return column.bucket ? `${name} (${column.bucket.replace('_', ' ')})` : name;
}

function measureHeader(column: MeasureColumn): string {
  if (column.fn === 'count') return 'Count';
  const fn = { count_distinct: 'Distinct', sum: 'Total', avg: 'Average', min: 'Earliest or lowest', max: 'Latest or highest', median: 'Median' }[column.fn];
  return `${fn} ${humanize(column.field ?? '').toLowerCase()}`;
}

/** A question's answer as a table: one column per group (its labels), then the measure. */
export function answerTable(answer: QuestionAnswer): WrittenTable {
  const groups = answer.columns.filter((c): c is GroupColumn => c.role === 'group');
  const measure = answer.columns.find((c): c is MeasureColumn => c.role === 'measure')!;
  return {
    columns: [...groups.map((g, i) => ({ key: `g${i}`, header: groupHeader(g) })), { key: 'value', header: measureHeader(measure) }],
    rows: answer.rows.map((row: AnswerRow) => ({ ...Object.fromEntries(groups.map((_, i) => [`g${i}`, row.label[i] ?? '(none)'])), value: row.value })),
  };
}

/** A report's table as the pack's English tables are written, as its downloads are. */
const packTable = (table: Parameters<typeof writtenTable>[0]) => writtenTable(table, { language: 'en', headers: 'labels' });

async function organizationName(deps: QuestionDeps, id: unknown): Promise<string> {
  if (id === null || id === undefined) return 'All organisations';
  const row = await deps.knex('organizations').where({ id }).first('name');
  return row?.name ?? `Organisation ${String(id)}`;
}

async function cardOf(deps: QuestionDeps, card: CardAnswer): Promise<PackCard> {
  const title = card.question?.title ?? (card.report_card ? BUILT_IN[card.report_card].title : 'Card');
  if (card.error || !card.answer) return { title, table: { columns: [], rows: [] }, note: card.error?.message ?? 'No numbers' };
  if (card.question) return { title, table: answerTable(card.answer as QuestionAnswer), note: null };
  const report = card.answer as Record<string, unknown>;
  const key = card.report_card!;
  return { title, table: packTable(reportTable(BUILT_IN[key].report, key, report, await organizationName(deps, report.organization_id))), note: null };
}

export async function buildPack(deps: QuestionDeps, recipient: CurrentUser, subscription: Row<ReportSubscription>, period: { from: string; to: string }): Promise<Pack> {
  const header = { period, recipient: recipient.full_name, generated_at: deps.clock().toISOString() };
  if (subscription.report) {
    const result = await runReport(deps.knex, deps.clock, recipient, subscription.report, { ...period, organization_id: null });
    const table = packTable(reportTable(subscription.report, null, result, await organizationName(deps, result.organization_id)));
    return { ...header, title: subscription.title, cards: [{ title: 'CSP performance measures', table, note: null }] };
  }
  const dashboard = (await deps.knex('dashboards').where({ id: subscription.dashboard_id }).first()) as Row<Dashboard>;
  const run = await runDashboard(deps, recipient, dashboard, { from: period.from, to: period.to });
  const cards: PackCard[] = [];
  for (const card of run.cards) cards.push(await cardOf(deps, card));
  return { ...header, title: subscription.title, cards };
}
