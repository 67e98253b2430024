import { HttpError } from 'react-admin';
import { localisedError, sayNotification } from '../src/api/serverMessages';
import { i18nProvider } from '../src/i18n';

/** The body the server answers a date out of order with (server/db/errors.ts). */
const datesBody = {
  message: 'An end date comes before its start date',
  code: 'validation_failed',
  errors: { ended_on: 'cannot be before the start', note: 'Must name the visit' },
  message_code: 'dates_out_of_order',
  params: {},
  field_codes: { ended_on: { message_code: 'field_before_start', params: {} }, note: { message_code: 'field_invalid', params: {} } },
};

const refused = (body: object) => localisedError(new HttpError((body as { message: string }).message, 409, body)) as HttpError;

afterEach(() => i18nProvider.changeLocale('en'));

describe('server messages in the user language', () => {
  it('says a coded message and its fields in French', async () => {
    await i18nProvider.changeLocale('fr');
    const error = refused(datesBody);
    expect(error).toBeInstanceOf(HttpError);
    expect(error.status).toBe(409);
    expect(error.message).toBe('Une date de fin précède sa date de début');
    expect(error.body.errors).toEqual({ ended_on: 'ne peut pas précéder le début', note: 'n’est pas valide' });
  });

  it('keeps the English of a message not yet coded in English, and translates its fallback in French', async () => {
    const uncoded = { message: 'Plan 5 is closed', code: 'read_only', errors: {}, message_code: 'read_only', params: {}, field_codes: {} };
    expect(refused(uncoded).message).toBe('Plan 5 is closed');
    await i18nProvider.changeLocale('fr');
    expect(refused(uncoded).message).toBe('La fiche est fermée, payée ou finalisée : elle ne peut plus changer');
  });

  it('names resources, fields and statuses with the dashboard labels', async () => {
    const used = { message: 'x', code: 'still_referenced', errors: {}, message_code: 'record_still_used', params: { records: 'service_plans' }, field_codes: {} };
    expect(refused(used).message).toBe('This record is still referenced by service plans; remove or archive those first');
    const fields = { message: 'x', code: 'validation_failed', errors: {}, message_code: 'fields_invalid', params: { fields: 'ended_on' }, field_codes: {} };
    await i18nProvider.changeLocale('fr');
    expect(refused(used).message).toBe('Cette fiche est encore utilisée par des fiches « plans de services » ; supprimez-les ou archivez-les d’abord');
    expect(refused(fields).message).toBe('Vérifiez ces champs : Terminé le');
  });

  it('says in French the refusals that used to be plain English, with their words translated', async () => {
    const body = (message_code: string, params: Record<string, string | number>) => ({ message: 'x', code: 'conflict', errors: {}, message_code, params, field_codes: {} });
    await i18nProvider.changeLocale('fr');
    expect(refused(body('role_may_not', { role: 'ministry_finance', action: 'approve', records: 'service_plans' })).message).toBe(
      'Votre rôle (Finances du ministère) ne permet pas cette opération (Consigner l’approbation) sur les fiches « plans de services »',
    );
    expect(refused(body('role_may_not', { role: 'ministry_finance', action: 'update', records: 'children' })).message).toBe(
      'Votre rôle (Finances du ministère) ne permet pas cette opération (modifier) sur les fiches « enfants »',
    );
    expect(refused(body('choose_record', { label: 'service_plan' })).message).toBe('Choisissez la fiche : plan de services');
    expect(refused(body('date_in_future', { label: 'payment_date' })).message).toBe('Cette date (date de paiement) ne peut pas être dans le futur');
    expect(refused(body('wrong_status_for_action', { what: 'support_request', status: 'approved', action: 'cancelled', allowed: 'draft, submitted' })).message).toBe(
      'Cette fiche (demande de soutien) est « Approuvé » ; l’opération (annuler) n’est possible que si elle est « Brouillon, Soumis »',
    );
    expect(refused(body('sort_unknown', { resource: 'placements', field: 'colour', fields: 'id, start_date' })).message).toBe(
      'Impossible de trier les fiches « placements » par « colour » ; champs de tri : ID, Date de début',
    );
    expect(refused(body('event_needs_plan', { kind: 'critical_incident' })).message).toMatch(/^Cet événement \((?!critical)/);
  });

  it('says when a stale record changed in the reader’s language and time zone, not as an ISO timestamp', async () => {
    const changedAt = '2026-03-04T15:05:00.000Z';
    const params = { changed_by: 'Ana Diaz', changed_at: changedAt, sent: 3, current: 4 };
    const stale = { message: 'x', code: 'stale_version', errors: {}, message_code: 'version_stale_by', params, field_codes: {} };
    const local = (locale: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(changedAt));
    expect(refused(stale).message).toBe(`This record was changed by Ana Diaz at ${local('en-CA')} since you opened it (you have version 3, the current one is 4); reload it and try again`);
    await i18nProvider.changeLocale('fr');
    const french = refused(stale).message;
    expect(french).toBe(`Ana Diaz a modifié cette fiche le ${local('fr-CA')} depuis que vous l’avez ouverte (vous avez la version 3, la version actuelle est 4) ; rechargez-la et réessayez`);
    expect(french).not.toContain('2026-03-04T');
  });

  it('says a notification in the reader’s language from its sentences by code, and an older one in its English', async () => {
    const notification: Parameters<typeof sayNotification>[0] = {
      message: 'The placement of Maya Thompson at Elm House ended on 2026-01-12. It has no open service plan.',
      message_parts: [
        { message_code: 'placement_ended_no_plan', params: { child: 'Maya Thompson', place: 'Elm House', date: '2026-01-12' } },
        { message_code: 'stays_cancelled_after_end', params: { stays: '2026-02-06 – 2026-02-08' } },
      ],
    };
    await i18nProvider.changeLocale('fr');
    expect(sayNotification(notification)).toBe(
      'Le placement de Maya Thompson à Elm House a pris fin le 2026-01-12. Il n’a pas de plan de services ouvert. Les séjours de répit postérieurs à la fin ont été annulés : 2026-02-06 – 2026-02-08.',
    );
    expect(sayNotification({ message: 'Written before codes' })).toBe('Written before codes');
  });

  it('says a parser’s and ICM’s refusals, and a submission period, in French from their codes and positions', async () => {
    const body = (message_code: string, params: Record<string, string | number>) => ({ message: 'x', code: 'validation_failed', errors: {}, message_code, params, field_codes: {} });
    const cron = {
      ...body('cron_invalid', { problem: 'is not valid: its day-of-month field "32" must be a number from 1 to 31, *, a list (1,15), a range (1-5) or a step (*/10)' }),
      errors: { cron: 'is not valid: …' },
      field_codes: { cron: { message_code: 'field_cron_part', params: { cron_field: 'day_of_month', value: '32', min: 1, max: 31 } } },
    };
    expect(refused(cron).body.errors.cron).toBe('is not valid: its day-of-month field "32" must be a number from 1 to 31, *, a list (1,15), a range (1-5) or a step (*/10)');
    expect(refused(body('period_not_over', { period: 'interim', year: '2025–26', date: '2025-12-31', from: '2026-01-01' })).message).toBe(
      'The interim period of 2025–26 ends on 2025-12-31: it can be submitted from 2026-01-01',
    );
    await i18nProvider.changeLocale('fr');
    expect(refused(cron).body.errors.cron).toBe('n’est pas valide : le champ du jour du mois « 32 » doit être un nombre de 1 à 31, *, une liste (1,15), un intervalle (1-5) ou un pas (*/10)');
    expect(refused(body('import_csv_closing_quote', { row: 4, column: 2 })).message).toBe(
      'Le fichier ne peut pas être lu comme du CSV : à la ligne 4, colonne 2, un guillemet fermant est suivi d’autre chose qu’un séparateur ou la fin de la ligne',
    );
    expect(refused(body('period_not_over', { period: 'interim', year: '2025–26', date: '2025-12-31', from: '2026-01-01' })).message).toBe(
      'La période provisoire de l’exercice 2025–26 se termine le 2025-12-31 : elle peut être soumise à partir du 2026-01-01',
    );
    const icm: Parameters<typeof sayNotification>[0] = {
      message: 'The check-in of 2025-10 for plan 7 could not be sent to ICM after 8 attempt(s). ICM answered with HTTP status 503. Ask a system administrator to resend it.',
      message_parts: [
        { message_code: 'icm_check_in_failed', params: { month: '2025-10', id: 7, attempts: 8 } },
        { message_code: 'icm_failure_status', params: { status: 503 } },
        { message_code: 'icm_ask_resend', params: {} },
      ],
    };
    expect(sayNotification(icm)).toBe(
      'Le suivi de 2025-10 du plan 7 n’a pas pu être envoyé à ICM après 8 tentative(s). ICM a répondu avec le statut HTTP 503. Demandez à un administrateur du système de le renvoyer.',
    );
  });

  it('leaves errors that are not the API’s as they are', () => {
    const plain = new Error('network down');
    expect(localisedError(plain)).toBe(plain);
    const bare = new HttpError('Bad Gateway', 502, null);
    expect(localisedError(bare)).toBe(bare);
  });
});
