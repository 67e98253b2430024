import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { answerClientErrors } from '../../server/http/clientErrors';
import { describeFields } from '../../server/resources/fields';
import { resources } from '../../server/resources/registry';
import type { ResourceDeclaration } from '../../server/resources/types';
import { useTestContext } from '../helpers/context';
import { buildWorld, type World } from '../helpers/world';

/**
 * Malformed and hostile requests answer 4xx in the API's error shape, never 5xx, and write
 * nothing: bad percent-escapes, NUL characters, lone surrogates, invalid UTF-8, 5,000-deep JSON,
 * prototype keys, oversized headers. First each case on its own with its exact answer, then the
 * whole corpus against every resource's list, read, create, update, search and actions.
 */
const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let world: World;

beforeAll(async () => {
  world = await buildWorld(ctx);
});

const DEEP = `${'['.repeat(5000)}1${']'.repeat(5000)}`;
const errorShape = { message: expect.any(String), code: expect.any(String), errors: expect.any(Object), message_code: expect.any(String), params: expect.any(Object), field_codes: expect.any(Object) };

function as(role: 'system_admin' | 'portal_worker') {
  const auth = (test: request.Test) => test.set('Authorization', `Bearer ${world.tokens[role]}`);
  return {
    get: (url: string) => auth(request(ctx.app).get(url)),
    /** sends the body exactly as given: a string or bytes, never re-encoded by the client */
    send: (method: 'post' | 'put', url: string, body: string | Buffer) => {
      const test = auth(request(ctx.app)[method](url)).set('Content-Type', 'application/json');
      return typeof body === 'string' ? test.send(body) : test.serialize((bytes: Buffer) => bytes as unknown as string).send(body as unknown as object);
    },
  };
}

const filterUrl = (resource: string, filter: object) => `/api/${resource}?filter=${encodeURIComponent(JSON.stringify(filter))}`;

/** Every user table's row count and content digest (sessions and sign-in attempts aside). */
async function snapshot(): Promise<Record<string, string>> {
  const tables = await ctx.knex('pg_tables').where({ schemaname: 'public' }).whereNotIn('tablename', ['sessions', 'login_attempts']).pluck('tablename');
  const result: Record<string, string> = {};
  for (const table of tables.sort()) {
    const row = await ctx.knex.raw(`select count(*)::int as n, coalesce(md5(string_agg(md5(t::text), '' order by md5(t::text))), '') as digest from "${table}" t`);
    result[table] = `${row.rows[0].n}:${row.rows[0].digest}`;
  }
  return result;
}

