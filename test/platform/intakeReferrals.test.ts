import { TOTAL_COLUMN } from '../../server/resources/engine';
import { expectSecondWaitsForFirst } from '../helpers/concurrency';
import { useTestContext } from '../helpers/context';
import { buildWorld, type World } from '../helpers/world';

/**
 * docs/domain.md / docs/access.md: a programme manager or portal worker sees its organisation's SHSS
 * referrals that no placement names yet (intake); once placed, the referral follows its
 * placement's place. `referrals.placed` says which, kept by a trigger on placements whatever
 * writes them, so each test writes placements both through the API and straight to the table.
 */
const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let world: World;

beforeAll(async () => {
  world = await buildWorld(ctx);
});

async function newShssReferral(organizationId = world.orgs.A): Promise<number> {
  const [row] = await ctx
    .knex('referrals')
    .insert({ organization_id: organizationId, program: 'SHSS', referral_date: '2026-01-10', source_type: 'other' })
    .returning('id');
  return row.id;
}

async function placed(referralId: number): Promise<boolean> {
  return (await ctx.knex('referrals').where({ id: referralId }).first('placed')).placed;
}

async function newChild(): Promise<number> {
  const [row] = await ctx.knex('children').insert({ first_name: 'In', last_name: 'Take', birth_date: '2014-03-03' }).returning('id');
  return row.id;
}

async function placementRow(referralId: number, place: 'A1' | 'A2') {
  return {
    child_id: await newChild(),
    place_of_service_id: world.records.places_of_service[place],
    contract_id: world.records.contracts.A,
    referral_id: referralId,
    kind: 'respite',
    start_date: '2026-01-20',
    status: 'planned',
  };
}

async function insertPlacement(referralId: number, place: 'A1' | 'A2'): Promise<number> {
  const [row] = await ctx.knex('placements').insert(await placementRow(referralId, place)).returning('id');
  return row.id;
}

const sees = async (role: 'program_manager' | 'portal_worker', referralId: number) =>
  (await ctx.api(world.tokens[role]).get(`/api/referrals/${referralId}`)).status === 200;

describe('SHSS intake referrals', () => {
  it('are visible to the organisation’s programme managers and portal workers until a placement names them', async () => {
    const referral = await newShssReferral();
    expect(await placed(referral)).toBe(false);
    expect(await sees('program_manager', referral)).toBe(true);
    expect(await sees('portal_worker', referral)).toBe(true);
    const list = await ctx.api(world.tokens.program_manager).get(`/api/referrals?filter=${encodeURIComponent(JSON.stringify({ placed: false }))}`);
    expect(list.status).toBe(200);
    expect(list.body.map((r: { id: number }) => r.id)).toContain(referral);
    expect(list.body.every((r: { placed: boolean }) => r.placed === false)).toBe(true);

    // Placed at A2, a place neither is assigned to: the referral follows the placement.
    const res = await ctx.api(world.tokens.system_admin).post('/api/placements', await placementRow(referral, 'A2'));
    expect(res.status).toBe(201);
    expect(await placed(referral)).toBe(true);
    expect(await sees('program_manager', referral)).toBe(false);
    expect(await sees('portal_worker', referral)).toBe(false);
  });

  it('follow a placement at an assigned place', async () => {
    const referral = await newShssReferral();
    await insertPlacement(referral, 'A1');
    expect(await placed(referral)).toBe(true);
    expect(await sees('program_manager', referral)).toBe(true);
  });

  it('are not another organisation’s intake', async () => {
    const referral = await newShssReferral(world.orgs.B);
    expect(await sees('program_manager', referral)).toBe(false);
  });

  it('return to intake when their only placement is deleted or points at another referral', async () => {
    const first = await newShssReferral();
    const second = await newShssReferral();
    const placement = await insertPlacement(first, 'A2');
    expect([await placed(first), await placed(second)]).toEqual([true, false]);

    await ctx.knex('placements').where({ id: placement }).update({ referral_id: second });
    expect([await placed(first), await placed(second)]).toEqual([false, true]);
    expect(await sees('program_manager', first)).toBe(true);
    expect(await sees('program_manager', second)).toBe(false);

    await ctx.knex('placements').where({ id: placement }).update({ referral_id: null });
    expect(await placed(second)).toBe(false);
    await ctx.knex('placements').where({ id: placement }).update({ referral_id: second });
    expect(await placed(second)).toBe(true);

    const deleted = await ctx.api(world.tokens.system_admin).delete(`/api/placements/${placement}`);
    expect(deleted.status).toBe(200);
    expect(await placed(second)).toBe(false);
    expect(await sees('program_manager', second)).toBe(true);
  });

  it('stay placed while another placement still names them', async () => {
    const referral = await newShssReferral();
    const one = await insertPlacement(referral, 'A2');
    await insertPlacement(referral, 'A2');
    await ctx.knex('placements').where({ id: one }).del();
    expect(await placed(referral)).toBe(true);
  });

  it('stay placed when a placement is added while the last other one is being removed', async () => {
    // Without the trigger's row lock the removal would decide from a snapshot that misses the
    // addition and mark the referral unplaced although a placement names it.
    const referral = await newShssReferral();
    const existing = await insertPlacement(referral, 'A2');
    await expectSecondWaitsForFirst(
      ctx.knex,
      async (adding) => adding('placements').insert(await placementRow(referral, 'A2')),
      (removing) => removing('placements').where({ id: existing }).del(),
    );
    expect(await placed(referral)).toBe(true);
  });

  it('do not take `placed` from a request', async () => {
    const admin = ctx.api(world.tokens.system_admin);
    const created = await admin.post('/api/referrals', { organization_id: world.orgs.A, program: 'SHSS', referral_date: '2026-01-12', source_type: 'other', placed: true });
    expect(created.status).toBe(201);
    expect(created.body.placed).toBe(false);
    const updated = await admin.put(`/api/referrals/${created.body.id}`, { ...created.body, placed: true });
    expect(updated.status).toBe(200);
    expect(await placed(created.body.id)).toBe(false);
  });
});

