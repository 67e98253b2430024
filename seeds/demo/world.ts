import type { Knex } from 'knex';
import type { Role } from '../../contract/enums';
import { addDays, daysBetween, fiscalYearStart } from '../../server/dates';
import { Random } from './random';
import {
  COORDINATING_AGENCIES,
  FIRST_NAMES,
  GENDERS,
  INDIGENOUS_IDENTITIES,
  LAST_NAMES,
  MINISTRIES,
  PARTNER_AGENCIES,
  PLACES,
  SERVICE_PROVIDERS,
  SERVICE_TYPES,
  SUPPORT_REQUEST_TYPES,
} from './vocabulary';
import { SeedWriter, type Pending } from './writer';

/**
 * The demo world: organisations, places, users and contracts, plus the helpers the CSP and
 * SHSS stories share (names, children, timestamps).
 */
export type { Role };

export interface OrganizationRef {
  ref: Pending;
  name: string;
  kind: 'ministry' | 'service_provider' | 'coordinating_agency' | 'partner_agency';
  area: string;
  users: UserRef[];
}

export interface UserRef {
  ref: Pending;
  role: Role;
  organization: OrganizationRef | null;
  fullName: string;
  email: string;
  active: boolean;
}

export interface PlaceRef {
  ref: Pending;
  organization: OrganizationRef;
  name: string;
  type: string;
  region: string;
  /** the programme managers and portal workers assigned to it now */
  staff: UserRef[];
}

export interface ContractRef {
  ref: Pending;
  organization: OrganizationRef;
  program: 'SHSS' | 'FCC' | 'CSP';
  number: string;
  isLegacy: boolean;
  startDate: string;
  endDate: string | null;
  /** cents */
  monthlyBase: number;
}

export interface ChildRef {
  ref: Pending;
  firstName: string;
  lastName: string;
  birthDate: string;
}

/** The demo sign-ins (password Demo2025!). */
export const DEMO_USERS: { key: string; email: string; fullName: string; role: Role }[] = [
  { key: 'admin', email: 'admin@demo.example', fullName: 'Sam Rivera', role: 'system_admin' },
  { key: 'manager', email: 'manager@demo.example', fullName: 'Morgan Lee', role: 'ministry_manager' },
  { key: 'finance', email: 'finance@demo.example', fullName: 'Priya Nair', role: 'ministry_finance' },
  { key: 'orgadmin', email: 'orgadmin@demo.example', fullName: 'Jordan Blake', role: 'org_admin' },
  { key: 'pm', email: 'pm@demo.example', fullName: 'Taylor Singh', role: 'program_manager' },
  { key: 'worker', email: 'worker@demo.example', fullName: 'Casey Thompson', role: 'portal_worker' },
  { key: 'spc', email: 'spc@demo.example', fullName: 'Robin Tremblay', role: 'coordinator' },
];

export class World {
  readonly rng: Random;
  /**
   * A second generator for the data added after the demo's first release (priorities, waitlists,
   * risk flags, complaints): drawing from it leaves every row drawn from `rng` as it was.
   */
  readonly extras: Random;
  readonly writer = new SeedWriter();
  /** April 1 two fiscal years before the one containing `today` */
  readonly start: string;
  readonly ministries: OrganizationRef[] = [];
  readonly providers: OrganizationRef[] = [];
  readonly agencies: OrganizationRef[] = [];
  readonly partners: OrganizationRef[] = [];
  readonly places: PlaceRef[] = [];
  readonly contracts: ContractRef[] = [];
  readonly demo = new Map<string, UserRef>();
  private readonly usedEmails = new Set<string>();
  private readonly usedNumbers = new Set<string>();

  constructor(
    readonly today: string,
    private readonly passwordHash: string,
    seed = 20251123,
  ) {
    this.rng = new Random(seed);
    this.extras = new Random(seed + 1);
    this.start = `${Number(fiscalYearStart(today).slice(0, 4)) - 2}-04-01`;
  }

  /** An instant on `date` during office hours (UTC), never after the start of `today`. */
  at(date: string, minuteOfDay?: number): string {
    if (date >= this.today) return `${this.today}T00:00:00.000Z`;
    const minutes = minuteOfDay ?? this.rng.int(15 * 60, 23 * 60);
    const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
    const mm = String(minutes % 60).padStart(2, '0');
    return `${date}T${hh}:${mm}:00.000Z`;
  }

  /** created_at / updated_at for a record made on `created` and last changed on `updated`. */
  stamps(created: string, updated: string = created): { created_at: string; updated_at: string } {
    const createdAt = this.at(created);
    const updatedAt = updated > created ? this.at(updated) : createdAt;
    return { created_at: createdAt, updated_at: updatedAt < createdAt ? createdAt : updatedAt };
  }

  /** A date uniformly between `from` and `to` (inclusive). */
  dateBetween(from: string, to: string): string {
    return addDays(from, this.rng.int(0, Math.max(0, daysBetween(from, to))));
  }

  personName(): string {
    return `${this.rng.pick(FIRST_NAMES)} ${this.rng.pick(LAST_NAMES)}`;
  }

