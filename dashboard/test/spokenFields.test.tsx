import { render, screen } from '@testing-library/react';
import { AdminContext, RecordContextProvider } from 'react-admin';
import type { MetaField, MetaResource } from '../../contract/meta';
import { renderField } from '../src/generic/renderField';
import { i18nProvider } from '../src/i18n';

/**
 * Texts the server stores in English are said in the reader's language on the generic pages: a
 * notification's message from its parts (its English when it has none), an import's refused
 * cells from their codes and its failure by the message it is.
 */
const field = (name: string, type: MetaField['type'], maxLength?: number) => ({ name, type, max_length: maxLength ?? null }) as unknown as MetaField;
const resource = (name: string, fields: MetaField[]) => ({ name, fields, sorts: [] }) as unknown as MetaResource;
const translate = (key: string, options?: object) => i18nProvider.translate(key, options);

function show(res: MetaResource, name: string, record: Record<string, unknown>) {
  const f = res.fields.find(x => x.name === name)!;
  return render(
    <AdminContext i18nProvider={i18nProvider}>
      <RecordContextProvider value={{ id: 1, ...record }}>{renderField(res, f, null, translate)}</RecordContextProvider>
    </AdminContext>,
  );
}

const notifications = resource('notifications', [field('message', 'string', 2000)]);
const imports = resource('imports', [field('errors', 'json'), field('failure', 'string', 2000)]);

beforeAll(() => i18nProvider.changeLocale('fr'));
afterAll(() => i18nProvider.changeLocale('en'));

it('says a notification from its parts, and one written before parts in its English', async () => {
  show(notifications, 'message', {
    message: 'The placement of Maya Thompson at Elm House ended on 2026-01-12. It has no open service plan.',
    message_parts: [{ message_code: 'placement_ended_no_plan', params: { child: 'Maya Thompson', place: 'Elm House', date: '2026-01-12' } }],
  });
  expect(await screen.findByText('Le placement de Maya Thompson à Elm House a pris fin le 2026-01-12. Il n’a pas de plan de services ouvert.')).toBeTruthy();
  show(notifications, 'message', { message: 'Something else entirely.', message_parts: [] });
  expect(await screen.findByText('Something else entirely.')).toBeTruthy();
});

it('lists an import’s refused cells and says its failure in French', async () => {
  show(imports, 'errors', {
    errors: [{ row: 3, field: 'contract_id', column: 'Contract', message: 'no contracts record has contract_number "X"', message_code: 'import_no_such_keyed', params: { records: 'contracts', fields: 'contract_number', value: 'X' } }],
  });
  const table = await screen.findByRole('table', { name: 'Problèmes trouvés' });
  expect(table.textContent).toContain('aucune fiche « contrats » n’a pour Numéro de contrat « X »');
  show(imports, 'failure', { failure: 'The server stopped the import on an error; nothing was imported' });
  expect(await screen.findByText('Le serveur a arrêté l’importation sur une erreur ; rien n’a été importé')).toBeTruthy();
});