describe('each malformed input on its own', () => {
  const admin = () => as('system_admin');
  const childId = () => world.records.children.A1;

  it.each(['%FF', '%ED%A0%BD', '%E0%80'])('answers an invalid percent-escape in a path (%s) with 400 malformed_url', async (escape) => {
    const res = await admin().get(`/api/children/${escape}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message: 'The address has an invalid percent-escape: encode it as UTF-8 (e.g. %C3%A9 for é)', code: 'malformed_url', errors: {}, message_code: 'url_bad_escape', params: { where: 'address' }, field_codes: {} });
  });

  it('answers a NUL in a path id with 400 (a code-keyed lookup would pass it to PostgreSQL)', async () => {
    const res = await admin().get('/api/service_types/staffed_home%00');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      message: 'The address contains a NUL character (\\u0000)',
      code: 'malformed_url',
      errors: {},
      message_code: 'url_text_refused',
      params: { where: 'address', problem: 'contains a NUL character (\\u0000)' },
      field_codes: {},
    });
  });

  it('answers a NUL in a text field with 400 naming the field, and stores nothing', async () => {
    const res = await admin().send('put', `/api/children/${childId()}`, '{"first_name":"Jo\\u0000nah"}');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      message: '"first_name" in the request body contains a NUL character (\\u0000)',
      code: 'malformed_input',
      errors: { first_name: 'contains a NUL character (\\u0000)' },
      message_code: 'text_refused',
      params: { subject: '"first_name" in the request body', problem: 'contains a NUL character (\\u0000)' },
      field_codes: { first_name: { message_code: 'field_has_nul', params: {} } },
    });
    expect((await ctx.knex('children').where({ id: childId() }).first()).first_name).toBe('Child');
  });

  it('answers a NUL in a search or a filter value with 400', async () => {
    for (const filter of [{ q: 'Jo\u0000' }, { last_name: 'x\u0000' }, { id: ['1\u0000'] }]) {
      const res = await admin().get(filterUrl('children', filter));
      expect({ filter, status: res.status, code: res.body.code }).toEqual({ filter, status: 400, code: 'malformed_input' });
    }
  });

  it('answers JSON nested 5,000 deep in an update with 400 too_deep', async () => {
    const res = await admin().send('put', `/api/children/${childId()}`, `{"first_name":${DEEP}}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      message: '"first_name" in the request body is nested more than 64 levels deep',
      code: 'too_deep',
      errors: { first_name: 'is nested more than 64 levels deep' },
      message_code: 'text_refused',
      params: { subject: '"first_name" in the request body', problem: 'is nested more than 64 levels deep' },
      field_codes: { first_name: { message_code: 'field_nested_too_deep', params: { limit: 64 } } },
    });
  });

  it('refuses a lone surrogate with 400 instead of storing U+FFFD', async () => {
    const res = await admin().send('put', `/api/children/${childId()}`, '{"first_name":"Jo\\ud800nah"}');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual({ first_name: 'contains a lone UTF-16 surrogate (not valid Unicode)' });
    expect((await ctx.knex('children').where({ id: childId() }).first()).first_name).toBe('Child');
  });

  it('refuses a body that is not valid UTF-8 with 400 instead of storing U+FFFD', async () => {
    const body = Buffer.concat([Buffer.from('{"first_name":"Jo'), Buffer.from([0xff, 0xfe]), Buffer.from('nah"}')]);
    const res = await admin().send('put', `/api/children/${childId()}`, body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message: 'The request body is not valid UTF-8', code: 'malformed_json', errors: {}, message_code: 'body_not_utf8', params: {}, field_codes: {} });
    expect((await ctx.knex('children').where({ id: childId() }).first()).first_name).toBe('Child');
  });

  it('refuses __proto__ and constructor like any other unknown field, on a record and on an action', async () => {
    const update = await admin().send('put', `/api/children/${childId()}`, '{"__proto__":{"role":"system_admin"},"constructor":{"prototype":{}}}');
    expect(update.status).toBe(400);
    expect(update.body).toEqual({
      message: 'Unknown fields for children: __proto__, constructor',
      code: 'validation_failed',
      // parsed, since `__proto__` in an object literal would set the prototype instead
      errors: JSON.parse('{"__proto__":"unknown field","constructor":"unknown field"}'),
      message_code: 'unknown_fields',
      params: { records: 'children', fields: '__proto__, constructor' },
      field_codes: JSON.parse('{"__proto__":{"message_code":"field_unknown","params":{}},"constructor":{"message_code":"field_unknown","params":{}}}'),
    });
    const plan = world.records.service_plans.A1;
    const action = await admin().send('post', `/api/service_plans/${plan}/close`, '{"closed_on":"2026-01-15","closed_reason":"met_goals","__proto__":{"x":1}}');
    expect(action.status).toBe(400);
    expect(Object.keys(action.body.errors)).toEqual(['__proto__']);
    expect((await ctx.knex('service_plans').where({ id: plan }).first()).status).toBe('in_service');
  });

  it('answers a request body over the route limit with 413 naming the limit', async () => {
    const res = await admin().send('put', `/api/children/${childId()}`, JSON.stringify({ first_name: 'x'.repeat(1024 * 1024) }));
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ message: 'The request body is larger than 1 MB, the limit for this address', code: 'too_large', errors: {}, message_code: 'body_too_large', params: { limit: 1, what: 'this address' }, field_codes: {} });
  });
});