  /** A child about `age` years old on `on` (never born after today). */
  child(options: { on: string; minAge: number; maxAge: number; lastName?: string; area: string; registeredBy: OrganizationRef }): ChildRef {
    const { rng } = this;
    const age = rng.int(options.minAge, options.maxAge);
    const reference = options.on < this.today ? options.on : this.today;
    const birthDate = addDays(reference, -(age * 365 + rng.int(0, 364)));
    const firstName = rng.pick(FIRST_NAMES);
    const lastName = options.lastName ?? rng.pick(LAST_NAMES);
    const preferred = rng.chance(0.08) ? rng.pick(FIRST_NAMES) : null;
    const gender = rng.weighted(GENDERS);
    const indigenous = rng.weighted(INDIGENOUS_IDENTITIES);
    const schoolAge = age >= 5 && age <= 18;
    const inSchool = rng.chance(0.05) ? null : schoolAge && rng.chance(0.93);
    const stamps = this.stamps(reference);
    const ref = this.writer.add('children', () => ({
      first_name: firstName,
      last_name: lastName,
      preferred_name: preferred,
      birth_date: birthDate,
      gender,
      indigenous_identity: indigenous,
      in_school: inSchool,
      service_delivery_area: options.area,
      registered_by_organization_id: options.registeredBy.ref.id,
      ...stamps,
    }));
    return { ref, firstName, lastName, birthDate };
  }

  private organization(list: OrganizationRef[], name: string, kind: OrganizationRef['kind'], area: string): OrganizationRef {
    const organization: OrganizationRef = { ref: { id: 0 }, name, kind, area, users: [] };
    const stamps = this.stamps(addDays(this.start, -400));
    organization.ref = this.writer.add('organizations', () => ({
      name,
      kind,
      service_delivery_area: area,
      active: true,
      ...stamps,
    }));
    list.push(organization);
    return organization;
  }

