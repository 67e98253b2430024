import { HttpError } from 'react-admin';
import type { CodedMessage, MessageParams } from '../../../contract/messages';
import { i18nProvider } from '../i18n';
import { formatDateTime } from '../meta/format';

/**
 * The server's error bodies in the user's language: the server writes English and gives each
 * message by code (`message_code`, `params`, `field_codes`: docs/api.md); in another language
 * the message and each field's are said from `server.messages.<code>` of the catalogue (en.ts,
 * fr.ts), so no English message reaches a French screen. Parameters that name a resource, fields, a duration,
 * enumeration values, a word (`label`, `what`, `cron_field`, `period`) or an action are translated with the dashboard's own labels.
 */
interface ErrorBody {
  message?: string;
  code?: string;
  message_code?: string;
  params?: MessageParams;
  errors?: Record<string, string>;
  field_codes?: Record<string, CodedMessage>;
}

const translate = (key: string, options?: Record<string, unknown>) => i18nProvider.translate(key, options);

/** A word a message names by code (`server.words`: "service_plan", "recorded_as_paid"). */
const word = (code: string) => translate(`server.words.${code}`, { _: code.replace(/_/g, ' ') });

function translatedParams(params: MessageParams = {}): MessageParams {
  const result: MessageParams = { ...params };
  if (typeof params.role === 'string') result.role = translate(`app.enums.${params.role}`, { _: params.role });
  if (typeof params.records === 'string') {
    result.records = translate(`resources.${params.records}.name`, { smart_count: 2, _: params.records }).toLocaleLowerCase();
  }
  if (typeof params.fields === 'string') {
    result.fields = params.fields.split(', ').map((f) => translate(`app.fields.${f}`, { _: f.replace(/_/g, ' ') })).join(', ');
  }
  for (const name of ['label', 'what', 'cron_field', 'period'] as const) {
    const value = params[name];
    if (typeof value === 'string') result[name] = word(value);
  }
  if (typeof params.action === 'string') {
    const action = params.action;
    result.action = translate(`resources.${String(params.records)}.actions.${action}`, { _: word(action) });
  }
  if (typeof params.resource === 'string') result.resource = translate(`resources.${params.resource}.name`, { smart_count: 2, _: params.resource }).toLocaleLowerCase();
  if (typeof params.kind === 'string') result.kind = translate(`app.enums.${params.kind}`, { _: params.kind.replace(/_/g, ' ') });
  // a moment (a stale edit's `changed_at`) in the reader's language and time zone
  if (typeof params.changed_at === 'string') result.changed_at = formatDateTime(params.changed_at, i18nProvider.getLocale());
  const wait = typeof params.wait === 'string' ? /^(\d+) (second|minute)s?$/.exec(params.wait) : null;
  if (wait) result.wait = translate(`server.units.${wait[2]}`, { smart_count: Number(wait[1]) });
  for (const name of ['status', 'reason', 'allowed', 'values'] as const) {
    const value = params[name];
    if (typeof value === 'string') result[name] = value.split(/, ?/).map((v) => translate(`app.enums.${v}`, { _: v.replace(/_/g, ' ') })).join(', ');
  }
  return result;
}

/**
 * One coded message in the current language. A message not yet coded carries its fallback code
 * (its error code; a field's `field_invalid`): in English its own text says more, so it stays.
 */
export function sayServerMessage(coded: { message_code?: string; params?: MessageParams }, english: string, fallbackCode: string): string {
  if (!coded.message_code || (coded.message_code === fallbackCode && i18nProvider.getLocale() === 'en')) return english;
  return translate(`server.messages.${coded.message_code}`, { ...translatedParams(coded.params), _: english });
}

/** A notification in the current language: its sentences by code, or its English when it has none (rows written before). */
export function sayNotification(notification: { message: string; message_parts?: { message_code: string; params?: MessageParams }[] }): string {
  const parts = notification.message_parts ?? [];
  if (!parts.length) return notification.message;
  return parts.map((part) => sayServerMessage(part, notification.message, '')).join(' ');
}

/** An HttpError of the API with its message and field messages in the current language; any other error as it is. */
export function localisedError(error: unknown): unknown {
  if (!(error instanceof HttpError)) return error;
  const body = error.body as ErrorBody | undefined;
  if (!body?.message_code) return error;
  const message = sayServerMessage(body, body.message ?? error.message, String(body.code));
  const errors = Object.fromEntries(
    Object.entries(body.errors ?? {}).map(([field, text]) => [field, body.field_codes?.[field] ? sayServerMessage(body.field_codes[field], text, 'field_invalid') : text]),
  );
  return new HttpError(message, error.status, { ...body, message, errors });
}
