import { Alert, Box, Button, Skeleton, Typography } from '@mui/material';
import { Title, useEditController, useShowController, useTranslate } from 'react-admin';
import { Link as RouterLink } from 'react-router-dom';
import { CardShell } from '../dashboard/CardShell';
import { HistorySection } from '../history/HistorySection';
import { useMeta } from '../meta/MetaContext';
import { AnswerView } from './AnswerView';
import { QuestionBuilder, type QuestionRecord } from './QuestionBuilder';
import { useAnswer } from './useQuestion';

/** A new question: the builder, empty (or on `?resource=`). */
export const QuestionCreate = () => <QuestionBuilder />;

/** A saved question opened in the builder as it was built. */
export const QuestionEdit = () => {
  const { record } = useEditController<QuestionRecord & { id: number }>({ mutationMode: 'pessimistic' });
  return record ? <QuestionBuilder key={record.id} question={record} /> : <Skeleton variant="rounded" height={300} aria-hidden sx={{ mt: 2 }} />;
};

/** A saved question's answer for the viewer, for its owner the way back into the builder, and its history. */
export const QuestionShow = () => {
  const translate = useTranslate();
  const meta = useMeta();
  const { record } = useShowController<QuestionRecord & { id: number; owner_id: number }>();
  const { data: answer, error } = useAnswer(record?.spec ?? null);
  if (!record) return <Skeleton variant="rounded" height={300} aria-hidden sx={{ mt: 2 }} />;
  const owns = meta?.user.role === 'system_admin' || meta?.user.id === record.owner_id;
  return (
    <Box sx={{ py: 2, display: 'flex', flexDirection: 'column', gap: 2 }}>
      <Title title={record.title} />
      <Box sx={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 1 }}>
        <Typography variant="h5" component="h2">
          {record.title}
        </Typography>
        {owns && (
          <Button component={RouterLink} to={`/questions/${record.id}`} variant="outlined">
            {translate('app.bi.builder.open_in_builder')}
          </Button>
        )}
      </Box>
      {record.description && <Typography color="text.secondary">{record.description}</Typography>}
      <CardShell title={record.title}>
        {error ? <Alert severity="error">{(error as Error).message}</Alert> : answer ? <AnswerView answer={answer} visualization={record.visualization} title={record.title} /> : <Skeleton variant="rounded" height={300} aria-hidden />}
      </CardShell>
      <HistorySection record={record} />
    </Box>
  );
};
