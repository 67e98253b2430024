import { fillTemplate, MESSAGES, type MessageKey, type MessageParams, type ParamsOf } from '../contract/messages';

/**
 * A message of contract/messages.ts with its parameters: what a typed error carries, so the
 * response says it in English (`text`) and by code (`key`, `params`) for the dashboard to
 * translate. Parameters the dashboard translates read as words in English: `records` a resource
 * ("service plans"), `status`, `reason` and `kind` a value ("pending approval"), `allowed` values
 * ("draft or closed"), and `label`, `what` and `action` a word of the dashboard's `server.words`
 * ("service_plan", "recorded_as_paid"), or a workflow action's name; `cron_field` a cron
 * expression's field and `period` a submission's period are words too ("day_of_month", "interim").
 */
export class Message {
  constructor(
    readonly key: MessageKey,
    readonly params: MessageParams = {},
  ) {}

  get text(): string {
    const english = { ...this.params };
    const words = (value: string) => value.replace(/_/g, ' ');
    if (typeof english.records === 'string') english.records = words(english.records);
    if (typeof english.status === 'string') english.status = words(english.status);
    if (typeof english.reason === 'string') english.reason = words(english.reason);
    for (const name of ['kind', 'label', 'what', 'action', 'cron_field', 'period'] as const) {
      const value = english[name];
      if (typeof value === 'string') english[name] = words(value);
    }
    if (typeof english.allowed === 'string') english.allowed = english.allowed.split(', ').map(words).join(' or ');
    return fillTemplate(MESSAGES[this.key], english);
  }
}

type ParamsArg<K extends MessageKey> = keyof ParamsOf<K> extends never ? [] : [params: ParamsOf<K>];

/** The message `key` with its parameters, checked against its template. */
export function say<K extends MessageKey>(key: K, ...params: ParamsArg<K>): Message {
  return new Message(key, (params[0] ?? {}) as MessageParams);
}