describe('headers and addresses over the limit', () => {
  let server: http.Server;
  let port: number;

  beforeAll(async () => {
    server = http.createServer(ctx.app);
    answerClientErrors(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  /** Sends raw HTTP and reads the whole answer (the server closes the connection). */
  function rawRequest(text: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.end(text));
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString()));
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
    });
  }

  function parse(answer: string) {
    const [head, body] = answer.split('\r\n\r\n');
    return { status: Number(head.split(' ')[1]), type: head.match(/content-type: ([^\r]+)/i)?.[1], body: JSON.parse(body) };
  }

  it('answers headers over 16 KB with 431 and a JSON message', async () => {
    const answer = parse(await rawRequest(`GET /api/children HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`));
    expect(answer).toEqual({
      status: 431,
      type: 'application/json; charset=utf-8',
      body: {
        message: 'The address and headers of a request may be at most 16 KB together; send a long list filter as the body of POST /api/<resource>/search',
        code: 'headers_too_large',
        errors: {},
        message_code: 'headers_too_large',
        params: {},
        field_codes: {},
      },
    });
  });

  it('answers an address over 16 KB (a long id filter) with the same 431', async () => {
    const ids = Array.from({ length: 3000 }, (_, i) => i + 1);
    const answer = parse(await rawRequest(`GET ${filterUrl('children', { id: ids })} HTTP/1.1\r\nHost: x\r\n\r\n`));
    expect([answer.status, answer.body.code]).toEqual([431, 'headers_too_large']);
  });

  it('answers a request that is not HTTP with 400 and a JSON message', async () => {
    const answer = parse(await rawRequest('GET /api/children HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n'));
    expect([answer.status, answer.body.code]).toEqual([400, 'malformed_request']);
  });
});

describe('POST /api/<resource>/search, for a filter too long for an address', () => {
  it('answers the same rows and Content-Range as the GET list', async () => {
    const ids = [...Object.values(world.records.children), ...Array.from({ length: 3000 }, (_, i) => 100_000 + i)];
    const body = { sort: ['id', 'ASC'], range: [0, 9], filter: { id: ids } };
    const posted = await as('system_admin').send('post', '/api/children/search', JSON.stringify(body));
    const listed = await as('system_admin').get(`/api/children?sort=${encodeURIComponent('["id","ASC"]')}&range=${encodeURIComponent('[0,9]')}&filter=${encodeURIComponent(JSON.stringify({ id: Object.values(world.records.children) }))}`);
    expect(posted.status).toBe(200);
    expect(posted.headers['content-range']).toBe('children 0-4/5');
    expect(posted.body).toEqual(listed.body);
  });

  it('keeps the caller scope: a portal worker finds only its own children', async () => {
    const res = await as('portal_worker').send('post', '/api/children/search', JSON.stringify({ filter: { id: Object.values(world.records.children) } }));
    expect(res.status).toBe(200);
    expect(res.body.map((c: { id: number }) => c.id)).toEqual([world.records.children.A1]);
  });

  it('refuses a parameter it does not know with 400', async () => {
    const res = await as('system_admin').send('post', '/api/children/search', '{"where":"1=1"}');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      message: 'A search takes sort, range and filter, not where',
      code: 'validation_failed',
      errors: { where: 'unknown field' },
      message_code: 'search_unknown_keys',
      params: { names: 'where' },
      field_codes: { where: { message_code: 'field_unknown', params: {} } },
    });
  });
});

/** The hostile bodies, built around one of the resource's text fields. */
function hostileBodies(field: string): [string, string | Buffer][] {
  return [
    ['NUL in a text field', `{"${field}":"a\\u0000b"}`],
    ['lone surrogate', `{"${field}":"a\\udc00b"}`],
    ['invalid UTF-8', Buffer.concat([Buffer.from(`{"${field}":"a`), Buffer.from([0xc3, 0x28]), Buffer.from('"}')])],
    ['5,000-deep JSON', `{"${field}":${DEEP}}`],
    ['__proto__ key', '{"__proto__":{"admin":true}}'],
    ['constructor key', '{"constructor":{"prototype":{"admin":true}}}'],
    ['NUL in a field name', '{"a\\u0000b":1}'],
  ];
}

