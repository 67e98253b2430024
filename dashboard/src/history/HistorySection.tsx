import { Box, Typography } from '@mui/material';
import { RecordContextProvider, useTranslate, type RaRecord } from 'react-admin';
import { RecordHistory } from './RecordHistory';

/**
 * The record's history as a section of a page that has no tabs (a saved question, a
 * dashboard): the same RecordHistory as the History tab, under its own heading.
 */
export const HistorySection = ({ record }: { record: RaRecord }) => {
  const translate = useTranslate();
  return (
    <Box component="section" aria-labelledby="record-history" sx={{ mt: 2 }}>
      <Typography id="record-history" variant="h6" component="h2" sx={{ mb: 1 }}>
        {translate('app.history.title')}
      </Typography>
      <RecordContextProvider value={record}>
        <RecordHistory />
      </RecordContextProvider>
    </Box>
  );
};