  private user(organization: OrganizationRef | null, role: Role, fullName: string, email?: string, active = true): UserRef {
    let address = email;
    if (!address) {
      const domain = (organization?.name ?? 'ministry').toLowerCase().replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '');
      const local = fullName.toLowerCase().replace(/[^a-z]+/g, '.');
      address = `${local}@${domain}.example`;
      for (let n = 2; this.usedEmails.has(address); n += 1) address = `${local}${n}@${domain}.example`;
    }
    this.usedEmails.add(address);
    const user: UserRef = { ref: { id: 0 }, role, organization, fullName, email: address, active };
    const stamps = this.stamps(addDays(this.start, -200));
    user.ref = this.writer.add('users', () => ({
      organization_id: organization?.ref.id ?? null,
      email: address,
      full_name: fullName,
      role,
      active,
      password_hash: this.passwordHash,
      last_login_at: null,
      ...stamps,
    }));
    organization?.users.push(user);
    return user;
  }

  usersOf(organization: OrganizationRef, ...roles: Role[]): UserRef[] {
    return organization.users.filter((u) => roles.includes(u.role));
  }

  /** SHSS contract numbers: SHSS and ten digits, never repeated. */
  private contractNumber(prefix: string, digits: number): string {
    let number = `${prefix}${this.rng.digits(digits)}`;
    while (this.usedNumbers.has(number)) number = `${prefix}${this.rng.digits(digits)}`;
    this.usedNumbers.add(number);
    return number;
  }

  private contract(organization: OrganizationRef, program: ContractRef['program'], number: string, isLegacy: boolean, startDate: string, endDate: string | null, monthlyBase: number): ContractRef {
    const contract: ContractRef = { ref: { id: 0 }, organization, program, number, isLegacy, startDate, endDate, monthlyBase };
    const stamps = this.stamps(minDateOf(startDate, this.today));
    contract.ref = this.writer.add('contracts', () => ({
      organization_id: organization.ref.id,
      contract_number: number,
      program,
      is_legacy: isLegacy,
      start_date: startDate,
      end_date: endDate,
      monthly_base_amount: monthlyBase ? (monthlyBase / 100).toFixed(2) : null,
      ...stamps,
    }));
    this.contracts.push(contract);
    return contract;
  }

  contractsOf(organization: OrganizationRef): ContractRef[] {
    return this.contracts.filter((c) => c.organization === organization);
  }

  /** Organisations, places, users, assignments and contracts. */
  buildOrganizations(): void {
    const { rng } = this;
    for (const m of MINISTRIES) this.organization(this.ministries, m.name, 'ministry', m.area);
    for (const p of SERVICE_PROVIDERS) this.organization(this.providers, p.name, 'service_provider', p.area);
    for (const a of COORDINATING_AGENCIES) this.organization(this.agencies, a.name, 'coordinating_agency', a.area);
    for (const p of PARTNER_AGENCIES) this.organization(this.partners, p.name, 'partner_agency', p.area);

    const demoOrganization: Record<string, OrganizationRef | null> = {
      admin: null,
      manager: this.ministries[0],
      finance: this.ministries[0],
      orgadmin: this.providers[0],
      pm: this.providers[0],
      worker: this.providers[0],
      spc: this.agencies[0],
    };
    for (const d of DEMO_USERS) this.demo.set(d.key, this.user(demoOrganization[d.key], d.role, d.fullName, d.email));

    // The rest of the staff, so lists, authors and assignments look like a real organisation's.
    this.user(this.ministries[0], 'ministry_finance', this.personName());
    this.user(this.ministries[1], 'ministry_manager', this.personName());
    this.user(this.ministries[1], 'ministry_finance', this.personName());
    this.user(this.ministries[2], 'ministry_manager', this.personName());
    this.user(null, 'system_admin', this.personName());
    this.providers.forEach((provider, index) => {
      if (index > 0) this.user(provider, 'org_admin', this.personName());
      const managers = index === 0 ? 1 : 2;
      for (let i = 0; i < managers; i += 1) this.user(provider, 'program_manager', this.personName());
      for (let i = 0; i < 3; i += 1) this.user(provider, 'portal_worker', this.personName());
      this.user(provider, 'portal_worker', this.personName(), undefined, false);
    });
    this.agencies.forEach((agency) => {
      this.user(agency, 'org_admin', this.personName());
      for (let i = 0; i < 3; i += 1) this.user(agency, 'coordinator', this.personName());
    });
    this.partners.forEach((partner) => this.user(partner, 'org_admin', this.personName()));

    const regionOf = (provider: OrganizationRef) => SERVICE_PROVIDERS[this.providers.indexOf(provider)].region;
    for (const p of PLACES) {
      const organization = this.providers[p.provider];
      const place: PlaceRef = { ref: { id: 0 }, organization, name: p.name, type: p.type, region: regionOf(organization), staff: [] };
      const stamps = this.stamps(addDays(this.start, -365));
      place.ref = this.writer.add('places_of_service', () => ({
        organization_id: organization.ref.id,
        name: p.name,
        service_type_code: p.type,
        region: place.region,
        capacity: p.capacity,
        active: true,
        ...stamps,
      }));
      this.places.push(place);
    }

    this.assignStaff();

    for (const provider of this.providers) {
      this.contract(provider, 'SHSS', this.contractNumber('SHSS', 10), false, addDays(this.start, -365), null, rng.int(92, 108) * 10000);
      this.contract(provider, 'SHSS', this.contractNumber('SHSS', 10), true, '2017-04-01', null, rng.int(78, 88) * 10000);
    }
    this.contract(this.providers[1], 'FCC', this.contractNumber('FCC-', 6), false, this.start, null, 0);
    this.agencies.forEach((agency) => {
      this.contract(agency, 'CSP', this.contractNumber('CSP-ON-', 5), false, addDays(this.start, -365), null, 0);
    });
  }

  private assign(user: UserRef, place: PlaceRef, assignedOn: string, endedOn: string | null = null): void {
    const stamps = this.stamps(assignedOn, endedOn ?? assignedOn);
    this.writer.add('place_assignments', () => ({
      user_id: user.ref.id,
      place_of_service_id: place.ref.id,
      assigned_on: assignedOn,
      ended_on: endedOn,
      ...stamps,
    }));
    if (endedOn === null && user.active) place.staff.push(user);
  }

  /**
   * The demo programme manager and worker work at two of the first provider's four places (and
   * the manager used to cover a third); everyone else works at their organisation's places.
   */
  private assignStaff(): void {
    const since = addDays(this.start, -300);
    const first = this.places.filter((p) => p.organization === this.providers[0]);
    const pm = this.demo.get('pm')!;
    const worker = this.demo.get('worker')!;
    this.assign(pm, first[0], since);
    this.assign(pm, first[1], since);
    this.assign(pm, first[2], since, addDays(this.start, 200));
    this.assign(worker, first[0], since);
    this.assign(worker, first[1], since);
    for (const provider of this.providers) {
      const places = this.places.filter((p) => p.organization === provider);
      const staff = provider.users.filter((u) => (u.role === 'program_manager' || u.role === 'portal_worker') && u !== pm && u !== worker);
      staff.forEach((user, index) => {
        const mine = provider === this.providers[0]
          ? (index === 0 ? places.slice(2) : [places[index % places.length], places[2 + (index % 2)]])
          : places.filter((_, i) => user.role === 'program_manager' || i % 3 === index % 3);
        for (const place of new Set(mine)) this.assign(user, place, since);
      });
    }
  }

  async writeLookups(knex: Knex): Promise<void> {
    const stamps = { created_at: this.at(addDays(this.start, -500)), updated_at: this.at(addDays(this.start, -500)) };
    await knex('service_types').insert(SERVICE_TYPES.map((t) => ({ ...t, ...stamps })));
    const parents = SUPPORT_REQUEST_TYPES.filter((t) => t.parent_code === null);
    const children = SUPPORT_REQUEST_TYPES.filter((t) => t.parent_code !== null);
    // The migrations install the SHSS types; the demo adds its retired legacy type.
    await knex('support_request_types').insert(parents.map((t) => ({ ...t, ...stamps }))).onConflict('code').ignore();
    await knex('support_request_types').insert(children.map((t) => ({ ...t, ...stamps }))).onConflict('code').ignore();
  }
}

function minDateOf(a: string, b: string): string {
  return a < b ? a : b;
}
