import { Alert } from '@mui/material';
import {
  ArrayInput,
  maxLength,
  required,
  SaveButton,
  SimpleForm,
  SimpleFormIterator,
  TextInput,
  Toolbar,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { CHECK_IN_COMMENT_MAX } from '../../../../contract/rules';
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

/** Draft answers are saved as often as wanted; a finalized check-in is read-only. */
export const CheckInForm = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  if (record?.status === 'finalized') {
    return <Alert severity="info" sx={{ m: 2 }}>{translate('app.check_ins.read_only')}</Alert>;
  }
  return (
    // keepErrors: a refused finalize refreshes the record it saved first; the server's field
    // errors (e.g. the check-in date it needs) must survive that refresh to be seen
    <SimpleForm toolbar={<CheckInToolbar />} defaultValues={{ answers: [] }} resetOptions={{ keepErrors: true }}>
      <MetaInputs exclude={['answers']} />
      <AnswersInput />
    </SimpleForm>
  );
};