function hostileListUrls(declaration: ResourceDeclaration): [string, string][] {
  const name = declaration.name;
  const filterField = declaration.filters[0] ?? 'id';
  return [
    ['invalid escape in filter', `/api/${name}?filter=%FF`],
    ['encoded surrogate in sort', `/api/${name}?sort=%ED%A0%BD`],
    ['NUL in q', filterUrl(name, { q: 'a\u0000' })],
    ['lone surrogate in q', filterUrl(name, { q: 'a\ud800' })],
    ['NUL in a filter value', filterUrl(name, { [filterField]: 'a\u0000' })],
    ['NUL in an id list', filterUrl(name, { id: ['1\u0000'] })],
    ['1,000-deep filter', `/api/${name}?filter=${encodeURIComponent(`{"id":${'['.repeat(1000)}1${']'.repeat(1000)}}`)}`],
    ['raw NUL in the query', `/api/${name}?q=%00`],
  ];
}

const BAD_IDS = ['%FF', '%ED%A0%BD', '1%00'];

function textField(declaration: ResourceDeclaration): string {
  const fields = describeFields(declaration).filter((f) => !f.read_only);
  return (fields.find((f) => f.type === 'string' || f.type === 'text') ?? fields[0] ?? { name: 'name' }).name;
}

describe('the bad-input corpus against every resource', () => {
  it.each(['system_admin', 'portal_worker'] as const)('as %s: every answer is 4xx with a message and a code, no stack, and nothing is written', async (role) => {
    const client = as(role);
    const before = await snapshot();
    const answers: { label: string; status: number; body: unknown; text: string; type: string | undefined }[] = [];
    const record = async (label: string, test: request.Test) => {
      const res = await test;
      answers.push({ label, status: res.status, body: res.body, text: res.text, type: res.headers['content-type'] });
    };

    for (const declaration of resources) {
      const name = declaration.name;
      const tagged = world.records[name] ?? {};
      const id = tagged.A1 ?? tagged.A ?? Object.values(tagged)[0] ?? 1;
      const bodies = hostileBodies(textField(declaration));
      for (const [label, url] of hostileListUrls(declaration)) await record(`${name} list: ${label}`, client.get(url));
      for (const bad of BAD_IDS) {
        await record(`${name} read ${bad}`, client.get(`/api/${name}/${bad}`));
        await record(`${name} update ${bad}`, client.send('put', `/api/${name}/${bad}`, '{}'));
        for (const action of declaration.actions ?? []) await record(`${name} ${action.name} ${bad}`, client.send('post', `/api/${name}/${bad}/${action.name}`, '{}'));
      }
      await record(`${name} create {}`, client.send('post', `/api/${name}`, '{}'));
      for (const [label, body] of bodies) {
        await record(`${name} create: ${label}`, client.send('post', `/api/${name}`, body));
        await record(`${name} update: ${label}`, client.send('put', `/api/${name}/${id}`, body));
        await record(`${name} search: ${label}`, client.send('post', `/api/${name}/search`, body));
        for (const action of declaration.actions ?? []) {
          await record(`${name} ${action.name}: ${label}`, client.send('post', `/api/${name}/${id}/${action.name}`, body));
        }
      }
    }

    const wrong = answers.filter(
      (a) =>
        a.status < 400 ||
        a.status >= 500 ||
        !a.type?.startsWith('application/json') ||
        typeof (a.body as { message?: unknown }).message !== 'string' ||
        typeof (a.body as { code?: unknown }).code !== 'string' ||
        /\n\s+at |node_modules|\.ts:\d+/.test(a.text),
    );
    expect(wrong.map((a) => `${a.label} → ${a.status} ${a.text.slice(0, 160)}`)).toEqual([]);
    expect(answers.length).toBeGreaterThan(resources.length * 30);
    expect(await snapshot()).toEqual(before);
  }, 120_000);
});

it('answers each corpus case in the error shape (a sample checked whole)', async () => {
  const res = await as('portal_worker').send('post', '/api/daily_log_entries', '{"body":"a\\u0000b"}');
  expect(res.status).toBe(400);
  expect(res.body).toEqual({ ...errorShape, code: 'malformed_input', errors: { body: 'contains a NUL character (\\u0000)' } });
});
