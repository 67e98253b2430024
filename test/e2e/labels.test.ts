import { en } from '../../dashboard/src/i18n/en';
import { fr } from '../../dashboard/src/i18n/fr';
import { apiGet, baseUrl, DEMO_PASSWORD, describeE2E, signIn, useBrowser, USERS } from './support/portal';

/**
 * Every name the server declares in /api/meta (resources, fields, enumeration values, workflow
 * actions and their inputs) has its English and French label in the dashboard, so a French
 * screen shows no English left over from the server; and a French page shows them.
 */
function has(messages: object, key: string): boolean {
  let node: unknown = messages;
  for (const part of key.split('.')) {
    if (!node || typeof node !== 'object') return false;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' && node.trim() !== '';
}

interface MetaField {
  name: string;
  enum: string[] | null;
}
interface MetaResource {
  name: string;
  fields: MetaField[];
  actions: { name: string; input?: MetaField[] | null }[];
}

function untranslated(messages: object, resources: MetaResource[]): string[] {
  const missing = new Set<string>();
  const field = (resource: string, f: MetaField) => {
    if (!has(messages, `resources.${resource}.fields.${f.name}`) && !has(messages, `app.fields.${f.name}`)) missing.add(`field ${resource}.${f.name}`);
    for (const value of f.enum ?? []) {
      if (!has(messages, `resources.${resource}.enums.${f.name}.${value}`) && !has(messages, `app.enums.${value}`)) missing.add(`enum ${resource}.${f.name}=${value}`);
    }
  };
  for (const resource of resources) {
    if (!has(messages, `resources.${resource.name}.name`)) missing.add(`resource ${resource.name}`);
    for (const f of resource.fields) field(resource.name, f);
    for (const action of resource.actions) {
      if (!has(messages, `resources.${resource.name}.actions.${action.name}`)) missing.add(`action ${resource.name}.${action.name}`);
      for (const input of action.input ?? []) field(resource.name, input);
    }
  }
  return [...missing].sort();
}

describeE2E('labels', () => {
  const browser = useBrowser();

  test('every resource, field, value and action of /api/meta has an English and a French label', async () => {
    // the system administrator reads every resource
    const login = await fetch(`${baseUrl()}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: USERS.admin, password: DEMO_PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const meta = (await (await fetch(`${baseUrl()}/api/meta`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { resources: MetaResource[] };
    expect(meta.resources.length).toBeGreaterThan(25);
    expect(untranslated(en, meta.resources)).toEqual([]);
    expect(untranslated(fr, meta.resources)).toEqual([]);
  });

  test('in French, a child’s file and a workflow button read in French', async () => {
    const session = await signIn(browser(), 'pm');
    const { page } = session;
    try {
      const [placement] = await apiGet(page, 'placements', { filter: { status: 'active' }, sort: ['id', 'ASC'], range: [0, 0] });
      await page.getByRole('banner').getByRole('button', { name: 'English' }).click();
      await page.getByRole('menuitem', { name: 'Français' }).click();
      await page.getByRole('main').getByRole('heading', { level: 2, name: 'Tableau de bord' }).waitFor();

      await page.goto(`/#/children/${placement.child_id}/show`);
      const main = page.getByRole('main');
      for (const tab of ['Détails', 'Placements', 'Plans de services', 'Suivis mensuels']) await main.getByRole('tab', { name: tab, exact: true }).waitFor();
      await main.getByText('Inscrit par l’organisme', { exact: true }).waitFor();

      await page.goto(`/#/placements/${placement.id}/show`);
      await main.getByRole('button', { name: 'Mettre fin au placement' }).click();
      const dialog = page.getByRole('dialog', { name: 'Mettre fin au placement' });
      await dialog.getByLabel('Date de fin').waitFor();
      await dialog.getByRole('button', { name: 'Annuler' }).click();
      await dialog.waitFor({ state: 'detached' });
      expect(session.pageErrors).toEqual([]);
    } finally {
      await session.close();
    }
  });
});
