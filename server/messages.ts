import { fillTemplate, MESSAGES, type MessageKey, type MessageParams, type ParamsOf } from '../contract/messages';

/**
 * A message of contract/messages.ts with its parameters: what a typed error carries, so the
 * response says it in English (`text`) and by code (`key`, `params`) for the dashboard to
 * translate. `records` names a resource: in English it reads as its words ("service plans").
 */
export class Message {
  constructor(
    readonly key: MessageKey,
    readonly params: MessageParams = {},
  ) {}

  get text(): string {
    const english = { ...this.params };
    if (typeof english.records === 'string') english.records = english.records.replace(/_/g, ' ');
    return fillTemplate(MESSAGES[this.key], english);
  }
}

type ParamsArg<K extends MessageKey> = keyof ParamsOf<K> extends never ? [] : [params: ParamsOf<K>];

/** The message `key` with its parameters, checked against its template. */
export function say<K extends MessageKey>(key: K, ...params: ParamsArg<K>): Message {
  return new Message(key, (params[0] ?? {}) as MessageParams);
}