describe('lists narrowed to the ids in scope', () => {
  // The engine counts such lists in the page's own statement; these check the total it gives.
  const contentRangeTotal = (res: { headers: Record<string, unknown> }) => Number(String(res.headers['content-range']).split('/')[1]);

  it('give the same total on every page, past the end included', async () => {
    const pm = ctx.api(world.tokens.program_manager);
    const all = await pm.get('/api/referrals?range=[0,99]');
    expect(all.status).toBe(200);
    const total = contentRangeTotal(all);
    expect(total).toBe(all.body.length);
    expect(total).toBeGreaterThan(2);

    const second = await pm.get('/api/referrals?range=[1,1]&sort=["id","ASC"]');
    expect(second.body).toHaveLength(1);
    expect(second.body[0].id).toBe([...all.body.map((r: { id: number }) => r.id)].sort((a, b) => a - b)[1]);
    expect(contentRangeTotal(second)).toBe(total);
    expect(second.body[0]).not.toHaveProperty(TOTAL_COLUMN);

    const past = await pm.get(`/api/referrals?range=[${total + 5},${total + 9}]`);
    expect(past.status).toBe(200);
    expect(past.body).toEqual([]);
    expect(contentRangeTotal(past)).toBe(total);
  });

  // What the programme manager sees by now: referrals — the world's A1, and those of the intake
  // tests above left unplaced or placed at A1 (the second test's, the fourth test's two, the
  // last test's); children — the world's A1 and the child placed at A1 in the second test; the
  // world's A1 plan and its check-in.
  const PM_ROWS: Record<string, number> = { referrals: 5, monthly_check_ins: 1, service_plans: 1, children: 2 };

  it.each(['referrals', 'monthly_check_ins', 'service_plans', 'children'])('give %s rows exactly as reading each record does', async (resource) => {
    // The list reads plain rows; a single record goes through its model.
    const pm = ctx.api(world.tokens.program_manager);
    const list = await pm.get(`/api/${resource}?range=[0,99]`);
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(PM_ROWS[resource]);
    for (const row of list.body) {
      const one = await pm.get(`/api/${resource}/${row.id}`);
      expect(row).toEqual(one.body);
    }
    expect(list.headers.etag).toBeUndefined();
  });

  it('give zero for an empty first page', async () => {
    const pm = ctx.api(world.tokens.program_manager);
    const res = await pm.get(`/api/referrals?filter=${encodeURIComponent(JSON.stringify({ referral_date: '1990-01-01' }))}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
    expect(contentRangeTotal(res)).toBe(0);
  });
});
