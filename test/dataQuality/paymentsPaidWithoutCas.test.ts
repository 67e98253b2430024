import { useTestContext } from '../helpers/context';
import { countOf, recordsOf } from '../helpers/dataQuality';
import { createPayment, createProvider, type Provider } from '../helpers/factories';

/** payments_paid_without_cas: a paid payment with no (or a blank) CAS payment number. */
const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let provider: Provider;

beforeAll(async () => {
  provider = await createProvider(ctx);
});

it('counts paid payments without a CAS number or with a blank one, not scheduled ones or those with a number', async () => {
  const none = await createPayment(ctx.knex, provider, { service_month: '2025-10-01', status: 'paid', paid_on: '2025-10-25' });
  const blank = await createPayment(ctx.knex, provider, { service_month: '2025-11-01', status: 'paid', paid_on: '2025-11-25', cas_payment_number: '  ' });
  await createPayment(ctx.knex, provider, { service_month: '2025-12-01', status: 'paid', paid_on: '2025-12-24', cas_payment_number: 'CAS-1' });
  await createPayment(ctx.knex, provider, { service_month: '2026-01-01', status: 'scheduled' });
  const finance = provider.as.ministry_finance.api;
  expect(await countOf(finance, 'payments_paid_without_cas')).toBe(2);
  expect(await recordsOf(finance, 'payments_paid_without_cas')).toEqual({ ids: [none.id, blank.id], total: 2 });
});
