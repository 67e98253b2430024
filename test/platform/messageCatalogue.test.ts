import fs from 'node:fs';
import path from 'node:path';
import { MESSAGES, type MessageKey } from '../../contract/messages';
import { serverMessagesFr } from '../../dashboard/src/i18n/serverFr';
import { ConflictError, ForbiddenError, NotFoundError, RuleError, ValidationError } from '../../server/errors';
import { say } from '../../server/messages';

/**
 * Every refusal the server sends names a message of contract/messages.ts, so the dashboard can
 * say it in French. The typed errors take a `Message` only: the compiler refuses plain English
 * (the `@ts-expect-error` lines below fail the typecheck the day a string is accepted again), and
 * so does the constructor, for a caller the compiler does not see;
 * what the compiler cannot see, the schemas' `x-message` annotations (plain objects), is read
 * from the source here.
 */
const SERVER = path.resolve(__dirname, '../../server');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

const sources = sourceFiles(SERVER).map((file) => ({ file: path.relative(SERVER, file), text: fs.readFileSync(file, 'utf8') }));

const paramsOf = (template: string) => new Set([...template.matchAll(/%\{(\w+)\}/g)].map((m) => m[1]));

describe('the message catalogue', () => {
  it('is what every typed error is made of: a plain string does not compile', () => {
    // @ts-expect-error a refusal is a catalogue message, never plain English
    expect(() => new ValidationError('Check the fields')).toThrow();
    // @ts-expect-error
    expect(() => new RuleError('No', { field: 'is wrong' })).toThrow();
    // @ts-expect-error a field's message is one too
    expect(() => new ConflictError(say('conflict'), { field: 'is wrong' })).toThrow();
    const error = new NotFoundError(say('record_not_found', { records: 'service_plans', id: '7' }), { id: say('field_no_such_record') });
    expect({ message: error.message, coded: error.coded, fieldCodes: error.fieldCodes }).toEqual({
      message: 'No service plans record 7',
      coded: { message_code: 'record_not_found', params: { records: 'service_plans', id: '7' } },
      fieldCodes: { id: { message_code: 'field_no_such_record', params: {} } },
    });
    expect(new ForbiddenError().coded).toEqual({ message_code: 'forbidden', params: {} });
  });

  it('gives every x-message annotation of a schema as a catalogue message', () => {
    const plain = sources.flatMap(({ file, text }) =>
      [...text.matchAll(/'x-message':\s*(\{[^}]*\}|[^,}\n]+)/g)]
        .filter((m) => /^['"`]/.test(m[1].trim()) || /:\s*['"`]/.test(m[1]))
        .map((m) => `${file}: ${m[0]}`),
    );
    expect(plain).toEqual([]);
  });

  it('builds no typed error from a string literal or a template', () => {
    const errors = 'ValidationError|ForbiddenError|NotFoundError|ConflictError|StaleVersionError|RuleError|TooManyRequestsError|TimeoutError|PayloadTooLargeError|UnauthenticatedError|UnsupportedFileError|MalformedInputError';
    const pattern = new RegExp(`new (${errors})\\(\\s*['"\`]`, 'g');
    const plain = sources.flatMap(({ file, text }) => [...text.matchAll(pattern)].map((m) => `${file}: ${m[0]}`));
    expect(plain).toEqual([]);
  });

  it('says in French only what the English gives: no parameter French needs is missing', () => {
    const missing = (Object.keys(MESSAGES) as MessageKey[]).flatMap((key) => {
      const english = paramsOf(MESSAGES[key]);
      // a message quoting fields' English problems also names the fields, for other languages
      if (english.has('problems') || english.has('problem')) english.add('fields');
      return [...paramsOf(serverMessagesFr[key])].filter((name) => !english.has(name)).map((name) => `${key}: %{${name}}`);
    });
    expect(missing).toEqual([]);
  });

  it('holds no message the server never says', () => {
    const code = sources.map((s) => s.text).join('\n');
    const unused = (Object.keys(MESSAGES) as MessageKey[]).filter((key) => !code.includes(`'${key}'`));
    expect(unused).toEqual([]);
  });
});
