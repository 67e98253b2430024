import type { ReactElement } from 'react';
import { Typography } from '@mui/material';
import { useLocaleState, useRecordContext, useTranslate, type RaRecord } from 'react-admin';
import { MESSAGES, type CodedMessage, type MessageKey } from '../../../contract/messages';
import { sayNotification } from '../api/serverMessages';
import { ImportErrorsField } from '../imports/ImportErrors';

type SpokenFieldProps = { source: string; label?: string; sortable?: boolean; preview?: number };

/**
 * A notification's message in the reader's language, said from its `message_parts` (its
 * English `message` when it has none); in a list, its first characters.
 */
export const NotificationMessageField = ({ preview = 0 }: SpokenFieldProps) => {
  useLocaleState();
  const record = useRecordContext<RaRecord & { message: string; message_parts?: CodedMessage[] }>();
  if (!record) return null;
  const text = sayNotification(record);
  return (
    <Typography component="span" variant="body2">
      {preview > 0 && text.length > preview ? `${text.slice(0, preview)}…` : text}
    </Typography>
  );
};

/**
 * A text the server stores in English that is one of its messages without parameters (an
 * import's `failure`): said by that message's code in the reader's language.
 */
export const StoredMessageField = ({ source }: SpokenFieldProps) => {
  useLocaleState();
  const translate = useTranslate();
  const record = useRecordContext();
  const text = record?.[source];
  if (typeof text !== 'string') return null;
  const code = (Object.keys(MESSAGES) as MessageKey[]).find((key) => MESSAGES[key] === text);
  return (
    <Typography component="span" variant="body2">
      {code ? translate(`server.messages.${code}`, { _: text }) : text}
    </Typography>
  );
};

/**
 * Fields the server stores in English and by message code, shown in the reader's language
 * instead of as stored: by resource, the field and its display.
 */
export const SPOKEN_FIELDS: Record<string, Record<string, (props: SpokenFieldProps) => ReactElement | null>> = {
  notifications: { message: NotificationMessageField },
  imports: { errors: ImportErrorsField, failure: StoredMessageField },
};
