import {
  enumChoices,
  enumLabel,
  fieldKind,
  fieldLabel,
  filterSpecs,
  formFields,
  humanize,
  listFields,
  recordRepresentation,
  showFields,
  writablePayload,
} from '../src/meta/fields';
import type { MetaResource } from '../../contract/meta';
import { i18nProvider } from '../src/i18n';
import { field } from './metaField';

const children: MetaResource = {
  name: 'children',
  label: 'Children',
  id_field: 'id',
  fields: [
    field('id', 'integer', { read_only: true }),
    field('first_name', 'string', { required: true, max_length: 200 }),
    field('last_name', 'string', { max_length: 200 }),
    field('birth_date', 'date'),
    field('gender', 'string', { enum: ['female', 'male', 'other'] }),
    field('notes', 'text'),
    field('in_school', 'boolean'),
    field('organization_id', 'integer', { reference: 'organizations' }),
    field('monthly_amount', 'money'),
    field('archived_at', 'datetime', { read_only: true }),
    field('password', 'string', { write_only: true, max_length: 200 }),
    field('created_at', 'datetime', { read_only: true }),
    field('version', 'integer', { read_only: true }),
  ],
  filters: ['id', 'gender', 'birth_date', 'organization_id', 'monthly_amount'],
  range_filters: ['id', 'birth_date', 'organization_id', 'monthly_amount'],
  sorts: ['id', 'last_name', 'birth_date'],
  search: ['first_name', 'last_name'],
  default_sort: ['last_name', 'ASC'],
  permissions: { read: true, create: true, update: true, delete: false },
  writable_fields: null,
  versioned: true,
  archivable: true,
  read_only: false,
  attachments: false,
  programs: null,
  actions: [],
};

describe('a meta field becomes an input and a display of the right kind', () => {
  it.each([
    [field('organization_id', 'integer', { reference: 'organizations' }), 'reference'],
    [field('status', 'string', { enum: ['draft', 'closed'] }), 'enum'],
    [field('birth_date', 'date'), 'date'],
    [field('month', 'date'), 'month'],
    [field('service_month', 'date'), 'month'],
    [field('occurred_at', 'datetime'), 'datetime'],
    [field('amount', 'money'), 'money'],
    [field('capacity', 'integer'), 'integer'],
    [field('hours', 'number'), 'number'],
    [field('active', 'boolean'), 'boolean'],
    [field('goals', 'text'), 'longText'],
    [field('justification', 'string', { max_length: 4000 }), 'longText'],
    [field('first_name', 'string', { max_length: 200 }), 'string'],
    [field('answers', 'json'), 'json'],
  ])('%o is %s', (f, kind) => {
    expect(fieldKind(f)).toBe(kind);
  });
});

describe('which fields each view uses', () => {
  it('lists the first six short fields, leaving out id, long texts and write-only fields', () => {
    expect(listFields(children).map(f => f.name)).toEqual([
      'first_name',
      'last_name',
      'birth_date',
      'gender',
      'in_school',
      'organization_id',
    ]);
  });

  it('adds the status to the first six when it comes later', () => {
    const placements = {
      ...children,
      fields: ['place_of_service_id', 'contract_id', 'referral_id', 'kind', 'start_date', 'end_date', 'status', 'end_reason'].map(name =>
        field(name, name.endsWith('_date') ? 'date' : 'string'),
      ),
    };
    expect(listFields(placements).map(f => f.name)).toEqual(['place_of_service_id', 'contract_id', 'referral_id', 'kind', 'start_date', 'end_date', 'status']);
    expect(listFields(placements, 8).map(f => f.name)).toContain('end_reason');
  });

  it('shows every field but the version and the password', () => {
    const names = showFields(children).map(f => f.name);
    expect(names).toContain('archived_at');
    expect(names).not.toContain('version');
    expect(names).not.toContain('password');
  });

  it('edits writable fields only, the password included', () => {
    expect(formFields(children).map(f => f.name)).toEqual([
      'first_name',
      'last_name',
      'birth_date',
      'gender',
      'notes',
      'in_school',
      'organization_id',
      'monthly_amount',
      'password',
    ]);
  });

  it('sends writable fields and the version it read, nothing server-owned', () => {
    const record = { id: 3, first_name: 'Ada', archived_at: null, created_at: 'x', version: 4, extra: 1 };
    expect(writablePayload(children, record)).toEqual({ first_name: 'Ada', version: 4 });
  });

  it('sends the data as it is for a resource it does not know', () => {
    expect(writablePayload(undefined, { a: 1 })).toEqual({ a: 1 });
  });
});

describe('filters', () => {
  it('leaves id out, gives dates and amounts a from/to pair, and references one autocomplete', () => {
    expect(filterSpecs(children).map(s => [s.source, s.bound])).toEqual([
      ['gender', 'eq'],
      ['birth_date_gte', 'gte'],
      ['birth_date_lte', 'lte'],
      ['organization_id', 'eq'],
      ['monthly_amount_gte', 'gte'],
      ['monthly_amount_lte', 'lte'],
    ]);
  });
});

