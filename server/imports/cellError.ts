import type { ImportRowError } from '../../contract/imports';
import type { Message } from '../messages';

/** One refused cell (or row, with no field) of an import: in English and by message code, for the reader's language. */
export function cellError(row: number, field: string | null, column: string | null, message: Message): ImportRowError {
  return { row, field, column, message: message.text, message_code: message.key, params: message.params };
}
