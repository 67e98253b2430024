import { Box, Divider, Typography } from '@mui/material';
import { Create, EditButton, Show, ShowButton, TopToolbar, useRecordContext, useTranslate } from 'react-admin';
import { Attachments } from '../../generic/Attachments';
import { PortalEdit } from '../../generic/EditConflict';
import { DetailsAndHistory, MetaFields } from '../../generic/GenericShow';
import { WorkflowButtons } from '../../generic/WorkflowButtons';
import { CheckInForm } from './CheckInForm';
import { FinalizeRecordButton } from './FinalizeButton';

interface Answer {
  question?: string;
  response?: string;
  comment?: string;
}

const Answers = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  const answers: Answer[] = Array.isArray(record?.answers) ? record!.answers : [];
  if (answers.length === 0) {
    return (
      <Typography sx={{ p: 2 }} color="text.secondary">
        {translate('app.check_ins.no_answers')}
      </Typography>
    );
  }
  return (
    <Box component="section" aria-labelledby="check-in-answers" sx={{ px: 2, pb: 2 }}>
      <Typography id="check-in-answers" variant="h6" component="h2">
        {translate('app.fields.answers')}
      </Typography>
      <Box component="ol" sx={{ pl: 3 }}>
      {answers.map((answer, index) => (
        <li key={index}>
          <Typography variant="subtitle2">{answer.question}</Typography>
          <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }}>{answer.response}</Typography>
          {answer.comment && (
            <Typography variant="body2" color="text.secondary" sx={{ whiteSpace: 'pre-wrap' }}>
              {answer.comment}
            </Typography>
          )}
          <Divider sx={{ my: 1 }} />
        </li>
      ))}
      </Box>
    </Box>
  );
};

const EditWhenDraft = () => {
  const record = useRecordContext();
  return record?.status === 'finalized' ? null : <EditButton />;
};

const CheckInShowActions = () => (
  <TopToolbar>
    <WorkflowButtons exclude={['finalize']} />
    <FinalizeRecordButton />
    <EditWhenDraft />
  </TopToolbar>
);

export const CheckInShow = () => (
  <Show actions={<CheckInShowActions />}>
    <DetailsAndHistory>
      <MetaFields exclude={['answers']} />
      <Answers />
      <Attachments />
    </DetailsAndHistory>
  </Show>
);

const CheckInEditActions = () => (
  <TopToolbar>
    <WorkflowButtons exclude={['finalize']} />
    <ShowButton />
  </TopToolbar>
);

export const CheckInEdit = () => (
  <PortalEdit redirect={false} actions={<CheckInEditActions />}>
    <CheckInForm />
  </PortalEdit>
);

export const CheckInCreate = () => (
  <Create redirect="edit">
    <CheckInForm />
  </Create>
);
