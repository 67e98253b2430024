import { ReadableStream } from 'node:stream/web';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { AdminContext } from 'react-admin';
import type { ImportColumns, ImportProgress } from '../../contract/imports';
import type { Meta } from '../../contract/meta';
import { i18nProvider } from '../src/i18n';
import { readLines, type ImportOptions, type ImportOutcome } from '../src/imports/importApi';
import { ImportPage } from '../src/imports/ImportPage';
import { MetaProvider } from '../src/meta/MetaContext';

/**
 * The import page: a file's columns mapped as the server suggests, the import's progress, every
 * bad cell the server names, and a cancel that aborts the request (the server then rolls back).
 */
const meta = {
  resources: [
    { name: 'children', permissions: { create: true }, read_only: false, fields: [] },
    { name: 'imports', permissions: { create: false }, read_only: true, fields: [] },
  ],
} as unknown as Meta;

const columns: ImportColumns = {
  format: 'csv',
  columns: ['First', 'Last', 'Born', 'Notes'],
  suggested: { First: 'first_name', Last: 'last_name', Born: 'birth_date', Notes: null },
  targets: [
    { target: 'first_name', field: 'first_name', natural_key: null, required: true },
    { target: 'last_name', field: 'last_name', natural_key: null, required: true },
    { target: 'birth_date', field: 'birth_date', natural_key: null, required: false },
  ],
};

const refused: ImportOutcome = {
  import_id: 4,
  status: 'refused',
  dry_run: false,
  rows: 900,
  created: 0,
  errors: [
    { row: 3, field: 'birth_date', column: 'Born', message: 'must be a date YYYY-MM-DD', message_code: 'field_date', params: {} },
    { row: 7, field: null, column: null, message: 'A record this children record refers to was not found', message_code: 'referred_record_not_found', params: { records: 'children' } },
  ],
  error_count: 3,
  same_as_import_id: null,
  mapping: columns.suggested,
  ignored_columns: ['Notes'],
};

function renderPage(importFile: (resource: string, file: File, options: ImportOptions) => Promise<ImportOutcome>) {
  const provider = { importColumns: jest.fn(async () => columns), importFile: jest.fn(importFile) };
  render(
    <AdminContext dataProvider={provider as any} i18nProvider={i18nProvider}>
      <MetaProvider meta={meta}>
        <ImportPage />
      </MetaProvider>
    </AdminContext>,
  );
  return provider;
}

const file = new File(['First,Last,Born,Notes\r\n'], 'children.csv', { type: 'text/csv' });
const chooseFile = async () => {
  fireEvent.mouseDown(await screen.findByRole('combobox', { name: 'Records to create' }));
  const options = await screen.findAllByRole('option');
  expect(options.map(o => o.textContent)).toEqual(['Children']);
  fireEvent.click(options[0]);
  fireEvent.change(await screen.findByTestId('import-file'), { target: { files: [file] } });
  return screen.findByRole('table', { name: 'Columns' });
};

it('maps the columns as suggested, shows the progress, and lists every bad cell of a refused file', async () => {
  let report: ((progress: ImportProgress) => void) | null = null;
  let finish: (outcome: ImportOutcome) => void = () => undefined;
  const provider = renderPage((_r, _f, options) => {
    report = options.onProgress;
    return new Promise(resolve => (finish = resolve));
  });
  const table = await chooseFile();
  expect(provider.importColumns).toHaveBeenCalledWith('children', file);
  expect(within(table).getAllByRole('rowheader').map(h => h.textContent)).toEqual(['First', 'Last', 'Born', 'Notes']);
  expect(within(table).getAllByRole('combobox').map(c => c.textContent)).toEqual(['First name', 'Last name', 'Birth date', '— leave out —']);

  fireEvent.click(screen.getByRole('button', { name: 'Import' }));
  await waitFor(() => expect(provider.importFile).toHaveBeenCalled());
  const [resource, sent, options] = provider.importFile.mock.calls[0];
  expect([resource, sent, options.mapping, options.dryRun]).toEqual(['children', file, { First: 'first_name', Last: 'last_name', Born: 'birth_date', Notes: null }, false]);
  act(() => report!({ import_id: 4, phase: 'validating', rows: 500, fraction: 0.5 }));
  expect(await screen.findByText('500 rows checked…')).toBeTruthy();
  expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('50');

  act(() => finish(refused));
  expect(await screen.findByText('3 problems in the file: nothing was imported. Correct the rows below and try again.')).toBeTruthy();
  const errors = screen.getByRole('table', { name: 'Problems found' });
  expect(within(errors).getAllByRole('row').slice(1).map(row => within(row).getAllByRole('cell').map(c => c.textContent))).toEqual([
    ['3', 'Born', 'must be a date YYYY-MM-DD'],
    ['7', '—', 'A record this children record refers to was not found'],
  ]);
  expect(screen.getByText('and 1 more problem')).toBeTruthy();
});

it('says each bad cell in French, by its message code', async () => {
  await i18nProvider.changeLocale('fr');
  try {
    renderPage(async () => refused);
    fireEvent.mouseDown(await screen.findByRole('combobox', { name: 'Fiches à créer' }));
    fireEvent.click((await screen.findAllByRole('option'))[0]);
    fireEvent.change(await screen.findByTestId('import-file'), { target: { files: [file] } });
    await screen.findByRole('table', { name: 'Colonnes' });
    fireEvent.click(screen.getByRole('button', { name: 'Importer' }));
    const errors = await screen.findByRole('table', { name: 'Problèmes trouvés' });
    expect(within(errors).getAllByRole('row').slice(1).map(row => within(row).getAllByRole('cell').map(c => c.textContent))).toEqual([
      ['3', 'Born', 'doit être une date AAAA-MM-JJ'],
      ['7', '—', 'Une fiche à laquelle cette fiche « enfants » renvoie est introuvable'],
    ]);
  } finally {
    await i18nProvider.changeLocale('en');
  }
});

it('sends a dry run when asked to check the file, and cancels a running import by aborting it', async () => {
  const provider = renderPage(
    (_r, _f, options) =>
      new Promise((_resolve, reject) => options.signal.addEventListener('abort', () => reject(new Error('aborted')))),
  );
  await chooseFile();
  fireEvent.click(screen.getByRole('button', { name: 'Check the file' }));
  await waitFor(() => expect(provider.importFile).toHaveBeenCalled());
  expect(provider.importFile.mock.calls[0][2].dryRun).toBe(true);
  fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
  expect(await screen.findByText('Import cancelled: nothing was written.')).toBeTruthy();
  expect(provider.importFile.mock.calls[0][2].signal.aborted).toBe(true);
});

it('reads NDJSON lines however the stream cuts them', async () => {
  const encoder = new TextEncoder();
  const chunks = ['{"progress":{"rows":1}}\n{"prog', 'ress":{"rows":2}}\n', '{"status":"committed"}'];
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  const lines: unknown[] = [];
  await readLines(stream as unknown as globalThis.ReadableStream<Uint8Array>, line => lines.push(line));
  expect(lines).toEqual([{ progress: { rows: 1 } }, { progress: { rows: 2 } }, { status: 'committed' }]);
});