describe('labels', () => {
  const dictionary: Record<string, string> = {
    'resources.children.fields.birth_date': 'Born',
    'app.fields.first_name': 'Prénom',
    'app.enums.childrens_aid': "Children's aid society",
  };
  const translate = (key: string, options?: Record<string, unknown>) => dictionary[key] ?? String(options?._ ?? key);

  it('humanises names', () => {
    expect(humanize('first_name')).toBe('First name');
    expect(humanize('organization_id')).toBe('Organization');
    expect(humanize('rehab_occupational')).toBe('Rehab occupational');
  });

  it("prefers the resource's own label, then the shared one, then the humanised name", () => {
    expect(fieldLabel(translate, 'children', 'birth_date')).toBe('Born');
    expect(fieldLabel(translate, 'children', 'first_name')).toBe('Prénom');
    expect(fieldLabel(translate, 'children', 'preferred_name')).toBe('Preferred name');
  });

  it('labels enumeration values the same way', () => {
    expect(enumLabel(translate, 'referrals', 'source_type', 'childrens_aid')).toBe("Children's aid society");
    expect(enumChoices(translate, 'referrals', 'source_type', ['self_family'])).toEqual([{ id: 'self_family', name: 'Self family' }]);
  });
});

describe('record titles', () => {
  it('names a child by first and last name', () => {
    const represent = recordRepresentation(children) as (r: unknown) => string;
    expect(represent({ first_name: 'Ada', last_name: 'Lovelace' })).toBe('Ada Lovelace');
  });

  it('names an organisation by its name and a payment by its number', () => {
    expect(recordRepresentation({ ...children, fields: [field('name', 'string')] })).toBe('name');
    const payment = recordRepresentation({ ...children, label: 'Payments', fields: [field('amount', 'money')] }) as (r: unknown) => string;
    expect(payment({ id: 12 })).toBe('#12');
  });

  it('titles a lookup by its French label in French, and by the English one without it', async () => {
    const types = { ...children, label: 'Service types', fields: [field('code', 'string'), field('label', 'string'), field('label_fr', 'string')] };
    const represent = recordRepresentation(types) as (r: unknown) => string;
    const respite = { code: 'respite_home', label: 'Respite home', label_fr: 'Foyer de relève' };
    expect(represent(respite)).toBe('Respite home');
    await i18nProvider.changeLocale('fr');
    try {
      expect(represent(respite)).toBe('Foyer de relève');
      expect(represent({ ...respite, label_fr: null })).toBe('Respite home');
    } finally {
      await i18nProvider.changeLocale('en');
    }
  });

  it('tells plans apart by programme and their first known date', () => {
    const plans = { ...children, label: 'Plans', fields: [field('program', 'string'), field('initiated_on', 'date'), field('approved_on', 'date')] };
    const represent = recordRepresentation(plans) as (r: unknown) => string;
    expect(represent({ id: 7, program: 'CSP', initiated_on: '2025-03-01', approved_on: null })).toBe('#7 · CSP · 2025-03-01');
    expect(represent({ id: 8, program: 'SHSS', initiated_on: null, approved_on: '2025-04-02' })).toBe('#8 · SHSS · 2025-04-02');
    expect(represent({ id: 9, program: 'SHSS', initiated_on: null, approved_on: null })).toBe('#9 · SHSS');
  });

  it('keeps the date of a title as YYYY-MM-DD in French too, the same title the server and the search use', async () => {
    const plans = { ...children, label: 'Plans', fields: [field('program', 'string'), field('approved_on', 'date')] };
    const represent = recordRepresentation(plans) as (r: unknown) => string;
    await i18nProvider.changeLocale('fr');
    try {
      expect(represent({ id: 8, program: 'SHSS', approved_on: '2025-04-02' })).toBe('#8 · SHSS · 2025-04-02');
    } finally {
      await i18nProvider.changeLocale('en');
    }
  });

  it("leads with the child's name where the records carry it", () => {
    const plans = { ...children, label: 'Plans', fields: [field('child_name', 'string', { read_only: true }), field('program', 'string'), field('initiated_on', 'date')] };
    const represent = recordRepresentation(plans) as (r: unknown) => string;
    expect(represent({ id: 542, child_name: 'Ana Patel', program: 'SHSS', initiated_on: '2024-11-08' })).toBe('Ana Patel · #542 · SHSS · 2024-11-08');
    expect(represent({ id: 543, child_name: null, program: 'SHSS', initiated_on: null })).toBe('#543 · SHSS');
  });
});

describe('pickers narrowed by the form', () => {
  const { narrowingFilter } = jest.requireActual('../src/generic/NarrowedReferenceInput') as typeof import('../src/generic/NarrowedReferenceInput');

  it('takes constants as given and the form fields it names once filled in', () => {
    const narrowing = { parent_code: { field: 'type_code' }, active: { value: true } };
    expect(narrowingFilter(narrowing, { type_code: 'respite' })).toEqual({ parent_code: 'respite', active: true });
    expect(narrowingFilter(narrowing, { type_code: '' })).toEqual({ active: true });
    expect(narrowingFilter({ parent_code: { value: null } }, {})).toEqual({ parent_code: null });
    expect(narrowingFilter(null, { child_id: 4 })).toEqual({});
  });
});
