import { Alert, Box, Card, CardContent, CardHeader, Link, Skeleton, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { Show, useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import { API_URL, httpClient } from '../../api/http';
import { DetailsAndHistory, ShowActions } from '../../generic/GenericShow';
import { fieldLabel } from '../../meta/fields';
import { fieldText } from '../../meta/fieldText';

/**
 * A payment's details, opened from its ICM order number: the payment, its contract, the
 * placement and child it pays for and the support request it pays, from one read
 * (GET /api/payments/:id/details).
 */
type Details = Record<string, any> & {
  contract: Record<string, any>;
  placement: Record<string, any> | null;
  support_request: Record<string, any> | null;
};

type Kind = 'text' | 'money' | 'date' | 'month' | 'datetime' | 'enum';

const Facts = ({ resource, record, rows }: { resource: string; record: Record<string, any>; rows: [string, Kind][] }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const show = (field: string, kind: Kind) => fieldText(kind === 'text' ? 'string' : kind, record[field], resource, field, locale, translate);
  return (
    <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: 'minmax(10rem, max-content) 1fr', columnGap: 2, rowGap: 0.5, m: 0 }}>
      {rows.map(([field, kind]) => (
        <Box key={field} sx={{ display: 'contents' }}>
          <Typography component="dt" variant="body2" color="text.secondary">
            {fieldLabel(translate, resource, field)}
          </Typography>
          <Typography component="dd" variant="body2" sx={{ m: 0 }}>
            {show(field, kind)}
          </Typography>
        </Box>
      ))}
    </Box>
  );
};

const Section = ({ title, children }: { title: string; children: ReactNode }) => (
  <Card variant="outlined" sx={{ mb: 2 }}>
    <CardHeader title={title} slotProps={{ title: { component: 'h2', variant: 'h6' } }} />
    <CardContent sx={{ pt: 0 }}>{children}</CardContent>
  </Card>
);

const PaymentDetails = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  const { data, error } = useQuery({
    queryKey: ['payment-details', record?.id],
    enabled: record?.id !== undefined,
    queryFn: async () => (await httpClient(`${API_URL}/payments/${encodeURIComponent(String(record!.id))}/details`)).json as Details,
  });
  if (error) return <Alert severity="error">{(error as Error).message}</Alert>;
  if (!data) return <Skeleton variant="rounded" height={320} sx={{ m: 2 }} />;
  const request = data.support_request;
  return (
    <Box sx={{ p: 2 }}>
      <Typography variant="h5" component="h1" sx={{ mb: 2 }}>
        {translate('app.payment_details.title')}
      </Typography>
      <Section title={translate('app.payment_details.payment')}>
        <Facts
          resource="payments"
          record={data}
          rows={[
            ['amount', 'money'], ['service_month', 'month'], ['kind', 'enum'], ['status', 'enum'], ['scheduled_on', 'date'], ['paid_on', 'date'],
            ['cas_payment_number', 'text'], ['icm_order_number', 'text'], ['created_at', 'datetime'], ['updated_at', 'datetime'],
          ]}
        />
      </Section>
      <Section title={translate('app.payment_details.contract')}>
        <Facts resource="contracts" record={data.contract} rows={[['contract_number', 'text'], ['program', 'enum'], ['organization_name', 'text']]} />
      </Section>
      <Section title={translate('app.payment_details.placement')}>
        {data.placement ? (
          <>
            <Link component={RouterLink} to={`/placements/${data.placement.id}/show`}>
              {data.placement.child_name} · {data.placement.place_name}
            </Link>
            <Facts resource="placements" record={data.placement} rows={[['kind', 'enum'], ['status', 'enum'], ['start_date', 'date'], ['end_date', 'date']]} />
          </>
        ) : (
          <Typography variant="body2">{translate('app.payment_details.none')}</Typography>
        )}
      </Section>
      <Section title={translate('app.payment_details.request')}>
        {request ? (
          <>
            <Link component={RouterLink} to={`/support_requests/${request.id}/show`}>
              {[request.type_label, request.sub_type_label].filter(Boolean).join(' · ')}
            </Link>
            <Facts
              resource="support_requests"
              record={request}
              rows={[['frequency', 'enum'], ['start_date', 'date'], ['end_date', 'date'], ['amount', 'money'], ['status', 'enum'], ['submitted_at', 'datetime'], ['decided_at', 'datetime'], ['justification', 'text']]}
            />
          </>
        ) : (
          <Typography variant="body2">{translate('app.payment_details.none')}</Typography>
        )}
      </Section>
    </Box>
  );
};

export const PaymentShow = () => (
  <Show actions={<ShowActions />}>
    <DetailsAndHistory>
      <PaymentDetails />
    </DetailsAndHistory>
  </Show>
);
