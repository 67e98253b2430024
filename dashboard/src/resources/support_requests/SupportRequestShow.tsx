import { Box, Typography } from '@mui/material';
import { Show, useRecordContext, useTranslate } from 'react-admin';
import { RelatedRecords } from '../../generic/RelatedRecords';
import { Attachments } from '../../generic/Attachments';
import { DetailsAndHistory, MetaFields, ShowActions } from '../../generic/GenericShow';
import { RequestReconciliation } from '../../reconciliation/RequestReconciliation';

/** The payment lines the request has scheduled (approval makes them). */
const RelatedPayments = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Box component="section" aria-labelledby="request-payments" sx={{ px: 2, pb: 2 }}>
      <Typography id="request-payments" variant="h6" component="h2">
        {translate('app.relations.request_payments')}
      </Typography>
      <RelatedRecords resource="payments" filter={{ support_request_id: record.id }} />
    </Box>
  );
};

/** A support request with its payments reconciled, month by month, its payment lines and its files; its history in a tab. */
export const SupportRequestShow = () => (
  <Show actions={<ShowActions />}>
    <DetailsAndHistory>
      <MetaFields />
      <RequestReconciliation />
      <RelatedPayments />
      <Attachments />
    </DetailsAndHistory>
  </Show>
);
