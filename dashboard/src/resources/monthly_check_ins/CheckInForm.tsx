import { Alert, Skeleton } from '@mui/material';
import {
  ArrayInput,
  maxLength,
  required,
  SaveButton,
  SimpleForm,
  SimpleFormIterator,
  TextInput,
  Toolbar,
  useGetList,
  useLocaleState,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { CHECK_IN_COMMENT_MAX } from '../../../../contract/rules';
import { ConflictNotice } from '../../generic/EditConflict';
import { MetaInputs } from '../../generic/GenericForm';
import { FinalizeFormButton } from './FinalizeButton';

const AnswersInput = () => {
  const translate = useTranslate();
  return (
    <ArrayInput source="answers" label="app.fields.answers">
      <SimpleFormIterator fullWidth disableReordering>
        <TextInput source="question" label="app.fields.question" validate={required()} fullWidth />
        <TextInput source="response" label="app.fields.response" multiline minRows={2} fullWidth />
        <TextInput
          source="comment"
          label="app.fields.comment"
          multiline
          minRows={2}
          fullWidth
          validate={maxLength(CHECK_IN_COMMENT_MAX)}
          helperText={translate('app.check_ins.comment_help', { max: CHECK_IN_COMMENT_MAX })}
        />
      </SimpleFormIterator>
    </ArrayInput>
  );
};

const CheckInToolbar = () => (
  <Toolbar>
    <SaveButton label="app.check_ins.save_draft" />
    <FinalizeFormButton />
  </Toolbar>
);

/**
 * A new check-in starts with the programme's standard questions (check_in_questions, active
 * ones in their order), worded in the screen's language, each with its code.
 */
function useStandardAnswers(enabled: boolean) {
  const [locale] = useLocaleState();
  const { data, isPending } = useGetList(
    'check_in_questions',
    { filter: { active: true }, sort: { field: 'position', order: 'ASC' }, pagination: { page: 1, perPage: 100 } },
    { enabled },
  );
  const answers = (data ?? []).map(q => ({ code: q.code, question: (locale === 'fr' && q.label_fr) || q.label, response: '', comment: '' }));
  return { answers, isPending: enabled && isPending };
}

/** Draft answers are saved as often as wanted; a finalized check-in is read-only. */
export const CheckInForm = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  const creating = !record?.id;
  const standard = useStandardAnswers(creating);
  if (record?.status === 'finalized') {
    return <Alert severity="info" sx={{ m: 2 }}>{translate('app.check_ins.read_only')}</Alert>;
  }
  if (standard.isPending) return <Skeleton variant="rounded" height={320} sx={{ m: 2 }} />;
  return (
    // keepErrors: a refused finalize refreshes the record it saved first; the server's field
    // errors (e.g. the check-in date it needs) must survive that refresh to be seen
    <SimpleForm toolbar={<CheckInToolbar />} defaultValues={{ answers: creating ? standard.answers : [] }} resetOptions={{ keepErrors: true }}>
      <ConflictNotice />
      <MetaInputs exclude={['answers']} />
      <AnswersInput />
    </SimpleForm>
  );
};
